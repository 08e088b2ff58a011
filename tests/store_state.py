"""What an event merge leaves in a store, for tests that compare two ways of merging."""

from __future__ import annotations

from typing import Any

from newsgraph.store.db import Store
from newsgraph.store.queries import list_events, list_stories


def merged_state(db: str) -> dict[str, Any]:
    """Events, stories, every report's event and the stories still stale."""
    with Store(db, read_only=True) as store:
        return {
            "events": list_events(store),
            "stories": list_stories(store),
            "report_events": store.con.execute(
                "SELECT article_id, sentence_start, type, event_id FROM event_mentions ORDER BY ALL"
            ).fetchall(),
            "stale": store.stale_story_ids(),
        }
