"""Errors leave the Dagster shell with ID numbers masked.

Dagster stores the message and traceback of an exception that leaves an asset, a check or a sensor
in its run and event storage, and prints them: a `FileNotFoundError` for `补报_<ID>.xlsx` would put
the raw number there. `masked_errors` wraps such a function: an unexpected exception is raised again
as `dg.Failure` whose description (`Type: message`) and `traceback` metadata have every ID-looking
run masked, `from None`, so the original, unmasked exception is not chained into what Dagster
stores. Nothing is swallowed: the step still fails, with the same type name and message otherwise.
"""

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import dagster as dg

from pipelines.ingest.redact import masked, masked_error, masked_traceback

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def _masking() -> Iterator[None]:
    try:
        yield
    except dg.RetryRequested:
        raise
    except dg.Failure as failure:
        raise dg.Failure(
            description=masked(failure.description or ""),
            metadata={key: masked(value.value) for key, value in failure.metadata.items()},
            allow_retries=failure.allow_retries,
        ) from None
    except Exception as error:  # re-raised masked, never swallowed
        raise dg.Failure(
            description=masked_error(error),
            metadata={"error": type(error).__name__, "traceback": dg.MetadataValue.text(masked_traceback(error))},
        ) from None


def masked_errors(function: F) -> F:
    """Decorate an asset, check or sensor function (under Dagster's decorator): its errors leave it masked."""
    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with _masking():
                return (yield from function(*args, **kwargs))

        return generator  # type: ignore[return-value]

    @functools.wraps(function)
    def plain(*args: Any, **kwargs: Any) -> Any:
        with _masking():
            return function(*args, **kwargs)

    return plain  # type: ignore[return-value]
