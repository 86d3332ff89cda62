"""The GitHub workflows as the hardening rules want them (actionlint and zizmor run in `make test`)."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _steps(workflow: dict[str, object]) -> list[dict[str, object]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [step for job in jobs.values() for step in job.get("steps", [])]


def test_every_action_is_pinned_by_full_sha_with_its_version() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                ref = line.split("uses:", 1)[1].strip()
                assert PINNED.match(ref), f"{path.name}: {ref}"


def test_checkout_never_keeps_the_token() -> None:
    for path in WORKFLOWS:
        steps = _steps(yaml.safe_load(path.read_text(encoding="utf-8")))
        checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
        assert checkouts
        for step in checkouts:
            assert step["with"]["persist-credentials"] is False  # type: ignore[index]


def test_pull_requests_get_a_read_only_token_and_never_deploy() -> None:
    check = ROOT / ".github" / "workflows" / "check.yml"
    workflow = yaml.safe_load(check.read_text(encoding="utf-8"))
    assert set(workflow[True]) == {"pull_request", "workflow_dispatch"}  # YAML 1.1: `on` is true
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    uses = [str(s.get("uses", "")) for s in _steps(workflow)]
    assert not [u for u in uses if "pages" in u], "a pull request must never deploy"
    publish = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = publish[True]
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == "github.ref == 'refs/heads/main'"
    build_steps = [s.get("run") for s in publish["jobs"]["build"]["steps"]]
    assert build_steps.index("make test") < build_steps.index("make site")
