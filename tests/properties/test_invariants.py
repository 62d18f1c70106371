"""The invariants resolve() promises, as Hypothesis properties."""

from __future__ import annotations

import ast
import copy
import json
import os
from typing import Any
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve import ConfigError, LLMConfig, Override, Secret, resolve
from stigmer_resolve.providers import PROVIDERS, STIGMER_VARS

from .strategies import (
    DOCUMENTED_KEYS,
    OVERRIDE_KEYS,
    api_keys,
    as_env,
    blanks,
    envs,
    field_of,
    layered,
    modes,
    near_miss_env,
    near_miss_override,
    overrides,
    passwords,
    unrelated_envs,
)


def _is_result(result: object) -> bool:
    if isinstance(result, LLMConfig):
        return True
    return isinstance(result, tuple) and len(result) > 0 and all(isinstance(e, ConfigError) for e in result)


def _snapshot(result: object) -> object:
    """Everything a caller can observe of a result, for exact comparison."""
    if isinstance(result, LLMConfig):
        return (result, dict(result.sources), result.warnings)
    return result


def _with_provider(provider: str, settings: dict[str, Any]) -> dict[str, Any]:
    return {"provider": provider, **settings}


@given(modes, envs, overrides)
@example("local", {"STIGMER_LLM_MAX_TOKENS": "9" * 5000}, None)
@example("local", {"OLLAMA_HOST": "::1"}, None)
@example("local", {"OLLAMA_HOST": "[zz]"}, None)
@example("local", {"STIGMER_LLM_BASE_URL": "http://[::1"}, None)
@example("cloud", {}, {"temperature": 10**400})
@example("local", {"STIGMER_LLM_MODEL": "\ud800"}, {"model": "a", "model_name": "b"})
def test_resolve_is_total(mode: object, env: dict[str, str], override: object) -> None:
    """Any mode, env and override give an LLMConfig or a non-empty tuple of ConfigError, never an exception."""
    assert _is_result(resolve(mode, env, override))


@given(modes, envs, overrides, envs)
def test_resolve_is_pure(mode: object, env: dict[str, str], override: object, process_env: dict[str, str]) -> None:
    """Equal inputs give equal results; inputs are unchanged; os.environ plays no part."""
    env_before, override_before = copy.deepcopy(env), copy.deepcopy(override)
    first = _snapshot(resolve(mode, env, override))
    safe = {
        k: v
        for k, v in process_env.items()
        if k
        and "\x00" not in k + v
        and "=" not in k
        and k.isprintable()
        and v.isprintable()
        and all(not 0xD800 <= ord(c) <= 0xDFFF for c in k + v)
    }
    with mock.patch.dict(os.environ, safe):
        second = _snapshot(resolve(mode, env, override))
    assert first == second
    assert env == env_before and override == override_before


@given(modes, envs, overrides, unrelated_envs)
def test_undocumented_keys_never_change_the_result(
    mode: object, env: dict[str, str], override: object, extra: dict[str, str]
) -> None:
    """Keys outside the documented set are never read."""
    documented = {k: v for k, v in env.items() if k in DOCUMENTED_KEYS}
    assert _snapshot(resolve(mode, documented, override)) == _snapshot(resolve(mode, {**extra, **documented}, override))


@given(modes, envs, overrides, st.lists(st.sampled_from(DOCUMENTED_KEYS), unique=True), st.data())
def test_blank_values_mean_unset(
    mode: object, env: dict[str, str], override: object, keys: list[str], data: st.DataObject
) -> None:
    """A documented variable set to "" or whitespace is the same as one not set."""
    unset = {k: v for k, v in env.items() if k not in keys}
    blanked = {**unset, **{k: data.draw(blanks) for k in keys}}
    assert _snapshot(resolve(mode, unset, override)) == _snapshot(resolve(mode, blanked, override))


@given(layered(), st.sampled_from([str.upper, str.title, lambda s: f"  {s}\t"]))
def test_case_and_surrounding_space_of_mode_and_provider_do_not_matter(layers: tuple[Any, ...], spell: Any) -> None:
    """' CLOUD ' is cloud and 'Ollama' is ollama."""
    mode, provider, env_settings, _ = layers
    env = as_env(_with_provider(provider, env_settings))
    respelt = {**env, STIGMER_VARS["provider"]: spell(provider)}
    assert _snapshot(resolve(mode, env)) == _snapshot(resolve(spell(mode), respelt))


@given(st.sampled_from(["local", "cloud"]), st.sampled_from(sorted(PROVIDERS)), api_keys)
def test_defaults_belong_to_the_resolved_provider(mode: str, provider: str, key: str) -> None:
    """Whatever is unset takes the winning provider's default, whatever the mode."""
    row = PROVIDERS[provider]
    config = resolve(mode, {STIGMER_VARS["provider"]: provider, STIGMER_VARS["api_key"]: key})
    assert isinstance(config, LLMConfig)
    assert (config.model, config.max_tokens, config.temperature) == (
        row.aliases["balanced"],
        row.max_tokens,
        row.temperature,
    )
    assert (
        resolve(
            mode,
            {STIGMER_VARS["provider"]: provider, STIGMER_VARS["base_url"]: row.base_url, STIGMER_VARS["api_key"]: key},
        )
        == config
    )


@given(layered())
def test_override_beats_env_beats_default_field_by_field(layers: tuple[Any, ...]) -> None:
    """For one provider, each field comes from the override if set there, else the env, else the default."""
    mode, provider, env_settings, over_settings = layers
    env = as_env(_with_provider(provider, env_settings))
    if "api_key" in env_settings and "base_url" in over_settings and "api_key" not in over_settings:
        over_settings = {**over_settings, "api_key": env_settings["api_key"]}  # rule 6 is its own property
    config = resolve(mode, env, over_settings)
    if isinstance(config, tuple):
        assert all(e.field == "api_key" and e.source and "_API_KEY" in e.source for e in config), config
        return
    for field in ("model", "base_url", "api_key", "max_tokens", "temperature"):
        if field == "temperature" and provider == "anthropic":
            assert config.temperature is None and config.sources[field] == "default"  # dropped: none is sent
            continue
        expected = "override:" if field in over_settings else "env:" if field in env_settings else "default"
        assert config.sources[field].startswith(expected), (field, config.sources[field])
    merged = {**env_settings, **over_settings}
    if "api_key" in merged:
        assert config.api_key == Secret(merged["api_key"])
    if "max_tokens" in merged:
        assert config.max_tokens == merged["max_tokens"]
    if "temperature" in merged and provider != "anthropic":
        assert config.temperature == merged["temperature"]


@given(layered(), st.sampled_from(sorted(PROVIDERS)))
def test_a_switched_provider_inherits_nothing_scoped_from_below(layers: tuple[Any, ...], switch_to: str) -> None:
    """Rule 4: after a per-request switch, the env's model, base_url and api_key play no part."""
    mode, provider, env_settings, _ = layers
    if switch_to == provider:
        return
    env = as_env(_with_provider(provider, env_settings))
    scoped = {STIGMER_VARS[f] for f in ("provider", "model", "base_url", "api_key")}
    env_without = {k: v for k, v in env.items() if k not in scoped}
    other_key = {PROVIDERS[switch_to].key_vars[0]: "k-" + "x" * 20} if PROVIDERS[switch_to].key_vars else {}
    override = {"provider": switch_to}
    assert resolve(mode, {**env, **other_key}, override) == resolve(mode, {**env_without, **other_key}, override)


@given(layered(), api_keys, st.sampled_from(["https://elsewhere.example", "http://10.9.9.9:8000/v1"]))
def test_env_key_never_follows_an_override_url(layers: tuple[Any, ...], key: str, url: str) -> None:
    """Rule 6: an env key with an override base_url that moves the endpoint is an error; with its own key it is not."""
    mode, provider, env_settings, _ = layers
    env = as_env(_with_provider(provider, {**env_settings, "api_key": key}))
    result = resolve(mode, env, {"base_url": url})
    assert isinstance(result, tuple) and any(e.source == "override:base_url" for e in result)
    own = resolve(mode, env, {"base_url": url, "api_key": key + "own"})
    assert not any(e.source == "override:base_url" for e in own) if isinstance(own, tuple) else True


def _to_override(config: LLMConfig) -> Override:
    return config.to_override()


@given(layered())
@example(("local", "openai", {"model": "openai:anthropic:x"}, {}))
def test_to_env_and_override_round_trip(layers: tuple[Any, ...]) -> None:
    """resolve(c.mode, c.to_env()) == c, and resolving with c's settings as the override gives c."""
    mode, provider, env_settings, over_settings = layers
    config = resolve(mode, as_env(_with_provider(provider, env_settings)), over_settings)
    if not isinstance(config, LLMConfig):
        return
    assert resolve(config.mode, config.to_env()) == config
    assert resolve(config.mode, {}, config.to_override()) == config


@given(layered())
def test_every_source_holds_its_value(layers: tuple[Any, ...]) -> None:
    """Provenance: each field's source names the env var or override key that holds its value, or the default."""
    mode, provider, env_settings, over_settings = layers
    env = as_env(_with_provider(provider, env_settings))
    config = resolve(mode, env, over_settings)
    if not isinstance(config, LLMConfig):
        return
    row = PROVIDERS[config.provider]
    for field, source in config.sources.items():
        origin = source.split(" ")[0]
        value = getattr(config, field)
        if origin.startswith("env:"):
            raw = env[origin.removeprefix("env:")]
        elif origin.startswith("override:"):
            raw = over_settings[origin.removeprefix("override:")]
        elif origin == "default":
            raw = {
                "model": row.aliases["balanced"],
                "base_url": row.base_url,
                "api_key": None,
                "max_tokens": row.max_tokens,
                "temperature": row.temperature,
            }[field]
        else:
            assert origin in ("argument", f"mode:{mode}")
            continue
        # The named place holds this value, as written there: check it resolves to the same thing alone.
        if field == "api_key":
            assert value == (None if raw is None else Secret(str(raw).strip()))
        elif field in ("max_tokens", "temperature") and raw is not None:
            assert float(raw) == value
        elif field == "model":
            assert value in (str(raw), row.aliases.get(str(raw)), str(raw).replace(".", "-"))
        elif field == "base_url":
            alone = resolve(
                mode,
                {
                    STIGMER_VARS["provider"]: config.provider,
                    STIGMER_VARS["base_url"]: str(raw),
                    STIGMER_VARS["api_key"]: "k-" + "y" * 20,
                },
            )
            assert isinstance(alone, LLMConfig) and alone.base_url == value


_BROKEN = {
    "STIGMER_LLM_MODEL": "not a model",
    "STIGMER_LLM_BASE_URL": "http://host.example:1/?q=1",
    "STIGMER_LLM_API_KEY": "has inner space",
    "STIGMER_LLM_MAX_TOKENS": "1e3",
    "STIGMER_LLM_TEMPERATURE": "nan",
}


@given(st.lists(st.sampled_from(sorted(_BROKEN)), min_size=1, unique=True), st.sampled_from(["local", "cloud"]))
def test_k_broken_settings_give_k_errors(broken: list[str], mode: str) -> None:
    """Every error at once: k independently broken settings give k errors, each naming its variable."""
    env = {STIGMER_VARS["provider"]: "ollama", **{name: _BROKEN[name] for name in broken}}
    result = resolve(mode, env)
    assert isinstance(result, tuple)
    assert sorted(e.source or "" for e in result) == sorted(f"env:{name}" for name in broken)
    assert all(e.hint for e in result)


@given(layered(), api_keys, passwords, st.sampled_from(sorted(PROVIDERS)))
def test_keys_and_url_passwords_appear_in_no_output(
    layers: tuple[Any, ...], key: str, password: str, provider_of_key: str
) -> None:
    """Secrecy: a random key or URL password is in no repr, str, explain(), to_dict(), error or warning."""
    mode, provider, env_settings, over_settings = layers
    env = as_env(_with_provider(provider, env_settings))
    env[PROVIDERS[provider_of_key].key_vars[0]] = key
    env[STIGMER_VARS["api_key"]] = key
    variants = [
        env,
        {**env, STIGMER_VARS["base_url"]: f"https://user:{password}@h.example/v1"},
        {**env, STIGMER_VARS["api_key"]: f"{key} x"},
        {**env, STIGMER_VARS["api_key"]: f"{key}\x00"},
    ]
    for variant in variants:
        result = resolve(mode, variant, over_settings)
        if isinstance(result, LLMConfig):
            outputs = [
                repr(result),
                str(result),
                result.explain(),
                json.dumps(result.to_dict()),
                repr(result.api_key),
                str(result.api_key),
                f"{result.api_key}",
                *map(str, result.warnings),
                repr(result.warnings),
            ]
        else:
            outputs = [*map(str, result), repr(result)]
        for output in outputs:
            assert key not in output and password not in output


@given(
    st.dictionaries(
        st.sampled_from(DOCUMENTED_KEYS),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00")) | blanks,
        max_size=8,
    ),
    overrides,
)
@example({"STIGMER_LLM_MAX_TOKENS": "5"}, {"max_tokens": True})
def test_os_environ_resolves_like_a_copy_of_it(env: dict[str, str], override: object) -> None:
    """The fast path that reads os.environ's encoded values gives what a plain dict copy gives."""
    with mock.patch.dict(os.environ, env, clear=False):
        for key in DOCUMENTED_KEYS:
            if key not in env:
                os.environ.pop(key, None)
        assert _snapshot(resolve("local", os.environ, override)) == _snapshot(
            resolve("local", dict(os.environ), override)
        )


@given(st.sampled_from(["max_tokens", "temperature"]), st.permutations([1, True, 1.0]))
def test_equal_values_of_other_types_are_not_confused(field: str, values: list[object]) -> None:
    """1, 1.0 and True compare equal but resolve differently, in any order: a bool is never a number here."""
    for value in values:
        valid = type(value) is int or (field == "temperature" and type(value) is float)
        assert isinstance(resolve("local", {}, {field: value}), LLMConfig) is valid, (field, value)


def _field_set_by(source: str | None) -> set[str]:
    if source is None:
        return {"mode", "override"}
    kind, _, name = source.partition(":")
    if kind == "env":
        return {field_of(name)}
    if name in OVERRIDE_KEYS:
        return {"model" if name == "model_name" else name}
    return {"override"}  # an unknown key, quoted


@given(modes | st.sampled_from(["local", "cloud"]), envs | near_miss_env(), overrides | near_miss_override())
def test_findings_concern_the_setting_their_source_sets(mode: object, env: dict[str, Any], override: object) -> None:
    """Each error and warning names the setting its env var or override key sets, and has a message and a hint."""
    result = resolve(mode, env, override)
    for finding in result if isinstance(result, tuple) else result.warnings:
        assert finding.field in _field_set_by(finding.source)
        assert isinstance(finding.message, str) and finding.message
        assert isinstance(finding.hint, str) and finding.hint


def _follow(hint: str, env: dict[str, str], override: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]] | None:
    """Return the env and override with a hint's concrete value set; None for a hint that is advice, not a value."""
    if hint.startswith("export "):
        name, _, value = hint.removeprefix("export ").partition("=")
        env = {**env, name: value}
    elif hint.startswith("override="):
        ((name, value),) = ast.literal_eval(hint.removeprefix("override=")).items()
        override = {**override, name: value}
    else:
        return None
    return None if any(c in str(value) for c in "<… ") else (env, override)


#: Errors about how two settings relate, which following one setting's hint may rightly bring up.
_RELATIONAL = ("would send the worker's API key", "is prefixed", "conflicts with")


def _errors_at(result: object, source: str | None) -> set[str]:
    """The messages of the errors at ``source`` about its value alone."""
    if not isinstance(result, tuple):
        return set()
    return {e.message for e in result if e.source == source and not e.message.startswith(_RELATIONAL)}


@given(st.sampled_from(["local", "cloud"]), near_miss_env(), near_miss_override())
# A URL without scheme hid its other problems (here: an IPv6 address without brackets).
@example("cloud", {"ANTHROPIC_API_KEY": "sk-ant-" + "A" * 20}, {"base_url": "::1"})
def test_following_a_hint_reveals_no_new_error(mode: str, env: dict[str, str], override: dict[str, Any]) -> None:
    """Set the value an error's hint gives, and that error goes, bringing none the first pass did not report."""
    result = resolve(mode, env, override)
    for error in result if isinstance(result, tuple) else ():
        followed = _follow(error.hint, env, override)
        if followed is not None:
            left = _errors_at(resolve(mode, *followed), error.source)
            assert left <= _errors_at(result, error.source) - {error.message}
