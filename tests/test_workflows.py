"""The GitHub workflows as the hardening rules want them (actionlint and zizmor run in `make test`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

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
