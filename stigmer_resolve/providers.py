"""The provider facts, as data: adding a provider means adding a row to PROVIDERS.

Model ids and retirement dates mirror the installed official SDKs
(anthropic 2.14.0, openai 3.57.0); tests/test_providers.py checks them
against whatever SDK is installed, so a drift shows up as a failing test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs 5 ms at start-up

if TYPE_CHECKING:
    from typing import Literal
__all__ = ["FIELDS", "MODES", "PROVIDERS", "STIGMER_VARS", "Provider", "family_of"]

#: The six settings, in the order they are reported.
FIELDS = ("provider", "model", "base_url", "api_key", "max_tokens", "temperature")

#: The provider each mode picks when no layer chooses one.
MODES: Mapping[str, str] = MappingProxyType({"local": "ollama", "cloud": "anthropic"})

#: The STIGMER_LLM_* variable of each setting (the environment layer).
STIGMER_VARS: Mapping[str, str] = MappingProxyType({f: f"STIGMER_LLM_{f.upper()}" for f in FIELDS})


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider's facts.

    Attributes:
        name: The provider name, lower case.
        base_url: The default endpoint.
        max_tokens: The default maximum number of tokens to generate.
        temperature: The default temperature (None: send none).
        aliases: ``fast``, ``balanced`` and ``powerful`` model ids; ``balanced`` is the default.
        key_vars: The provider's own API key variables, highest first.
        url_vars: The provider's own endpoint variables, highest first.
        key_required: ``always``, ``official`` (only for the default host) or ``never``.
        temperature_range: Accepted temperatures, or None where the API takes none.
        max_tokens_range: Accepted max_tokens.
        url_syntax: ``url`` (an absolute http(s) URL) or ``ollama`` (OLLAMA_HOST syntax).
        strip_v1: Whether a trailing ``/v1`` is the wrong endpoint and is dropped.
        expect_v1: Whether a base path should end in ``/v1``.
        prefixes: Model-name prefixes that belong to this provider's family.
        tagged: Whether ``name:tag`` model names belong to this provider.
        key_prefixes: Prefixes of this provider's API keys (to spot a key given to the wrong one).
        known_models: Ids the SDK lists; a near miss gets a did-you-mean warning.
        retiring: Model id to announced retirement date.
        dotted_ids: Whether ``claude-sonnet-4.5`` style names map to hyphenated ids.
    """

    name: str
    base_url: str
    max_tokens: int
    temperature: float | None
    aliases: Mapping[str, str]
    key_vars: tuple[str, ...]
    url_vars: tuple[str, ...]
    key_required: Literal["always", "official", "never"]
    temperature_range: tuple[float, float] | None
    max_tokens_range: tuple[int, int]
    url_syntax: Literal["url", "ollama"]
    strip_v1: bool
    expect_v1: bool
    prefixes: tuple[str, ...]
    tagged: bool
    key_prefixes: tuple[str, ...]
    known_models: frozenset[str]
    retiring: Mapping[str, str]
    dotted_ids: bool


def _dates(groups: dict[str, tuple[str, ...]]) -> Mapping[str, str]:
    return MappingProxyType({model: date for date, models in groups.items() for model in models})


_ANTHROPIC = Provider(
    name="anthropic",
    base_url="https://api.anthropic.com",
    max_tokens=20000,
    temperature=None,
    aliases=MappingProxyType(
        {"fast": "claude-haiku-5-5", "balanced": "claude-sonnet-5-5", "powerful": "claude-opus-5-5"}
    ),
    key_vars=("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
    url_vars=("ANTHROPIC_BASE_URL",),
    key_required="always",
    # The Messages API of the current SDK has no temperature parameter.
    temperature_range=None,
    max_tokens_range=(1, 1_000_000),
    url_syntax="url",
    strip_v1=True,
    expect_v1=False,
    prefixes=("claude-",),
    tagged=False,
    key_prefixes=("sk-ant-",),
    known_models=frozenset(
        {
            "claude-fable-5-2",
            "claude-mythos-5-2",
            "claude-haiku-5-5",
            "claude-sonnet-5-5",
            "claude-fable-5-1",
            "claude-opus-5-5",
            "claude-mythos-5-1",
            "claude-sonnet-5",
            "claude-fable-5",
            "claude-mythos-5",
            "claude-opus-5",
            "claude-opus-4-8",
            "claude-opus-4-7",
            "claude-mythos-preview",
            "claude-opus-4-6",
            "claude-sonnet-4-6",
            "claude-haiku-4-5",
            "claude-haiku-4-5-20251001",
            "claude-opus-4-5",
            "claude-opus-4-5-20251101",
            "claude-sonnet-4-5",
            "claude-sonnet-4-5-20250929",
        }
    ),
    retiring=_dates(
        {
            "June 30th, 2026": ("claude-mythos-preview",),
            "January 22nd, 2027": ("claude-opus-4-5", "claude-opus-4-5-20251101"),
            "November 30th, 2026": ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
        }
    ),
    dotted_ids=True,
)

_OPENAI = Provider(
    name="openai",
    base_url="https://api.openai.com/v1",
    max_tokens=16384,
    temperature=None,
    aliases=MappingProxyType({"fast": "gpt-6-luna", "balanced": "gpt-6.2-sol", "powerful": "gpt-6.2-astra"}),
    key_vars=("OPENAI_API_KEY",),
    url_vars=("OPENAI_BASE_URL", "OPENAI_API_BASE"),
    key_required="official",
    temperature_range=(0.0, 2.0),
    max_tokens_range=(1, 1_000_000),
    url_syntax="url",
    strip_v1=False,
    expect_v1=True,
    prefixes=("gpt-", "chatgpt-", "o1", "o3", "o4", "ft:"),
    tagged=False,
    key_prefixes=("sk-proj-", "sk-svcacct-", "sk-admin-"),
    known_models=frozenset(
        {
            "gpt-6-astra",
            "gpt-6.2-astra",
            "gpt-6.1-sol",
            "gpt-6.2-sol",
            "gpt-6.1-terra",
            "gpt-6-sol",
            "gpt-6-luna",
            "gpt-5.6-sol",
            "gpt-5.6-terra",
            "gpt-5.6-luna",
            "gpt-5.5",
            "gpt-5.5-2026-04-23",
            "gpt-5.4",
            "gpt-5.4-mini",
            "gpt-5.4-nano",
            "gpt-5.4-mini-2026-03-17",
            "gpt-5.4-nano-2026-03-17",
            "gpt-5.3-chat-latest",
            "gpt-5.2",
            "gpt-5.2-2025-12-11",
            "gpt-5.2-chat-latest",
            "gpt-5.2-pro",
            "gpt-5.2-pro-2025-12-11",
            "gpt-5.1",
            "gpt-5.1-2025-11-13",
            "gpt-5.1-codex",
            "gpt-5.1-mini",
            "gpt-5.1-chat-latest",
            "gpt-5",
            "gpt-5-mini",
            "gpt-5-nano",
            "gpt-5-2025-08-07",
            "gpt-5-mini-2025-08-07",
            "gpt-5-nano-2025-08-07",
            "gpt-5-chat-latest",
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-4.1-2025-04-14",
            "gpt-4.1-mini-2025-04-14",
            "gpt-4.1-nano-2025-04-14",
            "o4-mini",
            "o4-mini-2025-04-16",
            "o3",
            "o3-2025-04-16",
            "o3-mini",
            "o3-mini-2025-01-31",
            "o1",
            "o1-2024-12-17",
            "o1-preview",
            "o1-preview-2024-09-12",
            "o1-mini",
            "o1-mini-2024-09-12",
            "gpt-4o",
            "gpt-4o-2024-11-20",
            "gpt-4o-2024-08-06",
            "gpt-4o-2024-05-13",
            "gpt-audio-mini",
            "gpt-audio-mini-2025-12-15",
            "gpt-4o-audio-preview",
            "gpt-4o-audio-preview-2024-10-01",
            "gpt-4o-audio-preview-2024-12-17",
            "gpt-4o-audio-preview-2025-06-03",
            "gpt-4o-mini-audio-preview",
            "gpt-4o-mini-audio-preview-2024-12-17",
            "gpt-4o-search-preview",
            "gpt-4o-mini-search-preview",
            "gpt-4o-search-preview-2025-03-11",
            "gpt-4o-mini-search-preview-2025-03-11",
            "chatgpt-4o-latest",
            "codex-mini-latest",
            "gpt-4o-mini",
            "gpt-4o-mini-2024-07-18",
            "gpt-4-turbo",
            "gpt-4-turbo-2024-04-09",
            "gpt-4-0125-preview",
            "gpt-4-turbo-preview",
            "gpt-4-1106-preview",
            "gpt-4-vision-preview",
            "gpt-4",
            "gpt-4-0314",
            "gpt-4-0613",
            "gpt-4-32k",
            "gpt-4-32k-0314",
            "gpt-4-32k-0613",
            "gpt-3.5-turbo",
            "gpt-3.5-turbo-16k",
            "gpt-3.5-turbo-0301",
            "gpt-3.5-turbo-0613",
            "gpt-3.5-turbo-1106",
            "gpt-3.5-turbo-0125",
            "gpt-3.5-turbo-16k-0613",
        }
    ),
    retiring=_dates(
        {
            "2027-04-01": ("gpt-5.4-nano", "gpt-5.4-nano-2026-03-17", "gpt-5.1", "gpt-5.1-2025-11-13"),
            "2026-08-10": ("gpt-5.3-chat-latest", "gpt-5.2-chat-latest"),
            "2026-07-23": (
                "gpt-5.1-codex",
                "gpt-5.1-chat-latest",
                "gpt-5-chat-latest",
                "gpt-4o-search-preview",
                "gpt-4o-mini-search-preview",
                "gpt-4o-search-preview-2025-03-11",
                "gpt-4o-mini-search-preview-2025-03-11",
            ),
            "2026-12-11": (
                "gpt-5",
                "gpt-5-mini",
                "gpt-5-nano",
                "gpt-5-2025-08-07",
                "gpt-5-mini-2025-08-07",
                "gpt-5-nano-2025-08-07",
                "o3",
                "o3-2025-04-16",
            ),
            "2027-01-14": (
                "gpt-4.1",
                "gpt-4.1-mini",
                "gpt-4.1-2025-04-14",
                "gpt-4.1-mini-2025-04-14",
                "gpt-4o",
                "gpt-4o-2024-11-20",
                "gpt-4o-2024-08-06",
                "gpt-4o-mini",
                "gpt-4o-mini-2024-07-18",
            ),
            "2026-10-23": (
                "gpt-4.1-nano",
                "gpt-4.1-nano-2025-04-14",
                "o4-mini",
                "o4-mini-2025-04-16",
                "o3-mini",
                "o3-mini-2025-01-31",
                "o1",
                "o1-2024-12-17",
                "gpt-4o-2024-05-13",
                "gpt-4-turbo",
                "gpt-4-turbo-2024-04-09",
                "gpt-4-1106-preview",
                "gpt-4",
                "gpt-4-0613",
                "gpt-3.5-turbo",
                "gpt-3.5-turbo-0125",
            ),
            "2025-07-28": ("o1-preview", "o1-preview-2024-09-12"),
            "2025-10-27": ("o1-mini", "o1-mini-2024-09-12"),
            "2027-01-20": ("gpt-audio-mini", "gpt-audio-mini-2025-12-15"),
            "2026-05-07": (
                "gpt-4o-audio-preview",
                "gpt-4o-audio-preview-2024-12-17",
                "gpt-4o-audio-preview-2025-06-03",
                "gpt-4o-mini-audio-preview",
                "gpt-4o-mini-audio-preview-2024-12-17",
            ),
            "2025-10-10": ("gpt-4o-audio-preview-2024-10-01",),
            "2026-02-17": ("chatgpt-4o-latest",),
            "2026-02-12": ("codex-mini-latest",),
            "2026-03-26": ("gpt-4-0125-preview", "gpt-4-turbo-preview", "gpt-4-0314"),
            "2024-12-06": ("gpt-4-vision-preview",),
            "2025-06-06": ("gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613"),
            "2024-09-13": (
                "gpt-3.5-turbo-16k",
                "gpt-3.5-turbo-0301",
                "gpt-3.5-turbo-0613",
                "gpt-3.5-turbo-16k-0613",
            ),
            "2026-09-28": ("gpt-3.5-turbo-1106",),
        }
    ),
    dotted_ids=False,
)

_OLLAMA = Provider(
    name="ollama",
    base_url="http://localhost:11434",
    max_tokens=8192,
    temperature=0.0,
    aliases=MappingProxyType(
        {"fast": "qwen2.5-coder:1.5b", "balanced": "qwen2.5-coder:7b", "powerful": "qwen2.5-coder:32b"}
    ),
    key_vars=("OLLAMA_API_KEY",),
    url_vars=("OLLAMA_HOST", "OLLAMA_BASE_URL"),
    key_required="never",
    temperature_range=(0.0, 2.0),
    max_tokens_range=(1, 1_000_000),
    url_syntax="ollama",
    strip_v1=True,
    expect_v1=False,
    prefixes=(),
    tagged=True,
    key_prefixes=(),
    known_models=frozenset(),
    retiring=MappingProxyType({}),
    dotted_ids=False,
)

#: Every provider, by name.
PROVIDERS: Mapping[str, Provider] = MappingProxyType({p.name: p for p in (_ANTHROPIC, _OLLAMA, _OPENAI)})


def family_of(model: str) -> str | None:
    """Return the provider whose model family ``model`` belongs to, or None.

    A family prefix that itself holds a colon (``ft:``) is checked first, then the
    ``name:tag`` shape, then the other prefixes: so ``gpt-oss:20b`` is an Ollama tag,
    not an OpenAI model, and ``ft:gpt-4o:org:x`` is an OpenAI fine-tune.
    """
    lowered = model.lower()
    for provider in PROVIDERS.values():
        for prefix in provider.prefixes:
            if ":" in prefix and lowered.startswith(prefix):
                return provider.name
    name, _, tag = model.partition(":")
    if name and tag:
        for provider in PROVIDERS.values():
            if provider.tagged:
                return provider.name
    for provider in PROVIDERS.values():
        for prefix in provider.prefixes:
            if lowered.startswith(prefix):
                return provider.name
    return None
