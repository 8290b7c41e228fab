"""Browser tests: Playwright (the pip package) driving Debian's Chromium.

Without Chromium they skip and say how to install it; where the environment
asks for them (CI, or SEAM_REQUIRE_BROWSER=1) a missing browser fails the run.
"""

import os
import shutil

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        message = (
            "Chromium is not installed, so the browser tests cannot run. "
            "Install it with: sudo apt-get install chromium"
        )
        if os.environ.get("CI") or os.environ.get("SEAM_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, flushable_frozen_rows):
    """A fresh browser tab that records every request leaving the live server."""
    context = browser.new_context(base_url=live_server.url, locale="th-TH")
    page = context.new_page()
    page.external_requests = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else page.external_requests.append(request.url)
        ),
    )
    yield page
    context.close()
