"""The store as Parquet partitions: written after a run, queried in place, or loaded into a DuckDB store.

Layout: one folder per table. The four tables people query by time or kind are Hive-partitioned
(`articles/month=2025-04/data_0.parquet`, `events/month=...`, `stories/month=...`,
`entities/entity_type=PERSON/...`), so a query engine reads only the months it needs; the other tables
(mentions, bands, ...) are plain files. Loading them back gives the same store, table by table.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import StoreError
from newsgraph.store.db import Store

# table -> the expression its partition column is computed from (None: not partitioned).
PARTITIONS: dict[str, tuple[str, str] | None] = {
    "articles": ("month", "coalesce(strftime(published, '%Y-%m'), 'undated')"),
    "events": ("month", "coalesce(strftime(date_start, '%Y-%m'), 'undated')"),
    "stories": ("month", "coalesce(strftime(start_date, '%Y-%m'), 'undated')"),
    "entities": ("entity_type", "type"),
}
# Tables that belong to the running store, not to its content.
NOT_EXPORTED = frozenset({"schema_migrations"})


def _tables(store: Store) -> list[str]:
    rows = store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in NOT_EXPORTED]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def write_partitions(db_path: str, out_dir: str | Path) -> dict[str, int]:
    """Write every content table of the store under `out_dir`; returns rows written per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with Store(db_path, read_only=True) as store:
        for table in _tables(store):
            counts[table] = int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
            target = out / table
            partition = PARTITIONS.get(table)
            if partition is None:
                target.mkdir(exist_ok=True)
                sql = f"COPY {table} TO {_quote(target / 'data_0.parquet')} (FORMAT PARQUET)"
            else:
                column, expression = partition
                sql = (
                    f"COPY (SELECT *, {expression} AS {column} FROM {table}) TO {_quote(target)} "  # noqa: S608
                    f"(FORMAT PARQUET, PARTITION_BY ({column}), OVERWRITE_OR_IGNORE)"
                )
            store.con.execute(sql)
    return counts


def load_partitions(out_dir: str | Path, db_path: str) -> dict[str, int]:
    """Load partitions written by `write_partitions` into the store at `db_path` (created if new)."""
    root = Path(out_dir)
    if not root.is_dir():
        raise StoreError("no Parquet partitions here", where=str(root), hint="run ingest with --parquet-out")
    counts: dict[str, int] = {}
    with Store(db_path) as store:
        for table in _tables(store):
            files = sorted((root / table).rglob("*.parquet")) if (root / table).is_dir() else []
            if not files:
                continue
            partition = PARTITIONS.get(table)
            extra = f" EXCLUDE ({partition[0]})" if partition else ""
            source = f"read_parquet({_quote(root / table / '**' / '*.parquet')}, hive_partitioning = true)"
            store.con.execute(f"INSERT INTO {table} BY NAME SELECT *{extra} FROM {source}")  # noqa: S608
            counts[table] = int(store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    return counts
