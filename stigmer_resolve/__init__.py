"""Decide which LLM to call, and how: ``resolve(mode, os.environ, override)``.

The core is pure and standard-library only. The SDK client builders live in
``stigmer_resolve.clients``, the LangChain builders in ``stigmer_resolve.langchain``
and the file readers in ``stigmer_resolve.files``; each imports its third-party
packages only when called.
"""

from __future__ import annotations

from collections.abc import Mapping

from .cascade import READ, resolve
from .config import (
    ConfigurationError,
    Finding,
    Fix,
    LLMConfig,
    Notice,
    Origin,
    Override,
    Problem,
    Secret,
    Sourced,
)

__all__ = [
    "READ",
    "ConfigurationError",
    "Finding",
    "Fix",
    "LLMConfig",
    "Notice",
    "Origin",
    "Override",
    "Problem",
    "Secret",
    "Sourced",
    "__version__",
    "resolve",
    "resolve_or_raise",
]

__version__ = "0.2.0"

#: The names of 0.1, kept so that old imports work: a ConfigError is a Problem, a ConfigWarning a Notice.
ConfigError = Problem
ConfigWarning = Notice


def resolve_or_raise(
    mode: object, env: Mapping[str, str | Sourced], override: object = None, *, file: object = None
) -> LLMConfig:
    """Resolve like resolve(), but raise ConfigurationError (a ValueError) listing every problem.

    Raises:
        ConfigurationError: with ``errors``, the tuple resolve() would have returned.
    """
    result = resolve(mode, env, override, file=file)
    if isinstance(result, LLMConfig):
        return result
    raise ConfigurationError(result)
