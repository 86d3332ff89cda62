"""Properties of the loader (stage 1) for input nobody thought of, found by Hypothesis."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
import unicodedata
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import PlanError
from generator.plan.load import load_text
from generator.plan.load.scalars import UNPRINTABLE

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_problems(text: str) -> Any:
    """The loaded data, or a PlanError with the problems; any other exception fails the test.

    The loader raises for YAML it cannot read and returns problems in readable YAML
    (duplicate keys, tags, aliases) with the data, for validation to report together.
    """
    try:
        located = load_text(text, "plan.yaml")
        if located.problems:
            raise PlanError([problem for _, problem in located.problems])
        return located.data
    except PlanError as err:
        assert err.problems, "a PlanError must list at least one problem"
        for problem in err.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert "\n" not in str(problem)
        return err


# Pieces of YAML, so that generated text often looks like a (broken) plan, not only noise.
YAML_PIECES = st.sampled_from(
    [
        "plan:", "units:", "areas:", "- ", "  ", "    ", "\n", "\r\n", "\t", ": ", ":", "-", "?",
        '"', "'", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!!str ", "!!int ", "!!bool ",
        "!!timestamp ", "!!binary ", "!!python/object/apply:os.system ", "!x ", "<<: ", "=", "~",
        "|", ">", "---", "...", "%YAML 1.1", "\\", "\\u00e9", "\\ud800", "2022-02-30", "2022-11-15",
        "0x1F", "1e999", ".nan", "true", "null", "id", "title", "Nhiệm vụ", "e\u0301", "\ufeff",
        "\x00", "\x07", "\x85", "\u2028",
    ]
)  # fmt: skip
YAMLISH = st.lists(YAML_PIECES | st.text(max_size=3), max_size=40).map("".join)


@FAST
@given(st.text())
def test_any_text_loads_or_gives_plan_error(text: str) -> None:
    load_or_problems(text)


@FAST
@given(YAMLISH)
def test_any_yaml_looking_text_loads_or_gives_plan_error(text: str) -> None:
    load_or_problems(text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# PyYAML's emitter writes a raw NEL (U+0085) inside single quotes and its own reader folds it
# into a space (yaml.safe_load does the same): a PyYAML limit, not ours, so leave NEL out.
# The same data with allow_unicode=False (escaped as \N) is covered below.
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x85")).filter(
    lambda t: not UNPRINTABLE.search(t)
)
NFC_TEXT = TEXT.map(nfc)
# Control characters are refused even as escapes (tested below): round trips use the others.
PRINTABLE = st.text().filter(lambda t: not UNPRINTABLE.search(t))


@FAST
@given(st.dictionaries(NFC_TEXT, NFC_TEXT))
def test_dict_of_strings_round_trips(data: dict[str, str]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert load_text(text, "plan.yaml").data == data


@FAST
@given(st.dictionaries(PRINTABLE.map(nfc), PRINTABLE.map(nfc)))
def test_dict_of_any_strings_round_trips_when_escaped(data: dict[str, str]) -> None:
    text = yaml.safe_dump(data, allow_unicode=False)
    assert load_text(text, "plan.yaml").data == data


@FAST
@given(PRINTABLE, st.characters(codec="utf-8").filter(lambda c: bool(UNPRINTABLE.match(c))), PRINTABLE)
def test_a_control_character_written_as_an_escape_is_refused_where_it_is(
    before: str, control: str, after: str
) -> None:
    # Fix: "\x07" inside double quotes passed and crashed the Atom feed (found by test_fuzz.py).
    text = yaml.safe_dump({"note": before + control + after}, allow_unicode=False)
    located = load_text(text, "plan.yaml")
    [(path, problem)] = located.problems
    assert path == ("note",) and (problem.line, problem.col) == (1, 7)
    assert problem.message.startswith(f"ký tự điều khiển #x{ord(control):04x} không được phép")


# Plain data of every kind a plan holds, nested.
LEAVES = (
    NFC_TEXT
    | st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates(min_value=dt.date(1, 1, 1))
)
NESTED = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NFC_TEXT, inner, max_size=4),
    max_leaves=20,
)


@FAST
@given(st.dictionaries(NFC_TEXT, NESTED, min_size=1, max_size=5), st.booleans())
def test_nested_data_round_trips_in_block_and_flow_style(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert load_text(text, "plan.yaml").data == data


@FAST
@given(st.dictionaries(TEXT, TEXT, min_size=1))
def test_loaded_text_is_nfc(data: dict[str, str]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    loaded = load_or_problems(text)
    if isinstance(loaded, PlanError):
        # Two keys that differ only in normalisation are the same key once normalised.
        assert len({nfc(k) for k in data}) < len(data)
        assert all("bị lặp" in p.message for p in loaded.problems)
        return
    assert loaded == {nfc(k): nfc(v) for k, v in data.items()}


# Not `id`: a list item holding one is named by it ("[y]"), not by its index.
KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda k: k not in ("first", "id"))


@FAST
@given(
    path=st.lists(KEYS, max_size=8),
    dup=KEYS,
    others=st.lists(KEYS, max_size=6, unique=True),
    split=st.integers(min_value=0, max_value=6),
    in_list=st.booleans(),
)
def test_duplicate_key_at_any_depth_is_reported_at_second_occurrence(
    path: list[str], dup: str, others: list[str], split: int, in_list: bool
) -> None:
    others = [k for k in others if k != dup]
    before, between = others[:split], others[split:]
    lines: list[str] = []
    indent = ""
    for key in path:
        lines.append(f"{indent}{key}:")
        indent += "  "
    if in_list:
        lines.append(f"{indent}- first: 0")
        indent += "  "
    lines += [f"{indent}{k}: x" for k in before]
    lines.append(f"{indent}{dup}: 1")
    first_line = len(lines)
    lines += [f"{indent}{k}: y" for k in between]
    lines.append(f"{indent}{dup}: 2")
    text = "\n".join(lines) + "\n"

    loaded = load_or_problems(text)
    assert isinstance(loaded, PlanError), text
    [problem] = loaded.problems
    assert (problem.line, problem.col) == (len(lines), len(indent) + 1), text
    assert f"khóa '{dup}' bị lặp, đã có ở dòng {first_line}" in problem.message
    parent = ".".join(path) + ("[0]" if in_list else "")
    assert problem.field == (f"{parent}.{dup}" if parent else dup)


def test_duplicate_key_in_a_flow_mapping() -> None:
    caught = load_or_problems("plan:\n  units: [{id: a, name: b,\n    id: c}]\n")
    assert isinstance(caught, PlanError)
    [problem] = caught.problems
    assert (problem.line, problem.col, problem.field) == (3, 5, "plan.units[a].id")
    assert "khóa 'id' bị lặp, đã có ở dòng 2" in problem.message


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_rejected_quickly() -> None:
    started = time.perf_counter()
    caught = load_or_problems(BILLION_LAUGHS)
    assert time.perf_counter() - started < 2
    assert isinstance(caught, PlanError)
    problems = caught.problems
    assert len(problems) == 8 * 9  # every *alias written in the file, each at its own place
    assert all("không dùng neo/bí danh YAML" in p.message for p in problems)
    assert (problems[0].line, problems[0].col, problems[0].field) == (2, 8, "b[0]")
    assert (problems[-1].line, problems[-1].col, problems[-1].field) == (9, 32, "i[8]")


def test_python_tags_are_never_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("os.system", calls.append)
    for tag in (
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
    ):
        caught = load_or_problems(f"plan: {tag} ['echo PWNED']\n")
        assert isinstance(caught, PlanError)
        assert "không được phép [tag not allowed]" in caught.problems[0].message
    assert calls == []


def test_fast_and_pure_python_parsers_give_the_same_positions() -> None:
    # The loader composes with libyaml when available and reports positions from its marks;
    # they must be the pure-Python parser's, which error messages and fixtures are based on.
    from .conftest import REAL_PLAN, SAMPLE_PLAN

    def marks(text: str, loader: type) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        stack = [yaml.compose(text, Loader=loader)]
        while stack:
            node = stack.pop()
            out.append((node.start_mark.line, node.start_mark.column, node.tag))
            if isinstance(node, yaml.MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
        return out

    fast = getattr(yaml, "CSafeLoader", None)
    assert fast is not None, "PyYAML without libyaml: the loader works, only slower"
    for plan in (REAL_PLAN, SAMPLE_PLAN):
        text = plan.read_text(encoding="utf-8")
        assert marks(text, fast) == marks(text, yaml.SafeLoader)


@pytest.mark.parametrize(
    ("text", "where", "field"),
    [
        # An alias as a key was read as the text of its anchor, without a word.
        ("a: &x b\n*x : 1\n", (2, 1), ""),
        # An alias of a node the loader never built (a key, a refused node, a duplicate's
        # value) was expanded silently.
        ("? &k foo\n: 1\nx: *k\n", (3, 4), "x"),
        ("a: !!python/object {b: &z 1}\nc: *z\n", (2, 4), "c"),
        ("a: 1\na: &y 2\nb: *y\n", (3, 4), "b"),
    ],
)
def test_every_alias_is_refused_where_it_is_written(text: str, where: tuple[int, int], field: str) -> None:
    caught = load_or_problems(text)
    assert isinstance(caught, PlanError)
    aliases = [p for p in caught.problems if "không dùng neo/bí danh YAML" in p.message]
    assert [(p.line, p.col, p.field) for p in aliases] == [(*where, field)]


def test_positions_of_every_value_and_key_and_what_was_typed() -> None:
    located = load_text("plan:\n  year: 2022\n  units:\n    - id: a\n      ok: yes\n    - [x, 'y']\n", "f")
    assert dict(located.values) == {
        (): (1, 1),
        ("plan",): (2, 3),
        ("plan", "year"): (2, 9),
        ("plan", "units"): (4, 5),
        ("plan", "units", 0): (4, 7),
        ("plan", "units", 0, "id"): (4, 11),
        ("plan", "units", 0, "ok"): (5, 11),
        ("plan", "units", 1): (6, 7),
        ("plan", "units", 1, 0): (6, 8),
        ("plan", "units", 1, 1): (6, 11),
    }
    assert dict(located.keys) == {
        ("plan",): (1, 1),
        ("plan", "year"): (2, 3),
        ("plan", "units"): (3, 3),
        ("plan", "units", 0, "id"): (4, 7),
        ("plan", "units", 0, "ok"): (5, 7),
    }
    assert dict(located.written) == {("plan", "year"): "2022", ("plan", "units", 0, "ok"): "yes"}
    # A path that was not written is located at its nearest parent; a key at itself.
    assert located.where(("plan", "units", 1, 5)) == (6, 7)
    assert located.where(("plan", "units", 0, "name")) == (4, 7)
    assert located.where(("plan", "units", 0, "ok"), key=True) == (5, 7)
    assert located.where(("plan", "units", 1, 0), key=True) == (6, 8)
    assert located.where(("nothing",)) == (1, 1)


def test_libyaml_and_the_pure_python_parser_give_the_same_located_data() -> None:
    # The loader reads libyaml's events and falls back to PyYAML's own parser on trouble.
    from generator.plan.load.events import Builder

    from .conftest import REAL_PLAN, SAMPLE_PLAN

    for plan in (REAL_PLAN, SAMPLE_PLAN):
        text = plan.read_text(encoding="utf-8")
        fast = Builder(text).read(yaml.CSafeLoader)
        pure = Builder(text).read(yaml.SafeLoader)
        assert fast is not None and pure is not None
        assert fast.places.data == pure.places.data
        assert (fast.places.value, fast.places.key, fast.places.after) == (
            pure.places.value,
            pure.places.key,
            pure.places.after,
        )
        assert fast.places.written == pure.places.written


def test_a_loaded_plan_holds_about_its_data_and_a_few_bytes_per_value() -> None:
    # The data with its positions: ~140 bytes a value. Before the loader read events, ~730:
    # a path tuple and a (line, col) tuple per value and per key, and the scalar nodes.
    import sys

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from scale import plan_yaml
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    text = plan_yaml(500)
    tracemalloc.start()
    try:
        located = load_text(text, "plan.yaml")
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    values = len(dict(located.values))
    assert values > 10_000
    assert held < 250 * values, f"{held / values:.0f} bytes per value"
