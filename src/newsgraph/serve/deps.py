"""Typed request dependencies: a read-only store opened per request, and validated paging."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from newsgraph.store.db import Store

# A page is at most 500 items: a story list or an event page stays a few hundred KB of JSON.
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
# DuckDB binds OFFSET as a signed 64-bit integer; anything larger would be a 500, so it is a 422 instead.
MAX_OFFSET = 2**62
MAX_TEXT_PARAM = 200  # search strings, types and ids: longer is never a real value


def open_store(request: Request) -> Iterator[Store]:
    """Open the database read-only for this request only.

    Another process may be ingesting between requests; a fresh read-only connection sees its last commit,
    and a file locked by a writer surfaces as DatabaseInUseError (answered 503).
    """
    store = Store(request.app.state.db_path, read_only=True)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(open_store)]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="items per page")] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page_params)]
SearchParam = Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description="text to search for")]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take "0" (a Unix time) or a datetime for a date."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("use an ISO date, YYYY-MM-DD")
    return value


IsoDateOnly = BeforeValidator(_iso_date_only)
