"""Fixtures for the live-source tests: a local HTTP server and fetch options without pacing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.live.local_server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    try:
        yield local
    finally:
        local.close()


@pytest.fixture
def fast_options() -> object:
    """Fetch options for tests: no pacing, short timeouts, no proxies from the environment."""
    from newsgraph.sources.web.fetch import FetchOptions

    return FetchOptions(
        user_agent="newsgraph-test/1 (+tests)",
        timeout_seconds=2.0,
        total_seconds=10.0,
        retries=2,
        backoff_seconds=0.0,
        host_interval_seconds=0.0,
        use_env_proxies=False,
    )
