"""The layers and their precedence: resolve(mode, env, override).

Pure: no I/O, no clock, no logging. The one piece of state is a bounded memo of
results, which is safe because equal inputs always give equal results.

1. The mode picks a default provider: local → ollama, cloud → anthropic.
2. Each layer (the environment, then the override above it) may choose a provider:
   by its provider setting; else by its model's ``provider:`` prefix; else by the
   model's family.
3. The highest layer that chose wins.
4. model, base_url and api_key count only from layers that chose, or inherited from
   below, the winning provider; the providers' own variables always belong to their
   provider. max_tokens and temperature count from any layer.
5. Whatever is still unset takes the winning provider's default.
6. An API key from the environment is never sent to a base_url that only the
   override names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

from .config import ConfigError, LLMConfig, Override, Secret
from .providers import FIELDS, MODES, PROVIDERS, STIGMER_VARS, Provider, family_of
from .validate import (
    Findings,
    WrongType,
    check_key,
    check_model,
    check_temperature_range,
    check_transport,
    did_you_mean,
    hint_for,
    host_of,
    normalize_url,
    parse_max_tokens,
    parse_temperature,
    show,
    text,
)

__all__ = ["resolve"]

_ORDER = ("mode", "override", *FIELDS)
_SYNONYMS = {"model_name": "model"}
_KEYS = f"use one of: {', '.join(FIELDS)}"
_SCOPED = ("model", "base_url", "api_key")  # rule 4: these belong to one provider
_ALL_KEY_VARS = tuple(var for p in PROVIDERS.values() for var in p.key_vars)
_ALL_URL_VARS = tuple(var for p in PROVIDERS.values() for var in p.url_vars)
_READ = (*STIGMER_VARS.values(), *_ALL_KEY_VARS, *_ALL_URL_VARS)  # every env key resolve() may read


class _Setting:
    """A value and where it came from."""

    __slots__ = ("source", "value")

    def __init__(self, value: object, source: str) -> None:
        self.value, self.source = value, source


class _Choice:
    """A provider a layer chose, and what chose it."""

    __slots__ = ("provider", "source")

    def __init__(self, provider: str, source: str) -> None:
        self.provider, self.source = provider, source


Layer = dict[str, _Setting]


def _read_env(env: Mapping[str, object], out: Findings) -> Layer:
    layer: Layer = {}
    for field in FIELDS:
        name = STIGMER_VARS[field]
        value, source = text(env.get(name)), f"env:{name}"
        if isinstance(value, WrongType):
            out.error(field, source, f"must be a string, got type {value.type_name}", hint_for(source, "…"))
        elif value is not None:
            layer[field] = _Setting(value, source)
    return layer


def _override_items(override: object, out: Findings | None) -> tuple[tuple[object, object], ...]:
    if override is None:
        return ()
    if isinstance(override, Override):
        return tuple((field, getattr(override, field)) for field in FIELDS)
    if isinstance(override, Mapping):
        return tuple(override.items())
    assert out is not None
    out.error(
        "override",
        None,
        f"must be an Override or a mapping, got type {type(override).__name__}",
        "override=Override(model='fast')",
    )
    return ()


def _read_override(override: object, out: Findings) -> Layer:
    layer: Layer = {}
    for key, raw in _override_items(override, out):
        if not isinstance(key, str):
            out.error("override", None, f"has a key of type {type(key).__name__}; keys are setting names", _KEYS)
            continue
        field = _SYNONYMS.get(key, key)
        if field not in FIELDS:
            guess = did_you_mean(key, (*FIELDS, *_SYNONYMS))
            message = f"unknown key {show(key)}" + (f"; did you mean {guess!r}?" if guess else "")
            out.error("override", f"override:{show(key)}", message, _KEYS)
            continue
        source = f"override:{key}"
        value = raw.get_secret_value() if field == "api_key" and isinstance(raw, Secret) else raw
        if isinstance(value, str) or field not in ("max_tokens", "temperature"):
            value = text(value)  # any other value keeps its type: parse_max_tokens and parse_temperature judge it
        if isinstance(value, WrongType):
            out.error(field, source, f"must be a string, got type {value.type_name}", hint_for(source, "…"))
            continue
        if value is None:
            continue
        earlier = layer.get(field)
        if earlier is not None and earlier.value != value:
            out.error(
                field,
                source,
                f"conflicts with {earlier.source.removeprefix('override:')}; give one of them",
                f"drop {key!r} from the override",
            )
            continue
        layer[field] = _Setting(value, source)
    return layer


def _choose(layer: Layer, out: Findings) -> _Choice | None:
    """Return the provider this layer chooses, stripping a provider prefix from its model."""
    explicit = None
    setting = layer.get("provider")
    if setting is not None:
        name = str(setting.value).lower()
        if name in PROVIDERS:
            explicit = _Choice(name, setting.source)
        else:
            guess = did_you_mean(name, PROVIDERS)
            out.error(
                "provider",
                setting.source,
                f"unknown provider {show(str(setting.value))}" + (f"; did you mean {guess!r}?" if guess else ""),
                hint_for(setting.source, guess or "anthropic"),
            )
    model = layer.get("model")
    if model is None:
        return explicit
    head, colon, tail = str(model.value).partition(":")
    if colon and head.lower() in PROVIDERS:
        prefix = head.lower()
        if not tail:
            out.error(
                "model",
                model.source,
                f"names provider {prefix!r} but no model after the colon",
                hint_for(model.source, f"{prefix}:{PROVIDERS[prefix].aliases['balanced']}"),
            )
            return explicit
        layer["model"] = _Setting(tail, model.source)
        if explicit and explicit.provider != prefix:
            out.error(
                "model",
                model.source,
                f"is prefixed {prefix!r} but {explicit.source} says {explicit.provider!r}",
                hint_for(model.source, tail),
            )
            return explicit
        return explicit or _Choice(prefix, f"{model.source} (provider prefix)")
    family = family_of(str(model.value))
    if explicit and family and family != explicit.provider:
        out.warn(
            "model",
            model.source,
            f"{show(str(model.value))} looks like a model for {family}, but the provider is {explicit.provider}",
            hint_for(model.source, PROVIDERS[explicit.provider].aliases["balanced"]),
        )
    if explicit or family is None:
        return explicit
    return _Choice(family, f"{model.source} (model family)")


def _env_candidates(
    field: str, env_layer: Layer, env_counts: bool, env: Mapping[str, object], provider: Provider
) -> list[_Setting]:
    """Return the environment's values for a scoped setting, highest first."""
    found = [env_layer[field]] if env_counts and field in env_layer else []
    own = provider.key_vars if field == "api_key" else provider.url_vars if field == "base_url" else ()
    for var in own:
        value = text(env.get(var))
        if isinstance(value, str):
            found.append(_Setting(value, f"env:{var}"))
    return found


def _warn_shadowed(field: str, found: list[_Setting], provider: Provider, out: Findings) -> None:
    """Warn where two names for one setting are both set and differ."""
    for other in found[1:]:
        used = found[0]
        same = other.value == used.value
        if field == "base_url" and not same:
            scratch = Findings()
            same = normalize_url(str(other.value), other.source, provider, scratch) == normalize_url(
                str(used.value), used.source, provider, scratch
            )
        if not same:
            used_name, other_name = used.source.removeprefix("env:"), other.source.removeprefix("env:")
            out.warn(
                field,
                other.source,
                f"{other_name} is also set and differs; using {used_name}",
                f"unset {other_name}, or make it equal to {used_name}",
            )


def resolve(mode: object, env: Mapping[str, str], override: object = None) -> LLMConfig | tuple[ConfigError, ...]:
    """Resolve which LLM to call, and how, from a mode, an environment and a per-request override.

    Args:
        mode: ``"local"`` or ``"cloud"`` (any case; surrounding spaces ignored).
        env: The process environment, or any mapping of the same shape. Only the
            documented keys are read.
        override: None, an Override, or a mapping with the same keys (``model_name``
            is taken as ``model``).

    Returns:
        The frozen LLMConfig, or a non-empty tuple of every ConfigError found.
        Never raises for bad input.
    """
    values, decode = _env_values(env)
    try:
        return _resolve_cached(mode, values, tuple(map(type, values)), decode, _override_key(override))
    except TypeError:  # an unhashable mode or override value: resolve without the cache
        return _resolve(mode, dict(zip(_READ, _decoded(values, decode), strict=True)), override)


def _env_values(env: Mapping[str, str]) -> tuple[tuple[object, ...], Callable[[bytes], str] | None]:
    """Fetch every documented key's value.

    For os.environ, read the dict of encoded names and values underneath it: one
    C-level lookup per key instead of three Python-level calls, which is most of
    resolve()'s cost on a cache hit. The values stay encoded until a cache miss.
    """
    data, encode, decode = (getattr(env, name, None) for name in ("_data", "encodekey", "decodevalue"))
    if type(env).__name__ == "_Environ" and isinstance(data, dict) and callable(encode) and callable(decode):
        return tuple(map(data.get, _encoded_names(encode))), decode
    return tuple(map(env.get, _READ)), None


@lru_cache(maxsize=4)
def _encoded_names(encode: Callable[[str], bytes]) -> tuple[bytes, ...]:
    return tuple(map(encode, _READ))


def _decoded(values: tuple[object, ...], decode: Callable[[bytes], str] | None) -> tuple[object, ...]:
    if decode is None:
        return values
    return tuple(v if not isinstance(v, bytes) else decode(v) for v in values)


def _override_key(override: object) -> tuple[bool, object, object]:
    """Return the override as a cache key that tells 1 from True and 1.0, as resolve() does."""
    if isinstance(override, Override | Mapping):
        pairs = _override_items(override, None)
        return True, pairs, tuple((type(k), type(v)) for k, v in pairs)
    return False, override, type(override)


@lru_cache(maxsize=1024, typed=True)
def _resolve_cached(
    mode: object,
    values: tuple[object, ...],
    _types: tuple[type, ...],
    decode: Callable[[bytes], str] | None,
    override_key: tuple[bool, object, object],
) -> LLMConfig | tuple[ConfigError, ...]:
    """Memoise resolve(): it is pure, so equal inputs (compared with their types) give equal results."""
    is_pairs, override, _ = override_key
    env = dict(zip(_READ, _decoded(values, decode), strict=True))
    return _resolve(mode, env, dict(override) if is_pairs else override)  # type: ignore[call-overload]


def _resolve(mode: object, env: Mapping[str, object], override: object) -> LLMConfig | tuple[ConfigError, ...]:
    out = Findings()
    for var in (STIGMER_VARS["api_key"], *_ALL_KEY_VARS):
        value = env.get(var)
        out.secret(value.strip() if isinstance(value, str) else None)
    mode_name = text(mode)
    default = None
    if isinstance(mode_name, str) and mode_name.lower() in MODES:
        mode_name = mode_name.lower()
        default = _Choice(MODES[mode_name], f"mode:{mode_name}")
    else:
        if isinstance(mode_name, str):
            shown = show(mode_name)
        else:
            shown = "nothing" if mode_name is None else f"type {mode_name.type_name}"
        guess = did_you_mean(mode_name, MODES) if isinstance(mode_name, str) else None
        out.error(
            "mode",
            None,
            f"must be 'local' or 'cloud', got {shown}" + (f"; did you mean {guess!r}?" if guess else ""),
            "export MODE=local   (or pass --mode cloud)",
        )

    env_layer = _read_env(env, out)
    over_layer = _read_override(override, out)
    over_key = over_layer.get("api_key")
    if over_key is not None:
        out.secret(str(over_key.value))
    env_choice = _choose(env_layer, out)
    over_choice = _choose(over_layer, out)
    env_effective = env_choice or default
    winner = over_choice or env_effective
    fields = None if winner is None else _assemble(winner, env_effective, env_layer, over_layer, env, out)
    errors, warnings = out.done(_ORDER)
    if errors:
        return errors
    # No error means the mode was valid, so a provider was chosen and every field resolved.
    assert fields is not None and isinstance(mode_name, str)
    return LLMConfig(
        mode=mode_name,
        provider=fields.provider,
        model=fields.model,
        base_url=fields.base_url,
        api_key=fields.api_key,
        max_tokens=fields.max_tokens,  # type: ignore[arg-type]
        temperature=fields.temperature,
        sources=MappingProxyType(fields.sources),
        warnings=warnings,
    )


class _Fields:
    """The winning values; a None where an error was reported instead."""

    __slots__ = ("api_key", "base_url", "max_tokens", "model", "provider", "sources", "temperature")

    def __init__(
        self,
        provider: str,
        model: str,
        base_url: str,
        api_key: Secret | None,
        max_tokens: int | None,
        temperature: float | None,
        sources: dict[str, str],
    ) -> None:
        self.provider, self.model, self.base_url, self.api_key = provider, model, base_url, api_key
        self.max_tokens, self.temperature, self.sources = max_tokens, temperature, sources


def _assemble(
    winner: _Choice,
    env_effective: _Choice | None,
    env_layer: Layer,
    over_layer: Layer,
    env: Mapping[str, object],
    out: Findings,
) -> _Fields:
    provider = PROVIDERS[winner.provider]
    env_counts = env_effective is not None and env_effective.provider == provider.name
    sources = {"mode": "argument", "provider": winner.source}

    def pick(field: str) -> tuple[list[_Setting], list[_Setting]]:
        """Return the override's and the environment's candidates for a field, highest first."""
        over = [over_layer[field]] if field in over_layer else []
        if field in _SCOPED:
            below = _env_candidates(field, env_layer, env_counts, env, provider)
            _warn_shadowed(field, below, provider, out)
            return over, below
        return over, [env_layer[field]] if field in env_layer else []

    def top(field: str, default: str | None = None) -> tuple[_Setting | None, list[_Setting], list[_Setting]]:
        """Return the setting that wins for a field, and the override's and environment's candidates."""
        over, below = pick(field)
        chosen = (over + below)[0] if over or below else None if default is None else _Setting(default, "default")
        sources[field] = "default" if chosen is None else chosen.source
        return chosen, over, below

    chosen = top("model", "balanced")[0]
    assert chosen is not None
    checked = check_model(str(chosen.value), chosen.source, provider, out)
    model = "" if checked is None else checked[0]
    if checked is not None and checked[1]:
        sources["model"] += f" ({checked[1]})"

    key_setting = top("api_key")[0]
    key = None
    if key_setting is not None and check_key(str(key_setting.value), key_setting.source, provider, out):
        key = str(key_setting.value)

    url_setting, over, below = top("base_url", provider.base_url)
    assert url_setting is not None
    url = normalize_url(str(url_setting.value), url_setting.source, provider, out)
    if over and key_setting is not None and key_setting.source.startswith("env:"):
        # Rule 6: the environment's key never follows a URL that only the request names (even a broken one:
        # the user learns both problems at once).
        fallback = below[0] if below else _Setting(provider.base_url, "default")
        if normalize_url(str(fallback.value), fallback.source, provider, Findings()) != url:
            out.error(
                "base_url",
                url_setting.source,
                f"would send the worker's API key ({key_setting.source.removeprefix('env:')}) to a host "
                "the request chose",
                "pass api_key in the same override, or leave base_url out of it",
            )
    if url is not None and key is not None:
        check_transport(url, url_setting.source, out)
    needs_key = provider.key_required == "always" or (
        provider.key_required == "official" and url is not None and host_of(url) == host_of(provider.base_url)
    )
    if key_setting is None and needs_key:
        var = provider.key_vars[0]
        out.error(
            "api_key",
            f"env:{var}",
            f"{provider.name} needs an API key and none is set",
            f"export {var}=<your key>   (or {STIGMER_VARS['api_key']})",
        )

    setting = top("max_tokens")[0]
    tokens = provider.max_tokens if setting is None else parse_max_tokens(setting.value, setting.source, provider, out)

    setting = top("temperature")[0]
    temperature = provider.temperature
    if setting is not None:
        parsed = parse_temperature(setting.value, setting.source, out)
        temperature = None if parsed is None else check_temperature_range(parsed, setting.source, provider, out)
        if temperature is None:
            sources["temperature"] = "default"
    return _Fields(provider.name, model, url or "", None if key is None else Secret(key), tokens, temperature, sources)
