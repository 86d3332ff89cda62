"""Command line: `python -m generator check|build [--plan PATH] [--as-of YYYY-MM-DD]`,
and `new-year --from PLAN --year YYYY --out PATH` to start next year's plan."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from pathlib import Path

from .errors import PlanError, report
from .pipeline import DEFAULT_PLAN, build, check
from .write import OutputRefused


def _date(text: str) -> dt.date:
    try:
        # Fix: fromisoformat alone also took "20221115" and "2022-W46-2"; the help says YYYY-MM-DD.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ '{text}', cần dạng YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator", description="Kiểm tra và dựng trang tiến độ kế hoạch."
    )
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="chỉ kiểm tra tệp kế hoạch")
    c.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch (mặc định content/plan.yaml)"
    )
    b = sub.add_parser("build", help="kiểm tra rồi tạo các trang Markdown trong docs/")
    b.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch (mặc định content/plan.yaml)"
    )
    b.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu thay cho plan.as_of")
    b.add_argument("--out", type=Path, default=Path("docs"), help="thư mục đích (mặc định docs/)")
    w = sub.add_parser("watch", help="tạo lại docs/ mỗi khi tệp kế hoạch thay đổi (dùng cho make serve)")
    w.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch (mặc định content/plan.yaml)"
    )
    w.add_argument("--out", type=Path, default=Path("docs"), help="thư mục đích (mặc định docs/)")
    s = sub.add_parser("schema", help="ghi JSON Schema của tệp kế hoạch (gợi ý khi soạn thảo)")
    s.add_argument("--out", type=Path, default=None, help="tệp đích (mặc định content/plan.schema.json)")
    n = sub.add_parser("new-year", help="tạo kế hoạch năm mới từ kế hoạch cũ (giữ cấu trúc, bỏ tiến độ)")
    n.add_argument("--from", dest="source", type=Path, default=DEFAULT_PLAN, help="kế hoạch cũ")
    n.add_argument("--year", type=int, required=True, help="năm của kế hoạch mới")
    n.add_argument("--out", type=Path, required=True, help="tệp kế hoạch mới (không ghi đè)")
    n.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu (mặc định 01/01 năm mới)")
    n.add_argument("--shift-deadlines", action="store_true", help="dời các thời hạn năm cũ sang năm mới")
    d = sub.add_parser("diff", help="tóm tắt (Markdown) những gì thay đổi trên trang giữa hai tệp kế hoạch")
    d.add_argument("files", nargs="*", type=Path, metavar="OLD NEW", help="hai tệp kế hoạch: cũ rồi mới")
    d.add_argument("--git", metavar="REV", help="so tệp kế hoạch ở phiên bản git REV với tệp hiện tại")
    d.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch khi dùng --git")
    return p


def main(argv: list[str] | None = None) -> int:
    # Fix: Vietnamese text on a console or pipe that is not UTF-8 (Windows cp1252, a
    # PYTHONIOENCODING=ascii job) raised UnicodeEncodeError; degrade to \uXXXX escapes.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        if args.command == "watch":
            from .watch import watch

            try:
                watch(args.plan, args.out)
            except KeyboardInterrupt:
                return 0
        if args.command == "schema":
            from .schema import SCHEMA_FILE, plan_schema

            target = args.out or SCHEMA_FILE
            target.write_text(plan_schema(), encoding="utf-8")
            print(f"đã ghi {target}")
            return 0
        if args.command == "new-year":
            from .newplan import write_new_year

            try:
                lines = write_new_year(args.source, args.out, args.year, args.as_of, args.shift_deadlines)
            except FileExistsError:
                print(f"đã có tệp {args.out}, không ghi đè [refusing to overwrite]", file=sys.stderr)
                return 1
            print("\n".join(lines))
            return 0
        if args.command == "diff":
            from .diff import diff_command

            return diff_command(args.files, args.git, args.plan)
        if args.command == "check":
            plan = check(args.plan)
            print(f"{args.plan}: hợp lệ ({len(plan.tasks())} nhiệm vụ) [valid]")
        elif args.command == "build":
            changed = build(args.plan, args.out, args.as_of)
            print(f"{args.plan}: đã tạo {args.out}/ ({len(changed)} tệp thay đổi)")
    except PlanError as err:
        print(report(err.problems), file=sys.stderr)
        print(
            f"{len(err.problems)} lỗi, hãy sửa rồi chạy lại [{len(err.problems)} error(s)]", file=sys.stderr
        )
        return 1
    except OutputRefused as err:
        print(err, file=sys.stderr)
        return 1
    except OSError as err:
        # Fix: e.g. --out naming an existing file, or a read-only folder: a traceback before.
        where = f" {err.filename}" if err.filename else ""
        print(f"không ghi được{where}: {err.strerror or err} [cannot write output]", file=sys.stderr)
        return 1
    return 0
