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
