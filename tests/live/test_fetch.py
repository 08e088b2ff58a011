"""The polite client against a local server: statuses, retries, robots.txt, redirects, limits."""

from __future__ import annotations

from dataclasses import replace

from tests.live.local_server import LocalServer, Route

from newsgraph.sources.web.fetch import FetchOptions, PoliteClient, user_agent

PAGE = b"<html><head><title>A page</title></head><body><p>Some words here.</p></body></html>"


def test_a_page_is_fetched_with_our_user_agent(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/a"] = Route(PAGE)
    with PoliteClient(fast_options) as client:
        result = client.fetch(server.url("/a"))
    assert result.ok and result.body == PAGE
    assert server.log[-1].headers["user-agent"] == "newsgraph-test/1 (+tests)"
    assert user_agent("ops@example.org").endswith("(+ops@example.org)")


def test_gzip_bodies_are_decoded(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/z"] = Route(PAGE, gzip=True)
    with PoliteClient(fast_options) as client:
        result = client.fetch(server.url("/z"))
    assert result.body == PAGE
    names = {name.lower() for name, _ in result.exchanges[-1].response_headers}
    assert "content-encoding" not in names  # the archive holds decoded bytes


def test_404_is_a_final_failure(server: LocalServer, fast_options: FetchOptions) -> None:
    with PoliteClient(fast_options) as client:
        result = client.fetch(server.url("/missing"))
    assert not result.ok and result.status == 404
    assert result.error is not None and "404" in result.error
    assert not result.transient
    assert server.hits("/missing") == 1  # a 4xx is not retried


def test_5xx_is_retried_with_backoff_then_succeeds(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/flaky"] = [Route(b"busy", status=503, content_type="text/plain"), Route(PAGE)]
    waits: list[float] = []
    options = replace(fast_options, backoff_seconds=0.5)
    with PoliteClient(options, sleep=waits.append) as client:
        result = client.fetch(server.url("/flaky"))
    assert result.ok
    assert server.hits("/flaky") == 2
    assert 0.5 in waits
    assert [e.status for e in result.exchanges] == [503, 200]


def test_5xx_that_persists_is_a_transient_failure(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/down"] = Route(b"oops", status=500, content_type="text/plain")
    waits: list[float] = []
    with PoliteClient(replace(fast_options, backoff_seconds=1.0), sleep=waits.append) as client:
        result = client.fetch(server.url("/down"))
    assert result.status == 500 and result.transient
    assert server.hits("/down") == 3  # one try and two retries
    assert waits == [1.0, 2.0]  # doubling backoff


def test_retry_after_is_honoured(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/limited"] = [
        Route(b"slow down", status=429, content_type="text/plain", headers={"Retry-After": "7"}),
        Route(PAGE),
    ]
    waits: list[float] = []
    with PoliteClient(fast_options, sleep=waits.append) as client:
        assert client.fetch(server.url("/limited")).ok
    assert waits == [7.0]


def test_a_slow_server_times_out(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/slow"] = Route(PAGE, delay=1.5)
    options = replace(fast_options, timeout_seconds=0.3, retries=0)
    with PoliteClient(options) as client:
        result = client.fetch(server.url("/slow"))
    assert not result.ok and result.status == 0 and result.transient
    assert result.error is not None and "timeout" in result.error


def test_robots_txt_disallow_is_honoured(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/robots.txt"] = Route(
        b"User-agent: newsgraph-test\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n",
        content_type="text/plain",
    )
    server.routes["/private/a"] = Route(PAGE)
    server.routes["/public/a"] = Route(PAGE)
    with PoliteClient(fast_options) as client:
        blocked = client.fetch(server.url("/private/a"))
        allowed = client.fetch(server.url("/public/a"))
    assert blocked.error == "robots.txt disallows this URL"
    assert server.hits("/private/a") == 0
    assert allowed.ok
    assert server.hits("/robots.txt") == 1  # read once per site


def test_robots_txt_5xx_means_nothing_is_fetched(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/robots.txt"] = Route(b"", status=503, content_type="text/plain")
    server.routes["/a"] = Route(PAGE)
    with PoliteClient(replace(fast_options, retries=0)) as client:
        assert not client.fetch(server.url("/a")).ok
    assert server.hits("/a") == 0


def test_redirects_are_followed_up_to_a_limit(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(PAGE)
    server.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    with PoliteClient(replace(fast_options, max_redirects=3)) as client:
        moved = client.fetch(server.url("/old"))
        looping = client.fetch(server.url("/loop"))
    assert moved.ok and moved.final_url == server.url("/new")
    assert [e.status for e in moved.exchanges] == [301, 200]
    assert looping.error == "more than 3 redirects"
    assert server.hits("/loop") == 4


def test_a_redirect_into_a_disallowed_path_is_not_followed(
    server: LocalServer, fast_options: FetchOptions
) -> None:
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/go"] = Route(b"", status=302, headers={"Location": "/private/x"})
    with PoliteClient(fast_options) as client:
        result = client.fetch(server.url("/go"))
    assert result.error == "robots.txt disallows this URL"
    assert server.hits("/private/x") == 0


def test_oversize_pages_are_refused(server: LocalServer, fast_options: FetchOptions) -> None:
    big = b"<html><body>" + b"x" * 5000 + b"</body></html>"
    server.routes["/big"] = Route(big)
    server.routes["/big-stream"] = Route(big, chunked=True)
    with PoliteClient(replace(fast_options, max_bytes=1000)) as client:
        declared = client.fetch(server.url("/big"))
        streamed = client.fetch(server.url("/big-stream"))
    for result in (declared, streamed):
        assert not result.ok and not result.transient and result.body == b""
        assert result.error is not None and "limit" in result.error


def test_non_html_pages_are_refused_with_a_message(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/report.pdf"] = Route(b"%PDF-1.4 ...", content_type="application/pdf")
    with PoliteClient(fast_options) as client:
        result = client.fetch(server.url("/report.pdf"))
    assert result.error is not None and "application/pdf is not HTML" in result.error
    assert not result.transient


def test_conditional_requests_get_304(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/feed.xml"] = Route(b"<rss/>", content_type="application/rss+xml", etag='"v1"')
    with PoliteClient(fast_options) as client:
        first = client.fetch(server.url("/feed.xml"), accept="feed")
        again = client.fetch(server.url("/feed.xml"), accept="feed", etag=first.etag)
    assert first.ok and first.etag == '"v1"'
    assert again.not_modified and again.body == b""
    assert server.log[-1].headers["if-none-match"] == '"v1"'


def test_requests_to_one_host_are_paced(server: LocalServer, fast_options: FetchOptions) -> None:
    server.routes["/a"] = Route(PAGE)
    waits: list[float] = []
    with PoliteClient(replace(fast_options, host_interval_seconds=5.0), sleep=waits.append) as client:
        client.fetch(server.url("/a"))
        client.fetch(server.url("/a"))
    # robots.txt, then /a, then /a again: each after a wait of about the interval (sleep is faked).
    assert len(waits) == 2 and all(4.0 < w <= 5.0 for w in waits)


def test_a_refused_connection_is_a_transient_failure(fast_options: FetchOptions) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with PoliteClient(replace(fast_options, retries=0, honour_robots=False)) as client:
        result = client.fetch(f"http://127.0.0.1:{port}/")
    assert result.status == 0 and result.transient and result.error


def test_malformed_urls_fail_alone(fast_options: FetchOptions) -> None:
    with PoliteClient(replace(fast_options, honour_robots=False)) as client:
        for bad in ("http://[::1", "ftp://x.test/a", "http://exa mple.test/"):
            result = client.fetch(bad)
            assert not result.ok and result.error
