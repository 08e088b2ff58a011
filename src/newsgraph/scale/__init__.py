"""Scale-out on Ray Data (`newsgraph ingest --engine ray`). Only this package imports ray.

`runner.ray_ingest` reads and analyses on a Ray actor pool and links + stores in the driver, with
copies (`copies`) and the event merge (`shuffle`) as shuffles on the cluster; `partitions` writes the
store as Parquet partitions and loads them back. See docs/SCALING.md.
"""

from __future__ import annotations

from newsgraph.scale.partitions import load_partitions, write_partitions
from newsgraph.scale.runner import ray_ingest

__all__ = ["load_partitions", "ray_ingest", "write_partitions"]
