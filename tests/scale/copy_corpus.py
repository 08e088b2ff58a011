"""A hand-written corpus for the copy shuffles: every case `link_batch` tells apart, in batches of 3.

`PREVIOUS` is ingested first (a previous ingest, already stored); `NEW` is then read in this order, so
with BATCH = 3 its positions 0-2, 3-5, ... are one link batch each (the read failure counts). The
variants are the texts below with words replaced at fixed positions; the positions were chosen (a
search over random samples) so that the properties the comments state hold, and
`test_copy_shuffle.py` asserts that they do.
"""

from __future__ import annotations

from tests.link.copy_fixtures import INDEPENDENT, ORIGINAL, REWRITE

BATCH = 3

STRIKE = (
    "Dock workers at the port of Aldmouth walked out on Monday morning in a dispute over night shifts, "
    "leaving more than forty container ships waiting at anchor in the bay. The union said its members "
    "would stay off the quays until the port authority withdrew a plan to cut the crews of the night "
    "cranes from four people to three. Harbour master Olga Trent said the authority had offered talks "
    "on Wednesday and that perishable cargo, mostly fruit from the south, would be moved to the rail "
    "terminal at Kessing. Farmers warned that a strike lasting more than a week would cost them the "
    "season. The last walkout at Aldmouth, in the spring of 2019, lasted eleven days and ended with a "
    "pay rise of six percent. Shipping lines said they would divert some vessels to the smaller port of "
    "Brae, where the quays can take only two ships at a time."
)
ELECTION = (
    "Voters in the northern province of Lenmark elected a new regional council on Sunday, with turnout "
    "falling to its lowest level since the province was created. The Farmers' League kept its place as "
    "the largest party but lost its majority, and its leader, Tomas Ek, said he would seek a coalition "
    "with the Greens before the end of the month. The Greens doubled their seats, winning most of the "
    "towns along the coast, where a planned motorway has divided residents for years. Election officials "
    "said counting was delayed in three mountain districts after snow closed the roads to the village "
    "polling stations. The new council meets for the first time on the fifth of May and must pass a "
    "budget for the province's hospitals before the summer."
)


def replaced(text: str, positions: list[int], tag: str) -> str:
    """`text` with the words at `positions` (split on spaces) replaced by `<tag><position>`."""
    words = text.split(" ")
    for position in positions:
        words[position] = f"{tag}{position}"
    return " ".join(words)


# Two edits of REWRITE, one in each half: each estimates 0.75 against REWRITE, 0.5625 against each
# other (so neither is a copy of the other), and TIE_B shares band 0 with REWRITE, TIE_A band 16 first.
TIE_A = replaced(REWRITE, [16, 30, 47, 60, 69, 74, 75, 77, 80], "a")
TIE_B = replaced(REWRITE, [109, 116, 132, 137, 141, 168, 178, 185, 215], "b")
STRIKE_NEAR = replaced(STRIKE, [20, 90], "n")
STRIKE_NEAR_NEAR = replaced(STRIKE_NEAR, [50, 120], "m")
# 0.578 against STRIKE, just under NEAR_THRESHOLD, yet sharing band 4 with it: compared, not a copy.
STRIKE_FAR = replaced(STRIKE, [0, 9, 20, 37, 66, 95, 120, 124, 146, 150], "f")
ELECTION_NEAR = replaced(ELECTION, [10, 60], "e")
ELECTION_NEAR_2 = replaced(ELECTION, [30, 100], "g")

# (name, title, body); the name is the file name (the article's identity) without ".txt".
PREVIOUS = [
    ("p0_flood", "Varna floods Brellin", ORIGINAL),
    ("p1_independent", "Rescuers reach Brellin", INDEPENDENT),
]
NEW: list[tuple[str, str, str] | None] = [  # None: an input that cannot be read
    ("n00_flood_exact", "Thousands flee as the Varna rises", ORIGINAL),  # exact, of a stored article
    (
        "n01_independent_near",
        "Brellin rescue goes on",
        replaced(INDEPENDENT, [12, 40, 77], "i"),
    ),  # near, stored
    None,
    ("n03_tie_a", "Varna river bursts its banks", TIE_A),
    ("n04_tie_b", "Varna floods homes", TIE_B),
    ("n05_tie_x", "Flood forces 3,400 from homes", REWRITE),  # near, a tie in its batch: TIE_B visited first
    ("n06_tie_x_exact", "Flood: 3,400 leave", REWRITE),  # exact, of n05 (an earlier batch): n05's original
    ("n07_strike", "Aldmouth dockers strike", STRIKE),
    ("n08_strike_near", "Dockers walk out at Aldmouth", STRIKE_NEAR),  # near, of n07 in its batch
    ("n09_strike_near_near", "Ships wait off Aldmouth", STRIKE_NEAR_NEAR),  # near n08 (stored): n07
    ("n10_strike_far", "Aldmouth port strike", STRIKE_FAR),  # under the threshold: no copy
    ("n07_strike", "Aldmouth dockers strike", STRIKE),  # n07 again: the same id, unchanged
    ("p1_independent", "Rescuers reach Brellin", INDEPENDENT),  # stored already: unchanged
    ("n13_election", "Lenmark votes", ELECTION),  # its analysis fails (in the no-spaCy test)
    ("n14_election_near", "Lenmark elects a council", ELECTION_NEAR),  # names n13: looked up instead
    ("n15_election_near_2", "Farmers' League loses majority", ELECTION_NEAR_2),  # near n14
]
# NEW's first half for an incremental ingest: a whole number of batches, so both halves cut the same.
FIRST_HALF = 6
