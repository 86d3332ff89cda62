"""(Re)make the Open Graph picture: the card Zalo and Facebook show beside a shared link.

    .venv/bin/python tools/og_image.py

One neutral picture for every page and every agency of a portal (it names the site, not
an agency, so it is never wrong about who publishes a page): the site's name on the
colour of the agency band, 1200 x 630 px as both apps crop it. Drawn as HTML by the
Chromium the tests use; the PNG is committed, so a build needs neither.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "generator" / "pages" / "templates" / "assets" / "og-image.png"
WIDTH, HEIGHT = 1200, 630
CARD = """<!doctype html><html lang="vi"><meta charset="utf-8"><style>
body { margin: 0; width: 1200px; height: 630px; display: flex; flex-direction: column; justify-content: center;
  background: #1a237e; color: #fff; font-family: "DejaVu Sans", Arial, sans-serif; box-sizing: border-box;
  padding: 0 90px; }
h1 { font-size: 76px; line-height: 1.15; margin: 0 0 36px; }
p { font-size: 38px; line-height: 1.35; margin: 0; color: #e8eaf6; }
.bar { display: flex; height: 26px; width: 560px; margin: 0 0 48px; border: 3px solid #fff; border-radius: 8px;
  overflow: hidden; }
.bar span { display: block; height: 100%; }
</style><body>
<div class="bar"><span style="width:45%;background:#66bb6a"></span><span style="width:30%;background:#42a5f5">\
</span><span style="width:25%;background:#bdbdbd"></span></div>
<h1>Tiến độ cải cách hành chính</h1>
<p>Kế hoạch, đơn vị chịu trách nhiệm, tiến độ và minh chứng, công khai cho người dân và doanh nghiệp.</p>
</body></html>"""


def main() -> None:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(CARD)
        OUT.write_bytes(page.screenshot(type="png"))
        browser.close()
    print(f"{OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
