"""The provider table against the installed official SDKs, and its own consistency."""

from __future__ import annotations

import typing

import pytest

from stigmer_resolve.providers import FIELDS, MODES, PROVIDERS, family_of


def _literal_ids(alias: object) -> set[str]:
    ids: set[str] = set()
    for arg in typing.get_args(alias):
        ids |= _literal_ids(arg) if typing.get_origin(arg) is not None else {arg} if isinstance(arg, str) else set()
    return ids


def _sdk_ids(provider: str) -> set[str]:
    if provider == "anthropic":
        model = pytest.importorskip("anthropic.types.model")
        return _literal_ids(model.Model)
    chat_model = pytest.importorskip("openai.types.shared.chat_model")
    return _literal_ids(chat_model.ChatModel)


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_defaults_and_aliases_are_ids_the_sdk_lists(provider: str) -> None:
    """Every anthropic and openai alias (and so the default) is in the installed SDK's model type."""
    ids = _sdk_ids(provider)
    assert set(PROVIDERS[provider].aliases.values()) <= ids


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_known_models_are_ids_the_sdk_lists(provider: str) -> None:
    """The did-you-mean table holds only real ids."""
    assert PROVIDERS[provider].known_models <= _sdk_ids(provider)


def test_no_anthropic_alias_is_deprecated_and_retirement_dates_match_the_sdk() -> None:
    """No anthropic default is in the SDK's deprecated table, and our dates are the SDK's."""
    deprecated = pytest.importorskip("anthropic._data.deprecated_models").DEPRECATED_MODELS
    row = PROVIDERS["anthropic"]
    assert not set(row.aliases.values()) & set(deprecated)
    assert dict(row.retiring) == dict(deprecated)


def test_no_openai_alias_is_scheduled_for_retirement() -> None:
    """The openai defaults are not in the SDK's deprecation notes."""
    chat_model = pytest.importorskip("openai.types.shared.chat_model")
    notes = chat_model.__doc__ or ""
    import inspect

    notes += inspect.getsource(chat_model)
    deprecated_part = notes.partition("Deprecated values:")[2]
    for model in PROVIDERS["openai"].aliases.values():
        assert f'"{model}"' not in deprecated_part
    assert set(PROVIDERS["openai"].retiring) <= _sdk_ids("openai")


def test_every_provider_row_is_complete() -> None:
    """Each row has the three aliases, its own env vars, and a default URL its own syntax accepts."""
    from stigmer_resolve import LLMConfig, resolve

    for name, row in PROVIDERS.items():
        assert set(row.aliases) == {"fast", "balanced", "powerful"} and row.url_vars
        config = resolve("local", {"STIGMER_LLM_PROVIDER": name, "STIGMER_LLM_API_KEY": "k-" + "z" * 20})
        assert isinstance(config, LLMConfig) and config.base_url == row.base_url and not config.warnings
    assert set(MODES.values()) <= set(PROVIDERS) and FIELDS[0] == "provider"


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("claude-x", "anthropic"),
        ("gpt-6-luna", "openai"),
        ("gpt-oss:20b", "ollama"),
        ("ft:gpt-4o:a:b", "openai"),
        ("o3", "openai"),
        ("llama3", None),
        ("qwen:", None),
        (":7b", None),
    ],
)
def test_model_families(model: str, family: str | None) -> None:
    """Family rules: ft: first, then name:tag, then the name prefixes."""
    assert family_of(model) == family


def test_no_providers_key_prefix_starts_anothers() -> None:
    """A key's prefix names at most one provider, so which one a stray key belongs to is never in doubt."""
    owned = [(prefix, name) for name, row in PROVIDERS.items() for prefix in row.key_prefixes]
    for prefix, name in owned:
        assert all(not other.startswith(prefix) for other, owner in owned if owner != name)
