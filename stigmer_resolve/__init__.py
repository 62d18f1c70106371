"""Decide which LLM to call, and how: ``resolve(mode, os.environ, override)``.

The core is pure and standard-library only; the SDK client builders live in
``stigmer_resolve.clients`` and import their SDK only when called.
"""

from __future__ import annotations

from collections.abc import Mapping

from .cascade import resolve
from .config import ConfigError, ConfigurationError, ConfigWarning, LLMConfig, Override, Secret

__all__ = [
    "ConfigError",
    "ConfigWarning",
    "ConfigurationError",
    "LLMConfig",
    "Override",
    "Secret",
    "__version__",
    "resolve",
    "resolve_or_raise",
]

__version__ = "0.1.0"


def resolve_or_raise(mode: object, env: Mapping[str, str], override: object = None) -> LLMConfig:
    """Resolve like resolve(), but raise ConfigurationError (a ValueError) listing every error.

    Raises:
        ConfigurationError: with ``errors``, the tuple resolve() would have returned.
    """
    result = resolve(mode, env, override)
    if isinstance(result, LLMConfig):
        return result
    raise ConfigurationError(result)
