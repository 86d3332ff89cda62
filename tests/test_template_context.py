"""Each template uses exactly the names its context declares, besides the declared globals.

As Datasette holds its pages to their documented contexts: a template that names
something its context does not declare, a field no template reads, a macro whose
parameters drift from their declaration, or a field without its line of help fails here
(generator/pages/contexts.py, env.py). The names a template uses are Jinja's own
analysis of it (jinja2.meta), with those of every macro it calls from another template.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from functools import cache

import jinja2
import pytest
from jinja2 import meta, nodes

from generator.outputs.opendata import OpenDataPage
from generator.pages.contexts import HELP, Context, HomePage, Macro, doc
from generator.pages.env import FILTERS, GLOBALS, TEMPLATES, make_env


def _declared(base: type) -> dict[str, type]:
    """Every class below `base` that names its template (contexts) or macro, by that name."""
    found: dict[str, type] = {}
    for cls in base.__subclasses__():
        if "MACRO" in vars(cls):
            found[cls.MACRO] = cls  # type: ignore[attr-defined]
        elif "TEMPLATE" in vars(cls):
            found[cls.TEMPLATE] = cls  # type: ignore[attr-defined]
        found |= _declared(cls)
    return found


PAGES = _declared(Context)
MACROS = _declared(Macro)
# The open-data page is rendered by outputs/ and declared there: it must be found too.
assert PAGES.get(OpenDataPage.TEMPLATE) is OpenDataPage


@cache
def _env() -> jinja2.Environment:
    """The pages' environment without their globals, which Jinja's analysis counts as declared."""
    env = jinja2.Environment(loader=make_env().loader, extensions=list(make_env().extensions))
    env.policies.update(make_env().policies)
    env.filters.update(make_env().filters)
    return env


def _source(name: str) -> str:
    return _env().loader.get_source(_env(), name)[0]  # type: ignore[union-attr]


def _parse(source: str) -> nodes.Template:
    ast = _env().parse(source)
    # Names reached through these would escape the analysis below: extend it before using one.
    assert not list(ast.find_all((nodes.Include, nodes.Extends, nodes.FromImport)))
    return ast


def _macro_uses(template: str, name: str) -> set[str]:
    """The names macro `name` of `template` reads besides its parameters, with those of the
    macros of the same template it calls."""
    macros = {m.name: m for m in _parse(_source(template)).find_all(nodes.Macro)}
    alone = nodes.Template([macros[name]], lineno=1).set_environment(_env())
    uses: set[str] = set()
    for used in meta.find_undeclared_variables(alone):
        uses |= _macro_uses(template, used) if used in macros else {used}
    return uses


def uses(source: str) -> set[str]:
    """Every name a template reads that it does not set: its own, and those of the macros it
    calls from the templates it imports (`{% import ... with context %}` shares the context)."""
    ast = _parse(source)
    names = set(meta.find_undeclared_variables(ast))
    imported = {i.target: i.template.value for i in ast.find_all(nodes.Import)}  # type: ignore[attr-defined]
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in imported:
            names |= _macro_uses(imported[node.node.name], node.attr)
    return names


def drift(context: type, source: str) -> list[str]:
    """How a template's names differ from its context's fields and the globals."""
    fields = {f.name for f in dataclasses.fields(context)}
    used = uses(source)
    name = context.__name__
    return sorted(
        [f"{n}: used, but neither a field of {name} nor a global" for n in used - fields - GLOBALS.keys()]
        + [f"{n}: a field of {name} that the template never reads" for n in fields - used]
        + [f"{n}: a field of {name} hides a global" for n in fields & GLOBALS.keys()]
    )


def undocumented(cls: type) -> list[str]:
    """The fields of a context or macro declaration without their one line of help."""
    return [
        f"{cls.__name__}.{f.name}"
        for f in dataclasses.fields(cls)
        if not f.metadata.get(HELP, "").strip() or "\n" in f.metadata[HELP]
    ]


def test_every_template_has_a_context() -> None:
    templates = {p.name for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_")}
    assert set(PAGES) == templates


@pytest.mark.parametrize("template", sorted(PAGES))
def test_a_template_uses_exactly_its_context_and_the_globals(template: str) -> None:
    assert drift(PAGES[template], _source(template)) == []


def test_every_global_and_filter_is_used_by_some_template() -> None:
    sources = [_source(p.name) for p in TEMPLATES.glob("*.j2")]
    assert set(GLOBALS) <= set().union(*(uses(s) for s in sources))
    used_filters = {f.name for s in sources for f in _parse(s).find_all(nodes.Filter)}
    assert set(FILTERS) <= used_filters


def test_every_macro_parameter_is_declared() -> None:
    found = {}
    for path in TEMPLATES.glob("*.j2"):
        for macro in _parse(_source(path.name)).find_all(nodes.Macro):
            if macro.args:
                found[f"{path.name}:{macro.name}"] = macro
    assert set(MACROS) == set(found)
    for key, macro in found.items():
        fields = dataclasses.fields(MACROS[key])
        assert [f.name for f in fields] == [a.name for a in macro.args], key
        with_default = [f.name for f in fields if f.default is not dataclasses.MISSING]
        assert with_default == [a.name for a in macro.args[len(macro.args) - len(macro.defaults) :]], key


@pytest.mark.parametrize("cls", [*PAGES.values(), *MACROS.values()], ids=lambda c: c.__name__)
def test_every_field_says_what_it_holds(cls: type) -> None:
    assert cls.__doc__ and cls.__doc__.strip()
    assert undocumented(cls) == []


def test_every_global_and_filter_says_what_it_is() -> None:
    for name, declared in {**GLOBALS, **FILTERS}.items():
        assert declared.help.strip() and "\n" not in declared.help, name


# --- the checks above can fail ------------------------------------------------------------


def test_a_name_the_context_does_not_declare_is_found() -> None:
    home = _source("home.md.j2")
    assert drift(HomePage, home.replace("site.counts.overdue", "sites.counts.overdue")) == [
        "sites: used, but neither a field of HomePage nor a global"
    ]
    # Through an imported macro too: `banner` reads `plan`, which no portal page has.
    portal = _source("portal.md.j2").replace("\n# ", "\n{{ m.banner() }}\n# ", 1)
    assert drift(PAGES["portal.md.j2"], portal) == [
        "plan: used, but neither a field of PortalPage nor a global"
    ]


def test_a_field_no_template_reads_and_one_without_help_are_found() -> None:
    class Grown(HomePage):
        """The home page, with a field added but not described."""

        extra: int = 0
        labels: str = field(default="", metadata=doc("A field named like a global."))

    assert drift(Grown, _source("home.md.j2")) == [
        "extra: a field of Grown that the template never reads",
        "labels: a field of Grown hides a global",
    ]
    assert undocumented(Grown) == ["Grown.extra"]
