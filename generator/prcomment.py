"""What the GitHub workflows post, in Vietnamese Markdown: built here, never in a shell.

- `issue`: a submitted issue form (.github/workflows/form-to-pr.yml) read from the event
  file GitHub gives the job, turned into the new plan file, the pull request's title and
  body, and the answer on the issue (the link, or every field to correct).
- `prcomment`: the public-change summary of a pull request (.github/workflows/pr-comment.yml),
  from the target branch's plan and the pull request's plan, which comes in an artifact of
  the check workflow: made by the pull request's own code, so read as data only (two files,
  each size-limited, from the zip); when that plan has mistakes, they are listed in words
  ("Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường «Tỷ lệ» (percent)").

Text typed by whoever opened the issue or the pull request goes through `diff.md_text`:
it shows as typed and never becomes a link, a mention, a heading or HTML.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from .diff import diff_plans, md_text, plan_from_text
from .errors import SHOWN, FormError, PlanError
from .office import issueform
from .plan.dates import vn_date
from .plan.labels import STATUS_LABELS
from .plan.load import MAX_BYTES
from .plan.model import Status

# GitHub refuses a comment over 65,536 characters; the rest is said to be cut.
MAX_COMMENT = 60_000
# The summary comment starts with this: the workflow finds and replaces its own comment.
SUMMARY_MARKER = "<!-- cchc-tom-tat-thay-doi -->"
FORM_MARKER = "<!-- cchc-bieu-mau -->"
# The first words of the answer on an issue; the guide tells staff what each means.
ANSWER_OK = "Biểu mẫu hợp lệ"
ANSWER_WRONG = "Chưa tạo được pull request"


def _cut(text: str) -> str:
    if len(text) <= MAX_COMMENT:
        return text
    return text[:MAX_COMMENT].rsplit("\n", 1)[0] + "\n\n… (đã cắt bớt cho vừa một bình luận) [truncated]\n"


def _items(lines: list[str]) -> str:
    shown = [f"- {md_text(line)}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        shown.append(f"- … và {len(lines) - SHOWN} điều khác")
    return "\n".join(shown)


# --- the issue form -----------------------------------------------------------------------------


def _report_lines(update: dict[str, Any], task: str) -> list[str]:
    lines = [
        f"{issueform.TASK.label}: **{md_text(task)}**",
        f"{issueform.STATUS.label}: {STATUS_LABELS[Status(update['status'])]}",
        f"{issueform.DATE.label}: {vn_date(update['date'])}",
    ]
    if "percent" in update:
        lines.append(f"{issueform.PERCENT.label}: {update['percent']}")
    if update.get("note"):
        lines.append(f"{issueform.NOTE.label}: {md_text(update['note'])}")
    for link in update.get("evidence", []):
        lines.append(f"{issueform.EVIDENCE_TITLE.label}: {md_text(link['title'])} ({md_text(link['url'])})")
    return [f"- {line}" for line in lines]


def _warnings(said: list[str]) -> list[str]:
    if not said:
        return []
    return ["", "Lưu ý (không chặn việc gộp, nhưng hãy xem lại):", "", _items(said)]


def form_outputs(event_file: Path, plan_file: Path, out: Path) -> bool:
    """Read the issue of `event_file` (GitHub's event JSON), write into `out`: answer.md
    always; plan.yaml, pr-title.txt, pr-body.md when the form is right; `outputs` (lines
    for $GITHUB_OUTPUT: ok, task). True when the form became a new plan."""
    event = json.loads(event_file.read_text(encoding="utf-8"))
    issue = event.get("issue") or {}
    number = int(issue.get("number") or 0)
    body = issue.get("body") or ""
    out.mkdir(parents=True, exist_ok=True)
    plan_text = plan_file.read_text(encoding="utf-8")
    try:
        report = issueform.apply(body, plan_text, str(plan_file))
    except FormError as err:
        answer = [
            FORM_MARKER,
            f"❌ **{ANSWER_WRONG}**: biểu mẫu cần sửa những điều sau.",
            "",
            _items(err.messages),
            "",
            "Bấm **⋯ → Edit** ở đầu vấn đề này, sửa các mục trên rồi lưu (**Update comment**): hệ "
            "thống kiểm tra lại và trả lời tại đây.",
        ]
        (out / "answer.md").write_text(_cut("\n".join(answer) + "\n"), encoding="utf-8")
        (out / "outputs").write_text("ok=false\n", encoding="utf-8")
        return False
    old = plan_from_text(plan_text, str(plan_file))
    changes = diff_plans(old, report.plan)
    summary = _report_lines(report.update, report.task_id)
    (out / "plan.yaml").write_text(report.text, encoding="utf-8")
    title = f"Báo cáo tiến độ {report.task_id} ({vn_date(report.update['date'])}, #{number})"
    (out / "pr-title.txt").write_text(title + "\n", encoding="utf-8")
    pr_body = [
        f"Tạo tự động từ biểu mẫu «{issueform.FORM_NAME}» của #{number}: thêm một lần cập nhật "
        f"vào `{plan_file.as_posix()}` (chú thích và thứ tự của tệp được giữ nguyên).",
        "",
        *summary,
        "",
        "## Thay đổi trên trang công khai",
        "",
        changes or "Không có thay đổi nào trên trang công khai.",
        "",
        f"Closes #{number}",
    ]
    (out / "pr-body.md").write_text(_cut("\n".join(pr_body) + "\n"), encoding="utf-8")
    answer = [
        FORM_MARKER,
        f"✅ **{ANSWER_OK}.** Báo cáo sau được thêm vào kế hoạch trong một pull request "
        "(đường dẫn ở trên), chờ người duyệt gộp:",
        "",
        *summary,
        *_warnings(report.warnings),
        "",
        "Muốn sửa? Bấm **⋯ → Edit** ở đầu vấn đề này: pull request được cập nhật theo.",
    ]
    (out / "answer.md").write_text(_cut("\n".join(answer) + "\n"), encoding="utf-8")
    # The task id is the plan's own (checked against it): only letters, digits and dots.
    (out / "outputs").write_text(f"ok=true\ntask={report.task_id}\n", encoding="utf-8")
    return True


# --- the pull request's summary ---------------------------------------------------------------


def summary_comment(old_text: str, new_text: str, old_name: str, new_name: str) -> str:
    """The comment on a pull request: what changes for the public, or its plan's mistakes in words."""
    lines = [SUMMARY_MARKER, "## Thay đổi trên trang công khai (so với nhánh đích)", ""]
    try:
        new = plan_from_text(new_text, new_name)
    except PlanError as err:
        said = [f"dòng {p.line}, {p.words or p.label or p.field or 'tệp'}: {p.message}" for p in err.problems]
        lines += [
            f"❌ Tệp kế hoạch của pull request có {len(err.problems)} lỗi; sửa xong thì bản tóm tắt "
            "hiện ở đây. Mỗi lỗi cũng hiện ngay tại dòng sai trong thẻ *Files changed*.",
            "",
            _items(said),
        ]
        return _cut("\n".join(lines) + "\n")
    try:
        old = plan_from_text(old_text, old_name)
    except PlanError:
        lines.append("Không so được: kế hoạch ở nhánh đích không đọc được bằng phiên bản này.")
        return _cut("\n".join(lines) + "\n")
    lines.append(diff_plans(old, new) or "Không có thay đổi nào trên trang công khai.")
    return _cut("\n".join(lines).rstrip("\n") + "\n")


# --- the pull request's artifact ----------------------------------------------------------------

ARTIFACT_PLAN = "plan.yaml"
ARTIFACT_NUMBER = "number"


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """One file of the artifact, refused when missing or larger than `limit` once unpacked."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ValueError(f"artifact không có tệp {name} [missing {name}]") from None
    with archive.open(info) as stream:
        data = stream.read(limit + 1)  # not trusting the size the zip declares
    if len(data) > limit:
        raise ValueError(f"tệp {name} của artifact quá lớn [{name} too large]")
    return data


def artifact_comment(artifact: Path, base: Path, out: Path) -> int:
    """From the check workflow's artifact (the pull request's plan and number), write
    `out`/comment.md and `out`/number; return the number. ValueError when the artifact is
    not what the check workflow uploads."""
    with zipfile.ZipFile(artifact) as archive:
        number_text = _member(archive, ARTIFACT_NUMBER, 32).decode("ascii", errors="replace").strip()
        plan = _member(archive, ARTIFACT_PLAN, MAX_BYTES)
    if not re.fullmatch(r"[1-9][0-9]{0,9}", number_text):
        raise ValueError("số pull request trong artifact không hợp lệ [bad pull request number]")
    new_text = plan.decode("utf-8", errors="replace")
    comment = summary_comment(base.read_text(encoding="utf-8"), new_text, str(base), "content/plan.yaml")
    out.mkdir(parents=True, exist_ok=True)
    (out / "comment.md").write_text(comment, encoding="utf-8")
    (out / "number").write_text(number_text + "\n", encoding="utf-8")
    return int(number_text)
