"""The whole pipeline, top to bottom: load -> validate -> derive -> render -> write."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .derive import Site, derive
from .feed import FEED_FILE, atom_feed
from .load import load_file
from .model import Plan
from .render import render_pages
from .validate import validate

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "site_templates" / "assets"
DEFAULT_PLAN = Path("content/plan.yaml")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def site_url() -> str:
    """Public address of the site; CI sets SITE_URL from GitHub Pages, mkdocs.yml reads it too."""
    return os.environ.get("SITE_URL") or DEFAULT_SITE_URL


def check(plan_path: Path) -> Plan:
    """Load and validate; raise PlanError with every problem."""
    return validate(load_file(plan_path))


def site_files(site: Site, url: str) -> dict[str, bytes]:
    """Every file docs/ must hold: pages, the feed and the static assets."""
    files = {path: text.encode("utf-8") for path, text in render_pages(site).items()}
    files[FEED_FILE] = atom_feed(site, url)
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file():
            files["assets/" + asset.relative_to(ASSETS).as_posix()] = asset.read_bytes()
    return files


def build(plan_path: Path, out_dir: Path, as_of: dt.date | None = None) -> list[str]:
    """Validate, then render into `out_dir`; on any problem `out_dir` is left untouched.

    Raises OutputRefused when `out_dir` is not the generator's to replace (see write.py).
    """
    from .write import write_tree

    plan = check(plan_path)
    site = derive(plan, as_of or plan.plan.as_of)
    return write_tree(out_dir, site_files(site, site_url()), plan=plan_path, root=ROOT)
