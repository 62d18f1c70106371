"""The settings, as data: adding a setting means adding a row to SETTINGS (and a parser, if none fits).

Also the precedence rules, written once: the cascade's docstring, the CLI's
help and the README are made from PRECEDENCE.
"""

from __future__ import annotations

from collections.abc import Callable

from . import urls
from .config import Fix, Origin
from .providers import MODES, PROVIDERS, Provider
from .record import Record
from .validate import (
    Findings,
    WrongType,
    parse_base_url,
    parse_decimal,
    parse_key,
    parse_model,
    parse_names,
    parse_whole,
)

__all__ = ["ENV_PREFIX", "OVERRIDE_SYNONYMS", "POLICIES", "PRECEDENCE", "SETTINGS", "Setting"]

ENV_PREFIX = "STIGMER_LLM_"

#: Another name an override may use for a setting: Stigmer's ExecutionConfig says model_name.
OVERRIDE_SYNONYMS = {"model_name": "model"}

Raw = str | int | float | WrongType
#: A parser reads a raw value from an origin for the winning provider; it reports problems and returns None.
Parser = Callable[[Raw, Origin, Provider, Findings], object]


class Setting(Record):
    """One setting.

    Attributes:
        name: The setting's name: its override key, and STIGMER_LLM_ + its upper case its variable.
        doc: What it holds, for the README and the CLI's help.
        parse: Its parser (None for provider, which the layers' choice decides).
        default: Its default for a provider.
        scoped: Rule 4: whether it counts only from layers of the winning provider.
        own_vars: The provider's own variables for it, highest first (read below STIGMER_LLM_*).
    """

    name: str
    doc: str
    parse: Parser | None
    default: Callable[[Provider], object]
    scoped: bool = False
    own_vars: Callable[[Provider], tuple[str, ...]] = lambda provider: ()

    @property
    def env(self) -> str:
        """The STIGMER_LLM_* variable that sets it."""
        return ENV_PREFIX + self.name.upper()


def _text(parse: Callable[[str, Origin, Provider, Findings], object]) -> Parser:
    """Adapt a parser of strings: any other value is reported as the wrong type."""

    def parse_text(value: Raw, origin: Origin, provider: Provider, findings: Findings) -> object:
        if isinstance(value, str):
            return parse(value, origin, provider, findings)
        type_name = value.type_name if isinstance(value, WrongType) else type(value).__name__
        field = origin_field(origin)
        example = _BY_NAME[field].default(provider) if field in ("model", "base_url") else None
        fix = Fix(origin, example) if isinstance(example, str) else Fix(origin, f"<a {field}>", placeholder=True)
        findings.error(field, origin, f"must be a string, got type {type_name}", fix)
        return None

    return parse_text


def origin_field(origin: Origin) -> str:
    """Return the setting an origin sets."""
    name = origin.name.removeprefix(ENV_PREFIX).lower() if origin.name.startswith(ENV_PREFIX) else origin.name
    name = OVERRIDE_SYNONYMS.get(name, name).rpartition(".")[2]
    if name in _BY_NAME:
        return name
    for row in PROVIDERS.values():
        if origin.name in row.key_vars:
            return "api_key"
        if origin.name in row.url_vars:
            return "base_url"
    return name


def _model(value: str, origin: Origin, provider: Provider, findings: Findings) -> object:
    return parse_model(value, origin, provider, findings)


def _endpoint(value: str, origin: Origin, provider: Provider, findings: Findings) -> urls.Endpoint | None:
    return parse_base_url(value, origin, provider, findings)


def _whole(name: str, bounds: tuple[int, int], example: Callable[[Provider], int]) -> Parser:
    def parse(value: Raw, origin: Origin, provider: Provider, findings: Findings) -> int | None:
        return parse_whole(value, origin, name, bounds, example(provider), findings)

    return parse


def _decimal(name: str, bounds: tuple[float, float], example: float | int, above_low: bool = False) -> Parser:
    def parse(value: Raw, origin: Origin, provider: Provider, findings: Findings) -> float | None:
        return parse_decimal(value, origin, name, bounds, example, findings, above_low)

    return parse


SETTINGS = (
    Setting("provider", "provider: anthropic, ollama or openai", None, lambda p: p.name),
    Setting(
        "model",
        "model: an id, provider:id, or fast / balanced / powerful",
        _text(_model),
        lambda p: p.aliases["balanced"],
        scoped=True,
    ),
    Setting(
        "base_url",
        "endpoint (an http(s) URL; OLLAMA_HOST syntax for ollama)",
        _text(_endpoint),
        lambda p: p.base_url,
        scoped=True,
        own_vars=lambda p: p.url_vars,
    ),
    Setting("api_key", "API key", _text(parse_key), lambda p: None, scoped=True, own_vars=lambda p: p.key_vars),
    Setting(
        "max_tokens",
        "max tokens to generate: ASCII digits, 1 to 1,000,000",
        _whole("max_tokens", (1, 1_000_000), lambda p: p.max_tokens),
        lambda p: p.max_tokens,
    ),
    Setting(
        "temperature",
        "temperature: a plain decimal, 0 to 2 (anthropic takes none)",
        _decimal("temperature", (0.0, 2.0), 0.7),
        lambda p: p.temperature,
    ),
    Setting(
        "timeout",
        "seconds to wait for an answer: a plain decimal, more than 0, at most 3600",
        _decimal("timeout", (0.0, 3600.0), 600, above_low=True),
        lambda p: 600.0,
    ),
    Setting(
        "max_retries",
        "retries after a failed connection or a retryable status: 0 to 10",
        _whole("max_retries", (0, 10), lambda p: 2),
        lambda p: 2,
    ),
    Setting(
        "num_ctx",
        "Ollama's context window in tokens: 256 to 1,048,576 (ollama only)",
        _whole("num_ctx", (256, 1_048_576), lambda p: 32768),
        lambda p: None,
    ),
)

_BY_NAME = {row.name: row for row in SETTINGS}


def _names(name: str, choices: tuple[str, ...]) -> Parser:
    def parse(value: Raw, origin: Origin, provider: Provider, findings: Findings) -> tuple[str, ...] | None:
        if not isinstance(value, str):
            return None  # the environment holds strings only; the read stage reported anything else
        return parse_names(value, origin, name, choices, findings)

    return parse


#: The worker's request policy, read from the environment only, so that no request can widen it.
POLICIES = (
    Setting(
        "request_providers",
        "the providers a request may choose, comma-separated (default: any)",
        _names("request_providers", tuple(sorted(PROVIDERS))),
        lambda p: None,
    ),
    Setting(
        "request_fields",
        "the settings a request may set, comma-separated (default: all)",
        _names("request_fields", tuple(_BY_NAME)),
        lambda p: None,
    ),
)


def _families() -> str:
    """Write each provider's model families shortly: its first three prefixes, and name:tag."""
    return ";\n   ".join(
        ", ".join([*(f"{p}..." for p in row.families[:3]), *(["..."] if len(row.families) > 3 else [])])
        + (", name:tag" if row.tagged_names else "")
        + f" -> {row.name}"
        for row in PROVIDERS.values()
    )


#: The rules, in the words the README, the CLI's help and the cascade's docstring all use.
PRECEDENCE = f"""\
1. The mode picks a default provider: {", ".join(f"{m} -> {p}" for m, p in MODES.items())}.
2. Each layer - a file, then the environment, then the override (the request) - may
   choose a provider: by its provider setting; else by its model's prefix (ollama:qwen3:8b,
   split at the first colon only when the prefix is a provider name); else by its model's
   family:
   {_families()}.
   A layer's provider setting beats its own model: a contradicting prefix is an error,
   a contradicting family a warning.
3. The highest layer that chose wins; a layer that did not choose inherits from below.
4. model, base_url and api_key count only from layers that chose, or inherited, the winning
   provider; the providers' own variables (ANTHROPIC_API_KEY, OPENAI_BASE_URL, OLLAMA_HOST,
   ...) always belong to their provider. Every other setting counts from any layer.
5. For each setting the first value set wins: override, STIGMER_LLM_*, the provider's own
   variables, the file, the winning provider's default.
6. A key from the environment or a file is never sent to a base_url that only the override
   names: a request cannot redirect the worker's credentials. An override that brings its
   own api_key may.
7. Credentials go only where they belong: a vendor's key (sk-ant-..., sk-...) never travels
   in plain http off this machine, nor to another provider's endpoint; an endpoint of another
   provider (api.openai.com for anthropic, Ollama's port for a claude-... model) is an error.
8. STIGMER_LLM_REQUEST_PROVIDERS and STIGMER_LLM_REQUEST_FIELDS bound what a request may
   choose and set; every provider switch a request makes is a warning.
"""
