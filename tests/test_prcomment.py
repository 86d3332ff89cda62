"""Pull-request review in words: the summary comment, its artifact read as data, annotations."""

from __future__ import annotations

import zipfile
from pathlib import Path

import cmarkgfm
import pytest

from generator.errors import PlanError
from generator.plan.load import load_text
from generator.plan.validate import validate
from generator.prcomment import MAX_COMMENT, SUMMARY_MARKER, artifact_comment, summary_comment

from .conftest import PRISTINE_PLAN, run_generator

TASK_END = '                deadline: {text: "Thường xuyên", kind: "ongoing"}\n              - id: "II.1.3.c"'


def with_update(lines: str) -> str:
    """The real plan (without progress) with `lines` as the updates of task II.1.3.b."""
    text = PRISTINE_PLAN.read_text(encoding="utf-8")
    head, tail = TASK_END.split("\n")
    assert text.count(TASK_END) == 1
    return text.replace(TASK_END, f"{head}\n                updates:\n{lines}{tail}")


UPDATE = """\
                  - date: 2022-12-26
                    status: in_progress
                    percent: {percent}
                    note: "{note}"
"""


def test_the_comment_says_what_changes_for_the_public() -> None:
    old = PRISTINE_PLAN.read_text(encoding="utf-8")
    new = with_update(UPDATE.format(percent=75, note="Đã đồng bộ 45/60 TTHC"))
    comment = summary_comment(old, new, "content/plan.yaml", "content/plan.yaml")
    assert comment.startswith(SUMMARY_MARKER + "\n")
    assert "II.1.3.b" in comment and "Đã đồng bộ 45/60 TTHC" in comment and "75%" in comment
    unchanged = summary_comment(old, old, "a", "b")
    assert "Không có thay đổi nào trên trang công khai." in unchanged


def test_a_broken_plan_gets_its_mistakes_in_words() -> None:
    new = with_update(UPDATE.format(percent=150, note="x"))
    comment = summary_comment(PRISTINE_PLAN.read_text(encoding="utf-8"), new, "a", "content/plan.yaml")
    assert "❌ Tệp kế hoạch của pull request có 1 lỗi" in comment
    assert "Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường «Tỷ lệ» (percent): giá trị 150 phải ≤ 100" in comment
    assert "areas\\[" not in comment and "areas[" not in comment


def test_hostile_text_in_the_plan_stays_text_in_the_comment() -> None:
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) @admin ![i](https://e.vn/i.png)"
    for percent in (75, 150):  # the summary, and the list of mistakes
        new = with_update(UPDATE.format(percent=percent, note=hostile))
        if percent == 150:
            new = new.replace("status: in_progress", f'status: "{hostile}"')
        comment = summary_comment(PRISTINE_PLAN.read_text(encoding="utf-8"), new, "a", "b")
        html = cmarkgfm.github_flavored_markdown_to_html(comment)
        assert "<script" not in html and "<a " not in html and "<img" not in html, html


def test_a_comment_is_cut_to_what_github_accepts() -> None:
    lines = "".join(
        UPDATE.format(percent=150, note="x").replace("2022-12-26", f"2022-{m:02d}-{d:02d}")
        for m in range(1, 13)
        for d in range(1, 28)
    )
    comment = summary_comment("", with_update(lines), "a", "b")
    assert len(comment) <= MAX_COMMENT + 100


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_the_artifact_gives_the_comment_and_the_number(tmp_path: Path) -> None:
    new = with_update(UPDATE.format(percent=75, note="Đã xong một nửa")).encode()
    artifact = _zip(tmp_path / "a.zip", {"plan.yaml": new, "number": b"17\n"})
    assert artifact_comment(artifact, PRISTINE_PLAN, tmp_path / "out") == 17
    assert (tmp_path / "out" / "number").read_text(encoding="utf-8") == "17\n"
    assert "Đã xong một nửa" in (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"plan.yaml": b"x"}, "không có tệp number"),
        ({"number": b"1"}, "không có tệp plan.yaml"),
        ({"plan.yaml": b"x", "number": b"1; rm -rf /"}, "số pull request"),
        ({"plan.yaml": b"x", "number": b"0"}, "số pull request"),
        ({"plan.yaml": b"x", "number": b"1" * 40}, "tệp number của artifact quá lớn"),
        ({"plan.yaml": b" " * 64_000_001, "number": b"1"}, "tệp plan.yaml của artifact quá lớn"),
    ],
)
def test_an_artifact_that_is_not_the_checks_is_refused(
    tmp_path: Path, files: dict[str, bytes], said: str
) -> None:
    artifact = _zip(tmp_path / "a.zip", files)
    with pytest.raises(ValueError, match=said):
        artifact_comment(artifact, PRISTINE_PLAN, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_command_says_what_is_wrong_with_the_artifact(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(b"not a zip")
    done = run_generator("prcomment", "--artifact", str(tmp_path / "a.zip"), "--out", str(tmp_path / "o"))
    assert done.returncode == 1 and "a.zip" in done.stderr and "Traceback" not in done.stderr


def test_annotations_name_the_task_and_the_field_in_words() -> None:
    text = with_update(UPDATE.format(percent=150, note="x"))
    text = text.replace(
        'deadline: {text: "Thường xuyên", kind: "ongoing"}\n                updates:',
        ('deadline: {text: "Thường xuyên", kind: "sometime"}\n                updates:'),
    )
    with pytest.raises(PlanError) as caught:
        validate(load_text(text, "content/plan.yaml"))
    annotations = sorted(p.github_annotation() for p in caught.value.problems)
    assert any(
        "::Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường «Tỷ lệ» (percent): giá trị 150 phải ≤ 100" in a
        for a in annotations
    ), annotations
    assert any(
        "::Nhiệm vụ II.1.3.b, trường «Thời gian hoàn thành › Loại thời hạn» (deadline.kind): " in a
        for a in annotations
    ), annotations
    assert not [a for a in annotations if "areas[" in a]
    # The printed line is unchanged: it names the YAML key staff see in the file.
    assert any("trường percent: giá trị 150" in str(p) for p in caught.value.problems)
