"""The web page in headless Chromium: a story's timeline, map and evidence, direct links, and that
hostile article text renders as text. Uses Debian's /usr/bin/chromium (never `playwright install`).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.serve.app import create_app

from .fixture_db import BRANDT, DAY_EVENT, FLOOD_STORY, HOSTILE_EVENT, HOSTILE_MARKUP, UNDATED_EVENT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 15_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(serve_db: str) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(serve_db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for the socket to listen
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("browser tests need Debian's chromium at /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    dialogs: list[str] = []
    errors: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.dialogs, opened.errors = dialogs, errors
    yield opened
    context.close()


def expect(locator: Any) -> Any:
    # Locator assertions poll through selectors; wait_for_function would need eval, which the CSP forbids.
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_story_view_shows_timeline_map_and_highlighted_evidence(base_url: str, page: Any) -> None:
    page.goto(f"{base_url}/stories/{FLOOD_STORY}")
    page.wait_for_selector(".map .marker")
    assert page.locator("h1").inner_text() == "Floods hit the coast"
    # every dated event is on the timeline, each precision drawn its own way; the undated one is listed apart
    assert page.locator(".tl-event").count() == 4
    assert page.locator(".tl-event.prec-day circle").count() == 2
    assert page.locator(".tl-event.prec-month rect").count() == 1
    assert page.locator(".tl-event.prec-year rect").count() == 1
    assert "1 event with an unknown date" in page.locator(".undated").inner_text()
    assert page.locator(".event-row").last.get_attribute("data-event-id") == UNDATED_EVENT
    assert page.locator(".map .marker").count() == 2 and page.locator(".map .land path").count() > 150
    page.click(f".tl-event[data-event-id='{DAY_EVENT}']")
    page.wait_for_selector(".event-panel .article-text mark.evidence")
    marks = page.locator(".event-panel mark.evidence")
    expect(marks).to_have_count(3)
    assert "twelve people died" in marks.nth(0).inner_text()
    assert "Fourteen people died" in marks.nth(2).inner_text()
    assert "near copy of coast.example" in page.locator(".event-panel .badge.copy").inner_text()
    values = page.locator(".conflict-value .value").all_inner_texts()
    assert values == ["12", "14"]
    assert not page.errors


def test_clicking_a_map_marker_opens_its_event(base_url: str, page: Any) -> None:
    page.goto(f"{base_url}/stories/{FLOOD_STORY}")
    page.click(f".map .marker[data-event-id='{DAY_EVENT}']")
    page.wait_for_selector(f".event-panel[data-event-id='{DAY_EVENT}']")
    assert f"event={DAY_EVENT}" in page.url


def test_direct_links_open_each_view(base_url: str, page: Any) -> None:
    page.goto(f"{base_url}/events/{DAY_EVENT}")
    page.wait_for_selector(".event-panel mark.evidence")
    page.goto(f"{base_url}/entities/{BRANDT.id}")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == BRANDT.name
    assert page.locator(f"a[href='/events/{UNDATED_EVENT}']").count() == 1
    page.goto(f"{base_url}/stories/{FLOOD_STORY}?event={DAY_EVENT}")
    page.wait_for_selector(f".event-panel[data-event-id='{DAY_EVENT}']")
    page.goto(f"{base_url}/events/evt_missing")
    page.wait_for_selector(".error")
    assert "evt_missing" in page.locator(".error").inner_text()


def test_story_list_search_and_client_side_navigation(base_url: str, page: Any) -> None:
    page.goto(base_url)
    page.wait_for_selector(".story-item")
    assert page.locator(".story-item").count() == 2
    page.fill("input[type=search]", "warehouse")
    page.press("input[type=search]", "Enter")
    expect(page.locator(".story-item")).to_have_count(1)
    assert "q=warehouse" in page.url
    page.go_back()
    expect(page.locator(".story-item")).to_have_count(2)
    page.click(f"a[href='/stories/{FLOOD_STORY}']")
    page.wait_for_selector(".timeline")
    assert page.url.endswith(f"/stories/{FLOOD_STORY}")


def test_hostile_article_text_renders_as_text(base_url: str, page: Any) -> None:
    page.goto(f"{base_url}/stories/{FLOOD_STORY}")
    page.click(f".tl-event[data-event-id='{HOSTILE_EVENT}']")
    page.wait_for_selector(".event-panel .article-text mark.evidence")
    page.wait_for_timeout(300)  # give any injected handler the chance to fire (it must not)
    assert page.dialogs == []
    assert HOSTILE_MARKUP in page.locator(".event-panel .article-text").inner_text()
    assert HOSTILE_MARKUP in page.locator(".articles").inner_text()  # the title too
    assert page.locator("main script, main img").count() == 0
