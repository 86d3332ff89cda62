"""The Atom feed of progress updates, made with feedgen (well-formed XML, escaping done)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from .dates import vn_date
from . import routes
from .derive import Site
from .labels import SHOWN_LABELS

FEED_FILE = routes.FEED
MAX_ENTRIES = 200


def _stamp(day: dt.date) -> dt.datetime:
    # Updates are dated, not timed: noon in Vietnam keeps the calendar day in any reader.
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone(dt.timedelta(hours=7)))


def atom_feed(site: Site, site_url: str) -> bytes:
    """The feed, newest update first; deterministic for the same plan and as-of date."""
    base = site_url.rstrip("/") + "/"
    meta = site.plan.plan
    fg = FeedGenerator()
    fg.id(base)
    fg.title(f"{meta.title}: cập nhật tiến độ")
    fg.subtitle(f"Các lần cập nhật tiến độ của {meta.organization}")
    fg.author({"name": meta.organization})
    fg.link(href=base, rel="alternate")
    fg.link(href=base + FEED_FILE, rel="self")
    fg.language("vi")
    fg.updated(_stamp(site.latest_update or site.as_of))
    # feedgen puts the last added entry first, so add the oldest first.
    for entry in reversed(site.feed[:MAX_ENTRIES]):
        task = entry.view.task
        url = f"{base}{routes.url(entry.view.page)}#{routes.task_anchor(task.id)}"
        fe = fg.add_entry()
        fe.id(f"{url}/{entry.number}")
        label = SHOWN_LABELS[entry.update.status]  # type: ignore[index]
        fe.title(f"Nhiệm vụ {task.id}: {label} ({vn_date(entry.update.date)})")
        fe.link(href=url)
        summary = task.title
        if entry.update.note:
            summary = f"{entry.update.note} (Nhiệm vụ: {task.title})"
        fe.summary(summary)
        fe.updated(_stamp(entry.update.date))
    feed: bytes = fg.atom_str(pretty=True)
    return feed
