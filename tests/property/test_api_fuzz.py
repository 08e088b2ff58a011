"""The API fuzzed from its own OpenAPI schema (schemathesis) over a small hand-written database:
no 5xx, every response conforms to the schema, every error has the one JSON shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from newsgraph.serve.app import create_app
from newsgraph.serve.deps import MAX_PAGE_SIZE


def _load_fixture_db() -> Any:
    """tests/serve/fixture_db.py (the API tests' hand-written database), loaded by path: test folders
    are not one importable package."""
    import importlib.util

    path = Path(__file__).parents[1] / "serve" / "fixture_db.py"
    spec = importlib.util.spec_from_file_location("serve_fixture_db", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixture_db = _load_fixture_db()
FIRE_EVENT, FLOOD_STORY, build_database = (
    fixture_db.FIRE_EVENT,
    fixture_db.FLOOD_STORY,
    fixture_db.build_database,
)

# A few dozen examples per operation keep the whole fuzz well under a minute.
EXAMPLES_PER_OPERATION = 15


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    build_database(path)
    return path


def _fuzz_schema() -> Any:
    """The schema is read when the module is collected, so its database is built then (no spaCy: quick)."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="newsgraph-fuzz-")
    path = str(Path(folder) / "fuzz.duckdb")
    build_database(path)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(path))


schema = _fuzz_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_the_api_has_no_5xx_and_keeps_its_schema(case: Any) -> None:
    response = case.call_and_validate()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}, body


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories/%00",
        "/api/stories/" + "x" * 5000,
        "/api/events/%F0%9F%98%80",
        "/api/entities/..%2F..%2Fetc%2Fpasswd",
        "/api/articles/'%20OR%201=1--",
        f"/api/stories?limit={MAX_PAGE_SIZE + 1}",
        "/api/stories?limit=0",
        "/api/events?offset=-1",
        "/api/events?offset=99999999999999999999999",
        "/api/events?since=2025-02-30",
        "/api/events?type=" + "A" * 1000,
        "/api/nowhere",
    ],
)
def test_bad_ids_and_parameters_get_the_one_error_shape(api_db: str, url: str) -> None:
    response = TestClient(create_app(api_db)).get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field"} and error["message"]


def test_pages_are_capped_and_known_ids_answer(api_db: str) -> None:
    client = TestClient(create_app(api_db))
    page = client.get(f"/api/events?limit={MAX_PAGE_SIZE}").json()
    assert len(page["items"]) <= MAX_PAGE_SIZE and page["total"] >= len(page["items"])
    assert client.get(f"/api/stories/{FLOOD_STORY}").status_code == 200
    assert client.get(f"/api/events/{FIRE_EVENT}").status_code == 200


def test_a_missing_database_is_a_503_with_the_error_shape(tmp_path: Path) -> None:
    response = TestClient(create_app(str(tmp_path / "none.duckdb"))).get("/api/stories")
    assert response.status_code == 503 and response.json()["error"]["code"] == "store"
