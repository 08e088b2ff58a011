"""The web page: every page URL answers the same index.html, which opens the matching view itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"

router = APIRouter(include_in_schema=False)
PageId = Annotated[str, PathParam(max_length=200)]


def _index() -> FileResponse:
    # no-cache: a reload after an upgrade must not pair an old index.html with new modules.
    return FileResponse(INDEX_HTML, media_type="text/html", headers={"Cache-Control": "no-cache"})


@router.get("/")
def home() -> FileResponse:
    return _index()


@router.get("/stories/{story_id}")
def story_page(story_id: PageId) -> FileResponse:
    return _index()


@router.get("/events/{event_id}")
def event_page(event_id: PageId) -> FileResponse:
    return _index()


@router.get("/entities/{entity_id}")
def entity_page(entity_id: PageId) -> FileResponse:
    return _index()
