"""The provider facts, as data: adding a provider means adding a row to ``_ROWS``.

A row that speaks an API the SDK edge already knows (``anthropic``, ``openai``,
``ollama``) needs nothing else: a vLLM or LM Studio preset is one row with
``api="openai"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import models
from .record import Record

# typing costs about 5 ms at start-up, and nothing else on the import path needs it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    Api: TypeAlias = Literal["anthropic", "openai", "ollama"]
    Dialect: TypeAlias = Literal["url", "host"]
    KeyRule: TypeAlias = Literal["always", "at-default-host", "never"]
else:
    Api = Dialect = KeyRule = str

__all__ = ["MODES", "PROVIDERS", "Api", "Dialect", "KeyRule", "Provider", "family_of", "model_setting", "split_model"]

#: The provider each mode picks when no layer chooses one.
MODES: Mapping[str, str] = MappingProxyType({"local": "ollama", "cloud": "anthropic"})


class Provider(Record):
    """One provider's facts.

    Attributes:
        name: The provider name, lower case.
        api: The wire API it speaks, which decides the SDK that builds its clients.
        extra: The pip extra that installs that SDK.
        base_url: The default endpoint.
        url_dialect: ``url`` (an absolute http(s) URL) or ``host`` (OLLAMA_HOST's syntax).
        path_v1: ``strip`` (a trailing /v1 is the wrong endpoint, dropped with a warning)
            or ``expect`` (a base path should end in /v1).
        path_v1_why: Why, in the warning that rule gives.
        key_vars: The provider's own API key variables, highest first.
        url_vars: The provider's own endpoint variables, highest first.
        key_required: ``always``, ``at-default-host`` (only for base_url's host) or ``never``.
        aliases: ``fast``, ``balanced`` and ``powerful`` model ids; ``balanced`` is the default.
        max_tokens: The default maximum number of tokens to generate.
        temperature: The default temperature (None: send none).
        unsupported: Settings its API does not take: a value given is dropped with a warning.
        families: Model-name prefixes of this provider's families. A prefix ending in a
            letter matches only whole words (``phi`` matches ``phi4``, not ``phish``).
        tagged_names: Whether ``name:tag`` model names belong to this provider.
        key_prefixes: Prefixes of this provider's API keys (to spot a key given to the wrong one).
        known_models: Ids the SDK lists; a near miss gets a did-you-mean warning.
        retiring: Model id to announced retirement date.
        dotted_ids: Whether ``claude-sonnet-4.5`` style names map to hyphenated ids.
    """

    name: str
    api: Api
    extra: str
    base_url: str
    url_dialect: Dialect
    path_v1: str
    path_v1_why: str
    key_vars: tuple[str, ...]
    url_vars: tuple[str, ...]
    key_required: KeyRule
    aliases: Mapping[str, str]
    max_tokens: int
    temperature: float | None
    unsupported: frozenset[str]
    families: tuple[str, ...]
    tagged_names: bool
    key_prefixes: tuple[str, ...]
    known_models: frozenset[str]
    retiring: Mapping[str, str]
    dotted_ids: bool


def _ids(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _dates(groups: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({model: date for date, ids in groups.items() for model in ids.split()})


_ROWS = (
    Provider(
        name="anthropic",
        api="anthropic",
        extra="anthropic",
        base_url="https://api.anthropic.com",
        url_dialect="url",
        path_v1="strip",
        path_v1_why="the trailing /v1 was dropped: the SDK appends /v1/messages itself",
        key_vars=("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
        url_vars=("ANTHROPIC_BASE_URL",),
        key_required="always",
        aliases=MappingProxyType(
            {"fast": "claude-haiku-5-5", "balanced": "claude-sonnet-5-5", "powerful": "claude-opus-5-5"}
        ),
        max_tokens=20000,
        temperature=None,
        unsupported=frozenset({"temperature", "num_ctx"}),  # the SDK's messages.create takes no temperature
        families=("claude-",),
        tagged_names=False,
        key_prefixes=("sk-ant-",),
        known_models=_ids(models.ANTHROPIC_MODELS),
        retiring=_dates(models.ANTHROPIC_RETIRING),
        dotted_ids=True,
    ),
    Provider(
        name="ollama",
        api="ollama",
        extra="ollama",
        base_url="http://localhost:11434",
        url_dialect="host",
        path_v1="strip",
        path_v1_why="the trailing /v1 was dropped: /v1 is Ollama's OpenAI-compatible API, not its native one",
        key_vars=("OLLAMA_API_KEY",),
        url_vars=("OLLAMA_HOST", "OLLAMA_BASE_URL"),
        key_required="never",
        aliases=MappingProxyType(
            {"fast": "qwen2.5-coder:1.5b", "balanced": "qwen2.5-coder:7b", "powerful": "qwen2.5-coder:32b"}
        ),
        max_tokens=8192,
        temperature=0.0,
        unsupported=frozenset(),
        # The model families most pulled from the Ollama library (ollama.com/library, November 2026),
        # as people write them untagged: llama3, qwen2.5-coder, deepseek-r1, mistral, gpt-oss, ...
        families=(
            "llama",
            "qwen",
            "deepseek",
            "mistral",
            "mixtral",
            "gemma",
            "phi",
            "gpt-oss",
            "codellama",
            "tinyllama",
            "qwq",
            "codegemma",
            "starcoder",
            "granite",
            "llava",
            "smollm",
            "olmo",
            "devstral",
            "magistral",
            "command-r",
            "nemotron",
            "dolphin",
            "orca-mini",
            "vicuna",
            "wizardlm",
            "falcon",
            "yi",
        ),
        tagged_names=True,
        key_prefixes=(),
        known_models=frozenset(),
        retiring=MappingProxyType({}),
        dotted_ids=False,
    ),
    Provider(
        name="openai",
        api="openai",
        extra="openai",
        base_url="https://api.openai.com/v1",
        url_dialect="url",
        path_v1="expect",
        path_v1_why="the path does not end in /v1, where OpenAI-compatible servers serve their API",
        key_vars=("OPENAI_API_KEY",),
        url_vars=("OPENAI_BASE_URL", "OPENAI_API_BASE"),
        key_required="at-default-host",
        aliases=MappingProxyType({"fast": "gpt-6-luna", "balanced": "gpt-6.2-sol", "powerful": "gpt-6.2-astra"}),
        max_tokens=16384,
        temperature=None,
        unsupported=frozenset({"num_ctx"}),
        families=("gpt-", "chatgpt-", "o1", "o3", "o4", "ft:"),
        tagged_names=False,
        key_prefixes=("sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"),
        known_models=_ids(models.OPENAI_MODELS),
        retiring=_dates(models.OPENAI_RETIRING),
        dotted_ids=False,
    ),
)

#: Every provider, by name.
PROVIDERS: Mapping[str, Provider] = MappingProxyType({row.name: row for row in _ROWS})


def split_model(model: str) -> tuple[str | None, str]:
    """Split a ``provider:`` prefix off a model setting: ``("ollama", "qwen2.5-coder:7b")``, or ``(None, model)``.

    Only a provider's name is a prefix, and only the first colon splits.
    """
    head, colon, rest = model.partition(":")
    return (head.lower(), rest) if colon and head.lower() in PROVIDERS else (None, model)


def model_setting(provider: str, model: str) -> str:
    """Return the model setting that names ``model`` for ``provider``, inverse to split_model()."""
    return f"{provider}:{model}" if split_model(model)[0] is not None else model


def _matches(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    after = name[len(prefix) : len(prefix) + 1]
    return not (prefix[-1].isalpha() and after.isalpha())


def family_of(model: str) -> str | None:
    """Return the provider whose model family ``model`` belongs to, or None.

    A family prefix holding a colon (``ft:``) counts first, then the ``name:tag``
    shape, then the longest matching prefix; a tie between two providers is no
    guess. So ``gpt-oss:20b`` and ``gpt-oss`` are Ollama's, and ``ft:gpt-4o:org:x``
    is an OpenAI fine-tune.
    """
    lowered = model.lower()
    for row in _ROWS:
        if any(":" in prefix and lowered.startswith(prefix) for prefix in row.families):
            return row.name
    name, _, tag = lowered.partition(":")
    if name and tag:
        return next((row.name for row in _ROWS if row.tagged_names), None)
    best: dict[str, int] = {}
    for row in _ROWS:
        for prefix in row.families:
            if _matches(lowered, prefix):
                best[row.name] = max(best.get(row.name, 0), len(prefix))
    if not best:
        return None
    longest = max(best.values())
    winners = [name for name, length in best.items() if length == longest]
    return winners[0] if len(winners) == 1 else None


def key_owner(key: str) -> str | None:
    """Return the provider whose key shape ``key`` has (the longest matching prefix wins), or None."""
    best, length = None, 0
    for row in _ROWS:
        for prefix in row.key_prefixes:
            if key.startswith(prefix) and len(prefix) > length:
                best, length = row.name, len(prefix)
    return best
