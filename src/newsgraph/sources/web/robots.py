"""robots.txt, one parsed file per scheme://host:port, kept for the life of a client.

Follows RFC 9309 on what an unreadable robots.txt means: a 4xx answer (there is none) allows
everything; a 5xx answer or a network error means the site is unreachable, so everything is
disallowed until the next poll asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# RFC 9309 asks crawlers to read at least 500 KiB; anything past it is ignored.
MAX_ROBOTS_BYTES = 512 * 1024
# A site asking for minutes between requests would stall a poll; honour it up to this many seconds.
MAX_CRAWL_DELAY_SECONDS = 30.0


@dataclass(frozen=True)
class RobotsAnswer:
    """What one robots.txt fetch returned: a status (0 for a network error) and the body."""

    status: int
    body: bytes


RobotsFetcher = Callable[[str], RobotsAnswer]


def site_key(url: str) -> str:
    """scheme://host[:port], the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsPolicy:
    """Answers `allowed(url)` for one user agent, fetching each site's robots.txt once."""

    def __init__(self, *, user_agent: str, fetch: RobotsFetcher) -> None:
        self.user_agent = user_agent
        self._fetch = fetch
        self._parsers: dict[str, RobotFileParser] = {}

    def _parser(self, url: str) -> RobotFileParser:
        key = site_key(url)
        parser = self._parsers.get(key)
        if parser is None:
            parser = RobotFileParser(f"{key}/robots.txt")
            answer = self._fetch(f"{key}/robots.txt")
            if 200 <= answer.status < 300:
                text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
                parser.parse(text.splitlines())
            elif 400 <= answer.status < 500:
                parser.allow_all = True  # type: ignore[attr-defined]
            else:
                parser.disallow_all = True  # type: ignore[attr-defined]
            self._parsers[key] = parser
        return parser

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self._agent_token(), url)

    def crawl_delay(self, url: str) -> float:
        """The site's Crawl-delay for us, capped; 0 when it names none."""
        delay = self._parser(url).crawl_delay(self._agent_token())
        return min(float(delay), MAX_CRAWL_DELAY_SECONDS) if delay else 0.0

    def _agent_token(self) -> str:
        # Robots groups name the product token ("newsgraph"), not the full User-Agent string.
        return self.user_agent.split("/", 1)[0].strip() or "*"
