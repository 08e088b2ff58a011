"""A small generated corpus for the crash and concurrency tests, and the helpers that run the CLI.

The articles are invented: a handful of people, towns and events recombined, so that some articles
share people and places (stories form) and a few are exact copies under another headline.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

PEOPLE = ["Alma Marsh", "Boris Norden", "Celia Okafor", "Dario Prill", "Edda Quist", "Fenn Rainer"]
TOWNS = ["Porto", "Bergen", "Valletta", "Tartu", "Ghent", "Lyon"]
EVENTS = [
    ("was arrested", "police said"),
    ("was attacked by two men", "witnesses said"),
    ("resigned", "the party said"),
    ("was elected mayor", "the results showed"),
    ("was injured in a crash", "the hospital said"),
]
MONTHS = ["March", "April", "May", "June"]


def write_corpus(folder: Path, count: int, *, seed: int = 7, extra_sentences: int = 0) -> list[Path]:
    """`count` small articles as .txt files (every tenth one a copy of the one before, retitled);
    `extra_sentences` makes each longer, so that parsing a batch takes a measurable time."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    previous_body = ""
    for number in range(count):
        person, town = rng.choice(PEOPLE), rng.choice(TOWNS)
        action, said = rng.choice(EVENTS)
        day, month = rng.randint(1, 28), rng.choice(MONTHS)
        title = f"{person} {action} in {town} (number {number})"
        body = (
            f"{person} {action} in {town} on {day} {month} 2025, {said}. "
            f"It was the {number}th such report this year. Officials in {town} promised an inquiry.\n"
        )
        body += "".join(
            f"{rng.choice(PEOPLE)} said on {rng.randint(1, 28)} {rng.choice(MONTHS)} that {town} "
            f"would {rng.choice(['rebuild', 'review', 'close', 'fund'])} the {rng.choice(['port', 'school', 'bridge'])}.\n"
            for _ in range(extra_sentences)
        )
        if number % 10 == 9 and previous_body:
            body = previous_body  # an exact copy under another headline
        previous_body = body
        path = folder / f"article_{number:04d}.txt"
        path.write_text(f"{title}\n\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def newsgraph_command(*args: str) -> list[str]:
    """The CLI as a subprocess, through the interpreter running the tests (no PATH lookup)."""
    return [sys.executable, "-c", "from newsgraph.cli.main import app; app()", *args]


TEST_WRITE_BATCH = 64


def cli_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NEWSGRAPH_DB", None)
    env["NEWSGRAPH_CONFIG"] = os.devnull  # no newsgraph.toml from the working directory
    env["NEWSGRAPH_STORE_WRITE_BATCH"] = str(TEST_WRITE_BATCH)  # several transactions in a small corpus
    return env


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        newsgraph_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_environment(),
        stdin=subprocess.DEVNULL,
        check=False,
    )


LOCK_HOLDER = """
import sys
from newsgraph.store.db import Store
with Store(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


def hold_database(db: str) -> subprocess.Popen[str]:
    """Another process holding the database open for writing, as a running ingest does, until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli_environment(),
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder
