"""Random damage to the real plan always ends in a rendered site or located problems, never a traceback.

Mutations of content/plan.yaml, as data (deleted keys, wrong types, duplicated items and
so ids, hostile and very long text, deep nesting) and as text (lines deleted, doubled,
re-indented, pieces of YAML inserted), go through the in-process pipeline
load -> validate -> derive -> render and through the command line.

`make test` runs a bounded number of examples; `make fuzz` runs thousands
(FUZZ_EXAMPLES) with a seed it prints, to reproduce a failure: `make fuzz SEED=...`.
Hypothesis also prints a `@reproduce_failure` blob for the failing example.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.derive.views import derive
from generator.errors import PlanError
from generator.outputs.feed import atom_feed
from generator.pages import render
from generator.plan.load import load_text
from generator.plan.validate import validate

from .conftest import REAL_PLAN

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
REAL_TEXT = REAL_PLAN.read_text(encoding="utf-8")
REAL_DATA = load_text(REAL_TEXT, "plan.yaml").data
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def run_pipeline(text: str) -> None:
    """A rendered site, or a PlanError whose every problem is located; nothing else."""
    try:
        plan = validate(load_text(text, "plan.yaml"))
    except PlanError as err:
        assert err.problems
        event("located problems")  # --hypothesis-show-statistics tells how often each ending came
        for problem in err.problems:
            assert problem.line >= 1 and problem.col >= 1, problem
            assert "\n" not in str(problem) and "\n" not in problem.github_annotation()
        return
    site = derive(plan, plan.plan.as_of)
    pages = dict(render.iter_pages(site))
    assert "index.md" in pages
    atom_feed(site, "https://example.gov.vn/")
    event("rendered")


# --- mutations of the plan as data -------------------------------------------------------

HOSTILE_PIECES = [
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200b",  # zero-width space
    "\ufeff",
    "\u2028",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\t",
    "\r\n",
    "e\u0301",  # combining accent (NFD)
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x")',
    "*a",
    "&a",
    ": ",
    "- ",
    "#",
    '"',
    "'",
    "Nhiệm vụ",
    "Đ",
    "🙂",
]
HOSTILE_TEXT = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=5), max_size=8).map("".join)
LONG_TEXT = st.integers(1_000, 50_000).map(lambda n: "Đ\u200b" * (n // 2))


def nested(depth: int) -> Any:
    value: Any = "đáy"
    for _ in range(depth):
        value = [value]
    return value


REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    HOSTILE_TEXT,
    LONG_TEXT,
    st.integers(1, 120).map(nested),
    st.lists(st.integers() | HOSTILE_TEXT, max_size=3),
    st.dictionaries(HOSTILE_TEXT, st.integers() | HOSTILE_TEXT, max_size=3),
)


def all_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from all_paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from all_paths(value, (*path, i))


PATHS = list(all_paths(REAL_DATA))[1:]  # the root itself is mutated by text mutations


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_plans(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(REAL_DATA)
    for _ in range(draw(st.integers(1, 4))):
        live = list(all_paths(data))[1:]
        if not live:  # every key deleted
            break
        path = draw(st.sampled_from(live))
        parent, last = get(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "text", "rename"]))
        if op == "delete":
            del parent[last]
        elif op == "replace":
            parent[last] = draw(REPLACEMENTS)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))  # duplicated ids, units, updates
        elif op == "text" and isinstance(parent[last], str):
            value = parent[last]
            at = draw(st.integers(0, len(value)))
            parent[last] = value[:at] + draw(HOSTILE_TEXT) + value[at:]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(HOSTILE_TEXT)] = parent.pop(last)
    return data


def dump(data: Any) -> str:
    try:
        return str(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False))
    except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
        assume(False)  # PyYAML cannot write it: not input a person could give us
        raise


@FUZZ
@given(mutated_plans())
def test_a_plan_damaged_as_data_renders_or_gives_located_problems(data: Any) -> None:
    run_pipeline(dump(data))


# Free-text fields: hostile text put into them must reach the pages (rendered, escaped).
TEXT_KEYS = {
    "title",
    "text",
    "name",
    "short",
    "note",
    "source",
    "organization",
    "metric",
    "items",
    "products",
}
TEXT_PATHS = [
    p
    for p in PATHS
    if isinstance(get(REAL_DATA, p), str) and TEXT_KEYS & {x for x in p if isinstance(x, str)}
]


@st.composite
def plans_with_hostile_text(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(REAL_DATA)
    for path in draw(st.lists(st.sampled_from(TEXT_PATHS), min_size=1, max_size=6)):
        parent, last = get(data, path[:-1]), path[-1]
        value = parent[last]
        at = draw(st.integers(0, len(value)))
        parent[last] = value[:at] + draw(HOSTILE_TEXT | LONG_TEXT) + value[at:]
    return data


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(plans_with_hostile_text())
def test_hostile_text_in_free_text_fields_renders_or_gives_located_problems(data: Any) -> None:
    run_pipeline(dump(data))


# --- mutations of the plan as text -------------------------------------------------------

REAL_LINES = REAL_TEXT.split("\n")
YAML_PIECES = st.sampled_from(
    ["  ", "\t", "- ", ": ", ":", '"', "'", "[", "{", "}", "&x ", "*x", "!!python/name:os.system ",
     "? ", "|", ">", "---", "%YAML 1.1", "\\", "~", "\x00", "\ufeff", "\u202e", "no", "1.10", "05/10/2022"]
)  # fmt: skip


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    lines = list(REAL_LINES)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "double", "indent", "dedent", "insert"]))
        if op == "delete":
            del lines[at]
        elif op == "double":
            lines.insert(at, lines[at])
        elif op == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        elif op == "dedent":
            lines[at] = lines[at][draw(st.integers(1, 3)) :]
        else:
            col = draw(st.integers(0, len(lines[at])))
            piece = draw(YAML_PIECES | HOSTILE_TEXT)
            lines[at] = lines[at][:col] + piece + lines[at][col:]
    return "\n".join(lines)


@FUZZ
@given(mutated_texts())
def test_a_plan_damaged_as_text_renders_or_gives_located_problems(text: str) -> None:
    run_pipeline(text)


# --- the command line ---------------------------------------------------------------------


@settings(FUZZ, max_examples=max(10, EXAMPLES // 5))
@given(mutated_texts() | mutated_plans().map(dump))
def test_the_command_line_exits_0_or_1_with_located_lines_never_a_traceback(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--plan", str(plan)])
    if code == 0:
        assert "hợp lệ" in out.getvalue()
        return
    assert code == 1, err.getvalue()
    *problems, summary = err.getvalue().strip().split("\n")
    assert problems and summary.endswith("error(s)]"), err.getvalue()
    for line in problems:
        where = line.removeprefix(f"{plan}:").split(":", 2)
        assert int(where[0]) >= 1 and int(where[1]) >= 1, line
