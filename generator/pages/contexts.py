"""What each template is given: a dataclass per page, a field per name it uses.

A template sees its context's fields and the environment's GLOBALS and FILTERS (env.py),
nothing else: StrictUndefined stops a render that names anything more. The macros'
parameters are declared the same way, a dataclass per macro that takes any. As Datasette
documents its template contexts, every field says in one line what it holds (`help`), and
tests/test_template_context.py checks that each template, with the macros it calls, uses
exactly its context's fields besides the globals, and that no field lacks its line.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields
from types import ModuleType
from typing import Any, ClassVar, Literal, Protocol, dataclass_transform

from markupsafe import Markup

from ..derive.portal import Portal
from ..derive.views import AreaView, Counts, PartView, Site, TargetView, TaskView, UnitPartView, UnitView
from ..plan.model import Plan
from .glossary import Abbreviation

HELP = "help"


def doc(text: str) -> dict[str, str]:
    """A field's metadata: the one line that says what it holds."""
    return {HELP: text}


class Link(Protocol):
    """A relative link from the page being rendered to another page (and an anchor on it)."""

    def __call__(self, target: str, anchor: str = "") -> Markup: ...


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Declaration:
    """Each subclass is a frozen dataclass, made by keyword: a declaration reads as its fields
    alone, and mypy checks it as a dataclass (PEP 681)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)


class Context(Declaration):
    """The context of one template (TEMPLATE): its fields are the template's variables.

    A page's class names its template, `class HomePage(PlanPage, template="home.md.j2")`."""

    TEMPLATE: ClassVar[str]

    def __init_subclass__(cls, template: str = "", **kwargs: Any) -> None:
        if template:
            cls.TEMPLATE = template
        super().__init_subclass__(**kwargs)

    def names(self) -> dict[str, Any]:
        """The fields by name, as the template reads them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --- the pages of one plan ---------------------------------------------------------------


class PlanPage(Context):
    """What every page of a plan is given."""

    site: Site = field(metadata=doc("The plan's views at the as-of date: areas, units, tasks, counts, feed."))
    plan: Plan = field(metadata=doc("The plan as staff wrote it (site.plan): title, agency, year, units."))
    link: Link = field(metadata=doc("link(page, anchor=''): a relative .md link, which MkDocs checks."))


class HomePage(PlanPage, template="home.md.j2"):
    """The plan's home: counts, areas, overdue and upcoming tasks, KPIs."""


class AreasPage(PlanPage, template="areas.md.j2"):
    """The list of areas, each with its progress bar."""


class AreaPage(PlanPage, template="area.md.j2"):
    """An area's page; or, for an area split by the page budget, its overview or one part."""

    area: AreaView = field(metadata=doc("The area: its targets and tasks, or the parts it is split into."))
    part: PartView | None = field(metadata=doc("The part this page shows; None on the area's own page."))
    before: AreaView | PartView | None = field(
        metadata=doc("The area (on a part's page: the part) linked as previous; None on the first.")
    )
    after: AreaView | PartView | None = field(
        metadata=doc("The area (on a part's page: the part) linked as next; None on the last.")
    )
    moved: Markup | None = field(
        metadata=doc("On a split area's overview: which part holds each anchor, for sort.js; else None.")
    )


class UnitsPage(PlanPage, template="units.md.j2"):
    """The list of units with how many tasks each leads and supports."""


class UnitPage(PlanPage, template="unit.md.j2"):
    """A unit's page; or, for a unit split by the page budget, its overview or one part."""

    unit: UnitView = field(metadata=doc("The unit: the tasks it leads and supports, or its parts."))
    part: UnitPartView | None = field(metadata=doc("The part this page shows; None on the unit's own page."))
    before: UnitPartView | None = field(metadata=doc("On a part's page: the previous part, if any."))
    after: UnitPartView | None = field(metadata=doc("On a part's page: the next part, if any."))


class UpdatesPage(PlanPage, template="updates.md.j2"):
    """The newest progress updates, newest first."""


class MethodPage(PlanPage, template="method.md.j2"):
    """How statuses, deadlines and KPI results are worked out."""


class SourcePage(PlanPage, template="source.md.j2"):
    """Where the plan comes from, its abbreviations and its units."""

    glossary: Sequence[Abbreviation] = field(metadata=doc("The abbreviations the plan uses, as listed."))


class ContactPage(PlanPage, template="contact.md.j2"):
    """How to reach the agency and send feedback, as Nghị định 42/2022/NĐ-CP (art. 4) lists."""


class GuidePage(PlanPage, template="guide.md.j2"):
    """How staff update progress, step by step, with the common mistakes."""

    guide: ModuleType = field(metadata=doc("The guide's examples (pages/guide.py), which tests apply."))


# --- the pages of a site of several plans ------------------------------------------------


class PortalPage(Context, template="portal.md.j2"):
    """The home of a site of several plans: every agency's plans by year."""

    portal: Portal = field(metadata=doc("Every plan of the site, by agency, newest year first."))
    link: Link = field(metadata=doc("link(page, anchor=''): a relative .md link, which MkDocs checks."))


class ProvincePage(PortalPage, template="province.md.j2"):
    """The agencies side by side in the current year."""


# --- the macros' parameters --------------------------------------------------------------


class Macro(Declaration):
    """The parameters of a macro (MACRO: 'template:name'), in its order. Never made: a
    template calls the macro; the fields say what each argument must be."""

    MACRO: ClassVar[str]

    def __init_subclass__(cls, macro: str = "", **kwargs: Any) -> None:
        cls.MACRO = macro
        super().__init_subclass__(**kwargs)


class TableHead(Macro, macro="_macros.md.j2:thead"):
    """The head of an HTML table, as Python-Markdown writes `|:---|---:|`."""

    columns: Sequence[str] = field(metadata=doc("The headings, left to right."))
    right: Collection[int] = field(default=(), metadata=doc("Positions (from 0) of right-aligned columns."))


class CountsText(Macro, macro="_macros.md.j2:counts_text"):
    """Counts in words: how many tasks, by status, overdue and done late."""

    counts: Counts = field(metadata=doc("The tasks counted: of the plan, an area, a part or a unit."))


class TaskTable(Macro, macro="_macros.md.j2:task_table"):
    """Tasks, a row each: id, status, title, lead, deadline."""

    views: Sequence[TaskView] = field(metadata=doc("The tasks, in the order shown."))
    sortable: bool = field(default=False, metadata=doc("Whether sort.js sorts the rows by a column."))
    summary: bool = field(
        default=False,
        metadata=doc("Whether the task blocks below repeat the table: then phones skip it (access.css)."),
    )


class Bar(Macro, macro="_macros.md.j2:bar"):
    """Counts as a bar of coloured segments, with the same counts in words for screen readers."""

    counts: Counts = field(metadata=doc("The tasks counted."))
    label: str = field(metadata=doc("What is counted ('II. Cải cách thủ tục hành chính')."))


class MoreByArea(Macro, macro="_macros.md.j2:more_by_area"):
    """Under a list cut to budget.HOME_LIST_SHOWN: how many more, and in which areas."""

    total: int = field(metadata=doc("How many tasks the whole list holds."))
    which: str = field(metadata=doc("The tasks listed, in words ('quá hạn lâu nhất')."))
    kind: Literal["overdue", "upcoming"] = field(metadata=doc("The task state's flag that lists a task."))


class TargetBlock(Macro, macro="area.md.j2:target_block"):
    """A target with its KPIs (chart and measurements), then each of its tasks in full."""

    tv: TargetView = field(metadata=doc("The target, its KPIs and its tasks."))
    level: Literal["##", "###"] = field(metadata=doc("The heading's level: '###' under a group's heading."))


class PartsTable(Macro, macro="unit.md.j2:parts_table"):
    """On a split unit's overview: its parts that hold tasks of one kind, with how many."""

    kind: Literal["leads", "supports"] = field(metadata=doc("Which of the unit's tasks are counted."))


class ContactRow(Macro, macro="contact.md.j2:row"):
    """One line of the contact page: the field's name and value, or that the data lacks it."""

    name: str = field(metadata=doc("What the line gives ('Địa chỉ')."))
    value: object = field(
        metadata=doc("The value from the plan file (a link made by mail_link or ext_link); None when absent.")
    )


class CodeBlock(Macro, macro="guide.md.j2:code"):
    """A YAML example of the guide, verbatim."""

    text: str = field(metadata=doc("Lines as staff type them; a Tab shows as ⇥."))
