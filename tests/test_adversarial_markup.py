"""Plan text that reaches the theme stays text: titles, nav and names around each page.

The generator escapes what it writes; MkDocs and Material then print titles with their
own filters. Material's `page.title | striptags` decoded an area title's `&#60;/title&#62;`
back into `</title>` and the script after it ran; on a site of several plans, agency
names went into MkDocs' nav as they were typed and Material printed them as HTML.
generator/pages/theme_check.py stops any build in which that happens again.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import PluginError

from generator.pages.markup import ext_link
from generator.pages.theme_check import check

from .conftest import ROOT, SAMPLE_PLAN, _serve, build_site, run_generator
from .test_hostile import BREAKOUT, BREAKOUTS, PWN, SITE_NAME, URLS, Poison, open_every_page

# An agency name for each kind of context it is printed in: text, attribute, <title>.
AGENCIES = [BREAKOUT, f'"><img src=x onerror={PWN}></title><script>alert("nav")</script>']


def _plan(tmp: Path, name: str, organization: str, agency: str) -> Path:
    data: dict[str, Any] = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    Poison(itertools.cycle(BREAKOUTS), itertools.cycle(BREAKOUTS), itertools.cycle(URLS))(data)
    data["plan"].update(organization=organization, agency=agency)
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of two hostile plans: agency names are nav titles, on every page."""
    work = tmp_path_factory.mktemp("hostile-portal")
    plans = [_plan(work, f"{n}.yaml", name, f"co-quan-{n}") for n, name in enumerate(AGENCIES)]
    return build_site(plans, work / "build")


def test_agency_names_in_the_nav_run_nothing_and_read_as_typed(portal: Path, browser: Any) -> None:
    found = open_every_page(portal, browser)
    assert len(found) > 30
    for n, name in enumerate(AGENCIES):
        home = found[f"co-quan-{n}/2022/index.html"]
        assert home["title"] == f"{name} - {SITE_NAME}"
        assert home["topic"].strip() == name
    # The nav names each agency as typed, and so do the band and footer of its pages (there
    # is no previous / next link: a public report is not read in order).
    for base in _serve(portal):
        page = browser.new_page()
        page.goto(base + "toan-tinh/")
        nav = page.locator(".md-nav--primary a.md-nav__link").evaluate_all("as => as.map(a => a.textContent)")
        assert set(AGENCIES) <= {" ".join(t.split()) for t in nav}
        page.goto(base + "co-quan-0/2022/")
        assert page.locator(".cc-agency strong").first.text_content() == AGENCIES[0]
        assert page.locator(".cc-footer strong").first.text_content() == AGENCIES[0]
        page.close()


# --- the build-time check ----------------------------------------------------------------


def _build(plan: Path, work: Path, main_html: str | None = None) -> subprocess.CompletedProcess[str]:
    """Generate and build in `work`, optionally with another overrides/main.html."""
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    if main_html is not None:
        (work / "overrides" / "main.html").write_text(main_html, encoding="utf-8")
    generated = run_generator("build", "--plan", str(plan), "--out", str(work / "docs"))
    assert generated.returncode == 0, generated.stderr
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")]
    return subprocess.run([*command, "-d", str(work / "site")], capture_output=True, text=True, check=False)


def _without_title_block(main_html: str) -> str:
    """overrides/main.html with Material's own <title> again (`page.title | striptags`)."""
    start = main_html.index("{% block htmltitle %}")
    end = main_html.index("{% endblock %}", start) + len("{% endblock %}")
    return main_html[:start] + main_html[end:]


def test_a_theme_that_decodes_a_title_stops_the_build(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    data["areas"][0]["title"] = f"</title><script>{PWN}</script>"
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    theme = _without_title_block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"))

    built = _build(plan, tmp_path, theme)

    assert built.returncode != 0
    assert "linh-vuc/i.md: chữ của kế hoạch thành mã HTML trong phần giao diện" in built.stderr
    assert "thẻ <title> bị tách" in built.stderr
    assert not (tmp_path / "site" / "linh-vuc" / "i" / "index.html").exists()


@pytest.mark.parametrize(
    ("theme", "escaped"),
    [
        # Material's header prints a title as it holds it (HTML): the same text as the page's.
        ('<title>T</title><span class="md-ellipsis">a &#60;/b&#62; &#34;c&#34;</span>', True),
        ('<title>T</title><a aria-label="a &lt;/b&gt; &quot;c&quot;">', True),
        ('<title>T</title><a aria-label="a </b> "c"">', False),
        ("<title>T</title><a aria-label='A </B> \"C\"'>", False),  # title-cased is still markup
        ("<title>a </b> &#34;c&#34;</title>", False),
        ("<title>a &lt;/b&gt; &#34;c&#34;</title>", True),
        ("<title>T</title><title>a</title>", False),
    ],
)
def test_the_check_finds_text_that_stands_unescaped(theme: str, escaped: bool) -> None:
    """`check` on a theme's output holding the title `a </b> "c"` (HTML: `a &#60;/b&#62; ...`)."""
    title = "a &#60;/b&#62; &#34;c&#34;"
    if escaped:
        check(theme, "p.md", [title], [])
    else:
        with pytest.raises(PluginError, match=r"p\.md: chữ của kế hoạch"):
            check(theme, "p.md", [title], [])


def test_front_matter_is_checked_as_plain_text() -> None:
    """The agency and plan names come as typed (front matter); the theme escapes them."""
    name = 'Sở "A" <b>'
    check("<title>T</title><strong>Sở &#34;A&#34; &lt;b&gt;</strong>", "p.md", [], [name])
    with pytest.raises(PluginError):
        check(f"<title>T</title><strong>{name}</strong>", "p.md", [], [name])


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//x.vn"])
def test_only_http_links_become_links(url: str) -> None:
    assert str(ext_link("Báo cáo", "https://example.gov.vn/a")).startswith('<a href="https://')
    with pytest.raises(ValueError, match="not an http"):
        ext_link("Báo cáo", url)
