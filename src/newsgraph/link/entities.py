"""Entity names across articles: a surname alone in one article is the full name known from others.

Within one article `extract.entities` already maps "Kuzminov" to "Maksim Kuzminov". Across articles,
an article that only ever says "Varga" is linked to "Tomas Varga" when exactly one known person
(in the batch or in the store) has that surname; with two candidates ("Skripal": Sergei or Yulia)
the short name stays as it is, because a wrong merge is worse than a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from newsgraph.model import ArticleAnalysis, Entity, Participant


def last_token(name: str) -> str:
    return name.rsplit(maxsplit=1)[-1].casefold() if name.strip() else ""


def full_names_by_surname(analyses: Iterable[ArticleAnalysis]) -> dict[str, set[str]]:
    """Surname -> multi-word PERSON names in these analyses."""
    found: dict[str, set[str]] = {}
    for analysis in analyses:
        for entity in analysis.entities:
            if entity.type == "PERSON" and len(entity.name.split()) > 1:
                found.setdefault(last_token(entity.name), set()).add(entity.name)
    return found


def resolve_short_names(
    analyses: list[ArticleAnalysis], *, stored: Callable[[list[str]], Mapping[str, set[str]]]
) -> list[ArticleAnalysis]:
    """Each article with its one-word PERSON names replaced by the unique full name, where there is one."""
    in_batch = full_names_by_surname(analyses)
    short = {
        e.name.casefold()
        for a in analyses
        for e in a.entities
        if e.type == "PERSON" and len(e.name.split()) == 1
    }
    known = {k: set(v) for k, v in stored(sorted(short)).items()}
    for surname, names in in_batch.items():
        known.setdefault(surname, set()).update(names)
    out = []
    for analysis in analyses:
        mapping = {
            e.name: next(iter(known[e.name.casefold()]))
            for e in analysis.entities
            if e.type == "PERSON" and len(e.name.split()) == 1 and len(known.get(e.name.casefold(), ())) == 1
        }
        out.append(_rename(analysis, mapping) if mapping else analysis)
    return out


def _rename(analysis: ArticleAnalysis, mapping: Mapping[str, str]) -> ArticleAnalysis:
    old_ids = {Entity.make_id(short, "PERSON"): full for short, full in mapping.items()}
    mentions = tuple(
        replace(m, canonical=mapping[m.canonical]) if m.label == "PERSON" and m.canonical in mapping else m
        for m in analysis.mentions
    )
    entities: dict[str, Entity] = {}
    for entity in analysis.entities:
        renamed_entity = entity
        if entity.type == "PERSON" and entity.name in mapping:
            full = mapping[entity.name]
            aliases = tuple(sorted({*entity.aliases, entity.name}))
            renamed_entity = Entity(
                id=Entity.make_id(full, "PERSON"), name=full, type="PERSON", aliases=aliases
            )
        if renamed_entity.id in entities:
            merged = sorted(set(entities[renamed_entity.id].aliases) | set(renamed_entity.aliases))
            renamed_entity = replace(entities[renamed_entity.id], aliases=tuple(merged))
        entities[renamed_entity.id] = renamed_entity

    def renamed(p: Participant) -> Participant:
        full = old_ids.get(p.entity_id)
        return Participant(Entity.make_id(full, "PERSON"), full, p.role) if full else p

    events = tuple(
        replace(ev, participants=tuple(renamed(p) for p in ev.participants)) for ev in analysis.events
    )
    return replace(analysis, mentions=mentions, entities=tuple(entities.values()), events=events)
