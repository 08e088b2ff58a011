"""A generated news corpus for the speed benchmarks: JSON Lines, streamed, never held in memory.

Each article is a headline plus 8-16 news-like sentences built from pools of invented people,
organisations, real cities, dates and event verbs, so the model finds names, places, dates and events
the way it does in real news, and no two originals are near-duplicates (each draws its own cast, place,
date and sentence mix). A share of the articles (`copy_rate`) are copies of a recent earlier article:
half exact (the same body, sometimes under another headline and outlet), half near (a few words
changed and a sentence added), as wire copies and lightly edited republications are.

Usage: python benchmarks/corpus_gen.py --articles 10000 --copy-rate 0.3 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from collections import deque
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Boris Clara Daniel Elena Farid Grace Hassan Irina Jonas Karim Lena Marco Nadia Oleg Priya "
    "Rafael Sofia Tomas Ursula Viktor Wanda Yusuf Zara Adrian Beatriz Carlos Dmitri Esther Felix Hana "
    "Ivan Julia Kofi Leila Mateo Noor Pavel Rosa Samir Tanya Omar Ines Lucas Mira"
)
LAST_NAMES = _words(
    "Petrova Novak Haddad Okafor Lindqvist Moreau Castillo Brennan Kowalski Tanaka Mendes Varga "
    "Schneider Rahman Ivanova Costa Fischer Nakamura Dubois Herrera Sokolov Jensen Adeyemi Rossi "
    "Kaplan Marin Volkov Santos Bauer Yilmaz Horvat Laine Quinn Demir Popescu Otieno Weber Alvarez"
)
ORG_STEMS = _words(
    "Northern Grain Harbor Civic Atlas Meridian Summit Union Coastal Delta Granite Pioneer Horizon "
    "Liberty Crescent Sterling Beacon Frontier Heritage Keystone"
)
ORG_KINDS = (
    "Party",
    "Bank",
    "Energy Company",
    "Workers Union",
    "Rights Group",
    "Airlines",
    "Ministry of Health",
    "University",
    "Shipping Group",
    "Press Association",
)
CITIES = _words(
    "Paris Berlin Madrid Lisbon Rome Vienna Warsaw Prague Budapest Athens Istanbul Cairo Nairobi "
    "Lagos Johannesburg Mumbai Delhi Karachi Dhaka Jakarta Manila Bangkok Hanoi Seoul Tokyo Beijing "
    "Sydney Toronto Chicago Houston Boston Denver Seattle Lima Bogota Santiago Caracas Havana Kyiv "
    "Minsk Riga Vilnius Tallinn Helsinki Oslo Stockholm Copenhagen Dublin Brussels Amsterdam Geneva "
    "Milan Naples Marseille Lyon Porto Seville Valencia Krakow Odesa Tbilisi Yerevan Baku Almaty "
    "Tashkent Kabul Tehran Baghdad Beirut Amman Riyadh Doha Dubai Khartoum Addis Ababa Kampala "
    "Kinshasa Accra Dakar Algiers Tunis"
)
COUNTRIES = _words(
    "France Germany Spain Portugal Italy Austria Poland Greece Turkey Egypt Kenya Nigeria India "
    "Pakistan Indonesia Thailand Vietnam Japan Brazil Peru Colombia Chile Ukraine Georgia Iraq "
    "Lebanon Jordan Sudan Ethiopia Uganda Ghana Senegal Algeria Tunisia Canada Mexico Argentina "
    "Norway Sweden Finland"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = ("Daily Ledger", "Morning Post", "Evening Courier", "Wire Service", "City Herald", "Radio News")

# (headline template, sentence templates): {p}, {q} people, {o} an organisation, {c} a city,
# {n} a country, {d} a date phrase, {k} a number.
EVENTS = (
    (
        "{p} attacked outside home in {c}",
        (
            "{p}, a journalist who works for the {o}, was attacked by two men outside her home in {c} "
            "on {d}, "
            "police said.",
            "Police in {c} said they had arrested a suspect and were searching for a second man.",
            "{q}, a spokesperson for the {o}, condemned the attack and called for a full investigation.",
        ),
    ),
    (
        "Flooding kills {k} in {c}",
        (
            "Heavy flooding killed at least {k} people in {c} on {d}, officials said.",
            "Rescue teams evacuated thousands of residents as the river burst its banks.",
            "{p}, the mayor of {c}, said the city would need weeks to recover.",
        ),
    ),
    (
        "{n} expels diplomats after spy row",
        (
            "{n} expelled {k} diplomats on {d}, accusing them of spying for a foreign government.",
            "Foreign minister {p} said the diplomats had 72 hours to leave the country.",
            "The embassy in {c} called the decision unjustified and promised to respond.",
        ),
    ),
    (
        "Workers strike at {o} in {c}",
        (
            "Thousands of workers at the {o} went on strike in {c} on {d}, demanding higher wages.",
            "Union leader {p} said the strike would continue until the company returned to talks.",
            "{q}, the chief executive of the {o}, said the demands were not affordable.",
        ),
    ),
    (
        "Protesters clash with police in {c}",
        (
            "Protesters clashed with police in central {c} on {d}, and {k} people were injured.",
            "Police fired tear gas after demonstrators threw stones at officers near the parliament.",
            "Opposition leader {p} blamed the government for the violence and called for new elections.",
        ),
    ),
    (
        "{p} elected president of {n}",
        (
            "{p} won the presidential election in {n} on {d} with {k} percent of the vote.",
            "Supporters celebrated in the streets of {c} as the results were announced.",
            "Rival candidate {q} conceded defeat and congratulated the winner.",
        ),
    ),
    (
        "Court sentences {p} to {k} years",
        (
            "A court in {c} sentenced {p} to {k} years in prison on {d} for fraud and money laundering.",
            "Prosecutors said {p} had stolen millions from the {o} over several years.",
            "Defence lawyer {q} said his client would appeal the verdict.",
        ),
    ),
    (
        "Earthquake hits {n}, {k} dead",
        (
            "A powerful earthquake struck eastern {n} on {d}, killing at least {k} people.",
            "Buildings collapsed in {c}, and rescuers searched the rubble through the night.",
            "Health minister {p} said hospitals were treating hundreds of injured people.",
        ),
    ),
    (
        "{o} signs deal with {n}",
        (
            "The {o} signed an agreement with the government of {n} in {c} on {d}.",
            "The deal, worth {k} million dollars, will fund new roads and schools, officials said.",
            "{p}, who negotiated the agreement, said it would create thousands of jobs.",
        ),
    ),
    (
        "Explosion at factory near {c}",
        (
            "An explosion at a chemical factory near {c} killed {k} workers on {d}.",
            "Firefighters battled the blaze for hours before bringing it under control.",
            "{p}, a regional official, said an investigation into the cause had begun.",
        ),
    ),
)
FILLERS = (
    "{p} told reporters in {c} that the situation remained tense.",
    "The {o} said in a statement that it was monitoring events closely.",
    "Officials in {n} did not respond to requests for comment.",
    "Local media reported that {k} people had been detained.",
    "{q} said the authorities had failed to act on earlier warnings.",
    "The incident drew criticism from rights groups in {c} and abroad.",
    "Residents said they had heard loud noises late on {d}.",
    "Analysts said the events could affect relations between {n} and its neighbours.",
    "A spokesperson for the {o} declined to give further details.",
    "The government of {n} promised to publish a full report within {k} days.",
    "{p} said more than {k} families had been affected.",
    "Television pictures showed crowds gathering outside the town hall in {c}.",
    "Last year, {q} led a similar campaign in {c}.",
    "The {o} has operated in {n} for more than {k} years.",
)
SWAP_WORDS = {"said": "stated", "people": "residents", "officials": "authorities", "city": "town"}


def _date_phrase(rng: random.Random, published: date) -> str:
    choice = rng.random()
    if choice < 0.4:
        return WEEKDAYS[(published - timedelta(days=rng.randint(0, 3))).weekday()]
    day = published - timedelta(days=rng.randint(0, 6))
    return f"{day.day} {day.strftime('%B')} {day.year}" if choice < 0.8 else day.strftime("%B %d, %Y")


def _original(rng: random.Random, number: int) -> dict[str, str]:
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    other = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    cast = {
        "p": person,
        "q": other,
        "o": f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_KINDS)}",
        "c": rng.choice(CITIES),
        "n": rng.choice(COUNTRIES),
        "d": _date_phrase(rng, published),
        "k": str(rng.randint(2, 90)),
    }
    headline, core = rng.choice(EVENTS)
    sentences = list(core)
    sentences += rng.sample(FILLERS, rng.randint(5, 10))
    # A second event of another kind in some articles, as real reports mix incidents.
    if rng.random() < 0.4:
        sentences += rng.choice(EVENTS)[1][:2]
    rest = sentences[1:]
    rng.shuffle(rest)  # the lead sentence stays first, as in a news report
    paragraphs: list[str] = []
    current: list[str] = []
    for sentence in [sentences[0], *rest]:
        current.append(sentence.format(**cast))
        if len(current) >= rng.randint(2, 3):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return {
        "url": f"https://news.example/{number}",
        "title": headline.format(**cast),
        "published": published.isoformat(),
        "source": rng.choice(OUTLETS),
        "text": "\n\n".join(paragraphs),
    }


def _near_copy(rng: random.Random, original: dict[str, str], number: int) -> dict[str, str]:
    words = original["text"].split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        words[i] = SWAP_WORDS.get(words[i], words[i])
    text = " ".join(words) + "\n\nThis report was updated with additional details."
    return {**original, "url": f"https://news.example/{number}", "source": rng.choice(OUTLETS), "text": text}


def _exact_copy(rng: random.Random, original: dict[str, str], number: int) -> dict[str, str]:
    copy = {**original, "url": f"https://news.example/{number}", "source": rng.choice(OUTLETS)}
    if rng.random() < 0.5:
        copy["title"] = f"{original['title']} - {copy['source']}"
    return copy


def generate(articles: int, *, copy_rate: float = 0.0, seed: int = 7) -> Iterator[dict[str, str]]:
    """`articles` records; copies pick an original among the last 500 (a bounded window: streamed)."""
    rng = random.Random(seed)
    recent: deque[dict[str, str]] = deque(maxlen=500)
    for number in range(articles):
        if recent and rng.random() < copy_rate:
            original = rng.choice(recent)
            if rng.random() < 0.5:
                yield _exact_copy(rng, original, number)
            else:
                yield _near_copy(rng, original, number)
            continue
        record = _original(rng, number)
        recent.append(record)
        yield record


def write_corpus(path: Path, articles: int, *, copy_rate: float = 0.0, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in generate(articles, copy_rate=copy_rate, seed=seed):
            out.write(json.dumps(record) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--copy-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_corpus(args.out, args.articles, copy_rate=args.copy_rate, seed=args.seed)


if __name__ == "__main__":
    main()
