"""How big a page may grow: the page budget of the site, in one place.

A page's HTML grows with what it lists. Material writes a page in one piece and a
phone downloads and lays it out in one piece, so every list that grows with the
plan is capped or split (benchmarks/README.md, "Page budget", has the sizes):

- an area page holds a summary row and a detail block per task (about 2 KB of HTML
  each): an area with more than AREA_PAGE_TASKS tasks becomes an overview page and
  one page per group (or per target outside any group). At 800 a 5,000-task plan's
  area pages held about 700 tasks, 1.4 MB (2.1 MB in English, over PAGE_BUDGET_BYTES):
  Chromium took 0.5 to 1.0 s to load and lay one out on this machine, a phone longer,
  and the live preview rendered and built it again on every save. At 200 an area page
  is at most about 400 KB (600 KB in English), and a group page of the synthetic plans
  (8 targets, about 65 tasks) 150 KB (210 KB);
- a unit page lists a summary row per task it leads or supports: a unit with more
  than UNIT_PAGE_TASKS becomes an overview and one page per area (per part of an area
  where it has more than that in the area alone). One section of 1,600 rows was over
  Zensical's limit of search tokens per section at 5,700 tasks;
- the home page lists the HOME_LIST_SHOWN most overdue tasks and the nearest
  deadlines, and says how many more each area has;
- "Cập nhật gần đây" shows the UPDATES_SHOWN newest updates, as the Atom feed does;
  every update stays in its task's history on the area page and in the open data.

tests/test_budget.py builds a plan over every threshold and holds each page under
PAGE_BUDGET_BYTES.
"""

from __future__ import annotations

PAGE_BUDGET_BYTES = 2_000_000
AREA_PAGE_TASKS = 200
# A unit page lists a summary row per task, no detail block: about a third of an area
# page's bytes per task (0.8 KB against 2.9 in English), so it may list more.
UNIT_PAGE_TASKS = 800
HOME_LIST_SHOWN = 100
UPDATES_SHOWN = 200
