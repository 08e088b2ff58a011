"""The read-only HTTP face of a newsgraph database: JSON under /api/, the web page at /.

`create_app(db_path)` builds the FastAPI app; `run_server` serves it with uvicorn. The database is opened
read-only per request (serve/deps.py), so an ingest can run in another process between requests.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.serve.errors import SECURITY_HEADERS, install_error_handlers
from newsgraph.serve.routes import articles, entities, events, pages, stories

API_DESCRIPTION = """Read-only access to a newsgraph database: stories, events (with the sentences that report
them), entities and articles. Lists answer `{"items": [...], "total": N}` and page with `limit` (at most 500)
and `offset`. Every error answers `{"error": {"code", "message", "field"}}` with a 4xx (or 503 while the
database is locked by an ingest)."""


class SecurityHeadersMiddleware:
    """Adds the CSP and friends to every response, static files and errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db_path: str) -> FastAPI:
    """The app over one database file. Nothing is opened until a request comes in."""
    # The interactive docs pages load scripts from a CDN, which the CSP (rightly) blocks: only the schema.
    app = FastAPI(
        title="newsgraph",
        version="1",
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = db_path
    install_error_handlers(app)
    app.add_middleware(SecurityHeadersMiddleware)
    for router in (stories.router, events.router, entities.router, articles.router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app


def run_server(db_path: str, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the app with uvicorn until interrupted."""
    import uvicorn

    shown_host = f"[{host}]" if ":" in host else host
    print(f"newsgraph: serving {db_path} at http://{shown_host}:{port}/ (API under /api/, Ctrl+C to stop)")
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")
