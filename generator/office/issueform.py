"""The GitHub issue form "Báo cáo tiến độ nhiệm vụ": a progress report without YAML.

One declaration of the form's fields (FIELDS) writes the form file from the plan
(`python -m generator forms`: the task list is the plan's tasks) and reads back the issue
body GitHub makes of a submitted form: one "### <label>" section per field, in order,
"_No response_" for an empty one. The answers become an update that is appended to the
plan file with its comments and order kept (yamledit.append_update), and the whole new
plan is validated like `make check`. Every mistake is said in the form's words (the field's
label and what to choose or type), never as a YAML path.

The body is untrusted text typed by anyone who can open an issue: it is only ever parsed
here, as data, and what it says reaches the plan only through the typed Update.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ..atomic import FORM_MARK
from ..errors import FormError, PlanError, Problem
from ..plan import chars, yamledit
from ..plan.dates import vn_date
from ..plan.labels import STATUS_LABELS
from ..plan.load import Located, load_text
from ..plan.load.names import field_path
from ..plan.model import PlacedTask, Plan, Status, walk
from ..plan.validate import validate

FORM_FILE = Path(".github/ISSUE_TEMPLATE/bao-cao-tien-do.yml")
FORM_NAME = "Báo cáo tiến độ nhiệm vụ"
FORM_LABEL = "bao-cao-tien-do"  # the issue label the workflow .github/workflows/form-to-pr.yml acts on
REGENERATE = "python -m generator forms  (hoặc make forms)"
NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
DASH = " — "  # between a task's id and its title in the task list
OPTION_WIDTH = 110  # characters of a task option; GitHub shows a long one on several lines
# GitHub caps an issue body at 65,536 characters; a longer text is not a form GitHub made.
MAX_BODY = 65_536

Kind = Literal["dropdown", "input", "textarea"]


@dataclass(frozen=True)
class FormField:
    """One field of the form: its id in the form file, its label (the body's heading)."""

    id: str
    label: str
    kind: Kind
    description: str
    required: bool = False
    placeholder: str = ""
    options: tuple[str, ...] = field(default=())


TASK = FormField(
    "task",
    "Nhiệm vụ",
    "dropdown",
    "Chọn nhiệm vụ theo mã, như trong phụ lục của kế hoạch (gõ vài chữ để lọc danh sách).",
    required=True,
)
STATUS = FormField(
    "status",
    "Trạng thái",
    "dropdown",
    "Trạng thái của nhiệm vụ tại ngày báo cáo.",
    required=True,
    options=tuple(STATUS_LABELS.values()),
)
DATE = FormField(
    "date",
    "Ngày báo cáo",
    "input",
    "Ngày của báo cáo, dạng ngày/tháng/năm (26/12/2022) hoặc năm-tháng-ngày (2022-12-26).",
    required=True,
    placeholder="26/12/2022",
)
PERCENT = FormField(
    "percent",
    "Tỷ lệ hoàn thành (%)",
    "input",
    "Phần trăm khối lượng đã làm, số nguyên từ 0 đến 100, ví dụ 75. Bỏ trống nếu không đo được.",
    placeholder="75",
)
NOTE = FormField(
    "note",
    "Kết quả",
    "textarea",
    "Kết quả đạt được trong kỳ, ngắn gọn, ví dụ: Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC.",
)
EVIDENCE_TITLE = FormField(
    "evidence-title",
    "Tên minh chứng",
    "input",
    "Tên tài liệu chứng minh kết quả, ví dụ: Báo cáo số 123/BC-SCT ngày 26/12/2022.",
    placeholder="Báo cáo số 123/BC-SCT ngày 26/12/2022",
)
EVIDENCE_URL = FormField(
    "evidence-url",
    "Liên kết minh chứng",
    "input",
    "Địa chỉ web đầy đủ của tài liệu, bắt đầu bằng https:// (mọi người mở được).",
    placeholder="https://congthuong.dongnai.gov.vn/bao-cao-123-bc-sct.pdf",
)
# In the order of the form, which is the order of the body's sections.
FIELDS = (TASK, STATUS, DATE, PERCENT, NOTE, EVIDENCE_TITLE, EVIDENCE_URL)
_STATUS_OF = {label: status for status, label in STATUS_LABELS.items()}


# --- the form file ---------------------------------------------------------------------


def task_option(placed: PlacedTask) -> str:
    """The task's line in the form's list: "II.1.3.b — <title, shortened>"."""
    title = " ".join(placed.task.title.split())
    room = OPTION_WIDTH - len(placed.task.id) - len(DASH)
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return f"{placed.task.id}{DASH}{title}"


def _attributes(f: FormField, plan: Plan) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": f.label, "description": f.description}
    if f.kind == "dropdown":
        options = [task_option(p) for p in walk(plan)] if f is TASK else list(f.options)
        attributes["options"] = options
    if f.placeholder:
        attributes["placeholder"] = f.placeholder
    return attributes


def form_yaml(plan: Plan) -> str:
    """The issue form file, generated from the plan: its task list is the plan's tasks."""
    intro = (
        f"Báo cáo tiến độ một nhiệm vụ của kế hoạch **{plan.plan.title}** mà không cần sửa tệp "
        "YAML. Sau khi gửi, hệ thống kiểm tra và tạo một *pull request* thêm báo cáo này vào "
        "`content/plan.yaml`, rồi trả lời ngay dưới đây: đường dẫn tới pull request, hoặc điều "
        "cần sửa (bấm **Edit** để sửa biểu mẫu, hệ thống kiểm tra lại). Người duyệt gộp pull "
        "request thì trang công khai được cập nhật."
    )
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": intro}}]
    for f in FIELDS:
        item: dict[str, Any] = {"type": f.kind, "id": f.id, "attributes": _attributes(f, plan)}
        if f.required:
            item["validations"] = {"required": True}
        body.append(item)
    form = {
        "name": FORM_NAME,
        "description": "Cập nhật tiến độ một nhiệm vụ bằng biểu mẫu, không cần sửa YAML.",
        "title": f"{FORM_NAME}: ",
        "labels": [FORM_LABEL],
        "body": body,
    }
    text = yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=4096)
    header = (
        f"{FORM_MARK} từ content/plan.yaml, đừng sửa tay [generated, do not edit]:\n"
        f"# sau khi thêm, bớt hay đổi tên nhiệm vụ, chạy {REGENERATE}.\n"
    )
    return header + text


# --- reading a submitted form --------------------------------------------------------------


def _section_pattern() -> re.Pattern[str]:
    # Sections in the form's order. Inputs and dropdowns hold one line; only the textarea
    # spans lines, so a "### Tên minh chứng" typed inside it cannot move the sections after it.
    parts = [
        rf"### {re.escape(f.label)}\n\n(?P<{f.id.replace('-', '_')}>"
        + (r".*?" if f.kind == "textarea" else r"[^\n]*")
        + ")"
        for f in FIELDS
    ]
    return re.compile(r"\A\s*" + r"\n\n".join(parts) + r"\s*\Z", re.DOTALL)


_SECTIONS = _section_pattern()


def read_body(body: str) -> dict[str, str | None]:
    """The answer to each field (FormField.id), None when left empty; FormError when the body
    is not the form's (edited by hand, or sent without it)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    match = _SECTIONS.match(text) if len(text) <= MAX_BODY else None
    if match is None:
        labels = ", ".join(f"«{f.label}»" for f in FIELDS)
        raise FormError(
            [
                "Nội dung không đúng mẫu «Báo cáo tiến độ nhiệm vụ»: cần đủ các mục "
                f"{labels}, theo thứ tự, như biểu mẫu tạo ra. Hãy mở một vấn đề mới bằng "
                "New issue → «Báo cáo tiến độ nhiệm vụ» và điền lại, thay vì sửa chữ của vấn đề "
                "[the body is not the issue form's]"
            ]
        )
    answers: dict[str, str | None] = {}
    for f in FIELDS:
        value = match[f.id.replace("-", "_")].strip()
        answers[f.id] = None if value in ("", NO_RESPONSE) else value
    return answers


@dataclass
class Report:
    """A submitted form read into an update of the plan, with what the reader must be told."""

    task_id: str
    update: dict[str, Any]
    text: str  # the new plan file
    plan: Plan  # the new plan, validated
    warnings: list[str]  # what `make check` warns about this report, in the form's words


def _date(text: str) -> dt.date | None:
    day = re.fullmatch(r"([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})", text)
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    try:
        if day:
            return dt.date(int(day[3]), int(day[2]), int(day[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return None
    return None


def _said(text: str) -> str:
    """Text the form received, quoted in a message: on one line, short, invisible characters named."""
    shown = chars.visible(" ".join(text.split()))
    return f"«{shown[:60]}…»" if len(shown) > 60 else f"«{shown}»"


def _task(answer: str | None, plan: Plan, errors: list[str]) -> PlacedTask | None:
    tasks = {p.task.id: p for p in walk(plan)}
    task_id = (answer or "").split(DASH.strip(), 1)[0].strip()
    if task_id in tasks:
        return tasks[task_id]
    near = difflib.get_close_matches(task_id, list(tasks), n=3, cutoff=0.6)
    hint = f" Có phải: {', '.join(near)}?" if near else ""
    errors.append(
        f"«{TASK.label}»: {_said(answer or '')} không có trong kế hoạch hiện tại (danh sách có thể "
        f"đã cũ).{hint} Bấm Edit và chọn lại nhiệm vụ trong danh sách [unknown task]"
    )
    return None


def _update(
    answers: dict[str, str | None], placed: PlacedTask | None, plan: Plan
) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    update: dict[str, Any] = {}
    day = _date(answers["date"] or "")
    if day is None:
        errors.append(
            f"«{DATE.label}»: {_said(answers['date'] or '')} không phải một ngày có thật; hãy viết "
            "ngày/tháng/năm, ví dụ 26/12/2022 (hoặc 2022-12-26) [invalid date]"
        )
    elif day > plan.plan.as_of:
        errors.append(
            f"«{DATE.label}»: ngày {vn_date(day)} sau ngày chốt số liệu của kế hoạch "
            f"({vn_date(plan.plan.as_of)}); hãy ghi ngày của báo cáo trong kỳ đã chốt, hoặc nhờ "
            "người quản trị dời ngày chốt [date after the plan's as-of date]"
        )
    elif placed is not None and placed.task.updates and day < placed.task.updates[-1].date:
        last = placed.task.updates[-1].date
        errors.append(
            f"«{DATE.label}»: ngày {vn_date(day)} trước lần báo cáo gần nhất của nhiệm vụ này "
            f"({vn_date(last)}); báo cáo mới phải có ngày từ {vn_date(last)} trở đi [date before the "
            "last update]"
        )
    if day is not None:
        update["date"] = day
    status = _STATUS_OF.get(answers["status"] or "")
    if status is None:
        choices = ", ".join(STATUS_LABELS.values())
        errors.append(
            f"«{STATUS.label}»: {_said(answers['status'] or '')} không phải một lựa chọn; hãy chọn "
            f"một trong: {choices} [unknown status]"
        )
    else:
        update["status"] = status.value
    percent = answers["percent"]
    if percent is not None:
        number = re.fullmatch(r"([0-9]{1,3})\s*%?", percent)
        if number is None or int(number[1]) > 100:
            errors.append(
                f"«{PERCENT.label}»: {_said(percent)} không phải số nguyên từ 0 đến 100; hãy viết "
                "ví dụ 75 (không có phần lẻ), hoặc bỏ trống [percent must be a whole number 0-100]"
            )
        else:
            update["percent"] = int(number[1])
            if status is Status.DONE and int(number[1]) < 100:
                errors.append(
                    f"«{PERCENT.label}»: {number[1]}% nhưng «{STATUS.label}» là "
                    f"«{STATUS_LABELS[Status.DONE]}»; hãy sửa tỷ lệ thành 100 hoặc chọn "
                    f"«{STATUS_LABELS[Status.IN_PROGRESS]}» [percent below 100 for a done task]"
                )
    if answers["note"] is not None:
        update["note"] = "\n".join(line.rstrip() for line in answers["note"].split("\n"))
    title, url = answers["evidence-title"], answers["evidence-url"]
    if (title is None) != (url is None):
        missing, given = (EVIDENCE_TITLE, EVIDENCE_URL) if title is None else (EVIDENCE_URL, EVIDENCE_TITLE)
        errors.append(
            f"«{missing.label}»: đang để trống trong khi «{given.label}» đã có; minh chứng cần cả tên "
            "tài liệu lẫn liên kết (hoặc bỏ trống cả hai) [evidence needs a title and a link]"
        )
    elif title is not None and url is not None:
        update["evidence"] = [{"title": title, "url": url}]
    return update, errors


# Where a problem of the new update sits (the field's path below the update) -> its form field.
_FIELD_OF = {
    ".date": DATE,
    ".status": STATUS,
    ".percent": PERCENT,
    ".note": NOTE,
    ".period": DATE,
    ".evidence[0].title": EVIDENCE_TITLE,
    ".evidence[0].url": EVIDENCE_URL,
    ".evidence[0]": EVIDENCE_URL,
    ".evidence": EVIDENCE_URL,
}


def _in_form_words(
    problems: list[Problem], located: Located, update_path: tuple[str | int, ...]
) -> list[str]:
    """The new plan's problems, each in the words of the form field it comes from."""
    prefix = field_path(update_path, located.data)
    said: list[str] = []
    for problem in problems:
        rest = problem.field.removeprefix(prefix) if problem.field.startswith(prefix) else None
        if rest is not None and rest in _FIELD_OF:
            said.append(f"«{_FIELD_OF[rest].label}»: {problem.message}")
        elif rest is not None:
            said.append(f"Báo cáo: {problem.message}")
        else:
            said.append(_not_the_forms(problem))
    return said


def _not_the_forms(problem: Problem) -> str:
    # The plan on the main branch has a mistake: the maintainers fix it, not the reporter.
    return (
        "Kế hoạch hiện tại có lỗi, không phải do biểu mẫu; người quản trị cần sửa trước "
        f"(make check): {problem} [the plan itself is invalid]"
    )


def apply(body: str, plan_text: str, plan_file: str) -> Report:
    """The plan file with the form's report appended, validated; FormError names every field
    to correct, in the form's words, all at once."""
    answers = read_body(body)
    try:
        before = validate(load_text(plan_text, plan_file))
    except PlanError as err:
        raise FormError([_not_the_forms(p) for p in err.problems]) from None
    errors: list[str] = []
    placed = _task(answers["task"], before, errors)
    update, wrong = _update(answers, placed, before)
    errors += wrong
    if errors or placed is None:
        raise FormError(errors)
    tree = yamledit.load(plan_text)
    yamledit.append_update(tree, placed.task.id, update)
    text = yamledit.dump(tree)
    located = load_text(text, plan_file)
    path = (*placed.path, "updates", len(placed.task.updates))
    try:
        plan = validate(located)
    except PlanError as err:
        raise FormError(_in_form_words(err.problems, located, path)) from None
    # Warnings about this report only: the rest of the plan is not the reporter's to fix.
    prefix = field_path(path, located.data)
    mine = [n for n in located.notices if n.field.startswith(prefix)]
    return Report(placed.task.id, update, text, plan, _in_form_words(mine, located, path))
