"""Command line: `python -m generator check|build|tidy|diff|export|import|report|new-year ...`."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from .atomic import DOCX, FORM, PLAN, XLSX, check_target, write_whole
from .build import fingerprint
from .build.fingerprint import DEFAULT_PLAN
from .build.stamp import up_to_date
from .errors import GeneratorError, Problem, fail, report
from .office.period import Period, parse_period
from .plan import chars

# The pipeline (pydantic, Jinja, openpyxl: ~0.5 s to import) is imported inside the commands
# that run it, after `build` has seen whether there is anything to do: a build with nothing
# new answers in ~0.1 s (fingerprint.py, stamp.py). Only light modules are imported here.


def _date(text: str) -> dt.date:
    try:
        # fromisoformat alone also takes "20221115" and "2022-W46-2"; the help says YYYY-MM-DD.
        # Whole and ASCII: \d takes "２０２２", and "$" a final line break.
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        shown = chars.visible(text)
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ '{shown}', cần dạng YYYY-MM-DD") from None


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _year(text: str) -> int:
    # int() takes " 2023\n", "2_023" and "２０２３": a year is four ASCII digits, nothing else.
    if not re.fullmatch(r"[0-9]{4}", text):
        shown = chars.visible(text)
        raise argparse.ArgumentTypeError(f"năm không hợp lệ '{shown}', cần bốn chữ số, ví dụ 2023")
    return int(text)


PLANS_HELP = "tệp kế hoạch (mặc định content/plan.yaml); lặp lại --plan để dựng một trang từ nhiều kế hoạch"


def _plans(args: argparse.Namespace) -> list[Path]:
    return list(args.plan or [DEFAULT_PLAN])


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator", description="Kiểm tra và dựng trang tiến độ kế hoạch."
    )
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="chỉ kiểm tra tệp kế hoạch")
    c.add_argument("--plan", type=Path, action="append", help=PLANS_HELP)
    b = sub.add_parser("build", help="kiểm tra rồi tạo các trang Markdown trong docs/")
    b.add_argument("--plan", type=Path, action="append", help=PLANS_HELP)
    b.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu thay cho plan.as_of")
    b.add_argument("--out", type=Path, default=Path("docs"), help="thư mục đích (mặc định docs/)")
    w = sub.add_parser("serve", help="xem trước: dựng một lần, hiện mỗi lần lưu kế hoạch (make serve)")
    w.add_argument("--plan", type=Path, action="append", help=PLANS_HELP)
    w.add_argument("--out", type=Path, default=Path("docs"), help="thư mục đích (mặc định docs/)")
    w.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="cấu hình MkDocs")
    w.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng")
    s = sub.add_parser("schema", help="ghi JSON Schema của tệp kế hoạch (gợi ý khi soạn thảo)")
    s.add_argument("--out", type=Path, default=None, help="tệp đích (mặc định content/plan.schema.json)")
    n = sub.add_parser("new-year", help="tạo kế hoạch năm mới từ kế hoạch cũ (giữ cấu trúc, bỏ tiến độ)")
    n.add_argument("--from", dest="source", type=Path, default=DEFAULT_PLAN, help="kế hoạch cũ")
    n.add_argument("--year", type=_year, required=True, help="năm của kế hoạch mới")
    n.add_argument("--out", type=Path, required=True, help="tệp kế hoạch mới (không ghi đè tệp đã có)")
    n.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu (mặc định 01/01 năm mới)")
    n.add_argument("--shift-deadlines", action="store_true", help="dời các thời hạn năm cũ sang năm mới")
    n.add_argument("--force", action="store_true", help="ghi đè tệp --out đã có (mặc định: từ chối)")
    t = sub.add_parser(
        "tidy",
        help="sửa lỗi gõ máy móc (dấu cách không ngắt dòng, ký tự vô hình, ngoặc kép cong, BOM, "
        "xuống dòng Windows), in phần thay đổi; chỉ ghi khi có --write",
    )
    t.add_argument("--plan", type=Path, action="append", help=PLANS_HELP)
    t.add_argument("--write", action="store_true", help="ghi các sửa đổi vào tệp (mặc định: chỉ in ra)")
    d = sub.add_parser("diff", help="tóm tắt (Markdown) những gì thay đổi trên trang giữa hai tệp kế hoạch")
    d.add_argument("files", nargs="*", type=Path, metavar="OLD NEW", help="hai tệp kế hoạch: cũ rồi mới")
    d.add_argument("--git", metavar="REV", help="so tệp kế hoạch ở phiên bản git REV với tệp hiện tại")
    d.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch khi dùng --git")
    _office_commands(sub)
    _github_commands(sub)
    return p


def _github_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`forms`, `issue`, `prcomment`: the issue form and what the GitHub workflows post."""
    f = sub.add_parser("forms", help="ghi biểu mẫu báo cáo tiến độ (.github/ISSUE_TEMPLATE/) từ kế hoạch")
    f.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch (mặc định content/plan.yaml)"
    )
    f.add_argument("--out", type=Path, default=None, help="tệp đích (mặc định .github/ISSUE_TEMPLATE/...)")
    f.add_argument("--force", action="store_true", help=FORCE_HELP)
    i = sub.add_parser("issue", help="đọc một biểu mẫu đã gửi (tệp sự kiện của GitHub) thành kế hoạch mới")
    i.add_argument("--event", type=Path, required=True, help="tệp JSON sự kiện ($GITHUB_EVENT_PATH)")
    i.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, help="tệp kế hoạch (mặc định content/plan.yaml)"
    )
    i.add_argument("--out", type=Path, required=True, help="thư mục ghi kết quả (answer.md, plan.yaml...)")
    c = sub.add_parser("prcomment", help="bình luận tóm tắt thay đổi của một pull request (Markdown)")
    c.add_argument(
        "--artifact", type=Path, required=True, help="artifact ke-hoach-pr (.zip) của lần kiểm tra"
    )
    c.add_argument("--base", type=Path, default=DEFAULT_PLAN, help="kế hoạch ở nhánh đích")
    c.add_argument("--out", type=Path, required=True, help="thư mục ghi comment.md và number")


def _github(args: argparse.Namespace) -> int:
    from . import prcomment

    if args.command == "forms":
        from .office.issueform import FORM_FILE, form_yaml
        from .plan.check import check

        target = args.out or FORM_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, form_yaml(check(args.plan)).encode("utf-8"), FORM, args.force)
        print(f"đã ghi {target}")
    elif args.command == "issue":
        ok = prcomment.form_outputs(args.event, args.plan, args.out)
        print(f"{args.out}: {'biểu mẫu hợp lệ' if ok else 'biểu mẫu cần sửa, xem answer.md'}")
    else:
        try:
            number = prcomment.artifact_comment(args.artifact, args.base, args.out)
        except (ValueError, zipfile.BadZipFile) as err:
            raise GeneratorError(f"{args.artifact}: {err}") from None
        print(f"{args.out}/comment.md: tóm tắt cho pull request #{number}")
    return 0


def _office_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`export`, `import` and `report`: the plan in Excel and Word for staff."""
    plan_help = "tệp kế hoạch (mặc định content/plan.yaml)"
    e = sub.add_parser("export", help="xuất kế hoạch ra tệp Excel theo bố cục phụ lục")
    e.add_argument("--xlsx", type=Path, required=True, help="tệp Excel đích (.xlsx)")
    e.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help=plan_help)
    e.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu thay cho plan.as_of")
    e.add_argument("--force", action="store_true", help=FORCE_HELP)
    i = sub.add_parser("import", help="đọc tệp Excel (đã xuất) thành tệp kế hoạch YAML")
    i.add_argument("--xlsx", type=Path, required=True, help="tệp Excel nguồn (.xlsx)")
    i.add_argument(
        "--out", type=Path, default=None, help="tệp kế hoạch đích; bỏ trống thì in YAML ra màn hình"
    )
    i.add_argument(
        "--force",
        action="store_true",
        help="ghi đè tệp đích không phải kế hoạch YAML, hoặc khi không cập nhật tại chỗ được",
    )
    r = sub.add_parser("report", help="báo cáo định kỳ dạng Word (.docx) theo Nghị định 30/2020/NĐ-CP")
    r.add_argument("--docx", type=Path, required=True, help="tệp Word đích (.docx)")
    r.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help=plan_help)
    r.add_argument(
        "--period",
        type=_period,
        default=None,
        help="kỳ báo cáo: 2022-Q4, 2022-H1, 2022-H2, 2022 hoặc 'Quý IV/2022'; số liệu tính đến ngày cuối kỳ "
        "(mặc định: quý chứa plan.as_of, tính đến plan.as_of)",
    )
    r.add_argument("--as-of", type=_date, default=None, help="ngày chốt số liệu khác với ngày cuối kỳ")
    blank = "; bỏ trống thì lấy từ kế hoạch, không có thì để chỗ trống điền tay"
    by_hand = "; bỏ trống thì để chỗ trống điền tay"
    r.add_argument("--number", default=None, help=f"số báo cáo, ví dụ 12 (in 'Số: 12/BC-SCT'){by_hand}")
    r.add_argument("--date", type=_date, default=None, help=f"ngày ký, dạng YYYY-MM-DD{by_hand}")
    r.add_argument("--signer", default=None, help=f"họ và tên người ký (plan.report.signer){blank}")
    r.add_argument(
        "--signing-title",
        default=None,
        help="thẩm quyền ký, ví dụ 'KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC' (\\n: xuống dòng; "
        f"plan.report.signing_title){blank}",
    )
    r.add_argument(
        "--recipient",
        action="append",
        default=[],
        help=f"một nơi nhận, lặp lại cho mỗi nơi (plan.report.recipients){blank}",
    )
    r.add_argument("--force", action="store_true", help=FORCE_HELP)


FORCE_HELP = "thay cả tệp đích khác loại với tệp lệnh này ghi (mặc định: từ chối)"


def _office(args: argparse.Namespace) -> int:
    from .derive.views import derive
    from .plan.check import check

    if args.command == "import":
        from .office.importer import plan_yaml, read_plan, write_plan

        if args.out is not None:
            check_target(args.out, PLAN, args.force)  # before reading a workbook that may be large
        plan = read_plan(args.xlsx)
        if args.out is None:
            sys.stdout.write(plan_yaml(plan))
        else:
            write_plan(plan, args.out, force=args.force)
            print(f"{args.xlsx}: đã ghi {args.out} ({len(plan.tasks())} nhiệm vụ)")
        return 0
    target, kind = (args.xlsx, XLSX) if args.command == "export" else (args.docx, DOCX)
    check_target(target, kind, args.force)  # now, not after a large plan has been read and made
    plan = check(args.plan)
    if args.command == "export":
        from .office.export import xlsx

        site = derive(plan, args.as_of or plan.plan.as_of)
        write_whole(target, xlsx(site), kind, args.force)
        print(f"{args.plan}: đã ghi {args.xlsx} ({len(site.tasks)} nhiệm vụ)")
        return 0
    from .office.letter import Choices, letter
    from .office.period import cut_off
    from .office.report import docx

    period, as_of, notes = cut_off(plan.plan, args.period, args.as_of)
    site = derive(plan, as_of)
    choices = Choices(args.number, args.date, args.signer, args.signing_title, args.recipient)
    write_whole(target, docx(site, period, letter(plan.plan, choices)), kind, args.force)
    for note in notes:
        print(f"{args.plan}: {note}", file=sys.stderr)
    print(f"{args.plan}: đã ghi báo cáo {period.words()} {args.docx} ({len(site.tasks)} nhiệm vụ)")
    return 0


def _build(plans: list[Path], out: Path, as_of: dt.date | None) -> str:
    """Build, or see first (without loading the pipeline) that nothing changed; say which."""
    names = ", ".join(str(p) for p in plans)
    inputs = fingerprint.digest(plans, as_of)  # once, before the plans are read: see digest()
    if up_to_date(out, inputs, plans, fingerprint.ROOT):
        return f"{names}: {out}/ đã đúng với đầu vào, không có gì để làm (0 tệp thay đổi) [up to date]"
    from .build.pipeline import build  # only now: see the note on imports at the top

    changed = build(plans, out, as_of, inputs)
    return f"{names}: đã tạo {out}/ ({len(changed)} tệp thay đổi)"


def _tidy(plans: list[Path], write: bool) -> int:
    """`tidy`: each plan's mechanical slips repaired, shown as a diff; written with --write."""
    from .plan.tidy import diff, read_plan_text, still_wrong, tidied

    for path in plans:
        made = tidied(read_plan_text(path))
        if not made.repairs:
            print(f"{path}: không có gì cần sửa [nothing to tidy]")
            continue
        print(f"{path}: {len(made.repairs)} chỗ cần sửa [{len(made.repairs)} repair(s)]:")
        for line, col, what in made.repairs:
            print(f"{path}:{line}:{col}: {what}")
        shown = diff(made, path.as_posix())
        if shown:
            print(shown)
        if write:
            write_whole(path, made.text.encode("utf-8"), PLAN)
            print(f"{path}: đã ghi [written]")
        else:
            print(f"{path}: chưa ghi gì; chạy lại với --write để ghi các sửa đổi trên [dry run]")
        left = still_wrong(made.text, str(path))
        if left:
            print(f"{path}: sau khi sửa vẫn còn {left} lỗi khác, xem bằng make check [{left} error(s) left]")
    return 0


def _check(plans: list[Path]) -> int:
    """`check`: every problem, or "valid"; warnings either way, on the pull request's diff too."""
    from .build.pipeline import check_all

    notices: list[Problem] = []
    infos: list[Problem] = []
    try:
        checked = check_all(plans, notices, infos)
    finally:
        if notices:
            print(report(notices, "warning"), file=sys.stderr)
    for path, plan in zip(plans, checked, strict=True):
        print(f"{path}: hợp lệ ({len(plan.tasks())} nhiệm vụ) [valid]")
    # What the plan does not say yet about the agency: information, not a warning (stdout).
    if infos:
        print(report(infos, "notice"))
    if notices:
        print(f"{len(notices)} cảnh báo, xem các dòng trên [{len(notices)} warning(s)]", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    # A console or pipe that is not UTF-8 (Windows cp1252, a PYTHONIOENCODING=ascii job)
    # cannot encode Vietnamese: \uXXXX escapes, rather than a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        if args.command == "serve":
            from .build.serve import serve

            serve(_plans(args), args.out, args.config_file, args.dev_addr)
            return 0
        if args.command == "schema":
            from .plan.schema import SCHEMA_FILE, plan_schema

            target = args.out or SCHEMA_FILE
            target.write_text(plan_schema(), encoding="utf-8")
            print(f"đã ghi {target}")
            return 0
        if args.command == "new-year":
            from .plan.newyear import write_new_year

            lines = write_new_year(
                args.source, args.out, args.year, args.as_of, args.shift_deadlines, args.force
            )
            print("\n".join(lines))
            return 0
        if args.command == "diff":
            from .diff import diff_command

            diff_command(args.files, args.git, args.plan)
            return 0
        if args.command in ("export", "import", "report"):
            return _office(args)
        if args.command in ("forms", "issue", "prcomment"):
            return _github(args)
        if args.command == "check":
            return _check(_plans(args))
        if args.command == "tidy":
            return _tidy(_plans(args), args.write)
        elif args.command == "build":
            print(_build(_plans(args), args.out, args.as_of))
    except (GeneratorError, OSError) as err:
        # An OSError too: --out naming an existing file, or a read-only folder, is said in a
        # line naming the file, not shown as a traceback.
        return fail(err)
    return 0
