"""One error family, printed one way: every error a command explains is a GeneratorError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import generator
from generator.errors import (
    SHOWN,
    CommandFailed,
    GeneratorError,
    OutputRefused,
    PlanError,
    Problem,
    SheetError,
    UsageError,
    fail,
)

# Exceptions that never reach a person, each with why it is not a GeneratorError.
INTERNAL = {
    # Raised inside pydantic's validators, which turn only a ValueError into a located problem.
    "generator.plan.fields.HiddenInCode",
    # Raised and caught inside the loader when nesting passes its limit; never leaves it.
    "generator.plan.load.events.TooDeep",
    # Raised by a cell reader and caught by office/records.py, which says it as a SheetError line.
    "generator.office.rows.CellProblem",
}


def _exceptions() -> list[type[BaseException]]:
    """Every exception class the generator's modules define (private ones aside)."""
    found = []
    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if module.name == "generator.__main__":
            continue  # running it runs the command line
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.name
                and not name.startswith("_")
            ):
                found.append(value)
    return found


def test_every_error_of_the_generator_is_one_family() -> None:
    found = {f"{e.__module__}.{e.__qualname__}": e for e in _exceptions()}
    assert "generator.errors.SheetError" in found and "generator.errors.DiffError" in found
    strays = [name for name, e in found.items() if not issubclass(e, GeneratorError) and name not in INTERNAL]
    assert not strays, f"not a GeneratorError: {strays}"
    assert found.keys() >= INTERNAL, "an exception named in INTERNAL is gone: drop it from the list"


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "false")  # no annotations, even when the suite runs under Actions


def test_fail_prints_each_kind_and_gives_its_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    problem = Problem("plan.yaml", 3, 5, "plan.year", "sai", "trường year")
    cases: list[tuple[GeneratorError | OSError, str, int]] = [
        (PlanError([problem, problem]), "plan.yaml:3:5: trường year: sai\n1 lỗi, hãy sửa rồi chạy lại", 1),
        (SheetError(["ô A1: sai", "ô B2: sai"]), "ô A1: sai\nô B2: sai\n2 lỗi, hãy sửa rồi chạy lại", 1),
        (OutputRefused("không dựng vào thư mục x"), "không dựng vào thư mục x\n", 1),
        (UsageError("cần hai tệp"), "cần hai tệp\n", 2),
        (CommandFailed("lệnh dựng trang lỗi", 3), "lệnh dựng trang lỗi\n", 3),
        (FileNotFoundError(2, "No such file or directory", "a/b.xlsx"), "không ghi được a/b.xlsx: No", 1),
    ]
    for err, printed, status in cases:
        assert fail(err) == status
        assert capsys.readouterr().err.startswith(printed), err


def test_a_long_list_of_plain_messages_is_cut_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    fail(SheetError([f"ô A{n}: sai" for n in range(SHOWN + 7)]))
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == SHOWN + 2
    assert lines[SHOWN] == f"... và 7 lỗi khác chưa hiện (chỉ hiện {SHOWN} lỗi đầu mỗi tệp) [and 7 more]"
    assert lines[-1] == f"{SHOWN + 7} lỗi, hãy sửa rồi chạy lại [{SHOWN + 7} error(s)]"


def test_serve_leaves_out_the_advice_to_run_again(capsys: pytest.CaptureFixture[str]) -> None:
    fail(PlanError([Problem("plan.yaml", 1, 1, "", "sai")]), again=False)
    assert capsys.readouterr().err == "plan.yaml:1:1: sai\n"
