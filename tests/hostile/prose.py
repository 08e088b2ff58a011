"""Invented prose for the hostile corpus: good English articles and short texts in other scripts.

Every name here is made up for these tests; nothing is copied from any data set.
"""

from __future__ import annotations

import random

FIRST_NAMES = [
    "Alma",
    "Boris",
    "Celia",
    "Dario",
    "Edda",
    "Fenn",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Lev",
]
LAST_NAMES = ["Marsh", "Norden", "Okafor", "Prill", "Quist", "Rainer", "Sallow", "Tamm", "Ulvik", "Varo"]
TOWNS = [
    "Kesterby",
    "Lowmoor",
    "Brackenford",
    "Ostrava",
    "Porto",
    "Bergen",
    "Valletta",
    "Tartu",
    "Ghent",
    "Lyon",
]
ORGS = [
    "the Harbour Board",
    "the Tramway Union",
    "the Coastal Guard",
    "the Mill Workers Guild",
    "the Water Office",
]
ACTIONS = [
    ("was arrested", "police said"),
    ("was injured in a fall", "the hospital said"),
    ("opened a new bridge", "the council said"),
    ("resigned after a dispute", "colleagues said"),
    ("was elected chair", "the results showed"),
    ("signed a contract", "a spokesperson said"),
]
MONTHS = ["January", "March", "April", "June", "August", "October", "November"]

# Short texts written for these tests, one per language or script, each a plain news-like sentence.
FOREIGN_TEXTS = {
    "fr": "Le maire de la ville a inauguré un nouveau pont mardi. Les habitants étaient nombreux à la cérémonie, "
    "et la circulation reprendra normalement dès demain matin selon la préfecture.",
    "de": "Der Bürgermeister hat am Dienstag eine neue Brücke eröffnet. Viele Einwohner kamen zur Feier, "
    "und der Verkehr soll ab morgen früh wieder normal fließen, teilte die Stadt mit.",
    "es": "El alcalde inauguró un nuevo puente el martes. Muchos vecinos asistieron a la ceremonia y el "
    "tráfico volverá a la normalidad mañana por la mañana, según el ayuntamiento.",
    "pl": "Burmistrz otworzył we wtorek nowy most. Na uroczystość przyszło wielu mieszkańców, a ruch "
    "wróci do normy jutro rano, poinformował urząd miasta. Żółć, łódź, źdźbło.",
    "cs": "Starosta v úterý otevřel nový most. Na slavnost přišlo mnoho obyvatel a doprava se zítra ráno "
    "vrátí do normálu, uvedla radnice. Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "ru": "Мэр города во вторник открыл новый мост. На церемонию пришло много жителей, а движение "
    "транспорта завтра утром вернётся к норме, сообщила администрация города.",
    "el": "Ο δήμαρχος εγκαινίασε την Τρίτη μια νέα γέφυρα. Πολλοί κάτοικοι ήρθαν στην τελετή και η "
    "κυκλοφορία θα επανέλθει αύριο το πρωί, ανέφερε ο δήμος.",
    "ja": "市長は火曜日に新しい橋を開通させた。式典には多くの住民が集まり、交通は明日の朝に通常に戻ると市は発表した。",
    "zh": "市长周二为一座新桥举行了通车仪式。许多居民参加了仪式，市政府表示交通将于明天早上恢复正常。",
    "ko": "시장은 화요일에 새 다리를 개통했다. 많은 주민들이 행사에 참석했으며 교통은 내일 아침 정상화될 것이라고 시청이 밝혔다.",
    "ar": "افتتح رئيس البلدية جسرا جديدا يوم الثلاثاء. وحضر كثير من السكان الحفل، وقالت البلدية إن حركة المرور ستعود إلى طبيعتها صباح الغد.",
    "he": "ראש העיר פתח ביום שלישי גשר חדש. תושבים רבים הגיעו לטקס, והתנועה תחזור לשגרה מחר בבוקר, כך נמסר מהעירייה.",
}
# Which Python codec can carry each script (for the wrong-encoding cases).
LEGACY_CODECS = {
    "fr": ["latin-1", "cp1252", "mac_roman", "cp850"],
    "de": ["latin-1", "cp1252", "iso8859_15"],
    "es": ["latin-1", "cp1252"],
    "pl": ["cp1250", "iso8859_2"],
    "cs": ["cp1250", "iso8859_2"],
    "ru": ["koi8-r", "cp1251", "iso8859_5", "cp866"],
    "el": ["cp1253", "iso8859_7"],
    "ja": ["shift_jis", "euc_jp", "iso2022_jp"],
    "zh": ["gb2312", "gb18030", "big5hkscs"],
    "ko": ["euc_kr"],
    "ar": ["cp1256", "iso8859_6"],
    "he": ["cp1255", "iso8859_8"],
}


def good_article(index: int, *, rng: random.Random, accented: bool = False) -> tuple[str, str]:
    """(title, body) of a short, plausible, unique English news article."""
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    town = rng.choice(TOWNS)
    org = rng.choice(ORGS)
    action, attribution = rng.choice(ACTIONS)
    day = rng.randint(1, 28)
    month = rng.choice(MONTHS)
    if accented:
        person = person.replace("a", "á", 1).replace("o", "ö", 1)
        town = f"São {town}"
    title = f"{person} {action} in {town} (report {index})"
    body = (
        f"{person}, a member of {org}, {action} in {town} on {day} {month} 2025, {attribution}.\n\n"
        f"The case number {index} was registered the same day. Residents of {town} said they had "
        f"followed the news closely, and {org} promised a statement within a week.\n\n"
        f"{person} has not commented. A hearing is expected in {rng.choice(MONTHS)}."
    )
    return title, body


def long_sentence(words: int, *, rng: random.Random) -> str:
    vocabulary = [
        "the",
        "council",
        "said",
        "that",
        "river",
        "water",
        "rose",
        "again",
        "and",
        "people",
        "waited",
    ]
    return " ".join(rng.choice(vocabulary) for _ in range(words)) + "."
