"""Example tests, one per rule of the core resolver."""

from __future__ import annotations

import os
import secrets
from types import MappingProxyType

import pytest

from stigmer_resolve import (
    ConfigurationError,
    Fix,
    LLMConfig,
    Notice,
    Origin,
    Override,
    Problem,
    Secret,
    resolve,
    resolve_or_raise,
)
from stigmer_resolve.providers import PROVIDERS

from .helpers import errors, key, ok, plain_key, sources_of

# --- the zero-config default, and defaults per provider ---------------------------------


def test_zero_config_local_is_ollama_with_its_defaults() -> None:
    """With nothing set, local mode resolves to the local Ollama default."""
    c = ok("local")
    assert (c.provider, c.model, c.base_url, c.api_key, c.max_tokens, c.temperature) == (
        "ollama",
        "qwen2.5-coder:7b",
        "http://localhost:11434",
        None,
        8192,
        0.0,
    )


def test_cloud_mode_defaults_to_anthropic() -> None:
    """Cloud mode picks anthropic and its defaults."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key()})
    assert (c.provider, c.model, c.base_url, c.max_tokens, c.temperature) == (
        "anthropic",
        PROVIDERS["anthropic"].aliases["balanced"],
        "https://api.anthropic.com",
        20000,
        None,
    )


def test_defaults_follow_the_provider_not_the_mode() -> None:
    """local + provider anthropic gets Claude defaults; cloud + provider ollama gets Ollama's."""
    c = ok("local", {"STIGMER_LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": key()})
    assert c.model.startswith("claude-") and c.base_url == "https://api.anthropic.com" and c.max_tokens == 20000
    c = ok("cloud", {"STIGMER_LLM_PROVIDER": "ollama"})
    assert c.model == "qwen2.5-coder:7b" and c.base_url == "http://localhost:11434" and c.max_tokens == 8192


def test_openai_defaults() -> None:
    """OpenAI defaults to its balanced model, its v1 URL and 16384 tokens."""
    c = ok("cloud", {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": key("sk-proj-")})
    assert (c.model, c.base_url, c.max_tokens, c.temperature) == (
        PROVIDERS["openai"].aliases["balanced"],
        "https://api.openai.com/v1",
        16384,
        None,
    )


@pytest.mark.parametrize("alias", ["fast", "balanced", "powerful"])
@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_model_aliases_resolve_per_provider(provider: str, alias: str) -> None:
    """fast, balanced and powerful name the winning provider's model."""
    env = {"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_MODEL": alias, "STIGMER_LLM_API_KEY": key("k-")}
    c = ok("local", env)
    assert c.model == PROVIDERS[provider].aliases[alias]
    assert c.sources["model"] == f"env:STIGMER_LLM_MODEL (alias {alias})"


# --- mode and provider spelling ---------------------------------------------------------


def test_mode_and_provider_ignore_case_and_surrounding_space() -> None:
    """' Cloud ' and 'Anthropic' are accepted as cloud and anthropic."""
    c = ok(" Cloud ", {"STIGMER_LLM_PROVIDER": " Anthropic ", "ANTHROPIC_API_KEY": key()})
    assert (c.mode, c.provider) == ("cloud", "anthropic")


def test_mistyped_mode_is_an_error_with_a_suggestion() -> None:
    """A mode other than local or cloud is an error, never silently cloud."""
    (e,) = errors("clowd")
    assert e.field == "mode" and "did you mean 'cloud'" in e.message
    assert [fix.value for fix in e.fixes] == ["cloud", "local"]  # the guess first


@pytest.mark.parametrize("mode", [None, 3, b"local", ["local"], ""])
def test_non_string_or_empty_mode_is_an_error(mode: object) -> None:
    """A mode that is not a non-empty string is an error value, not an exception."""
    assert errors(mode)[0].field == "mode"


def test_unknown_provider_is_an_error_with_a_suggestion() -> None:
    """An unknown provider names its variable and suggests the likely one."""
    (e,) = errors("local", {"STIGMER_LLM_PROVIDER": "antropic"})
    assert e.source == "env:STIGMER_LLM_PROVIDER" and "did you mean 'anthropic'" in e.message
    assert e.fixes == (Fix(Origin("env", "STIGMER_LLM_PROVIDER"), "anthropic"),)


# --- empty means unset ------------------------------------------------------------------


def test_empty_and_blank_values_are_unset() -> None:
    """docker-compose passes ${VAR} through as ''; that and whitespace-only count as unset."""
    names = ["STIGMER_LLM_PROVIDER", "STIGMER_LLM_MODEL", "STIGMER_LLM_BASE_URL", "STIGMER_LLM_MAX_TOKENS"]
    env = dict(zip([*names, "STIGMER_LLM_TEMPERATURE", "OLLAMA_HOST"], ["", "  ", "\t", "", " \n", ""], strict=True))
    assert ok("local", env) == ok("local")


# --- rule 2: how a layer chooses a provider ---------------------------------------------


@pytest.mark.parametrize(
    ("model", "provider", "sent"),
    [
        ("claude-opus-5-5", "anthropic", "claude-opus-5-5"),
        ("gpt-6-luna", "openai", "gpt-6-luna"),
        ("chatgpt-4o-latest", "openai", "chatgpt-4o-latest"),
        ("o3-mini", "openai", "o3-mini"),
        ("o4-mini", "openai", "o4-mini"),
        ("o1", "openai", "o1"),
        ("ft:gpt-4o:acme:custom:abc123", "openai", "ft:gpt-4o:acme:custom:abc123"),
        ("qwen2.5-coder:7b", "ollama", "qwen2.5-coder:7b"),
        ("gpt-oss:20b", "ollama", "gpt-oss:20b"),
        ("ollama:qwen2.5-coder:7b", "ollama", "qwen2.5-coder:7b"),
        ("openai:my-finetune", "openai", "my-finetune"),
        ("Anthropic:claude-haiku-5-5", "anthropic", "claude-haiku-5-5"),
    ],
)
def test_model_name_chooses_the_provider(model: str, provider: str, sent: str) -> None:
    """A model's provider prefix, else its family, chooses the provider; the prefix is not sent."""
    c = ok("local", {"STIGMER_LLM_MODEL": model, "ANTHROPIC_API_KEY": key(), "OPENAI_API_KEY": key("sk-")})
    assert (c.provider, c.model) == (provider, sent)


def test_model_without_a_family_keeps_the_mode_provider() -> None:
    """A model of no family (my-model) does not choose: the mode's provider stays."""
    c = ok("local", {"STIGMER_LLM_MODEL": "my-model"})
    assert (c.provider, c.model) == ("ollama", "my-model")
    c = ok("cloud", {"STIGMER_LLM_MODEL": "my-model", "ANTHROPIC_API_KEY": key()})
    assert (c.provider, c.model) == ("anthropic", "my-model")


@pytest.mark.parametrize(
    "model",
    ["llama3", "llama3.1:8b", "qwen2.5-coder", "deepseek-r1", "mistral", "mixtral", "gemma3", "phi4", "gpt-oss"],
)
def test_untagged_ollama_library_names_choose_ollama(model: str) -> None:
    """Names people pull from the Ollama library belong to ollama's family, tagged or not, even in cloud mode."""
    c = ok("cloud", {"STIGMER_LLM_MODEL": model})
    assert (c.provider, c.model, c.sources["provider"]) == ("ollama", model, "env:STIGMER_LLM_MODEL (model family)")


def test_colon_splits_only_for_a_provider_name() -> None:
    """qwen2.5-coder:7b is not split; ollama:qwen2.5-coder:7b splits at the first colon only."""
    assert ok("cloud", {"STIGMER_LLM_MODEL": "ollama:qwen2.5-coder:7b"}).model == "qwen2.5-coder:7b"
    assert ok("cloud", {"STIGMER_LLM_MODEL": "qwen2.5-coder:7b"}).model == "qwen2.5-coder:7b"


def test_provider_setting_beats_the_model_family_with_a_warning() -> None:
    """An explicit provider wins over its own layer's model family, and says so."""
    c = ok(
        "local",
        {
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_MODEL": "claude-opus-5-5",
            "STIGMER_LLM_BASE_URL": "http://127.0.0.1:8000/v1",
        },
    )
    assert (c.provider, c.model) == ("openai", "claude-opus-5-5")
    assert any(w.field == "model" and "anthropic" in w.message for w in c.warnings)


def test_contradicting_prefix_in_one_layer_is_an_error() -> None:
    """provider=ollama with model anthropic:… in the same layer is an error."""
    (e,) = errors("local", {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_MODEL": "anthropic:claude-opus-5-5"})
    assert e.source == "env:STIGMER_LLM_MODEL" and e.field == "model"


def test_provider_prefix_with_nothing_after_it_is_an_error() -> None:
    """'anthropic:' names no model."""
    (e,) = errors("local", {"STIGMER_LLM_MODEL": "anthropic:"})
    assert e.field == "model" and e.fixes[0].value == "anthropic:claude-sonnet-5-5"


def test_provider_source_says_when_inferred_from_the_model() -> None:
    """sources['provider'] says the provider came from the model name."""
    c = ok("local", {"STIGMER_LLM_MODEL": "claude-opus-5-5", "ANTHROPIC_API_KEY": key()})
    assert c.sources["provider"] == "env:STIGMER_LLM_MODEL (model family)"
    c = ok("local", {"STIGMER_LLM_MODEL": "openai:x", "OPENAI_API_KEY": key("sk-")})
    assert c.sources["provider"] == "env:STIGMER_LLM_MODEL (provider prefix)"
    assert ok("cloud", {"ANTHROPIC_API_KEY": key()}).sources["provider"] == "mode:cloud"


# --- rule 3 and 4: the highest layer that chose wins; scoped fields -----------------------


def test_override_beats_env_beats_default_for_the_same_provider() -> None:
    """Field by field: override over env over default, when both speak of one provider."""
    env = {"STIGMER_LLM_MODEL": "llama3", "STIGMER_LLM_MAX_TOKENS": "100", "STIGMER_LLM_TEMPERATURE": "0.5"}
    c = ok("local", env, {"model": "mistral:7b", "max_tokens": 200})
    assert (c.model, c.max_tokens, c.temperature) == ("mistral:7b", 200, 0.5)
    assert c.sources["model"] == "override:model" and c.sources["temperature"] == "env:STIGMER_LLM_TEMPERATURE"


def test_request_switch_does_not_inherit_the_workers_model_or_url() -> None:
    """A per-request switch to anthropic drops the worker's Ollama model and URL."""
    env = {
        "STIGMER_LLM_MODEL": "qwen2.5-coder:14b",
        "STIGMER_LLM_BASE_URL": "http://gpu-box:11434",
        "ANTHROPIC_API_KEY": key(),
    }
    c = ok("local", env, Override(model="claude-opus-5-5"))
    assert (c.provider, c.model, c.base_url) == ("anthropic", "claude-opus-5-5", "https://api.anthropic.com")


def test_override_without_a_choice_inherits_the_env_provider() -> None:
    """An override that only sets max_tokens keeps the environment's provider, model and URL."""
    env = {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_MODEL": "gpt-6-luna", "OPENAI_API_KEY": key("sk-")}
    c = ok("local", env, {"max_tokens": 64})
    assert (c.provider, c.model, c.max_tokens) == ("openai", "gpt-6-luna", 64)


def test_max_tokens_and_temperature_count_from_any_layer() -> None:
    """The worker's max_tokens and temperature survive a per-request provider switch."""
    env = {"STIGMER_LLM_MAX_TOKENS": "1234", "STIGMER_LLM_TEMPERATURE": "1.5", "OPENAI_API_KEY": key("sk-")}
    c = ok("local", env, {"model": "gpt-6-luna"})
    assert (c.provider, c.max_tokens, c.temperature) == ("openai", 1234, 1.5)


def test_openai_reads_openai_api_key_never_anthropic_api_key() -> None:
    """OpenAI never borrows ANTHROPIC_API_KEY; it reads OPENAI_API_KEY."""
    (e,) = errors("local", {"STIGMER_LLM_PROVIDER": "openai", "ANTHROPIC_API_KEY": key()})
    assert e.source == "env:OPENAI_API_KEY"
    secret = key("sk-proj-")
    c = ok("local", {"STIGMER_LLM_PROVIDER": "openai", "ANTHROPIC_API_KEY": key(), "OPENAI_API_KEY": secret})
    assert c.api_key == Secret(secret) and c.sources["api_key"] == "env:OPENAI_API_KEY"


def test_stigmer_variables_beat_the_providers_own() -> None:
    """STIGMER_LLM_API_KEY and _BASE_URL sit above ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, with a warning."""
    mine, theirs = key(), key()
    env = {
        "STIGMER_LLM_API_KEY": mine,
        "ANTHROPIC_API_KEY": theirs,
        "STIGMER_LLM_BASE_URL": "https://a.example",
        "ANTHROPIC_BASE_URL": "https://b.example",
    }
    c = ok("cloud", env)
    assert c.api_key == Secret(mine) and c.base_url == "https://a.example"
    assert {w.source for w in c.warnings} == {"env:ANTHROPIC_API_KEY", "env:ANTHROPIC_BASE_URL"}
    assert all(theirs not in w.message + w.hint and mine not in w.message + w.hint for w in c.warnings)


@pytest.mark.parametrize(
    ("provider", "first", "second"),
    [
        ("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
        ("openai", "OPENAI_BASE_URL", "OPENAI_API_BASE"),
        ("ollama", "OLLAMA_HOST", "OLLAMA_BASE_URL"),
    ],
)
def test_two_names_for_one_setting_warn_naming_the_one_used(provider: str, first: str, second: str) -> None:
    """Both names set and different: the first is used and a warning names it."""

    def value(i: int) -> str:
        return key() if "KEY" in first or "TOKEN" in first else f"https://h{i}.example:1/v1"

    env = {"ANTHROPIC_API_KEY": key(), "OPENAI_API_KEY": key("sk-")}
    env |= {"STIGMER_LLM_PROVIDER": provider, first: value(1), second: value(2)}
    c = ok("local", env)
    (w,) = [w for w in c.warnings if w.source == f"env:{second}"]
    assert f"using {first}" in w.message


def test_equal_values_under_two_names_give_no_warning() -> None:
    """OLLAMA_HOST=localhost and OLLAMA_BASE_URL=http://localhost:11434 mean the same, as do two equal keys."""
    c = ok("local", {"OLLAMA_HOST": "localhost", "OLLAMA_BASE_URL": "http://localhost:11434"})
    assert not c.warnings
    same = key()
    assert not ok("cloud", {"ANTHROPIC_API_KEY": same, "STIGMER_LLM_API_KEY": same}).warnings


# --- rule 6: the worker's key never follows a request's URL -------------------------------


def test_env_key_with_override_url_is_an_error() -> None:
    """A request cannot redirect the worker's key to a host of its choosing."""
    secret = key()
    (e,) = errors("cloud", {"ANTHROPIC_API_KEY": secret}, {"base_url": "https://evil.example"})
    assert e.source == "override:base_url" and "ANTHROPIC_API_KEY" in e.message and secret not in str(e)


def test_override_url_with_its_own_key_is_allowed() -> None:
    """An override that brings its own key may bring its own URL."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key()}, {"base_url": "https://proxy.example", "api_key": key()})
    assert c.base_url == "https://proxy.example"


def test_override_url_equal_to_the_resolved_one_is_allowed() -> None:
    """Restating the URL the environment already gives is not a redirect."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key()}, {"base_url": "https://api.anthropic.com/"})
    assert c.base_url == "https://api.anthropic.com"


def test_override_restating_the_env_url_is_allowed() -> None:
    """An override repeating the environment's own URL, spelled differently, sends the key nowhere new."""
    env = {"ANTHROPIC_API_KEY": key(), "ANTHROPIC_BASE_URL": "https://proxy.example/"}
    assert ok("cloud", env, {"base_url": "HTTPS://proxy.example:443"}).base_url == "https://proxy.example"


def test_keyless_override_url_is_allowed() -> None:
    """With no key at all (local Ollama), an override URL is harmless."""
    assert ok("local", {}, {"base_url": "http://other:11434"}).base_url == "http://other:11434"


# --- base_url --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://api.openai.com/v1/", "https://api.openai.com/v1"),
        ("HTTPS://API.OpenAI.com:443/v1", "https://api.openai.com/v1"),
        ("http://127.0.0.1:8000/v1//", "http://127.0.0.1:8000/v1"),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
    ],
)
def test_http_base_url_is_normalised(raw: str, url: str) -> None:
    """Scheme and host are lower-cased, the default port and trailing slashes dropped."""
    env = {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": raw, "OPENAI_API_KEY": key("sk-")}
    assert ok("local", env).base_url == url


def test_base_url_without_scheme_is_an_error_whose_hint_shows_the_fix() -> None:
    """api.openai.com/v1 lacks its scheme; the hint shows https://api.openai.com/v1."""
    env = {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": "api.openai.com/v1", "OPENAI_API_KEY": key("sk-")}
    (e,) = errors("local", env)
    assert e.source == "env:OPENAI_BASE_URL" and e.hint == "export OPENAI_BASE_URL=https://api.openai.com/v1"


def test_base_url_with_credentials_is_an_error_that_does_not_repeat_them() -> None:
    """user:password in a URL is refused, and the password appears in no message."""
    password = secrets.token_urlsafe(12)
    for provider, var in [
        ("openai", "OPENAI_BASE_URL"),
        ("ollama", "OLLAMA_HOST"),
        ("anthropic", "ANTHROPIC_BASE_URL"),
    ]:
        env = {"STIGMER_LLM_PROVIDER": provider, var: f"http://user:{password}@host.example:1/v1"}
        found = errors("local", env)
        assert any(e.source == f"env:{var}" for e in found)
        assert all(password not in str(e) for e in found)


@pytest.mark.parametrize(
    "raw",
    [
        "https://h.example/v1?x=1",
        "https://h.example/v1#top",
        "ftp://h.example",
        "https://",
        "https://h.example:0",
        "https://h.example:65536",
        "https://h ex.com",
        "https://[fe80::1%25eth0]/v1",
        "https://::1/v1",
    ],
)
def test_malformed_http_base_url_is_an_error(raw: str) -> None:
    """Query, fragment, other schemes, no host, bad ports, spaces, zone ids, bare IPv6 are errors."""
    env = {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": raw, "OPENAI_API_KEY": key("sk-")}
    assert sources_of(errors("local", env)) == {"env:STIGMER_LLM_BASE_URL"}


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("example.com", "http://example.com:11434"),
        ("example.com:56", "http://example.com:56"),
        (":56", "http://127.0.0.1:56"),
        ("https://example.com", "https://example.com:443"),
        ("http://example.com", "http://example.com:80"),
        ("[::1]", "http://[::1]:11434"),
        ("[::1]:9", "http://[::1]:9"),
        ("::1", "http://[::1]:11434"),
        ("example.com/path/", "http://example.com:11434/path"),
        ("HTTPS://example.com", "https://example.com:443"),
    ],
)
def test_ollama_host_syntax(raw: str, url: str) -> None:
    """Ollama endpoints take OLLAMA_HOST's syntax from any source."""
    assert ok("local", {"OLLAMA_HOST": raw}).base_url == url
    assert ok("local", {"STIGMER_LLM_BASE_URL": raw}).base_url == url


@pytest.mark.parametrize(("raw", "url"), [("0.0.0.0", "http://127.0.0.1:11434"), ("[::]:9", "http://[::1]:9")])
def test_ollama_listen_address_is_rewritten_to_loopback(raw: str, url: str) -> None:
    """OLLAMA_HOST=0.0.0.0 is where the server listens; the client connects to loopback, with a warning."""
    c = ok("local", {"OLLAMA_HOST": raw})
    assert c.base_url == url and any("listen address" in w.message for w in c.warnings)


def test_ollama_host_with_bad_port_is_an_error() -> None:
    """example.com:abc is refused with the variable named."""
    assert sources_of(errors("local", {"OLLAMA_HOST": "example.com:abc"})) == {"env:OLLAMA_HOST"}


@pytest.mark.parametrize(
    ("provider", "raw", "url"),
    [
        ("anthropic", "https://proxy.example/v1", "https://proxy.example"),
        ("ollama", "http://localhost:11434/v1", "http://localhost:11434"),
    ],
)
def test_trailing_v1_is_dropped_with_a_warning_for_anthropic_and_ollama(provider: str, raw: str, url: str) -> None:
    """Anthropic's SDK appends /v1/messages; Ollama's /v1 is not its native API."""
    c = ok("local", {"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_BASE_URL": raw, "ANTHROPIC_API_KEY": key()})
    assert c.base_url == url and any("/v1" in w.message for w in c.warnings)


def test_openai_path_without_v1_warns() -> None:
    """An OpenAI base path not ending in /v1 is kept, with a warning."""
    c = ok("local", {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": "http://localhost:8000"})
    assert c.base_url == "http://localhost:8000" and any("/v1" in w.message for w in c.warnings)


def test_plain_http_to_a_remote_host_with_a_plain_key_warns() -> None:
    """A key of no vendor's shape may travel in clear text (a sidecar may terminate TLS), with a warning."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": plain_key(), "ANTHROPIC_BASE_URL": "http://proxy.example"})
    assert [w.source for w in c.warnings if "clear text" in w.message] == ["env:ANTHROPIC_BASE_URL"]
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(), "ANTHROPIC_BASE_URL": "http://localhost:8080"})
    assert not any("clear text" in w.message for w in c.warnings)


@pytest.mark.parametrize("host", ["proxy.example", "10.0.0.7", "127.attacker.example", "127.0.0.1.nip.io", "[::2]"])
@pytest.mark.parametrize(("prefix", "provider"), [("sk-ant-", "anthropic"), ("sk-proj-", "openai"), ("sk-", "openai")])
def test_a_vendor_key_never_travels_in_clear_text_off_this_machine(host: str, prefix: str, provider: str) -> None:
    """A vendor-shaped key over plain http off this machine is an error naming the URL's and the key's variables."""
    env = {
        "STIGMER_LLM_PROVIDER": provider,
        "STIGMER_LLM_API_KEY": key(prefix),
        "STIGMER_LLM_BASE_URL": f"http://{host}/v1",
    }
    (e,) = [e for e in errors("local", env) if "clear text" in e.message]
    assert e.source == "env:STIGMER_LLM_BASE_URL" and "STIGMER_LLM_API_KEY" in e.message
    assert str(e.fixes[0].value).startswith(f"https://{host}")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "[::1]"])
def test_loopback_is_decided_by_address_not_by_prefix(host: str) -> None:
    """127.0.0.0/8, ::1 and localhost are this machine: a vendor key may go there over plain http."""
    env = {
        "STIGMER_LLM_PROVIDER": "openai",
        "OPENAI_API_KEY": key("sk-proj-"),
        "OPENAI_BASE_URL": f"http://{host}:8000/v1",
    }
    assert ok("local", env).base_url == f"http://{host}:8000/v1"


# --- api_key ---------------------------------------------------------------------------


def test_key_required_for_anthropic_and_official_openai_only() -> None:
    """anthropic always needs a key; openai only at api.openai.com; ollama never."""
    assert sources_of(errors("cloud")) == {"env:ANTHROPIC_API_KEY"}
    assert sources_of(errors("local", {"STIGMER_LLM_PROVIDER": "openai"})) == {"env:OPENAI_API_KEY"}
    c = ok("local", {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"})
    assert c.api_key is None
    assert ok("local").api_key is None


def test_anthropic_auth_token_is_read_after_the_api_key() -> None:
    """ANTHROPIC_AUTH_TOKEN serves when ANTHROPIC_API_KEY is unset."""
    token = key()
    c = ok("cloud", {"ANTHROPIC_AUTH_TOKEN": token})
    assert c.api_key == Secret(token) and c.sources["api_key"] == "env:ANTHROPIC_AUTH_TOKEN"


@pytest.mark.parametrize("bad", ["sk-ant-abc def", "sk-ant-é", "sk-ant-\x00x", "a\tb"])
def test_key_with_inner_whitespace_or_non_ascii_is_an_error(bad: str) -> None:
    """A key must be printable ASCII without inner whitespace; the message does not hold it."""
    (e,) = errors("cloud", {"ANTHROPIC_API_KEY": bad})
    assert e.source == "env:ANTHROPIC_API_KEY" and bad not in str(e)


def test_crlf_terminated_key_is_stripped() -> None:
    """A key read with $(cat key.txt) from a Windows file keeps no \\r."""
    secret = key()
    assert ok("cloud", {"ANTHROPIC_API_KEY": secret + "\r\n"}).api_key == Secret(secret)


@pytest.mark.parametrize("prefix", ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"])
def test_key_of_another_provider_to_a_gateway_warns(prefix: str) -> None:
    """An OpenAI-shaped key (any sk- key but sk-ant-) given to anthropic at a gateway gets a warning."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(prefix), "ANTHROPIC_BASE_URL": "https://gateway.example"})
    assert [w.source for w in c.warnings if w.field == "api_key"] == ["env:ANTHROPIC_API_KEY"]
    c = ok(
        "local",
        {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_API_KEY": key(), "OPENAI_BASE_URL": "https://gw.example/v1"},
    )
    assert any(w.field == "api_key" and "anthropic" in w.message for w in c.warnings)


@pytest.mark.parametrize(
    ("provider", "prefix"), [("openai", "sk-ant-"), ("anthropic", "sk-proj-"), ("anthropic", "sk-")]
)
def test_a_vendor_key_never_goes_to_another_vendors_endpoint(provider: str, prefix: str) -> None:
    """An Anthropic key is never sent to api.openai.com, nor an OpenAI key to api.anthropic.com."""
    (e,) = errors("local", {"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_API_KEY": key(prefix)})
    assert e.field == "api_key" and e.source == "env:STIGMER_LLM_API_KEY"


# --- model -----------------------------------------------------------------------------


def test_dotted_claude_name_resolves_to_the_api_id_with_a_warning() -> None:
    """claude-sonnet-4.5, the old loader's default, becomes claude-sonnet-4-5."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": "claude-sonnet-4.5"})
    assert c.model == "claude-sonnet-4-5"
    assert any("not an API id" in w.message for w in c.warnings)


def test_retiring_model_warns_with_its_date() -> None:
    """A model the SDK lists as deprecated carries its retirement date."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": "claude-sonnet-4-5"})
    assert any("November 30th, 2026" in w.message for w in c.warnings)


def test_near_miss_model_gets_did_you_mean_and_still_passes() -> None:
    """An unknown id one typo from a known one passes with a did-you-mean warning; a far one passes silently."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": "claude-opsu-5-5"})
    assert c.model == "claude-opsu-5-5"
    assert any("did you mean 'claude-opus-5-5'" in w.message for w in c.warnings)
    assert not ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": "claude-new-9"}).warnings


@pytest.mark.parametrize("bad", ["claude opus", "qwen\n7b", "x\x00", "a" * 257, "m\u200bx"])
def test_model_with_whitespace_control_or_over_256_characters_is_an_error(bad: str) -> None:
    """Model ids hold no whitespace or control characters and are at most 256 long."""
    assert sources_of(errors("local", {"STIGMER_LLM_MODEL": bad})) == {"env:STIGMER_LLM_MODEL"}


# --- max_tokens and temperature -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["٣", "1_000", "+5", "1e3", "-1", "0", "1000001", "12.0", "８", "9" * 5000])
def test_env_max_tokens_must_be_ascii_digits_in_range(bad: str) -> None:
    """From env, max_tokens is ASCII digits from 1 to 1,000,000."""
    (e,) = errors("local", {"STIGMER_LLM_MAX_TOKENS": bad})
    assert e.source == "env:STIGMER_LLM_MAX_TOKENS" and e.hint.startswith("export STIGMER_LLM_MAX_TOKENS=")


@pytest.mark.parametrize(("good", "value"), [("1", 1), ("1000000", 1_000_000), ("007", 7), (" 42 ", 42)])
def test_env_max_tokens_accepts_plain_digits(good: str, value: int) -> None:
    """Plain ASCII digits in range are read as an int."""
    assert ok("local", {"STIGMER_LLM_MAX_TOKENS": good}).max_tokens == value


@pytest.mark.parametrize("bad", [True, 1.5, "1e3", 0, [5], None.__class__])
def test_override_max_tokens_must_be_an_int_or_digit_string(bad: object) -> None:
    """From an override, max_tokens is an int (never a bool) or a digit string."""
    (e,) = errors("local", None, {"max_tokens": bad})
    assert e.source == "override:max_tokens" and e.hint.startswith("override={'max_tokens'")


@pytest.mark.parametrize("bad", ["nan", "inf", "1e-1", "1_0", "٠.٥", "-0.5", ".", "1.2.3", "0x1", "2.5"])
def test_env_temperature_must_be_a_plain_decimal_in_range(bad: str) -> None:
    """From env, temperature is ASCII digits with at most one dot, 0 to 2."""
    (e,) = errors("local", {"STIGMER_LLM_TEMPERATURE": bad})
    assert e.source == "env:STIGMER_LLM_TEMPERATURE"


@pytest.mark.parametrize("bad", [True, float("nan"), float("inf"), -0.1, 2.01, "x", [1]])
def test_override_temperature_must_be_a_finite_number_in_range(bad: object) -> None:
    """From an override, temperature is an int or float (never a bool), finite, 0 to 2."""
    (e,) = errors("local", None, {"temperature": bad})
    assert e.source == "override:temperature"


def test_negative_zero_temperature_is_zero() -> None:
    """-0.0 from an override is 0.0, so that to_env writes a plain decimal."""
    c = ok("local", None, {"temperature": -0.0})
    assert str(c.temperature) == "0.0"


def test_anthropic_temperature_is_dropped_with_a_warning_naming_its_source() -> None:
    """Anthropic's Messages API takes no temperature: the config says None, and a warning says why."""
    c = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_TEMPERATURE": "0.3"})
    assert c.temperature is None
    (w,) = [w for w in c.warnings if w.field == "temperature"]
    assert w.source == "env:STIGMER_LLM_TEMPERATURE"


# --- every error at once --------------------------------------------------------------


def test_every_error_is_reported_at_once_each_naming_its_source() -> None:
    """Four broken settings give four errors, one per variable."""
    env = {
        "STIGMER_LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": "api.openai.com/v1",
        "STIGMER_LLM_MAX_TOKENS": "lots",
        "STIGMER_LLM_TEMPERATURE": "warm",
        "STIGMER_LLM_MODEL": "gpt 5",
    }
    found = errors("local", env)
    assert sources_of(found) == {
        "env:OPENAI_BASE_URL",
        "env:STIGMER_LLM_MAX_TOKENS",
        "env:STIGMER_LLM_TEMPERATURE",
        "env:STIGMER_LLM_MODEL",
    }
    assert all(e.hint for e in found)


def test_errors_come_in_a_stable_order() -> None:
    """The same input gives the same errors in the same order."""
    env = {"STIGMER_LLM_MAX_TOKENS": "x", "STIGMER_LLM_TEMPERATURE": "y", "STIGMER_LLM_MODEL": "a b"}
    assert errors("local", env) == errors("local", dict(reversed(env.items())))


# --- the override ------------------------------------------------------------------------


def test_model_name_is_a_synonym_of_model() -> None:
    """The runner's ExecutionConfig says model_name; it means model."""
    c = ok("local", None, {"model_name": "llama3"})
    assert c.model == "llama3" and c.sources["model"] == "override:model_name"


def test_unknown_override_key_is_an_error_with_did_you_mean() -> None:
    """A misspelt key is an error with a suggestion."""
    (e,) = errors("local", None, {"modle": "x"})
    assert e.field == "override" and "did you mean 'model'" in e.message


def test_wrong_override_types_are_errors_not_exceptions() -> None:
    """Non-string text values, a non-mapping override and non-string keys are errors."""
    assert errors("local", None, {"model": 5})[0].source == "override:model"
    assert errors("local", None, ["model"])[0].field == "override"
    assert errors("local", None, {1: "x"})[0].field == "override"


def test_override_takes_model_name_as_the_mapping_does() -> None:
    """Override(model_name=...) is Override(model=...), and {'model_name': ...}."""
    assert ok("local", None, Override(model_name="llama3")) == ok("local", None, {"model_name": "llama3"})
    assert ok("local", None, Override(model_name="llama3")).sources["model"] == "override:model_name"


def test_override_dataclass_and_mapping_agree() -> None:
    """Override(...) and the same mapping resolve alike."""
    assert ok("local", None, Override(model="fast", max_tokens=9)) == ok(
        "local", None, {"model": "fast", "max_tokens": 9}
    )


def test_override_wraps_its_key_in_a_secret() -> None:
    """Override's repr never shows a plain api_key."""
    secret = key()
    assert secret not in repr(Override(api_key=secret))


# --- the values ---------------------------------------------------------------------------


def test_secret_shows_only_the_last_four_of_long_keys() -> None:
    """repr/str/format show a mask, plus the last four characters only for 12+ character keys."""
    assert str(Secret("sk-ant-0123456789")) == "********6789"
    assert repr(Secret("short-key")) == "Secret('********')"
    assert f"{Secret('abcdefghijklmnop'):>14}" == "  ********mnop"
    assert Secret("a") == Secret("a") and Secret("a") != Secret("b") and Secret("a") != "a"


def test_config_is_frozen_and_compares_settings_only() -> None:
    """LLMConfig is immutable; sources and warnings do not take part in equality."""
    c = ok("local")
    with pytest.raises(AttributeError):
        c.model = "x"  # type: ignore[misc]
    assert isinstance(c.sources, MappingProxyType)
    d = ok("local", {"OLLAMA_HOST": "localhost:11434"})
    assert c == d and c.sources != d.sources and hash(c) == hash(d)


def test_explain_lists_fields_values_sources_and_warnings() -> None:
    """explain() is a table a person reads, with the key masked."""
    secret = key()
    c = ok("cloud", {"ANTHROPIC_API_KEY": secret, "STIGMER_LLM_TEMPERATURE": "0.2"})
    text = c.explain()
    assert isinstance(text, str)
    assert "env:ANTHROPIC_API_KEY" in text and "warnings (1):" in text and secret not in text
    assert text.splitlines()[0].split() == ["setting", "value", "source"]


def test_to_dict_masks_the_key_unless_revealed() -> None:
    """to_dict() is JSON-safe and masks the key; reveal=True gives it."""
    import json

    secret = key()
    c = ok("cloud", {"ANTHROPIC_API_KEY": secret})
    assert secret not in json.dumps(c.to_dict())
    assert c.to_dict(reveal=True)["api_key"] == secret


def test_to_env_resolves_back_to_an_equal_config() -> None:
    """resolve(c.mode, c.to_env()) == c, here for a tiny temperature written in plain decimal."""
    c = ok("local", None, {"temperature": 1e-05, "model": "llama3"})
    assert c.to_env()["STIGMER_LLM_TEMPERATURE"] == "0.00001"
    assert ok(c.mode, c.to_env()) == c


def test_resolve_or_raise_lists_every_error_with_its_hint() -> None:
    """ConfigurationError is a ValueError carrying every error."""
    with pytest.raises(ConfigurationError) as caught:
        resolve_or_raise("cloud", {"STIGMER_LLM_MAX_TOKENS": "x"})
    assert isinstance(caught.value, ValueError) and len(caught.value.errors) == 2
    assert "hint: export STIGMER_LLM_MAX_TOKENS=" in str(caught.value)
    assert isinstance(resolve_or_raise("local", {}), LLMConfig)


def test_warnings_are_notices_of_the_same_shape_as_problems() -> None:
    """A warning is a Notice (never a Problem) with field, source, message, fixes and hint."""
    (w,) = ok("local", {"OLLAMA_HOST": "0.0.0.0"}).warnings
    assert isinstance(w, Notice) and not isinstance(w, Problem) and w.hint
    assert w.fixes == (Fix(Origin("env", "OLLAMA_HOST"), "http://127.0.0.1:11434"),)


def test_equal_inputs_are_answered_from_the_memo() -> None:
    """resolve() is memoised: the same inputs give the very same config object, from a dict or from os.environ."""
    env = {"STIGMER_LLM_MODEL": "fast"}
    assert resolve("local", env) is resolve("local", dict(env))
    assert resolve("local", os.environ, {"model": "fast"}) is resolve("local", os.environ, {"model": "fast"})


@pytest.mark.parametrize("where", ["env", "override", "file"])
def test_the_memo_keeps_no_large_input(where: str) -> None:
    """Inputs of more than 4 KiB in all are resolved afresh each time, so the memo holds at most ~1024 x 4 KiB."""
    value = "m" * 5000
    args: dict[str, object] = {"env": {}, "override": None, "file": None}
    args[where] = {"STIGMER_LLM_MODEL": value} if where == "env" else {"model": value}
    first = resolve("local", args["env"], args["override"], file=args["file"])  # type: ignore[arg-type]
    second = resolve("local", args["env"], args["override"], file=args["file"])  # type: ignore[arg-type]
    assert first == second and first is not second
    small = {"STIGMER_LLM_MODEL": "m" * 3500}
    assert resolve("local", small) is resolve("local", dict(small))
