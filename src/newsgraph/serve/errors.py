"""One JSON error shape for every failed request: `{"error": {"code", "message", "field"}}`.

newsgraph's own exceptions, FastAPI's validation errors and Starlette's HTTP errors all map to it here,
at the boundary; routes just raise.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import (
    DatabaseInUseError,
    InputError,
    NewsgraphError,
    NotFoundError,
    StoreError,
)

# Sent on every response, error or not: the page loads nothing from elsewhere and runs no inline code.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "invalid_parameter"}


def error_response(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "field": field}}
    return JSONResponse(status_code=status, content=body, headers=SECURITY_HEADERS)


def _status_for(exc: NewsgraphError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    # A database that is locked by an ingest, or not created yet, is a passing condition of the server.
    if isinstance(exc, DatabaseInUseError | StoreError):
        return 503
    if isinstance(exc, InputError):
        return 422
    return 500


async def _newsgraph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsgraphError)
    message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
    field = exc.where if isinstance(exc, NotFoundError) else None
    return error_response(_status_for(exc), exc.code, message, field)


def _field_of(location: Any) -> str | None:
    parts = [str(p) for p in location if p not in ("query", "path", "body")]
    return ".".join(parts) or None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = exc.errors()
    first = problems[0] if problems else {}
    field = _field_of(first.get("loc", ()))
    message = str(first.get("msg", "invalid request"))
    if field:
        message = f"{field}: {message}"
    return error_response(422, "invalid_parameter", message, field)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    response = error_response(exc.status_code, code, message)
    # Starlette's own headers (the `Allow` list of a 405, as RFC 9110 requires) are kept.
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500, "internal", "the server failed on this request; see its log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NewsgraphError, _newsgraph_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
