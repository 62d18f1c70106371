"""Hypothesis strategies for resolve()'s inputs: the one shared module."""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from stigmer_resolve import Override, Sourced
from stigmer_resolve.config import Origin
from stigmer_resolve.providers import MODES, PROVIDERS, family_of, key_owner, split_model
from stigmer_resolve.settings import SETTINGS
from tests.helpers import DOCUMENTED_KEYS, OVERRIDE_KEYS, PROVIDER_NAMES, STIGMER_VARS

__all__ = [
    "DOCUMENTED_KEYS",
    "NEAR_MISSES",
    "OVERRIDE_KEYS",
    "PROVIDER_NAMES",
    "api_keys",
    "as_env",
    "as_file",
    "blanks",
    "envs",
    "field_of",
    "files",
    "keys_for",
    "layered",
    "modes",
    "near_miss_envs",
    "near_miss_overrides",
    "overrides",
    "passwords",
    "short_keys",
    "texts",
    "unrelated_envs",
    "url_shapes",
    "url_with",
    "valid_requests",
]

SETTING_NAMES = tuple(row.name for row in SETTINGS)

#: Any text at all: non-ASCII, control characters, surrogates, long.
texts = st.text(st.characters(codec=None), max_size=300) | st.text(max_size=3000)

#: Blank values: unset, as docker-compose's ${VAR} passthrough gives them.
blanks = st.text(" \t\r\n\x0b\x0c", max_size=5)

modes = st.one_of(
    st.sampled_from(["local", "cloud"]),
    st.sampled_from(["local", "cloud", "LOCAL", " Cloud ", "clowd", "prod", ""]),
    texts,
    st.none(),
    st.integers(),
    st.binary(),
)

#: Random API keys as providers issue them: long, URL-safe, sometimes holding the characters
#: that escaping changes (" and \\). The body mixes upper case and digits, as no other drawn value
#: nor any variable name does, so a key can never turn up in an output by coincidence.
api_keys = st.builds(
    lambda prefix, body, odd: prefix + body + odd,
    st.sampled_from(["", "sk-", "sk-ant-api03-", "sk-proj-", "gw-"]),
    st.text(string.ascii_uppercase + string.digits + "-_", min_size=16, max_size=64).filter(
        lambda body: any(c.isupper() for c in body) and any(c.isdigit() for c in body)
    ),
    st.sampled_from(["", '"', "\\", '"\\', "%", "'"]),
)


def keys_for(provider: str) -> st.SearchStrategy[str]:
    """Random keys that may go to ``provider``'s own endpoint: of its shape, or of no vendor's."""
    return api_keys.filter(lambda key: key_owner(key) in (None, provider))


#: Keys too short to be real (a local server's placeholder): never of a vendor's shape.
short_keys = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)

#: Random URL passwords, sometimes holding the delimiters a URL parser stops at.
passwords = st.builds(
    lambda raw, odd: "pw" + raw.hex().upper() + odd,
    st.binary(min_size=8, max_size=24),
    st.sampled_from(["", "/", "?", "#", "@", "/x#y", ":"]),
)


#: URL-ish values as users mistype them, around a password: (scheme, user, host, path), any scheme, broken, or none.
url_shapes = st.tuples(
    st.sampled_from(["https://", "http://", "http:/", "http//", "//", "", "HTTP://", "ftp://"]),
    st.sampled_from(["svc:", "u:", ":", ""]),
    st.sampled_from(["gateway.corp", "h.example:8443", "[::1]", "10.0.0.7", ""]),
    st.sampled_from(["", "/v1", "/a@b", "/?q=1"]),
)


def url_with(shape: tuple[str, str, str, str], password: str) -> str:
    """Write a url_shapes shape around ``password``."""
    scheme, user, host, path = shape
    return f"{scheme}{user}{password}@{host}{path}"


envs = st.dictionaries(st.sampled_from(DOCUMENTED_KEYS) | texts, texts | blanks, max_size=12)

unrelated_envs = st.dictionaries(
    texts.filter(lambda k: k not in DOCUMENTED_KEYS and k.strip() != "MODE"), texts, max_size=8
)

#: Values an override may hold, or hold by mistake.
override_values = st.one_of(
    st.none(),
    texts,
    blanks,
    st.integers(),
    st.integers(min_value=10**4300, max_value=10**5000),  # too large to format in decimal
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.binary(max_size=8),
)

override_mappings = st.dictionaries(st.sampled_from(OVERRIDE_KEYS) | texts | st.integers(), override_values, max_size=8)

overrides = st.one_of(
    st.none(),
    override_mappings,
    st.builds(Override, **dict.fromkeys(OVERRIDE_KEYS, override_values)),  # type: ignore[arg-type]
    st.integers(),
    st.lists(st.text(max_size=3), max_size=3),
)

#: File layers: setting name (or anything) -> text, plain or Sourced.
files = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(SETTING_NAMES) | texts,
        texts | st.builds(lambda v: Sourced(v, Origin("file", "llm.x", "config.yaml", 3)), texts),
        max_size=6,
    ),
)

hosts = st.sampled_from(["127.0.0.1", "localhost", "gpu-box", "example.com", "[::1]", "10.0.0.7"])
ports = st.integers(1, 65535).filter(lambda port: port != 11434)


@st.composite
def base_urls(draw: st.DrawFn, provider: str) -> str:
    """Draw a valid endpoint for ``provider`` in a form users write (https off this machine)."""
    host, port = draw(hosts), draw(ports)
    loopback = host in ("127.0.0.1", "localhost", "[::1]")
    if PROVIDERS[provider].url_dialect == "host":
        forms = [f"https://{host}:{port}"] + ([f"{host}:{port}", f"http://{host}:{port}", host] if loopback else [])
        return draw(st.sampled_from(forms))
    scheme = draw(st.sampled_from(["https", "HTTPS"] + (["http"] if loopback else [])))
    path = draw(st.sampled_from(["", "/v1", "/api/v1/", "/openai/v1"]))
    return f"{scheme}://{host}:{port}{path}"


model_names = st.one_of(
    st.sampled_from(["fast", "balanced", "powerful"]),
    st.sampled_from(sorted({m for p in PROVIDERS.values() for m in (*p.known_models, *p.aliases.values())})),
    st.sampled_from(["llama3", "qwen2.5-coder:14b", "gpt-oss:20b", "claude-sonnet-4.5", "my-model"]),
    st.text(string.ascii_lowercase + string.digits + ".-_:", min_size=1, max_size=40).filter(
        lambda m: split_model(m)[0] is None
    ),
)


def _decimal(value: float) -> str:
    return format(Decimal(repr(value)), "f")


@st.composite
def valid_settings(draw: st.DrawFn, provider: str) -> dict[str, Any]:
    """Draw a valid value for a random subset of the settings of ``provider`` (provider itself excluded)."""
    settings: dict[str, Any] = {}
    if draw(st.booleans()):
        settings["model"] = draw(model_names.filter(lambda m: family_of(m) in (None, provider)))
    if draw(st.booleans()):
        settings["base_url"] = draw(base_urls(provider))
    if draw(st.booleans()):
        settings["api_key"] = draw(keys_for(provider))
    if draw(st.booleans()):
        settings["max_tokens"] = draw(st.integers(1, 1_000_000))
    if draw(st.booleans()):
        settings["temperature"] = draw(st.sampled_from([0.0, 0.25, 0.7, 1.0, 2.0]) | st.floats(0, 2))
    if draw(st.booleans()):
        settings["timeout"] = draw(st.sampled_from([0.5, 30.0, 600.0, 3600.0]) | st.floats(0.001, 3600))
    if draw(st.booleans()):
        settings["max_retries"] = draw(st.integers(0, 10))
    if draw(st.booleans()) and provider == "ollama":
        settings["num_ctx"] = draw(st.integers(256, 1_048_576))
    return settings


def _text(value: object) -> str:
    return _decimal(value) if isinstance(value, float) else str(value)


def as_env(settings: dict[str, Any]) -> dict[str, str]:
    """Write settings as STIGMER_LLM_* variables."""
    return {STIGMER_VARS[k]: _text(v) for k, v in settings.items()}


def as_file(settings: dict[str, Any]) -> dict[str, Sourced]:
    """Write settings as a file layer, each value saying which line of which file it came from."""
    return {
        k: Sourced(_text(v), Origin("file", f"backend.local.llm.{k}", "config.yaml", line))
        for line, (k, v) in enumerate(settings.items(), start=2)
    }


@st.composite
def layered(draw: st.DrawFn) -> tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Draw a mode, a provider, and valid file, env and override settings for that one provider, which resolve.

    A provider that needs a key gets one in some layer; an override that names a base_url brings
    its own key when a lower layer has one (rule 6, which has its own property).
    """
    mode = draw(st.sampled_from(["local", "cloud"]))
    provider = draw(st.sampled_from(PROVIDER_NAMES))
    file, env, over = (draw(valid_settings(provider)) for _ in range(3))
    if PROVIDERS[provider].key_required != "never" and not any("api_key" in s for s in (file, env, over)):
        draw(st.sampled_from([file, env, over]))["api_key"] = draw(keys_for(provider))
    if "base_url" in over and "api_key" not in over and ("api_key" in env or "api_key" in file):
        over["api_key"] = draw(keys_for(provider))
    return mode, provider, file, env, over


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
        "llama3",
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
        "http:/svc:S3cretPw@gateway.corp/v1",
        "https://svc:Hunter2Secret#7@gateway.corp/v1",
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
        "https://api.openai.com/v1",
        "http://localhost:11434",
    ],
    "api_key": ["sk-ant-" + "A" * 20, "sk-proj-" + "B" * 20, "sk-ant- X", "KEY\r\n", "KLEIDÍ", "lm-studio"],
    "max_tokens": ["0", "1e3", "+1", "1_000", "９", "99999999999", "8192", "000", 0, 10**9, True, 1.5],
    "temperature": ["1e-1", "2.5", "0.7", "-0", "nan", "1.", ".5", "3", 2.5, float("inf"), 10**400, True],
    "timeout": ["0", "-1", "30", "3601", "1e3", 0, 0.5, 10**5000],
    "max_retries": ["-1", "11", "2", "two", 3, True],
    "num_ctx": ["128", "32768", "2000000", "8k", 4096],
    "request_providers": ["ollama", "antropic", "ollama,openai", "none", ","],
    "request_fields": ["model", "model,temperature", "modle", "none"],
}


def field_of(var: str) -> str:
    """Return the setting an env var sets."""
    for field, name in STIGMER_VARS.items():
        if name == var:
            return field
    return "api_key" if any(var in p.key_vars for p in PROVIDERS.values()) else "base_url"


@st.composite
def near_miss_envs(draw: st.DrawFn) -> dict[str, str]:
    """Draw an environment whose documented variables hold near misses."""
    keys = draw(st.lists(st.sampled_from(DOCUMENTED_KEYS), unique=True, max_size=6))
    pool = {key: [v for v in NEAR_MISSES[field_of(key)] if isinstance(v, str)] for key in keys}
    return {key: draw(st.sampled_from(pool[key])) for key in keys}


@st.composite
def near_miss_overrides(draw: st.DrawFn) -> dict[str, Any]:
    """Draw an override mapping whose keys hold near misses."""
    keys = draw(st.lists(st.sampled_from(OVERRIDE_KEYS), unique=True, max_size=4))
    return {key: draw(st.sampled_from(NEAR_MISSES["model" if key == "model_name" else key])) for key in keys}


@st.composite
def valid_requests(draw: st.DrawFn) -> tuple[str, dict[str, str], dict[str, str], dict[str, Any]]:
    """Draw a mode, the worker's provider set in the environment, a file or neither, and an override that resolves
    when the policy allows it: every value right for its provider. Returns (mode, env, file, override)."""
    mode = draw(st.sampled_from(sorted(MODES)))
    where = draw(st.sampled_from(["mode", "env", "file", "env and file"]))
    env_provider, file_provider = draw(st.sampled_from(sorted(PROVIDERS))), draw(st.sampled_from(sorted(PROVIDERS)))
    env = {"STIGMER_LLM_PROVIDER": env_provider} if "env" in where else {}
    file = {"provider": file_provider} if "file" in where else {}
    worker = env_provider if "env" in where else file_provider if "file" in where else MODES[mode]
    fields = draw(st.sets(st.sampled_from(["provider", "model", "base_url", "api_key", "max_tokens", "timeout"])))
    provider = draw(st.sampled_from(sorted(PROVIDERS))) if "provider" in fields else worker
    override: dict[str, Any] = {"provider": provider} if "provider" in fields else {}
    if "model" in fields:
        override["model"] = draw(st.sampled_from(["fast", "balanced", "powerful"]))
    if "base_url" in fields:  # with its own key, as a request that names a host must
        override["base_url"] = PROVIDERS[provider].base_url
        fields.add("api_key")
    if "api_key" in fields:
        override["api_key"] = draw(keys_for(provider))
    if "max_tokens" in fields:
        override["max_tokens"] = draw(st.integers(1, 100_000))
    if "timeout" in fields:
        override["timeout"] = draw(st.integers(1, 600))
    return mode, env, file, override
