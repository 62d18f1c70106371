"""Hypothesis strategies for resolve()'s inputs: the one shared module."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from stigmer_resolve import Override
from stigmer_resolve.providers import FIELDS, PROVIDERS, STIGMER_VARS

#: Every env key resolve() reads.
DOCUMENTED_KEYS = tuple(STIGMER_VARS.values()) + tuple(
    var for p in PROVIDERS.values() for var in (*p.key_vars, *p.url_vars)
)
OVERRIDE_KEYS = (*FIELDS, "model_name")
PROVIDER_NAMES = tuple(sorted(PROVIDERS))

#: Any text at all: non-ASCII, control characters, surrogates, long.
texts = st.text(st.characters(codec=None), max_size=300) | st.text(max_size=3000)

#: Blank values: unset, as docker-compose's ${VAR} passthrough gives them.
blanks = st.text(" \t\r\n\x0b\x0c", max_size=5)

modes = st.one_of(
    st.sampled_from(["local", "cloud"]),
    st.sampled_from(["local", "cloud", "LOCAL", " Cloud ", "clowd", ""]),
    texts,
    st.none(),
    st.integers(),
    st.binary(),
)

#: Random API keys, as providers issue them: long, URL-safe. The body is upper case, which no
#: other drawn value is, so that a key can never turn up in an output by coincidence.
api_keys = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(["", "sk-", "sk-ant-api03-", "sk-proj-"]),
    st.text(string.ascii_uppercase + string.digits + "-_", min_size=16, max_size=64).filter(
        lambda body: any(c.isupper() for c in body)
    ),
)

#: Random URL passwords.
passwords = st.builds(lambda raw: "pw" + raw.hex(), st.binary(min_size=8, max_size=24))

envs = st.dictionaries(st.sampled_from(DOCUMENTED_KEYS) | texts, texts | blanks, max_size=12)

unrelated_envs = st.dictionaries(
    texts.filter(lambda k: k not in DOCUMENTED_KEYS and k.strip() != "MODE"), texts, max_size=8
)

override_values = st.one_of(
    st.none(),
    texts,
    blanks,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.binary(max_size=8),
)

override_mappings = st.dictionaries(st.sampled_from(OVERRIDE_KEYS) | texts | st.integers(), override_values, max_size=8)

overrides = st.one_of(
    st.none(),
    override_mappings,
    st.builds(Override, **dict.fromkeys(FIELDS, override_values)),  # type: ignore[arg-type]
    st.integers(),
    st.lists(st.text(max_size=3), max_size=3),
)

hosts = st.sampled_from(["127.0.0.1", "localhost", "gpu-box", "example.com", "[::1]", "10.0.0.7"])
ports = st.integers(1, 65535)


@st.composite
def base_urls(draw: st.DrawFn, provider: str) -> str:
    """Draw a valid endpoint for ``provider`` in a form users write."""
    host, port = draw(hosts), draw(ports)
    if PROVIDERS[provider].url_syntax == "ollama":
        return draw(st.sampled_from([f"{host}:{port}", f"http://{host}:{port}", f"https://{host}:{port}", host]))
    scheme = draw(st.sampled_from(["https", "http", "HTTPS"]))
    path = draw(st.sampled_from(["", "/v1", "/api/v1/", "/openai/v1"]))
    return f"{scheme}://{host}:{port}{path}"


model_names = st.one_of(
    st.sampled_from(["fast", "balanced", "powerful"]),
    st.sampled_from(sorted({m for p in PROVIDERS.values() for m in (*p.known_models, *p.aliases.values())})),
    st.sampled_from(["llama3", "qwen2.5-coder:14b", "gpt-oss:20b", "claude-sonnet-4.5", "my-model"]),
    st.text(string.ascii_lowercase + string.digits + ".-_:", min_size=1, max_size=40).filter(
        lambda m: m.partition(":")[0] not in PROVIDERS
    ),
)


@st.composite
def valid_settings(draw: st.DrawFn, provider: str) -> dict[str, Any]:
    """Draw a valid value for a random subset of the settings of ``provider`` (provider itself excluded)."""
    row = PROVIDERS[provider]
    settings: dict[str, Any] = {}
    if draw(st.booleans()):
        settings["model"] = draw(model_names.filter(lambda m: _family_fits(m, provider)))
    if draw(st.booleans()):
        settings["base_url"] = draw(base_urls(provider))
    if draw(st.booleans()):
        settings["api_key"] = draw(api_keys)
    if draw(st.booleans()):
        settings["max_tokens"] = draw(st.integers(*row.max_tokens_range))
    if draw(st.booleans()):
        settings["temperature"] = draw(st.sampled_from([0.0, 0.25, 0.7, 1.0, 2.0]) | st.floats(0, 2))
    return settings


def _family_fits(model: str, provider: str) -> bool:
    from stigmer_resolve.providers import family_of

    return family_of(model) in (None, provider)


def as_env(settings: dict[str, Any]) -> dict[str, str]:
    """Write settings as STIGMER_LLM_* variables."""
    return {STIGMER_VARS[k]: _text(v) for k, v in settings.items()}


def _text(value: object) -> str:
    if isinstance(value, float):
        from decimal import Decimal

        return format(Decimal(repr(value)), "f")
    return str(value)


@st.composite
def layered(draw: st.DrawFn) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """Draw a mode, a provider, and valid env and override settings for that one provider."""
    mode = draw(st.sampled_from(["local", "cloud"]))
    provider = draw(st.sampled_from(PROVIDER_NAMES))
    return mode, provider, draw(valid_settings(provider)), draw(valid_settings(provider))


#: Values users get wrong (and a few they get right), per setting: each trips one check or another.
NEAR_MISSES: dict[str, list[Any]] = {
    "provider": ["antropic", "OLLAMA ", "openai", "zzz", "open-ai", "olla"],
    "model": [
        "fast",
        "claude-sonnet-5.5",
        "claude-opus-5-6",
        "claude-sonnet-4-5",
        "claude-3.5-haiku",
        "openai:",
        "openai:gpt-6-luna",
        "anthropic:fast",
        "gpt-6-lunaa",
        "qwen2.5-coder:7b",
        "a b",
        "m" * 300,
    ],
    "base_url": [
        "0.0.0.0",
        "[::]:8080",
        "localhost/v1",
        "http://api.example.com",
        "https://api.example.com/v1",
        "api.example.com/v1",
        "u:pw@api.example.com",
        "api.example.com:0/v1",
        "ftp://h",
        "h:65536",
        "h:0",
        "[::1",
        "[fe80::1%eth0]:1",
        "http://u:pw@h/",
        "http://h/?q=1",
        "http://",
        "HTTP://LOCALHOST:11434/",
        "::1",
        "https://h:443/v1/",
        "ho_st",
    ],
    "api_key": ["sk-ant-" + "A" * 20, "sk-proj-" + "B" * 20, "sk-ant- X", "KEY\r\n", "KLEIDÍ"],
    "max_tokens": ["0", "1e3", "+1", "1_000", "９", "99999999999", "8192", "000", 0, 10**9, True, 1.5],
    "temperature": ["1e-1", "2.5", "0.7", "-0", "nan", "1.", ".5", "3", 2.5, float("inf"), 10**400, True],
}


def field_of(var: str) -> str:
    """Return the setting an env var sets."""
    for field, name in STIGMER_VARS.items():
        if name == var:
            return field
    return "api_key" if any(var in p.key_vars for p in PROVIDERS.values()) else "base_url"


@st.composite
def near_miss_env(draw: st.DrawFn) -> dict[str, str]:
    """Draw an environment whose documented variables hold near misses."""
    keys = draw(st.lists(st.sampled_from(DOCUMENTED_KEYS), unique=True, max_size=6))
    pool = {key: [v for v in NEAR_MISSES[field_of(key)] if isinstance(v, str)] for key in keys}
    return {key: draw(st.sampled_from(pool[key])) for key in keys}


@st.composite
def near_miss_override(draw: st.DrawFn) -> dict[str, Any]:
    """Draw an override mapping whose keys hold near misses."""
    keys = draw(st.lists(st.sampled_from(OVERRIDE_KEYS), unique=True, max_size=4))
    return {key: draw(st.sampled_from(NEAR_MISSES["model" if key == "model_name" else key])) for key in keys}
