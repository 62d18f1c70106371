"""What the tests share: resolving with assertions, random keys, and the variables the package reads."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable
from typing import TypeVar

from stigmer_resolve import READ, LLMConfig, Problem, resolve
from stigmer_resolve.providers import PROVIDERS
from stigmer_resolve.settings import OVERRIDE_SYNONYMS, POLICIES, SETTINGS

#: Every variable resolve() reads, from the package itself.
DOCUMENTED_KEYS = READ
#: Every key an override may hold.
OVERRIDE_KEYS = (*(row.name for row in SETTINGS), *OVERRIDE_SYNONYMS)
#: The STIGMER_LLM_* variable of each setting.
STIGMER_VARS = {row.name: row.env for row in (*SETTINGS, *POLICIES)}
PROVIDER_NAMES = tuple(sorted(PROVIDERS))


def key(prefix: str = "sk-ant-") -> str:
    """Return a random key of a real key's length, with ``prefix`` (its vendor's shape, or none)."""
    return prefix + secrets.token_urlsafe(32)


def plain_key() -> str:
    """Return a random key of no vendor's shape (a gateway's or a local server's)."""
    return "gw-" + secrets.token_urlsafe(32)


def ok(mode: object, env: dict[str, str] | None = None, override: object = None, **kw: object) -> LLMConfig:
    """Resolve, asserting a config."""
    result = resolve(mode, env or {}, override, **kw)
    assert isinstance(result, LLMConfig), result
    return result


def errors(
    mode: object, env: dict[str, str] | None = None, override: object = None, **kw: object
) -> tuple[Problem, ...]:
    """Resolve, asserting problems."""
    result = resolve(mode, env or {}, override, **kw)
    assert isinstance(result, tuple) and result, result
    return result


def sources_of(found: tuple[Problem, ...]) -> set[str | None]:
    return {problem.source for problem in found}


T = TypeVar("T")


def run_in_a_loop(call: Awaitable[T]) -> T:
    """asyncio.run(call), closing the async clients the loop kept before it ends (as a worker does at shutdown)."""
    from stigmer_resolve.clients import aclose_clients

    async def main() -> T:
        try:
            return await call
        finally:
            await aclose_clients()

    return asyncio.run(main())
