"""A polite HTTP client: robots.txt, a per-host pace, retries with backoff, bounded streamed bodies.

`PoliteClient.fetch(url)` never raises for a bad answer: it returns a `FetchResult` whose `error`
says what went wrong, and whose `exchanges` hold every request/response it made (redirect hops and
retried 5xx included), for the WARC archive. Bodies are read as a stream and abandoned at the size
limit, so one huge or endless page costs at most `max_bytes` of memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import TYPE_CHECKING, Literal
from urllib.parse import urljoin, urlsplit

from newsgraph import __version__
from newsgraph.config import Limits
from newsgraph.sources.streams import megabytes
from newsgraph.sources.web.robots import MAX_ROBOTS_BYTES, RobotsAnswer, RobotsPolicy, site_key

if TYPE_CHECKING:
    import httpx

Accept = Literal["html", "feed"]

# Tuning, chosen as common crawler etiquette (Scrapy's AutoThrottle starts at 1 s between requests
# to one host; wget's --retry-connrefused and curl's --retry use a few retries with doubling waits).
HOST_INTERVAL_SECONDS = 1.0
TIMEOUT_SECONDS = 20.0
TOTAL_SECONDS = 60.0  # a server trickling bytes to stay under the read timeout stops here
RETRIES = 2
BACKOFF_SECONDS = 1.0
MAX_RETRY_AFTER_SECONDS = 60.0
MAX_REDIRECTS = 5
# Non-200 bodies (redirects, errors) are kept only for the archive; a few KB say all they have to say.
MAX_ERROR_BODY_BYTES = 64 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml")
# Hop-by-hop and encoding headers describe the bytes on the wire; the archive stores decoded bodies.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})


def user_agent(contact: str | None = None) -> str:
    """`newsgraph/<version> (+contact)`, so a site operator can tell who is asking and reach them."""
    return f"newsgraph/{__version__} (+{contact})" if contact else f"newsgraph/{__version__}"


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how far to fetch. Defaults suit news sites polled every few minutes."""

    user_agent: str = field(default_factory=user_agent)
    timeout_seconds: float = TIMEOUT_SECONDS
    total_seconds: float = TOTAL_SECONDS
    retries: int = RETRIES
    backoff_seconds: float = BACKOFF_SECONDS
    host_interval_seconds: float = HOST_INTERVAL_SECONDS
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = Limits().max_file_bytes
    honour_robots: bool = True
    use_env_proxies: bool = True  # HTTP(S)_PROXY / NO_PROXY from the environment


@dataclass(frozen=True)
class Exchange:
    """One request and its response (or the failure to get one), as the archive records it."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int  # 0: no response (timeout, refused connection)
    reason: str
    http_version: str
    response_headers: tuple[tuple[str, str], ...]
    body: bytes
    complete: bool  # False when the body was not read to its end (refused or over the limit)
    note: str | None = None  # why the body was not read, or why no response came


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    exchanges: tuple[Exchange, ...] = ()
    error: str | None = None
    transient: bool = False  # the error may go away: worth asking again on a later poll

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


class _BodyRefusedError(Exception):
    """Internal: the body is not worth reading (wrong type or over the limit)."""


def is_html_type(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower().startswith(HTML_TYPES)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class PoliteClient:
    """One httpx client with robots.txt, a pace per host and retries. Use as a context manager."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import httpx

        self.options = options or FetchOptions()
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=httpx.Timeout(self.options.timeout_seconds),
            follow_redirects=False,
            trust_env=self.options.use_env_proxies,
        )
        self.robots = RobotsPolicy(user_agent=self.options.user_agent, fetch=self._fetch_robots)
        self.robots_exchanges: list[Exchange] = []  # robots.txt answers, for the archive

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- pacing ------------------------------------------------------------------------------------

    def _wait_for_host(self, url: str) -> None:
        key = site_key(url)
        interval = self.options.host_interval_seconds
        if self.options.honour_robots and key in self._last_request:
            interval = max(interval, self.robots.crawl_delay(url))
        last = self._last_request.get(key)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[key] = self._clock()

    # -- one request -------------------------------------------------------------------------------

    def _request_once(
        self, url: str, headers: dict[str, str], *, accept: Accept | None, limit: int
    ) -> Exchange:
        import httpx

        self._wait_for_host(url)
        started = self._clock()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                request_headers = tuple(response.request.headers.multi_items())
                response_headers = tuple(
                    (k, v) for k, v in response.headers.multi_items() if k.lower() not in _WIRE_HEADERS
                )
                common = {
                    "url": url,
                    "request_headers": request_headers,
                    "status": response.status_code,
                    "reason": response.reason_phrase,
                    "http_version": response.http_version,
                    "response_headers": response_headers,
                }
                try:
                    body = self._read_body(response, accept=accept, limit=limit, started=started)
                except _BodyRefusedError as refused:
                    return Exchange(**common, body=b"", complete=False, note=str(refused))  # type: ignore[arg-type]
                return Exchange(**common, body=body, complete=True)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            note = f"no answer within {self.options.timeout_seconds:g}s (timeout)"
        except httpx.TooManyRedirects:  # pragma: no cover - redirects are followed by hand
            note = "too many redirects"
        except httpx.HTTPError as exc:
            note = f"{type(exc).__name__}: {exc}"
        except (httpx.InvalidURL, ValueError) as exc:  # a malformed URL listed in a feed (IDNA, port)
            note = f"not a valid URL ({exc})"
        return Exchange(url, tuple(headers.items()), 0, "", "", (), b"", False, note)

    def _read_body(
        self, response: httpx.Response, *, accept: Accept | None, limit: int, started: float
    ) -> bytes:
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        if not 200 <= status < 300:
            limit = min(limit, MAX_ERROR_BODY_BYTES)
        elif accept == "html" and not is_html_type(content_type):
            shown = content_type.split(";")[0].strip() or "(none given)"
            raise _BodyRefusedError(f"content type {shown} is not HTML; only web pages are ingested")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and 200 <= status < 300:
            raise _BodyRefusedError(f"page is {megabytes(int(declared))}, limit {megabytes(limit)}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                if not 200 <= status < 300:
                    chunks.append(chunk[: limit - (size - len(chunk))])
                    break
                raise _BodyRefusedError(f"page is over the limit of {megabytes(limit)}; stopped reading")
            chunks.append(chunk)
            if self._clock() - started > self.options.total_seconds:
                raise _BodyRefusedError(f"page took over {self.options.total_seconds:g}s to arrive; stopped")
        return b"".join(chunks)

    def _fetch_robots(self, robots_url: str) -> RobotsAnswer:
        exchange = self._request_once(robots_url, {}, accept=None, limit=MAX_ROBOTS_BYTES)
        self.robots_exchanges.append(exchange)
        body = exchange.body if exchange.complete else b""
        return RobotsAnswer(exchange.status, body)

    # -- the public fetch --------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        accept: Accept = "html",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET `url` following redirects, retrying 5xx/429/timeouts; conditional when given validators."""
        try:
            return self._fetch(url, accept=accept, etag=etag, last_modified=last_modified)
        except ValueError as exc:  # urlsplit on a malformed URL ("http://[::1")
            return FetchResult(url, url, 0, error=f"not a valid URL ({exc})")

    def _fetch(self, url: str, *, accept: Accept, etag: str | None, last_modified: str | None) -> FetchResult:
        exchanges: list[Exchange] = []
        current = url
        for _hop in range(self.options.max_redirects + 1):
            if urlsplit(current).scheme not in {"http", "https"}:
                return FetchResult(url, current, 0, exchanges=tuple(exchanges), error="not an http(s) URL")
            if self.options.honour_robots and not self.robots.allowed(current):
                return FetchResult(
                    url, current, 0, exchanges=tuple(exchanges), error="robots.txt disallows this URL"
                )
            headers: dict[str, str] = {}
            if current == url and etag:
                headers["If-None-Match"] = etag
            if current == url and last_modified:
                headers["If-Modified-Since"] = last_modified
            exchange = self._with_retries(current, headers, accept=accept, log=exchanges)
            if exchange.status in {301, 302, 303, 307, 308}:
                location = {k.lower(): v for k, v in exchange.response_headers}.get("location")
                if not location:
                    return self._result(url, exchange, exchanges, error="redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            return self._result(url, exchange, exchanges)
        return FetchResult(
            url,
            current,
            0,
            exchanges=tuple(exchanges),
            error=f"more than {self.options.max_redirects} redirects",
        )

    def _with_retries(
        self, url: str, headers: dict[str, str], *, accept: Accept, log: list[Exchange]
    ) -> Exchange:
        for attempt in range(self.options.retries + 1):
            exchange = self._request_once(url, headers, accept=accept, limit=self.options.max_bytes)
            log.append(exchange)
            retryable = exchange.status == 0 or exchange.status in RETRY_STATUSES
            if not retryable or attempt == self.options.retries:
                return exchange
            wait = self.options.backoff_seconds * 2**attempt
            retry_after = _retry_after_seconds(
                {k.lower(): v for k, v in exchange.response_headers}.get("retry-after")
            )
            if retry_after is not None:
                wait = max(wait, min(retry_after, MAX_RETRY_AFTER_SECONDS))
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _result(
        url: str, exchange: Exchange, log: list[Exchange], *, error: str | None = None
    ) -> FetchResult:
        headers = {k.lower(): v for k, v in exchange.response_headers}
        status = exchange.status
        if error is None:
            if status == 0:
                error = exchange.note or "no response"
            elif status == 304:
                error = None
            elif not 200 <= status < 300:
                error = f"HTTP {status} {exchange.reason}".strip()
            elif not exchange.complete:
                error = exchange.note or "body not read"
        transient = status == 0 or status in RETRY_STATUSES
        return FetchResult(
            url=url,
            final_url=exchange.url,
            status=status,
            body=exchange.body if exchange.complete else b"",
            content_type=headers.get("content-type", ""),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            exchanges=tuple(log),
            error=error,
            transient=transient and error is not None,
        )
