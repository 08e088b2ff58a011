"""Screenshot of the story view for the README: builds the demo database, serves it, photographs it.

Usage: .venv/bin/python scripts/screenshot_story.py [--out docs/screenshot-story.png]
Needs Debian's chromium (/usr/bin/chromium); nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

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


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from newsgraph.pipeline import ingest
    from newsgraph.samples import sample_corpus_path
    from newsgraph.serve.app import create_app
    from newsgraph.store.db import Store
    from newsgraph.store.queries import list_stories

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshot-story.png")
    args = parser.parse_args()
    db = str(Path(tempfile.mkdtemp()) / "demo.duckdb")
    ingest([str(sample_corpus_path())], db_path=db, processes=1)
    with Store(db, read_only=True) as store:
        story = max(list_stories(store), key=lambda s: (len(s["articles"]), s["id"]))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/stories/{story['id']}")
        page.wait_for_selector("svg")
        page.wait_for_timeout(500)
        first_event = page.locator("table tbody tr, .event-row, [data-event-id]").first
        if first_event.count():
            first_event.click()
            page.wait_for_timeout(800)
        page.screenshot(path=args.out, full_page=True)
        browser.close()
    server.should_exit = True
    print(f"{args.out}: story {story['id']} ({story['title']})")


if __name__ == "__main__":
    main()
