"""`python -m generator build`: all or nothing, and the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.stamp import STAMP

from .conftest import BROKEN, PLAN_HEAD, REAL_PLAN, SAMPLE_PLAN, run_generator

TWO_AREAS = (
    PLAN_HEAD
    + """\
  - {id: "thanh-tra", name: "Thanh tra Sở", short: "Thanh tra"}
areas:
  - id: "I"
    title: "Cải cách thể chế"
    targets:
      - id: "I.1"
        text: "Mục tiêu một"
        tasks:
          - id: "I.1.a"
            title: "Nhiệm vụ một"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline: {text: "Trước 15/11/2022", kind: "date", date: 2022-11-15}
            updates:
              - {date: 2022-10-01, status: "in_progress", percent: 40}
  - id: "II"
    title: "Cải cách thủ tục hành chính"
    targets:
      - id: "II.1"
        text: "Mục tiêu hai"
        tasks:
          - id: "II.1.a"
            title: "Nhiệm vụ hai"
            products: ["Báo cáo"]
            lead: ["thanh-tra"]
            deadline: {text: "Quý IV/2022", kind: "quarter", quarter: "2022-Q4"}
"""
)
# The same plan without area II (and without the unit only it used).
ONE_AREA = TWO_AREAS.split('  - id: "II"')[0].replace(
    '  - {id: "thanh-tra", name: "Thanh tra Sở", short: "Thanh tra"}\n', ""
)

Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder`, with its bytes and modification time; folders too."""
    return {
        p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""): (
            b"" if p.is_dir() else p.read_bytes(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
    }


def build(plan: Path | str, out: Path, *extra: str) -> tuple[int, str, str]:
    result = run_generator("build", "--plan", str(plan), "--out", str(out), *extra)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ for the real plan, built once; tests copy it rather than change it."""
    out = tmp_path_factory.mktemp("built") / "docs"
    code, _, stderr = build(REAL_PLAN, out)
    assert code == 0, stderr
    return out


def copy_of(folder: Path, into: Path) -> Path:
    for src in sorted(folder.rglob("*")):
        dst = into / src.relative_to(folder)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    return into


@pytest.mark.parametrize("fixture", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_failed_build_leaves_the_output_folder_exactly_as_it_was(
    built: Path, tmp_path: Path, fixture: Path
) -> None:
    out = copy_of(built, tmp_path / "docs")
    (out / "ghi-chu-cua-toi.txt").write_text("not ours, not touched\n", encoding="utf-8")
    (out / "thu-muc-rong").mkdir()
    before = snapshot(out)
    assert len(before) > 10

    code, stdout, stderr = build(fixture, out)

    assert code == 1
    assert "lỗi, hãy sửa rồi chạy lại" in stderr
    assert "đã tạo" not in stdout
    assert snapshot(out) == before


def test_failed_build_does_not_create_the_output_folder(tmp_path: Path) -> None:
    code, _, _ = build(BROKEN / "unknown-key.yaml", tmp_path / "docs")
    assert code == 1
    assert not (tmp_path / "docs").exists()


def test_build_is_deterministic_and_a_second_run_rewrites_nothing(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "docs"
    code, _, stderr = build(REAL_PLAN, again)
    assert code == 0, stderr
    first = snapshot(again)
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in snapshot(built).items()}

    code, stdout, _ = build(REAL_PLAN, again)

    assert code == 0
    assert "(0 tệp thay đổi)" in stdout
    assert snapshot(again) == first  # same bytes, and no file was even rewritten (same mtime)


def test_build_writes_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_AREAS, encoding="utf-8")
    assert build(plan, out)[0] == 0
    before = snapshot(out)

    plan.write_text(TWO_AREAS.replace('"Mục tiêu hai"', '"Mục tiêu hai, đã sửa"'), encoding="utf-8")
    code, stdout, _ = build(plan, out)

    assert code == 0
    after = snapshot(out)
    # Files only: replacing a file also touches its folder's mtime. The stamp (the inputs
    # digest, generator/build/stamp.py) changes too, and is not an output file.
    changed = sorted(k for k in after if not k.endswith("/") and k != STAMP and after[k] != before.get(k))
    assert changed, "the edit must change some page"
    assert f"({len(changed)} tệp thay đổi)" in stdout
    assert "assets/stylesheets/extra.css" not in changed


def test_files_the_plan_no_longer_produces_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_AREAS, encoding="utf-8")
    assert build(plan, out)[0] == 0
    assert (out / "linh-vuc" / "ii.md").is_file()
    with_two = set(snapshot(out))

    plan.write_text(ONE_AREA, encoding="utf-8")
    assert build(plan, out)[0] == 0
    fresh = tmp_path / "fresh"
    assert build(plan, fresh)[0] == 0

    assert not (out / "linh-vuc" / "ii.md").exists()
    assert with_two - set(snapshot(out)), "some file must have gone"
    assert {k: v[0] for k, v in snapshot(out).items()} == {k: v[0] for k, v in snapshot(fresh).items()}


@pytest.mark.parametrize("as_of", ["2022-02-30", "20221115", "15/11/2022", "hôm nay", ""])
def test_bad_as_of_is_a_clean_error(tmp_path: Path, as_of: str) -> None:
    code, _, stderr = build(SAMPLE_PLAN, tmp_path / "docs", "--as-of", as_of)
    assert code == 2  # argparse's usage error
    assert f"ngày không hợp lệ '{as_of}', cần dạng YYYY-MM-DD" in stderr
    assert not (tmp_path / "docs").exists()


def test_good_as_of_is_used(tmp_path: Path) -> None:
    code, stdout, stderr = build(SAMPLE_PLAN, tmp_path / "docs", "--as-of", "2022-12-31")
    assert code == 0, stderr
    assert "đã tạo" in stdout


def test_output_path_that_is_a_file_is_a_clean_error(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.write_text("một tệp, không phải thư mục\n", encoding="utf-8")
    code, _, stderr = build(SAMPLE_PLAN, out)
    assert code == 1
    assert f"không ghi được {out}" in stderr
    assert out.read_text(encoding="utf-8") == "một tệp, không phải thư mục\n"


def test_output_survives_a_console_that_is_not_utf8(tmp_path: Path) -> None:
    result = run_generator(
        "check", "--plan", str(BROKEN / "unknown-status.yaml"), env={"PYTHONIOENCODING": "ascii"}
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "gi\\xe1 tr\\u1ecb 'finished'" in result.stderr
    result = run_generator("check", "--plan", str(REAL_PLAN), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "h\\u1ee3p l\\u1ec7" in result.stdout
