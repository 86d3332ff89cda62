"""A task as the pages repeat it, in HTML: its block on its area page (title, status,
products, units, deadline, latest report, note, feedback link, the history of its
updates) and its row in the task tables.

The pieces of a page repeated for every task of the plan, in each edition (a row on its
area's and each of its units' pages), they are written here in Python rather than as
templates: through Jinja's macro and call machinery the blocks were three quarters of
the area pages' time (190 µs a task, 1.9 s of 5,000 tasks in two editions), the rows
most of the unit pages'. The markup is what Python-Markdown makes of the same content,
as in the templates (area.md.j2 puts it between the markers of markdown_lean.py), and
every value is escaped as a template's `{{ value }}` is: Markup as it is, anything else
by escape.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..derive import routes
from ..derive.views import Site, TaskView
from ..plan import labels
from ..plan.model import Shown
from ..plan.status import update_period
from .contexts import Link
from .escape import md
from .i18n import date_text, quarter_text
from .i18n import template_gettext as _  # as templates' `_()`: Markup, values escaped
from .markup import (
    badge,
    deadline,
    deadline_sort_key,
    ext_link,
    feedback_link,
    original,
    plan_text,
    plan_texts,
)


def _units(ids: list[str], site: Site, link: Link) -> str:
    return "; ".join(
        f'<a href="{link(routes.unit(uid))}">{plan_text(site.unit_names[uid], "name")}</a>' for uid in ids
    )


def task_block(v: TaskView, site: Site, link: Link) -> Markup:
    """The HTML of task `v`'s block, between its heading and the next."""
    task, state = v.task, v.state
    out = [f'<p class="cc-task-title">{plan_text(task, "title")}</p>\n']
    if task.items:
        out += ["<ul>\n", *(f"<li>{md(item)}</li>\n" for item in plan_texts(task, "items")), "</ul>\n"]
    out.append("<ul>\n")
    percent = state.latest.percent if state.latest else None
    shown = f" ({md(percent)}%)" if percent is not None else ""
    out.append(f"<li><strong>{_('Trạng thái:')}</strong> {badge(v)}{shown}</li>\n")
    products = Markup("; ").join(md(p) for p in plan_texts(task, "products"))
    out.append(f"<li><strong>{_('Sản phẩm:')}</strong> {products}</li>\n")
    out.append(f"<li><strong>{_('Chủ trì:')}</strong> {_units(task.lead, site, link)}</li>\n")
    if task.partners:
        out.append(f"<li><strong>{_('Phối hợp:')}</strong> {_units(task.partners, site, link)}</li>\n")
    out.append(f"<li><strong>{_('Thời hạn:')}</strong> {deadline(v)}</li>\n")
    trigger = task.deadline.trigger
    if trigger and state.due:
        note = f", {original(trigger.note)}" if trigger.note else ""
        evidence = "".join(f"; {ext_link(original(e.title), e.url)}" for e in trigger.evidence)
        day = md(date_text(trigger.date))
        out.append(f"<li><strong>{_('Căn cứ ấn định hạn:')}</strong> {day}{note}{evidence}</li>\n")
    if state.latest:
        day = _("Cập nhật gần nhất (%(day)s):", day=date_text(state.latest.date))
        said = original(state.latest.note) if state.latest.note else _("không có ghi chú")
        out.append(f"<li><strong>{day}</strong> {said}</li>\n")
    elif state.ongoing and state.last_period:
        last = state.history[-1]
        note = f", {original(last.note)}" if last.note else ""
        out.append(
            f"<li><strong>{_('Báo cáo gần nhất:')}</strong> {md(quarter_text(state.last_period))}, "
            f"{md(date_text(last.date))}: {_(labels.SHOWN_LABELS[Shown(last.status.value)])}{note}</li>\n"
        )
    if task.note:
        out.append(f"<li><strong>{_('Ghi chú:')}</strong> {plan_text(task, 'note')}</li>\n")
    out.append("</ul>\n")
    respond = feedback_link(site.plan.plan, task.id)
    if respond:
        out.append(f'<p class="cc-feedback">{respond}</p>\n')
    if state.history:
        out += [
            '<details class="note">\n',
            f"<summary>{_('Lịch sử cập nhật và minh chứng')} ({len(state.history)})</summary>\n",
            "<ul>\n",
        ]
        first = f" {_('Minh chứng:')} "
        for u in reversed(state.history):
            period = ""
            if state.ongoing:
                period = f" ({_('kỳ %(period)s', period=quarter_text(update_period(u)))})"
            percent_text = f", {md(u.percent)}%" if u.percent is not None else ""
            note = f". {original(u.note)}" if u.note else ""
            evidence = "".join(
                f"{'; ' if n else first}{ext_link(original(e.title), e.url)}"
                for n, e in enumerate(u.evidence)
            )
            status = _(labels.SHOWN_LABELS[Shown(u.status.value)])
            day = md(date_text(u.date))
            out.append(f"<li><strong>{day}</strong>{period}: {status}{percent_text}{note}{evidence}</li>\n")
        out += ["</ul>\n", "</details>\n"]
    return Markup("".join(out).strip())


def task_rows(views: Sequence[TaskView], site: Site, link: Link) -> Markup:
    """The rows of a task table (_macros.md.j2 task_table), a line each: id, status, title,
    lead units by their short names, deadline."""
    rows = []
    for v in views:
        task = v.task
        lead = "; ".join(plan_text(site.unit_names[uid], "short") for uid in task.lead)
        href = link(v.page, routes.task_anchor(task.id))
        title = plan_text(task, "title")
        rows.append(
            "<tr>\n"
            f'<td style="text-align: left;"><a href="{href}">{md(task.id)}</a></td>\n'
            f'<td style="text-align: left;">{badge(v)}</td>\n'
            f'<td style="text-align: left;"><span class="cc-task-title">{title}</span></td>\n'
            f'<td style="text-align: left;">{lead}</td>\n'
            f'<td style="text-align: left;" data-sort="{md(deadline_sort_key(v))}">{deadline(v)}</td>\n'
            "</tr>\n"
        )
    return Markup("".join(rows))
