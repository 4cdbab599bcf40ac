"""Retake the screenshots in docs/images: python docs/make_screenshots.py (needs chromium + chromium-driver).

The catalogue and a fact page are the site of the shipped library with the example drafts; the audit is
`factlib audit --format html` of the small demo repository the tests use (tests/audit_scenario.py: made-up
sources on example.org with a link history of four runs), so that its to-do list shows every kind of item.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "tests"))

from audit_scenario import write_repository  # noqa: E402
from browser import start  # noqa: E402


def main() -> int:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        subprocess.run(["factlib", "site", str(site), "docs/examples", "--library", "facts"], cwd=ROOT, check=True)
        demo = write_repository(tmp / "demo")
        html = subprocess.run(["factlib", "audit", "--format", "html", "--today", "2026-12-03"], cwd=demo,
                              check=True, capture_output=True, text=True).stdout
        (tmp / "audit.html").write_text(html)
        driver = start()
        try:
            driver.set_window_size(1280, 860)
            driver.get((site / "index.html").as_uri())
            time.sleep(1)
            driver.find_element("id", "q").send_keys("online recruitment")
            time.sleep(0.5)
            driver.save_screenshot(str(IMAGES / "catalogue.png"))
            driver.get((site / "facts" / "htf-unodc-31-of-79-court-cases-online-recruitment.html").as_uri())
            driver.execute_script("document.getElementById('cite-markdown').scrollIntoView({block: 'center'})")
            driver.find_element("css selector", 'button[data-copy="cite-markdown"]').click()
            time.sleep(0.3)
            driver.save_screenshot(str(IMAGES / "fact.png"))
            driver.get((tmp / "audit.html").as_uri())
            driver.find_element("xpath", "//table[@id='facts-table']//th[button='failing runs']/button").click()
            driver.find_element("xpath", "//table[@id='facts-table']//th[button='failing runs']/button").click()
            driver.save_screenshot(str(IMAGES / "audit.png"))
        finally:
            driver.quit()
    for name in ("catalogue.png", "fact.png", "audit.png"):
        print(IMAGES / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
