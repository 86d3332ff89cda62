"""Writes stay inside the output folder, whatever a plan holds.

An organisation name with no Latin letter slugged to '', so on a site of several plans
that plan's prefix was '/2099/' and its 31 files were written at the root of the file
system. The writer now refuses, for every file, a path that is absolute or climbs out;
`check` refuses the plan first, at its line, asking for `plan.agency`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.build.write import write_tree
from generator.derive import routes
from generator.errors import OutputRefused
from generator.plan.slug import agency, usable_agency

from .conftest import PORTAL_PLANS, ROOT, run_generator
from .test_cli import snapshot

OTHER = ROOT / "examples" / "portal" / "so-tu-phap-2023.yaml"


def _plan(tmp_path: Path, name: str, **plan: str) -> Path:
    """The sample agency's plan with fields of its `plan:` mapping replaced (or removed)."""
    text = OTHER.read_text(encoding="utf-8")
    for key, value in plan.items():
        line = re.compile(rf"^  {key}: .*\n", re.MULTILINE)
        assert line.search(text), key
        text = line.sub(lambda _, v=value, k=key: f"  {k}: {v}\n" if v else "", text, count=1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "organization", ["Министерство юстиции", "司法厅", "!!! ---"], ids=["cyrillic", "chinese", "signs"]
)
def test_an_organisation_name_with_no_latin_letter_needs_plan_agency(
    tmp_path: Path, organization: str
) -> None:
    plan = _plan(tmp_path, "plan.yaml", agency="", organization=f'"{organization}"')
    line = next(
        n for n, text in enumerate(plan.read_text("utf-8").splitlines(), 1) if "organization:" in text
    )

    result = run_generator("check", "--plan", str(plan))

    assert result.returncode == 1
    assert f"{plan}:{line}:" in result.stderr
    assert "plan.agency" in result.stderr and 'agency: "' in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("agency", ['"so-tu-phap\\n"', '"so-tu-phap\\u0000"', '"."', '"../x"', '"/etc"'])
def test_an_agency_that_is_not_one_plain_folder_name_is_refused(tmp_path: Path, agency: str) -> None:
    plan = _plan(tmp_path, "plan.yaml", agency=agency)
    line = next(n for n, text in enumerate(plan.read_text("utf-8").splitlines(), 1) if "agency:" in text)

    result = run_generator("check", "--plan", str(plan))

    assert result.returncode == 1
    assert f"{plan}:{line}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_of_several_plans_with_such_a_plan_writes_nothing_anywhere(tmp_path: Path) -> None:
    """The reported attack: a second plan of year 2099 with a Cyrillic name and no agency."""
    hostile = _plan(
        tmp_path, "ru.yaml", agency="", organization='"Министерство юстиции"', year="2099", as_of="2099-06-30"
    )
    out = tmp_path / "site" / "docs"
    root_before = sorted(os.listdir("/"))
    around = snapshot(tmp_path)

    result = run_generator("build", "--plan", str(PORTAL_PLANS[0]), "--plan", str(hostile), "--out", str(out))

    assert result.returncode == 1, result.stdout
    assert "plan.agency" in result.stderr
    assert sorted(os.listdir("/")) == root_before
    assert snapshot(tmp_path) == around


@pytest.mark.parametrize(
    "rel",
    [
        "../x.md",
        "a/../../x.md",
        "a/../b.md",
        "./x.md",
        "a/./b.md",
        "a//b.md",
        "a/",
        "",
        "x\0.md",
        "a\\..\\x.md",
    ],
)
def test_the_writer_refuses_a_path_that_leaves_the_folder(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "build" / "docs"
    around = snapshot(tmp_path)
    with pytest.raises(OutputRefused, match="ra ngoài thư mục"):
        write_tree(out, {"index.md": b"# ok\n", rel: b"escaped\n"})
    assert snapshot(tmp_path) == around


def test_the_writer_refuses_an_absolute_path_for_every_file(tmp_path: Path) -> None:
    """Absolute paths inside tmp_path, so that the old writer's escape stays in the test's folder."""
    out = tmp_path / "build" / "docs"
    outside = tmp_path / "outside"
    files = {"index.md": b"# ok\n"} | {f"{outside}/{n}/index.md": b"escaped\n" for n in range(31)}
    around = snapshot(tmp_path)
    with pytest.raises(OutputRefused, match=r"và 30 tệp khác"):
        write_tree(out, files)
    assert not outside.exists()
    assert snapshot(tmp_path) == around


def test_the_rules_agree_with_the_pages_the_generator_writes() -> None:
    """Every path the site's routes make is inside; every agency id a slug can make is usable."""
    pages = [
        routes.HOME,
        routes.AREAS,
        routes.area("II"),
        routes.area_part("II", "II.1"),
        routes.unit("van-phong"),
    ]
    assert all(routes.inside(routes.plan_prefix("so-tu-phap", 2023) + page) for page in pages)
    assert usable_agency(agency(None, "Sở Tư pháp tỉnh Đồng Nai"))
    assert not usable_agency(agency(None, "Министерство юстиции"))
    assert not routes.inside(routes.plan_prefix(agency(None, "Министерство юстиции"), 2099))
