"""One small local Ray instance (2 CPUs) for every Ray test under tests/scale/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    import ray

    from newsgraph.scale.runner import start_ray

    started = start_ray(address=None, num_cpus=2)
    yield
    if started:
        ray.shutdown()
