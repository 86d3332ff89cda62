"""The Atom feed of progress updates, made with feedgen (well-formed XML, escaping done)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..derive import budget, routes
from ..derive.portal import Portal
from ..derive.views import FeedEntry, Site
from ..plan.dates import vn_date
from ..plan.labels import SHOWN_LABELS

FEED_FILE = routes.FEED
# The newest updates, as many as the updates page shows.
MAX_ENTRIES = budget.UPDATES_SHOWN


def _stamp(day: dt.date) -> dt.datetime:
    # Updates are dated, not timed: noon in Vietnam keeps the calendar day in any reader.
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone(dt.timedelta(hours=7)))


def atom_feed(site: Site, site_url: str) -> bytes:
    """A plan's feed, newest update first; deterministic for the same plan and as-of date."""
    meta = site.plan.plan
    entries = [(site_url, "", e) for e in site.feed[:MAX_ENTRIES]]
    return _atom(
        site_url,
        f"{meta.title}: cập nhật tiến độ",
        f"Các lần cập nhật tiến độ của {meta.organization}",
        meta.organization,
        site.latest_update or site.as_of,
        entries,
    )


def portal_feed(portal: Portal, site_url: str) -> bytes:
    """Every plan's updates in one feed, each entry naming its plan (ids repeat across plans)."""
    base = site_url.rstrip("/") + "/"
    entries = sorted(
        ((base + p.prefix, p.label, e) for p in portal.plans for e in p.site.feed),
        key=lambda x: (x[2].update.date, x[1], x[2].view.task.id, x[2].number),
        reverse=True,
    )[:MAX_ENTRIES]
    newest = max((p.site.latest_update or p.site.as_of for p in portal.plans), default=None)
    assert newest is not None
    names = sorted({p.site.plan.plan.organization for p in portal.plans})
    return _atom(
        site_url,
        "Tiến độ cải cách hành chính: cập nhật của mọi kế hoạch",
        f"Các lần cập nhật tiến độ của {len(portal.plans)} kế hoạch",
        "; ".join(names),
        newest,
        entries,
    )


def _atom(
    site_url: str,
    title: str,
    subtitle: str,
    author: str,
    updated: dt.date,
    entries: list[tuple[str, str, FeedEntry]],
) -> bytes:
    """The feed of `entries` (plan URL, plan name or '', update), given newest first."""
    base = site_url.rstrip("/") + "/"
    fg = FeedGenerator()
    fg.id(base)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": author})
    fg.link(href=base, rel="alternate")
    fg.link(href=base + FEED_FILE, rel="self")
    fg.language("vi")
    fg.updated(_stamp(updated))
    # feedgen puts the last added entry first, so add the oldest first.
    for plan_url, plan_name, entry in reversed(entries):
        task = entry.view.task
        url = f"{plan_url.rstrip('/')}/{routes.url(entry.view.page)}#{routes.task_anchor(task.id)}"
        fe = fg.add_entry()
        fe.id(f"{url}/{entry.number}")
        label = SHOWN_LABELS[entry.update.status]  # type: ignore[index]
        named = f"{plan_name} · " if plan_name else ""
        fe.title(f"{named}Nhiệm vụ {task.id}: {label} ({vn_date(entry.update.date)})")
        fe.link(href=url)
        summary = task.title
        if entry.update.note:
            summary = f"{entry.update.note} (Nhiệm vụ: {task.title})"
        fe.summary(summary)
        fe.updated(_stamp(entry.update.date))
    feed: bytes = fg.atom_str(pretty=True)
    return feed
