"""The JSON API on a small hand-built database: every endpoint, paging, filters, the error shape, headers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.serve.app import create_app
from newsgraph.serve.deps import MAX_PAGE_SIZE

from .fixture_db import (
    BRANDT,
    DAY_EVENT,
    FIRE_STORY,
    FLOOD_STORY,
    HOSTILE_MARKUP,
    MONTH_EVENT,
    UNDATED_EVENT,
    YEAR_EVENT,
)

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
EVENT_KEYS = {
    "id",
    "story_id",
    "type",
    "mode",
    "summary",
    "date",
    "location",
    "participants",
    "fatalities",
    "modality",
    "mentions",
    "sources",
    "independent_sources",
    "conflicts",
}


@pytest.fixture(scope="module")
def client(serve_db: str) -> TestClient:
    return TestClient(create_app(serve_db))


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def assert_error_shape(body: Any, code: str) -> None:
    """The one error shape of every failed request, pinned."""
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# -- stories ---------------------------------------------------------------------------------------


def test_story_list_has_items_total_and_contract_shape(client: TestClient) -> None:
    body = get_json(client, "/api/stories")
    assert body["total"] == 2
    assert [s["id"] for s in body["items"]] == [FLOOD_STORY, FIRE_STORY]
    flood = body["items"][0]
    assert set(flood) >= {"id", "title", "articles", "events", "start", "end", "entities"}
    assert flood["events"] == 5 and len(flood["articles"]) == 4


def test_story_list_pages_and_searches(client: TestClient) -> None:
    page = get_json(client, "/api/stories?limit=1&offset=1")
    assert page["total"] == 2 and [s["id"] for s in page["items"]] == [FIRE_STORY]
    found = get_json(client, "/api/stories?q=warehouse")
    assert found["total"] == 1 and found["items"][0]["id"] == FIRE_STORY
    by_entity = get_json(client, "/api/stories?q=ilse brandt")
    assert [s["id"] for s in by_entity["items"]] == [FLOOD_STORY]
    assert get_json(client, "/api/stories?q=nothing-like-this") == {"items": [], "total": 0}


def test_story_detail_has_events_articles_and_participants(client: TestClient) -> None:
    body = get_json(client, f"/api/stories/{FLOOD_STORY}")
    assert body["story"]["id"] == FLOOD_STORY
    assert {e["id"] for e in body["events"]} == {
        DAY_EVENT,
        MONTH_EVENT,
        YEAR_EVENT,
        UNDATED_EVENT,
        "evt_comment",
    }
    assert all(set(e) >= EVENT_KEYS for e in body["events"])
    copy = next(a for a in body["articles"] if a["id"] == "art_copy")
    assert copy == {
        "id": "art_copy",
        "title": "Floods hit the coast (wire)",
        "source": "wire.example",
        "published": "2025-03-04",
        "copy_of": "art_original",
        "copy_kind": "near",
    }
    names = [p["name"] for p in body["participants"]]
    assert names[0] == "Harbour Rescue Service" and BRANDT.name in names
    assert body["participants"][0]["roles"] == ["actor"]


# -- events ----------------------------------------------------------------------------------------


def test_event_list_filters_like_the_cli(client: TestClient) -> None:
    everything = get_json(client, "/api/events")
    assert everything["total"] == 6 and len(everything["items"]) == 6
    assert everything["items"][-1]["id"] == UNDATED_EVENT  # undated last
    assert get_json(client, f"/api/events?story={FIRE_STORY}")["total"] == 1
    assert [e["id"] for e in get_json(client, "/api/events?type=die")["items"]] == [DAY_EVENT]
    by_name = get_json(client, "/api/events?entity=Brandt")
    assert [e["id"] for e in by_name["items"]] == [UNDATED_EVENT] and by_name["total"] == 1
    by_id = get_json(client, f"/api/events?entity={BRANDT.id}")
    assert [e["id"] for e in by_id["items"]] == [UNDATED_EVENT]
    window = get_json(client, "/api/events?since=2024-01-01&until=2025-03-31")
    assert {e["id"] for e in window["items"]} == {MONTH_EVENT, DAY_EVENT, "evt_comment"}
    assert window["total"] == 3


def test_event_list_pages_with_a_stable_total(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 6, 4):
        page = get_json(client, f"/api/events?limit=4&offset={offset}")
        assert page["total"] == 6
        seen += [e["id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == 6


def test_event_detail_has_mentions_conflicts_and_articles(client: TestClient) -> None:
    body = get_json(client, f"/api/events/{DAY_EVENT}")
    event = body["event"]
    assert set(event) >= EVENT_KEYS
    assert event["date"] == {
        "start": "2025-03-03",
        "end": "2025-03-03",
        "precision": "day",
        "text": "3 March 2025",
    }
    assert event["location"]["name"] == "Marlow Bay" and event["location"]["lat"] == pytest.approx(50.1)
    assert event["conflicts"] == [
        {"field": "fatalities", "values": ["12", "14"], "article_ids": ["art_original", "art_independent"]}
    ]
    assert len(event["mentions"]) == 3
    copy_mention = next(m for m in event["mentions"] if m["article_id"] == "art_copy")
    assert copy_mention["copy_kind"] == "near" and copy_mention["copy_of"] == "art_original"
    assert [a["id"] for a in body["articles"]] == ["art_original", "art_copy", "art_independent"]
    assert event["sources"] == 3 and event["independent_sources"] == 2


# -- entities --------------------------------------------------------------------------------------


def test_entity_list_filters_and_pages(client: TestClient) -> None:
    body = get_json(client, "/api/entities")
    assert body["total"] == 2
    assert set(body["items"][0]) >= {"id", "name", "type", "aliases", "mentions", "articles"}
    people = get_json(client, "/api/entities?type=person")
    assert [e["name"] for e in people["items"]] == [BRANDT.name] and people["total"] == 1
    assert get_json(client, "/api/entities?q=harbour")["total"] == 1
    assert get_json(client, "/api/entities?limit=1&offset=1")["total"] == 2


def test_entity_detail_lists_its_events(client: TestClient) -> None:
    body = get_json(client, f"/api/entities/{BRANDT.id}")
    assert body["entity"]["name"] == BRANDT.name and body["entity"]["aliases"] == ["Brandt"]
    assert body["events"]["total"] == 1
    assert [e["id"] for e in body["events"]["items"]] == [UNDATED_EVENT]
    assert get_json(client, f"/api/entities/{BRANDT.id}?offset=1")["events"] == {"items": [], "total": 1}


# -- articles --------------------------------------------------------------------------------------


def test_article_detail_has_text_and_event_spans(client: TestClient) -> None:
    body = get_json(client, "/api/articles/art_independent")
    article = body["article"]
    assert article["copy_of"] is None and article["story_id"] == FLOOD_STORY
    assert article["text_chars"] == len(article["text"])
    spans = body["event_spans"]
    assert {s["event_id"] for s in spans} == {DAY_EVENT, MONTH_EVENT, YEAR_EVENT, UNDATED_EVENT}
    for span in spans:
        sentence = article["text"][span["start"] : span["end"]]
        assert sentence.endswith(".")
        assert article["text"][span["trigger_start"] : span["trigger_end"]] == span["trigger"]


def test_hostile_article_comes_back_verbatim_as_json_text(client: TestClient) -> None:
    response = client.get("/api/articles/art_hostile")
    assert response.headers["content-type"].startswith("application/json")
    article = response.json()["article"]
    assert HOSTILE_MARKUP in article["text"] and HOSTILE_MARKUP in article["title"]


# -- errors, headers, schema, pages ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/stories/sto_nope", "/api/events/evt_nope", "/api/entities/ent_nope", "/api/articles/art_nope"],
)
def test_unknown_ids_answer_404_in_the_error_shape(client: TestClient, url: str) -> None:
    body = get_json(client, url, status=404)
    assert_error_shape(body, "not_found")
    assert "nope" in body["error"]["message"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/stories?limit={MAX_PAGE_SIZE + 1}", "limit"),
        ("/api/stories?limit=0", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?offset=99999999999999999999999", "offset"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?limit=ten", "limit"),
        ("/api/entities?q=" + "x" * 500, "q"),
    ],
)
def test_bad_parameters_answer_422_naming_the_field(client: TestClient, url: str, field: str) -> None:
    body = get_json(client, url, status=422)
    assert_error_shape(body, "invalid_parameter")
    assert body["error"]["field"] == field


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error_shape(get_json(client, "/api/nothing-here", status=404), "not_found")
    response = client.post("/api/stories")
    assert response.status_code == 405
    assert_error_shape(response.json(), "method_not_allowed")


def test_the_error_shape_is_pinned(client: TestClient) -> None:
    assert client.get("/api/events/evt_nope").json() == {
        "error": {"code": "not_found", "message": "no event 'evt_nope'", "field": "event"}
    }


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/stories/{FLOOD_STORY}",
        "/api/stories",
        "/api/events/evt_nope",
        "/static/app.js",
        "/openapi.json",
        "/api/stories?limit=9999",
    ],
)
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["content-security-policy"] == EXPECTED_CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "url", ["/", f"/stories/{FLOOD_STORY}", f"/events/{DAY_EVENT}", f"/entities/{BRANDT.id}"]
)
def test_every_page_url_serves_the_same_index(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<script type="module" src="/static/app.js"></script>' in html
    assert "<style" not in html and " style=" not in html  # the CSP forbids inline styles
    assert "<script>" not in html  # ... and inline scripts


def test_static_files_and_basemap_are_served(client: TestClient) -> None:
    basemap = get_json(client, "/static/world-110m.json")
    assert basemap["width"] == 360 and len(basemap["countries"]) > 150
    assert client.get("/static/style.css").status_code == 200


def test_openapi_documents_every_endpoint_and_the_error_shape(client: TestClient) -> None:
    schema = get_json(client, "/openapi.json")
    assert set(schema["paths"]) >= {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/events",
        "/api/events/{event_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/articles/{article_id}",
    }
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert "404" in schema["paths"]["/api/events/{event_id}"]["get"]["responses"]


def test_missing_database_answers_503(tmp_path: Path) -> None:
    client = TestClient(create_app(str(tmp_path / "absent.duckdb")))
    response = client.get("/api/stories")
    assert response.status_code == 503
    assert_error_shape(response.json(), "store")


def test_database_locked_by_a_writer_answers_503(tmp_path: Path) -> None:
    """Another process holding the write lock (an ingest) must give a clear 503, not a crash."""
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        response = TestClient(create_app(str(path))).get("/api/stories")
        assert response.status_code == 503
        assert_error_shape(response.json(), "database_in_use")
        assert "in use" in response.json()["error"]["message"]
    finally:
        holder.kill()
        holder.wait(timeout=10)
