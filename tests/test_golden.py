"""Golden files: the generated Markdown of the sample plan, reviewed like code.

Regenerate after an intended change with `make golden`, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.derive.views import derive
from generator.pages.render import iter_pages
from generator.plan.check import check

from .conftest import ROOT, SAMPLE_PLAN

GOLDEN = ROOT / "tests" / "golden" / "sample"


def _pages() -> dict[str, str]:
    plan = check(SAMPLE_PLAN)
    return dict(iter_pages(derive(plan, plan.plan.as_of)))


def test_golden_markdown_of_the_sample_plan() -> None:
    pages = _pages()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in pages.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert expected == set(pages), "pages added or removed: run `make golden` and review"
    for rel, text in sorted(pages.items()):
        golden = (GOLDEN / rel).read_text(encoding="utf-8")
        assert text == golden, f"{rel} differs from its golden file: run `make golden` and review"


@pytest.mark.parametrize("as_of", [None, "2022-12-31"])
def test_rendering_is_deterministic(as_of: str | None) -> None:
    import datetime as dt

    plan = check(SAMPLE_PLAN)
    day = dt.date.fromisoformat(as_of) if as_of else plan.plan.as_of
    first = dict(iter_pages(derive(plan, day)))
    second = dict(iter_pages(derive(check(Path(SAMPLE_PLAN)), day)))
    assert first == second
