"""Headless Chromium for the browser tests: Debian's chromium and chromium-driver, driven by Selenium.

CI installs both (.ci/run); elsewhere the tests are skipped only when the browser is truly absent.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def available() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(DRIVER)


def start():
    """A headless Chromium; in CI a missing browser fails the test instead of skipping it."""
    if not available():
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI (.ci/run installs them)")
        pytest.skip("chromium / chromium-driver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def errors(driver) -> list[str]:
    """The page's console errors (a failed script, a blocked load)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
