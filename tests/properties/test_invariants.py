"""The invariants resolve() promises, as Hypothesis properties."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any
from unittest import mock
from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve import LLMConfig, Origin, Override, Problem, Secret, Sourced, resolve
from stigmer_resolve.config import Finding, Fix
from stigmer_resolve.providers import MODES, PROVIDERS, family_of, key_owner, split_model
from stigmer_resolve.urls import is_loopback, parse_url
from tests.helpers import STIGMER_VARS

from .strategies import (
    DOCUMENTED_KEYS,
    api_keys,
    as_env,
    as_file,
    blanks,
    envs,
    field_of,
    files,
    keys_for,
    layered,
    modes,
    near_miss_envs,
    near_miss_overrides,
    overrides,
    passwords,
    short_keys,
    unrelated_envs,
    url_shapes,
    url_with,
    valid_requests,
)

_SETTINGS = ("model", "base_url", "api_key", "max_tokens", "temperature", "timeout", "max_retries", "num_ctx")


def _is_result(result: object) -> bool:
    if isinstance(result, LLMConfig):
        return True
    return isinstance(result, tuple) and len(result) > 0 and all(isinstance(e, Problem) for e in result)


def _snapshot(result: object) -> object:
    """Everything a caller can observe of a result, for exact comparison."""
    if isinstance(result, LLMConfig):
        return (result, dict(result.sources), result.warnings, result.request_providers, result.request_fields)
    return result


def _with_provider(provider: str, settings: dict[str, Any]) -> dict[str, Any]:
    return {"provider": provider, **settings}


class _Liar:
    """An object that claims to be of another class: isinstance() believes its __class__."""

    def __init__(self, claimed: type) -> None:
        self._claimed = claimed

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return self._claimed


class _Environ(Mapping[str, str]):
    """Named like os.environ's class, with its attributes, and a decoder that fails."""

    encodekey = staticmethod(str.encode)

    def __init__(self, decodevalue: Any) -> None:
        self._data = {b"STIGMER_LLM_MODEL": b"llama3"}
        self.decodevalue = decodevalue

    def __getitem__(self, key: str) -> str:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _Unhashable:
    """A caller's object that cannot be hashed (a mode, a decoder)."""

    __hash__ = None  # type: ignore[assignment]

    def __call__(self, value: bytes) -> str:
        return value.decode()


class _HostileSecret(Secret):
    """A Secret subclass whose every attribute read raises."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        raise RuntimeError(name)

    def __repr__(self) -> str:  # for Hypothesis's report: repr() looks the method up on the class
        return "_HostileSecret()"


def _undecodable(value: bytes) -> str:
    raise UnicodeDecodeError("utf-8", value, 0, 1, "a caller's decoder")


@given(modes, envs, overrides, files)
@example("local", {"STIGMER_LLM_MAX_TOKENS": "9" * 5000}, None, None)
@example("local", {"OLLAMA_HOST": "::1"}, None, None)
@example("local", {"OLLAMA_HOST": "[zz]"}, None, None)
@example("local", {"STIGMER_LLM_BASE_URL": "http://[::1"}, None, None)
@example("cloud", {}, {"temperature": 10**400}, None)
@example("cloud", {}, {"max_tokens": 10**5000}, None)  # formatting the number raised ValueError
@example("cloud", {}, {"timeout": 10**5000, "num_ctx": -(10**5000)}, None)
@example("local", {"STIGMER_LLM_MODEL": "\ud800"}, {"model": "a", "model_name": "b"}, None)
@example("local", None, None, None)  # env not a mapping raised TypeError
@example("local", ["STIGMER_LLM_MODEL"], None, None)
@example("local", "STIGMER_LLM_MODEL=x", None, None)
@example("local", os.environb, None, None)
@example("local", {}, None, {"model": 5, 3: "x", "request_fields": "model"})
@example("cloud", {"ANTHROPIC_API_KEY": "sk-ant-\udc80\udc81\udc82" + "k" * 20}, None, None)  # found by atheris
# Found by review: a __class__ that lies, an Origin field of the wrong type, an os.environ look-alike.
@example("local", {}, None, {"model": Sourced("llama3", _Liar(Origin))})  # type: ignore[arg-type]
@example("local", {}, {"model": Sourced("llama3", _Liar(Origin))}, None)  # type: ignore[arg-type]
@example("local", {}, {"model": _Liar(Sourced), "api_key": _Liar(Secret)}, None)
@example(_Liar(str), {}, None, None)
@example("nonsense", {"STIGMER_LLM_MODEL": Sourced("m", Origin("env", "STIGMER_LLM_MODEL", "", [1]))}, None, None)  # type: ignore[arg-type]
@example("local", {}, {"api_key": _HostileSecret("k")}, {"api_key": Sourced(_HostileSecret("k"), Origin("file"))})  # type: ignore[arg-type]
@example(Sourced(_HostileSecret("k"), Origin("file")), {}, None, None)  # type: ignore[arg-type]
@example("local", _Environ(_undecodable), None, None)
@example("local", _Environ(_Unhashable()), None, None)
def test_resolve_is_total(mode: object, env: Any, override: object, file: object) -> None:
    """Any mode, env, override and file give an LLMConfig or a non-empty tuple of Problem, never an exception."""
    assert _is_result(resolve(mode, env, override, file=file))


_PRIVATE = "caller-private-text"  # what the caller's exception says, which no Problem may repeat


class _Raising(Mapping[str, str]):
    """A caller's mapping that raises on every read."""

    def __getitem__(self, key: str) -> str:
        raise RuntimeError(_PRIVATE)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError(_PRIVATE)

    def __len__(self) -> int:
        return 1


class _LyingStr(str):
    """A str subclass whose own methods misbehave."""

    def strip(self, chars: str | None = None) -> str:
        raise RuntimeError("strip")

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


@given(st.sampled_from(["env", "override", "file", "mode", "value"]))
def test_the_callers_misbehaving_objects_become_problems_naming_them(where: str) -> None:
    """A caller's raising object becomes a Problem naming the argument and the exception's type, never its text."""
    args: dict[str, Any] = {"mode": "local", "env": {}, "override": None, "file": None}
    if where == "mode":
        args["mode"] = _Unhashable()
    elif where == "value":
        args["env"] = {"STIGMER_LLM_MODEL": _LyingStr("llama3")}
    else:
        args[where] = _Raising()
    result = resolve(args["mode"], args["env"], args["override"], file=args["file"])
    if where == "value":
        assert isinstance(result, LLMConfig) and result.model == "llama3"
    else:
        assert isinstance(result, tuple) and {p.field for p in result} == {where}
        named = "_Unhashable" if where == "mode" else "RuntimeError"  # a mode is never hashed: its type is wrong
        assert all(named in p.message and _PRIVATE not in p.message for p in result), result


def test_str_subclasses_that_lie_never_share_a_memo_entry() -> None:
    """Two inputs different to resolve() never share a memo entry, whatever their __eq__ and __hash__ say."""
    first = resolve("local", {"STIGMER_LLM_MODEL": _LyingStr("llama3")})
    second = resolve("local", {"STIGMER_LLM_MODEL": _LyingStr("mistral")})
    assert isinstance(first, LLMConfig) and isinstance(second, LLMConfig)
    assert (first.model, second.model) == ("llama3", "mistral")


@given(modes, envs, overrides, files, envs)
def test_resolve_is_pure(
    mode: object, env: dict[str, str], override: object, file: object, process: dict[str, str]
) -> None:
    """Equal inputs give equal results; inputs are unchanged; os.environ plays no part."""
    before = copy.deepcopy((env, override, file))
    first = _snapshot(resolve(mode, env, override, file=file))
    safe = {
        k: v
        for k, v in process.items()
        if k
        and "\x00" not in k + v
        and "=" not in k
        and k.isprintable()
        and v.isprintable()
        and all(not 0xD800 <= ord(c) <= 0xDFFF for c in k + v)
    }
    with mock.patch.dict(os.environ, safe):
        second = _snapshot(resolve(mode, env, override, file=file))
    assert first == second
    assert (env, override, file) == before


@given(modes, envs, overrides, files)
def test_the_memo_never_changes_a_result(mode: object, env: dict[str, str], override: object, file: object) -> None:
    """A read-only view of the same mapping (which skips the memo) resolves exactly as the dict does."""
    assert _snapshot(resolve(mode, env, override, file=file)) == _snapshot(
        resolve(mode, MappingProxyType(env), override, file=file)
    )


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
    mode, provider, _, env_settings, _ = layers
    env = as_env(_with_provider(provider, env_settings))
    respelt = {**env, STIGMER_VARS["provider"]: spell(provider)}
    assert _snapshot(resolve(mode, env)) == _snapshot(resolve(spell(mode), respelt))


@given(
    st.sampled_from(["local", "cloud"]),
    st.sampled_from(sorted(PROVIDERS)).flatmap(lambda p: st.tuples(st.just(p), keys_for(p))),
)
def test_defaults_belong_to_the_resolved_provider(mode: str, provider_and_key: tuple[str, str]) -> None:
    """Whatever is unset takes the winning provider's default, whatever the mode."""
    provider, key = provider_and_key
    row = PROVIDERS[provider]
    config = resolve(mode, {STIGMER_VARS["provider"]: provider, row.key_vars[0]: key})
    assert isinstance(config, LLMConfig), config
    assert (config.model, config.max_tokens, config.temperature, config.base_url) == (
        row.aliases["balanced"],
        row.max_tokens,
        row.temperature,
        row.base_url,
    )


def _expected_origin(field: str, layers: list[tuple[str, dict[str, Any]]]) -> str:
    return next((kind for kind, settings in layers if field in settings), "default")


@given(layered())
def test_override_beats_env_beats_file_beats_default_field_by_field(layers: tuple[Any, ...]) -> None:
    """For one provider, each setting comes from the override, else the env, else the file, else the default."""
    mode, provider, file_settings, env_settings, over_settings = layers
    env = as_env(_with_provider(provider, env_settings))
    file = as_file(_with_provider(provider, file_settings))
    config = resolve(mode, env, over_settings, file=file)
    order = [("override", over_settings), ("env", env_settings), ("file", file_settings)]
    assert isinstance(config, LLMConfig), config
    for field in _SETTINGS:
        expected = _expected_origin(field, order)
        if field in PROVIDERS[provider].unsupported:
            expected = "default"  # dropped: the API takes none
        assert config.sources[field].partition(":")[0].partition(" ")[0] == expected, (field, config.sources[field])
    merged = {**file_settings, **env_settings, **over_settings}
    if "api_key" in merged:
        assert config.api_key == Secret(merged["api_key"])
    for field in ("max_tokens", "timeout", "max_retries", "num_ctx"):
        if field in merged:
            assert getattr(config, field) == merged[field]


def _reference_choice(layer: dict[str, str]) -> str | None:
    """Rule 2, written plainly: a layer chooses by its provider, else its model's prefix, else the model's family."""
    if "provider" in layer:
        return layer["provider"]
    if "model" in layer:
        prefix, _ = split_model(layer["model"])
        return prefix or family_of(layer["model"])
    return None


@given(
    st.sampled_from(sorted(MODES)),
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "provider": st.sampled_from(sorted(PROVIDERS)),
                "model": st.sampled_from(["claude-opus-5-5", "gpt-6-luna", "llama3", "qwen3:8b", "my-model"])
                | st.sampled_from(sorted(PROVIDERS)).map(lambda p: f"{p}:{PROVIDERS[p].aliases['fast']}"),
            },
        ).filter(lambda d: not ("provider" in d and "model" in d)),
        min_size=3,
        max_size=3,
    ),
)
def test_the_highest_layer_that_chose_wins_against_a_reference_model(mode: str, layers: list[dict[str, str]]) -> None:
    """Rules 1 to 3: the provider and its source are those a plain reference implementation of the rules gives."""
    file_layer, env_layer, over_layer = layers
    keys = {row.key_vars[0]: "gw-" + "r" * 24 for row in PROVIDERS.values()}
    config = resolve(mode, {**as_env(env_layer), **keys}, over_layer, file=as_file(file_layer))
    assert isinstance(config, LLMConfig), config
    choices = [
        (_reference_choice(layer), kind) for layer, kind in zip(layers, ("file", "env", "override"), strict=True)
    ]
    expected, kind = MODES[mode], "mode"
    for choice, layer_kind in choices:
        if choice is not None:
            expected, kind = choice, layer_kind
    assert config.provider == expected
    assert config.sources["provider"].partition(":")[0] == kind


@given(layered(), st.sampled_from(sorted(PROVIDERS)))
def test_a_switched_provider_inherits_nothing_scoped_from_below(layers: tuple[Any, ...], switch_to: str) -> None:
    """Rule 4: after a per-request switch, the env's and the file's model, base_url and api_key play no part."""
    mode, provider, file_settings, env_settings, _ = layers
    if switch_to == provider:
        switch_to = next(name for name in sorted(PROVIDERS) if name != provider)
    env = as_env(_with_provider(provider, env_settings))
    file = as_file(_with_provider(provider, file_settings))
    scoped = {STIGMER_VARS[f] for f in ("provider", "model", "base_url", "api_key")}
    env_without = {k: v for k, v in env.items() if k not in scoped}
    file_without = {k: v for k, v in file.items() if k not in ("provider", "model", "base_url", "api_key")}
    other_key = {PROVIDERS[switch_to].key_vars[0]: "gw-" + "x" * 24}
    override = {"provider": switch_to}
    assert (
        _snapshot(resolve(mode, {**env, **other_key}, override, file=file))[0]
        == _snapshot(resolve(mode, {**env_without, **other_key}, override, file=file_without))[0]
    )


@given(layered(), api_keys, st.sampled_from(["https://elsewhere.example", "https://10.9.9.9:8000/v1"]), st.booleans())
def test_a_worker_key_never_follows_an_override_url(layers: tuple[Any, ...], key: str, url: str, in_file: bool) -> None:
    """Rule 6: a worker's key never goes to an override base_url that moves the endpoint; a request's own key may."""
    mode, provider, file_settings, env_settings, _ = layers
    if in_file:
        env, file = {}, as_file(_with_provider(provider, {**file_settings, "api_key": key}))
    else:
        env, file = as_env(_with_provider(provider, {**env_settings, "api_key": key})), None
    result = resolve(mode, env, {"base_url": url}, file=file)
    assert isinstance(result, tuple) and any(e.source == "override:base_url" for e in result)
    own = resolve(mode, env, {"base_url": url, "api_key": "gw-" + key}, file=file)
    assert not any("worker's API key" in e.message for e in own) if isinstance(own, tuple) else True


@given(layered())
@example(("local", "openai", {}, {"model": "openai:anthropic:x", "base_url": "https://gw.example/v1"}, {}))
def test_to_env_and_override_round_trip(layers: tuple[Any, ...]) -> None:
    """resolve(c.mode, c.to_env()) == c, and resolving with c's settings as the override gives c."""
    mode, provider, file_settings, env_settings, over_settings = layers
    file = as_file(_with_provider(provider, file_settings))
    config = resolve(mode, as_env(_with_provider(provider, env_settings)), over_settings, file=file)
    assert isinstance(config, LLMConfig), config
    assert resolve(config.mode, config.to_env()) == config
    assert resolve(config.mode, {}, config.to_override()) == config


_REQUEST_FIELDS = ["provider", "model", "base_url", "api_key", "max_tokens", "temperature", "timeout"]


@given(
    st.sampled_from(["local", "cloud"]),
    st.none() | st.lists(st.sampled_from(sorted(PROVIDERS)), unique=True),
    st.none() | st.lists(st.sampled_from(_REQUEST_FIELDS), unique=True),
)
@example("local", [], [])  # a policy allowing nothing was written as an empty variable, which is unset: anything
def test_the_request_policy_survives_to_env(mode: str, providers: list[str] | None, fields: list[str] | None) -> None:
    """to_env() writes the request policy so that it resolves back to the same policy, 'allow nothing' included."""
    env = dict.fromkeys((row.key_vars[0] for row in PROVIDERS.values()), "gw-" + "p" * 24)
    for name, allowed in (("STIGMER_LLM_REQUEST_PROVIDERS", providers), ("STIGMER_LLM_REQUEST_FIELDS", fields)):
        if allowed is not None:
            env[name] = ",".join(allowed) or "none"
    config = resolve(mode, env)
    assert isinstance(config, LLMConfig), config
    back = resolve(mode, config.to_env())
    assert isinstance(back, LLMConfig), back
    assert (back.request_providers, back.request_fields) == (config.request_providers, config.request_fields)


_BROKEN = {
    "STIGMER_LLM_MODEL": "not a model",
    "STIGMER_LLM_BASE_URL": "http://host.example:1/?q=1",
    "STIGMER_LLM_API_KEY": "has inner space",
    "STIGMER_LLM_MAX_TOKENS": "1e3",
    "STIGMER_LLM_TEMPERATURE": "nan",
    "STIGMER_LLM_TIMEOUT": "soon",
    "STIGMER_LLM_MAX_RETRIES": "-1",
    "STIGMER_LLM_NUM_CTX": "8k",
    "STIGMER_LLM_REQUEST_FIELDS": "modle",
}


@given(st.lists(st.sampled_from(sorted(_BROKEN)), min_size=1, unique=True), st.sampled_from(["local", "cloud"]))
def test_k_broken_settings_give_k_errors(broken: list[str], mode: str) -> None:
    """Every error at once: k independently broken settings give k errors, each naming its variable."""
    env = {STIGMER_VARS["provider"]: "ollama", **{name: _BROKEN[name] for name in broken}}
    result = resolve(mode, env)
    assert isinstance(result, tuple)
    assert sorted(e.source or "" for e in result) == sorted(f"env:{name}" for name in broken)


@given(
    st.lists(
        st.sampled_from(sorted(set(_BROKEN) - {"STIGMER_LLM_BASE_URL", "STIGMER_LLM_API_KEY"})), min_size=1, unique=True
    ),
    st.sampled_from(["prod", "", "clowd", "LOCAL-ish"]) | st.none() | st.integers(),
)
@example(["STIGMER_LLM_MAX_TOKENS"], "prod")  # the mode's error hid every other one
def test_a_bad_mode_hides_no_other_syntax_error(broken: list[str], mode: object) -> None:
    """With a bad mode and no provider chosen, every syntax error is still reported, beside the mode's."""
    result = resolve(mode, {name: _BROKEN[name] for name in broken})
    assert isinstance(result, tuple)
    assert sorted(e.source or e.field for e in result) == sorted(["mode", *(f"env:{name}" for name in broken)])


def _encodings(secret: str) -> set[str]:
    """The forms a secret can take in text: raw, repr-, JSON- and percent-escaped."""
    return {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe=""), quote(secret)}


def _outputs(result: object) -> list[str]:
    if isinstance(result, LLMConfig):
        return [
            repr(result),
            str(result),
            result.explain(),
            result.explain("cli"),
            json.dumps(result.to_dict()),
            json.dumps(result.to_dict(surface="cli")),
            repr(result.to_dict()),
            repr(result.api_key),
            f"{result.api_key}",
            *map(str, result.warnings),
            repr(result.warnings),
        ]
    assert isinstance(result, tuple)
    return [*map(str, result), repr(result), *(p.hint_for("cli") for p in result)]


_TYPO = ("http:/", "svc:", "gateway.corp", "/v1")


@given(layered(), api_keys, passwords, st.sampled_from(sorted(PROVIDERS)), url_shapes)
@example(("local", "ollama", {}, {}, {}), 'gw-AAAAAAAAAAAAAAAA"', "pwAAAAAAAAAAAAAAAA#7", "openai", _TYPO)
@example(
    ("cloud", "anthropic", {}, {"api_key": "sk-ant-" + "Q" * 30}, {}),
    "sk-ant-" + "Q" * 30,
    "Hunter2SecretXYZ#7",
    "anthropic",
    ("https://", "svc:", "gateway.corp", "/v1"),
)
@example(
    ("local", "openai", {}, {}, {}),
    'gw-KEY\\WITH"QUOTES',
    "Whole?Passw0rdXYZ",
    "openai",
    ("", "svc:", "gateway.corp", ""),
)
@example(
    ("local", "ollama", {}, {}, {}),
    "gw-" + "K" * 20,
    "S3cretPwXYZ",
    "openai",
    ("http//", "svc:", "gateway.corp", "/v1"),
)
def test_keys_and_url_passwords_appear_in_no_output_in_any_encoding(
    layers: tuple[Any, ...], key: str, password: str, provider_of_key: str, shape: tuple[str, str, str, str]
) -> None:
    """Secrecy: a random key or URL password, of any shape and wherever it is put, is in no output, in any encoding."""
    mode, provider, file_settings, env_settings, over_settings = layers
    env = as_env(_with_provider(provider, env_settings))
    env[PROVIDERS[provider_of_key].key_vars[0]] = key
    url = url_with(shape, password)
    variants: list[tuple[dict[str, Any], Any, Any]] = [
        (env, over_settings, None),
        ({**env, STIGMER_VARS["base_url"]: url}, over_settings, None),
        ({**env, STIGMER_VARS["api_key"]: f"{key} x"}, over_settings, None),
        ({**env, STIGMER_VARS["model"]: f"a {key}"}, over_settings, None),
        ({**env, STIGMER_VARS["model"]: f"{password}"}, {"base_url": url}, None),
        (env, {**over_settings, "api_key": key, "model": f"x{key}"}, None),
        (env, {**over_settings, "base_url": url}, None),
        (as_env({"provider": provider}), None, as_file({**file_settings, "api_key": key, "base_url": url})),
    ]
    for variant_env, variant_override, variant_file in variants:
        result = resolve(mode, variant_env, variant_override, file=variant_file)
        for output in _outputs(result):
            for secret in (key, password):
                assert not any(form in output for form in _encodings(secret)), (secret, output)


@given(api_keys, passwords, url_shapes)
@example("sk-ant-" + "Q" * 30, "Hunter2SecretXYZ#7", ("http//", "svc:", "gateway.corp", "/v1"))  # found by review
def test_the_values_a_caller_builds_never_show_a_key_or_url_password(
    key: str, password: str, shape: tuple[str, str, str, str]
) -> None:
    """Secrecy: reprs of an Override (a key of any type, a URL password), a Sourced and a config hide them."""
    config = resolve("local", {})
    assert isinstance(config, LLMConfig)
    url = url_with(shape, password)
    shown = [
        *(repr(Override(api_key=given, base_url=url)) for given in (key, key.encode(), Secret(key), [key])),
        repr(Sourced(key, Origin("file", "STIGMER_LLM_API_KEY", "/app/.env", 3))),
        repr(Sourced(url, Origin("file", "STIGMER_LLM_BASE_URL", "/app/.env", 4))),
        repr(config.replace(api_key=key)),
        str(config.replace(api_key=key)),
    ]
    for text in shown:
        for secret in (key, password):
            assert not any(form in text for form in _encodings(secret)), (secret, text)


@given(layered(), short_keys, short_keys, st.sampled_from(sorted(PROVIDERS)))
def test_a_short_key_changes_no_message(layers: tuple[Any, ...], key: str, other: str, provider_of_key: str) -> None:
    """A key too short to mask inside text is never shown: swapping it for another of its length changes no output."""
    mode, provider, _, env_settings, over_settings = layers
    other = (other * len(key))[: len(key)]
    env = as_env(_with_provider(provider, {k: v for k, v in env_settings.items() if k != "api_key"}))
    var = PROVIDERS[provider_of_key].key_vars[0]
    one, two = (resolve(mode, {**env, var: k}, over_settings) for k in (key, other))
    assert _outputs(one) == _outputs(two)


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
    """The memo's fast read of os.environ's encoded values gives what a plain dict copy gives."""
    with mock.patch.dict(os.environ, env, clear=False):
        for key in DOCUMENTED_KEYS:
            if key not in env:
                os.environ.pop(key, None)
        assert _snapshot(resolve("local", os.environ, override)) == _snapshot(
            resolve("local", dict(os.environ), override)
        )


@given(st.sampled_from(["max_tokens", "temperature", "max_retries", "timeout"]), st.permutations([1, True, 1.0]))
def test_equal_values_of_other_types_are_not_confused(field: str, values: list[object]) -> None:
    """1, 1.0 and True compare equal but resolve differently, in any order: a bool is never a number here."""
    for value in values:
        valid = type(value) is int or (field in ("temperature", "timeout") and type(value) is float)
        assert isinstance(resolve("local", {}, {field: value}), LLMConfig) is valid, (field, value)


def _fields_set_by(source: str | None) -> set[str]:
    if source is None:
        return {"mode", "env", "override", "file"}
    kind, _, name = source.partition(":")
    if kind == "env":
        return {field_of(name)}
    if kind == "override":
        return {"model" if name == "model_name" else name, "override"}
    return {name.rpartition(".")[2], "file"}


def _findings(result: object) -> tuple[Finding, ...]:
    return result if isinstance(result, tuple) else result.warnings  # type: ignore[attr-defined, no-any-return]


@given(modes | st.sampled_from(["local", "cloud"]), envs | near_miss_envs(), overrides | near_miss_overrides())
def test_findings_concern_the_setting_their_source_sets_and_say_what_to_do(
    mode: object, env: dict[str, Any], override: object
) -> None:
    """Each error and warning names the setting its variable or override key sets, and has a message and a hint."""
    for finding in _findings(resolve(mode, env, override)):
        assert finding.field in _fields_set_by(finding.source), finding
        assert finding.message and finding.hint and finding.hint_for("cli")
        assert all(isinstance(fix, Fix) for fix in finding.fixes)


def _apply(fix: Fix, env: dict[str, Any], override: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return the env and override with a fix applied; None for a fix that is a description, not a value."""
    if fix.placeholder:
        return None
    origin, value = fix.origin, fix.value
    if origin.kind == "env":
        return (
            {k: v for k, v in env.items() if k != origin.name} if value is None else {**env, origin.name: str(value)}
        ), override
    if origin.kind == "override":
        return env, (
            {k: v for k, v in override.items() if k != origin.name}
            if value is None
            else {**override, origin.name: value}
        )
    return None


#: Errors about how two settings relate, which following one setting's fix may rightly bring up.
_RELATIONAL = (
    "would send",
    "is prefixed",
    "conflicts with",
    "points at",
    "holds a secret",
    "chooses",
    "is a setting a",
)


def _errors_at(result: object, source: str | None) -> set[str]:
    """The messages of the errors at ``source`` about its value alone."""
    if not isinstance(result, tuple):
        return set()
    return {e.message for e in result if e.source == source and not e.message.startswith(_RELATIONAL)}


@given(st.sampled_from(["local", "cloud"]), near_miss_envs(), near_miss_overrides())
# A URL without scheme hid its other problems (here: an IPv6 address without brackets).
@example("cloud", {"ANTHROPIC_API_KEY": "sk-ant-" + "A" * 20}, {"base_url": "::1"})
def test_following_a_fix_removes_its_error_and_reveals_no_new_one(
    mode: str, env: dict[str, str], override: dict[str, Any]
) -> None:
    """Apply an error's first fix, and that error goes, bringing none the first pass did not report at that place."""
    result = resolve(mode, env, override)
    for error in result if isinstance(result, tuple) else ():
        applied = _apply(error.fixes[0], env, override) if error.fixes else None
        if applied is not None:
            left = _errors_at(resolve(mode, *applied), error.source)
            assert left <= _errors_at(result, error.source) - {error.message}


@given(
    layered(),
    st.sampled_from(["sk-ant-", "sk-proj-", "sk-svcacct-", "sk-"]),
    st.sampled_from(["10.0.0.7", "gpu-box", "127.x.example", "[::2]", "localhost", "127.0.0.2"]),
)
def test_no_config_pairs_a_vendor_key_with_a_clear_text_url_off_this_machine(
    layers: tuple[Any, ...], prefix: str, host: str
) -> None:
    """A resolved config never sends a vendor-shaped key over plain http to a host that is not loopback."""
    mode, provider, _, env_settings, over_settings = layers
    env = as_env(
        _with_provider(provider, {**env_settings, "api_key": prefix + "V" * 30, "base_url": f"http://{host}:8080/v1"})
    )
    config = resolve(mode, env, over_settings)
    if isinstance(config, LLMConfig) and config.api_key is not None and key_owner(config.api_key.get_secret_value()):
        endpoint = parse_url(config.base_url)
        assert not isinstance(endpoint, list)
        assert endpoint.scheme == "https" or is_loopback(endpoint.host), config


@given(
    valid_requests(),
    st.lists(st.sampled_from(sorted(PROVIDERS)), unique=True),
    st.lists(st.sampled_from(["provider", "model", "base_url", "api_key", "max_tokens", "timeout"]), unique=True),
)
@example(("cloud", {}, {}, {"provider": "anthropic"}), [], ["provider"])  # naming the worker's own is no switch
@example(
    ("local", {"STIGMER_LLM_PROVIDER": "openai"}, {"provider": "ollama"}, {"provider": "ollama"}),
    ["openai"],
    ["provider"],
)
def test_a_valid_request_resolves_exactly_when_the_policy_allows_it(
    request: tuple[str, dict[str, str], dict[str, str], dict[str, Any]], providers: list[str], fields: list[str]
) -> None:
    """A valid request resolves exactly when the request policy allows its keys and its provider switch."""
    # The worker's provider comes from the environment, a file or the mode; a switch warns, a refusal names the policy.
    mode, worker_env, file_settings, override = request
    keys = {row.key_vars[0]: "gw-" + "p" * 24 for row in PROVIDERS.values()}
    env = {
        **keys,
        **worker_env,
        "STIGMER_LLM_REQUEST_PROVIDERS": ",".join(providers) or "none",
        "STIGMER_LLM_REQUEST_FIELDS": ",".join(fields) or "none",
    }
    file = as_file(file_settings) if file_settings else None
    worker = worker_env.get("STIGMER_LLM_PROVIDER") or file_settings.get("provider") or MODES[mode]
    chosen = override.get("provider", worker)
    allowed = set(override) <= set(fields) and (chosen == worker or chosen in providers)
    result = resolve(mode, env, override, file=file)
    if not allowed:
        assert isinstance(result, tuple), (mode, override)
        assert all(p.source and p.source.startswith("override:") for p in result)
        assert any("STIGMER_LLM_REQUEST_" in p.message + p.advice for p in result)
        return
    assert isinstance(result, LLMConfig), [p.explain() for p in result]
    assert result.provider == chosen
    assert (chosen != worker) == any("switches the provider" in w.message for w in result.warnings)
