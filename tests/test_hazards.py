"""YAML hazards: each has a fixture in tests/fixtures/hazards/ and a located message or a correct reading."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from generator.errors import PlanError
from generator.plan.load import MAX_BYTES, load_file
from generator.plan.validate import validate

from .conftest import ROOT, run_generator

HAZARDS = ROOT / "tests" / "fixtures" / "hazards"


def problems(path: Path) -> list[str]:
    """The problems of a plan file as `check` prints them, file name included."""
    with pytest.raises(PlanError) as caught:
        validate(load_file(path, shown_as=path.name))
    return [str(p) for p in caught.value.problems]


def test_an_unquoted_no_where_text_is_expected_is_rejected_with_a_hint_to_quote_it() -> None:
    # YAML 1.1 reads `no` as false: `note: no` must not silently become False.
    assert problems(HAZARDS / "yes-no-as-text.yaml") == [
        "yes-no-as-text.yaml:25:23: Nhiệm vụ I.1.a, cập nhật thứ 1, trường note: 'no' viết không có "
        "ngoặc kép nên được đọc là giá trị đúng/sai (false), không phải chữ; hãy viết trong ngoặc kép: "
        '"no" [quote text: YAML reads it as a boolean/number]'
    ]


@pytest.mark.parametrize(
    ("word", "reading"), [("yes", "true"), ("on", "true"), ("off", "false"), ("No", "false")]
)
def test_every_yaml_boolean_word_is_caught(tmp_path: Path, word: str, reading: str) -> None:
    text = (HAZARDS / "yes-no-as-text.yaml").read_text(encoding="utf-8").replace("note: no", f"note: {word}")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    [problem] = problems(plan)
    assert (
        f"trường note: '{word}' viết không có ngoặc kép nên được đọc là giá trị đúng/sai ({reading})"
        in problem
    )


def test_a_number_where_text_is_expected_keeps_what_was_typed_in_the_message() -> None:
    assert problems(HAZARDS / "number-as-text.yaml") == [
        "number-as-text.yaml:18:20: Nhiệm vụ I.1.a, trường title: '1.10' viết không có ngoặc kép nên "
        'được đọc là số 1.1, không phải chữ; hãy viết trong ngoặc kép: "1.10" [quote text: YAML reads '
        "it as a boolean/number]"
    ]
    [problem] = problems(HAZARDS / "year-as-title.yaml")
    assert problem.startswith(
        "year-as-title.yaml:12:12: Lĩnh vực I, trường title: '2022' viết không có ngoặc kép"
    )


def test_quoted_yes_no_and_numbers_are_read_as_the_text_typed() -> None:
    plan = validate(load_file(HAZARDS / "quoted-yes-no.yaml"))
    task = plan.tasks()[0]
    assert (task.title, task.updates[0].note) == ("1.10", "no")


def test_bom_and_crlf_are_read_as_plain_text() -> None:
    raw = (HAZARDS / "bom-crlf.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    plan = validate(load_file(HAZARDS / "bom-crlf.yaml"))
    assert plan.plan.title == "Kế hoạch thử"
    assert plan.tasks()[0].updates[0].evidence[0].url == "https://example.gov.vn/bao-cao"


def test_invalid_utf8_names_the_line_and_column_of_the_bad_byte() -> None:
    assert problems(HAZARDS / "invalid-utf8.yaml") == [
        "invalid-utf8.yaml:3:22: tệp không phải mã UTF-8, hãy lưu lại với mã UTF-8 [not UTF-8]"
    ]


def test_a_binary_file_is_named_as_such() -> None:
    assert problems(HAZARDS / "binary.yaml") == [
        "binary.yaml:1:1: tệp không phải văn bản (có vẻ là ảnh, tệp Word/Excel hoặc tệp nén); hãy chọn "
        "đúng tệp plan.yaml, lưu dạng văn bản thuần UTF-8 [binary file]"
    ]


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    with plan.open("w", encoding="utf-8") as out:
        out.write("plan:\n  title: x\n")
        out.writelines("# " + "x" * 997 + "\n" for _ in range(MAX_BYTES // 1000 + 10))
    tracemalloc.start()
    try:
        found = problems(plan)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [
        "plan.yaml:1:1: tệp quá lớn (hơn 64 MB), có lẽ không phải tệp kế hoạch: kế hoạch năm 2022 chỉ "
        "khoảng 50 KB [file too large]"
    ]
    assert peak < MAX_BYTES + 500_000  # read up to the limit, then stopped: never parsed


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    head = (HAZARDS / "quoted-yes-no.yaml").read_text(encoding="utf-8")
    line = "# " + "x" * 97 + "\n"
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + line * ((MAX_BYTES - len(head.encode())) // len(line)), encoding="utf-8")
    assert MAX_BYTES - 100 < plan.stat().st_size <= MAX_BYTES
    assert validate(load_file(plan)).tasks()[0].title == "1.10"


def test_an_alias_bomb_fails_with_bounded_memory() -> None:
    # 9**15 items if expanded; the loader refuses aliases at the first reuse of a node.
    tracemalloc.start()
    try:
        found = problems(HAZARDS / "alias-bomb.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    aliases = [p for p in found if "không dùng neo/bí danh YAML" in p]
    assert len(aliases) == 15 * 9  # every *alias written, each at its own place
    assert (
        aliases[0]
        == "alias-bomb.yaml:3:8: Trường b, mục thứ 1: không dùng neo/bí danh YAML (&, *) [no aliases]"
    )
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"


def test_the_command_line_gives_exit_1_and_no_traceback_for_every_hazard() -> None:
    for fixture in sorted(HAZARDS.glob("*.yaml")):
        result = run_generator("check", "--plan", str(fixture))
        assert "Traceback" not in result.stderr, fixture
        valid = fixture.name in {"bom-crlf.yaml", "quoted-yes-no.yaml"}
        assert result.returncode == (0 if valid else 1), (fixture, result.stderr)
