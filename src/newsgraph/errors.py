"""One exception tree. Each error has a code, names the offending file or field, and says what to do.

The CLI maps them to exit codes and one-line messages; the API maps them to one JSON error shape.
Inside the pipeline, a bad input is not an exception: readers yield a `ReadFailure` and the batch goes on.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(NewsgraphError):
    """An input file or record cannot be read or is not what it claims to be."""

    code = "input"
    exit_code = 2


class InputTooLargeError(InputError):
    code = "input_too_large"


class UnsupportedInputError(InputError):
    code = "unsupported_input"


class PipelineError(NewsgraphError):
    """A stage failed for a reason that is not the input's fault (model missing, bad settings)."""

    code = "pipeline"
    exit_code = 3


class ModelNotInstalledError(PipelineError):
    code = "model_missing"


class StoreError(NewsgraphError):
    """The database cannot be opened, migrated or written."""

    code = "store"
    exit_code = 4


class DatabaseInUseError(StoreError):
    code = "database_in_use"


class NotFoundError(NewsgraphError):
    """A story, event, entity or article id that the store does not hold."""

    code = "not_found"
    exit_code = 5


class EvaluationError(NewsgraphError):
    """A gold file is missing or not in the format its README describes."""

    code = "evaluation"
    exit_code = 6
