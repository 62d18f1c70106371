"""The layers and their precedence: resolve(mode, env, override, *, file=None).

Pure: no I/O, no clock, no logging. The one piece of state is a bounded memo of
results (at the end of this module), which is safe because equal inputs always
give equal results.

resolve() reads its arguments once, into layers of plain values; nothing after
that stage sees the caller's objects. Then each layer's provider choice, the
chain of candidates for each setting, the parsers of settings.SETTINGS and the
checks across settings decide the result. The rules:

"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

from . import urls
from .config import DEFAULT, Fix, LLMConfig, Origin, Override, Problem, Secret, Sourced
from .providers import MODES, PROVIDERS, Provider, family_of, split_model
from .record import Record
from .settings import ENV_PREFIX, OVERRIDE_SYNONYMS, POLICIES, PRECEDENCE, SETTINGS, Raw, Setting, origin_field
from .validate import Call, Findings, WrongType, check_endpoint, did_you_mean, endpoint_of

__doc__ = (__doc__ or "") + "\n".join("    " + line if line else "" for line in PRECEDENCE.splitlines())
__all__ = ["READ", "resolve"]

_SETTINGS = {row.name: row for row in SETTINGS}
_POLICIES = {row.name: row for row in POLICIES}
_ORDER = ("mode", "env", "file", "override", *_SETTINGS, *_POLICIES)
_TEXT = ("provider", "model", "base_url", "api_key")  # the settings that take strings only
_KEY_VARS = tuple(dict.fromkeys(var for row in PROVIDERS.values() for var in row.key_vars))
_URL_VARS = tuple(dict.fromkeys(var for row in PROVIDERS.values() for var in row.url_vars))

#: The setting each variable that may hold a secret sets.
_VAR_FIELDS = {
    f"{ENV_PREFIX}API_KEY": "api_key",
    f"{ENV_PREFIX}BASE_URL": "base_url",
    **dict.fromkeys(_KEY_VARS, "api_key"),
    **dict.fromkeys(_URL_VARS, "base_url"),
}

#: Every environment variable resolve() reads; it reads no other.
READ = (*(row.env for row in (*SETTINGS, *POLICIES)), *_KEY_VARS, *_URL_VARS)


# The records below live for one resolution and never leave this module.


class _Value(Record):
    """A value as read (stripped; an int or float only from an override), and where it was set."""

    raw: Raw
    origin: Origin


class _Choice(Record):
    """A provider a layer chose, and what chose it."""

    provider: str
    origin: Origin
    note: str = ""

    @property
    def source(self) -> str:
        return f"{self.origin}{self.note}"


class _Layer(Record):
    """One layer's values, what it chose, and the provider it counts for (its own choice or the one below)."""

    values: Mapping[str, _Value]
    choice: _Choice | None
    effective: _Choice | None


class _Inputs(Record):
    """Everything resolve() reads from its arguments, as plain values."""

    mode: str | None
    file: Mapping[str, _Value]
    env: Mapping[str, _Value]  # the STIGMER_LLM_* settings, by setting
    provider_vars: Mapping[str, _Value]  # the providers' own variables (ANTHROPIC_API_KEY, ...), by name
    override: Mapping[str, _Value]
    policy: Mapping[str, _Value]
    secrets: Mapping[str, Origin]


# --- read once ---------------------------------------------------------------------------------


def _plain(value: object, numbers: bool) -> Raw | None:
    """Return a caller's value as an exact str, int or float (numbers only where allowed); None if unset or blank.

    Classes are judged by type(), which cannot lie, not isinstance(), which believes a ``__class__`` attribute.
    """
    if issubclass(type(value), Sourced):
        value = value.value  # type: ignore[attr-defined]
    if issubclass(type(value), Secret):
        value = Secret.get_secret_value(value)  # type: ignore[arg-type]
    kind = type(value)
    if value is None:
        return None
    if issubclass(kind, str):
        return str.__str__(value).strip() or None  # str.__str__: a subclass's own methods never run
    if numbers and issubclass(kind, int) and not issubclass(kind, bool):
        return int.__int__(value)  # type: ignore[arg-type]
    if numbers and issubclass(kind, float):
        return float.__float__(value)  # type: ignore[arg-type]
    return WrongType(kind.__name__)


def _sound(origin: object) -> bool:
    """Whether an origin is an Origin whose fields have their declared types, so that it can be kept and hashed."""
    return (
        type(origin) is Origin
        and type(origin.kind) is str
        and type(origin.name) is str
        and type(origin.path) is str
        and type(origin.line) is int
    )


def _origin(value: object, default: Origin, kinds: tuple[str, ...]) -> Origin:
    """Return where a Sourced value says it came from, if that is a place of ``kinds``; else ``default``.

    A value cannot claim another layer than the one it came in: an override's value labelled env:
    must not pass for the worker's own (rule 6), nor an environment's for the override's.
    """
    origin = value.origin if issubclass(type(value), Sourced) else None  # type: ignore[attr-defined]
    return origin if isinstance(origin, Origin) and _sound(origin) and origin.kind in kinds else default


def _read_env(env: object, problems: list[Problem]) -> dict[str, _Value]:
    if not isinstance(env, Mapping):
        message = f"must be a mapping such as os.environ, got type {type(env).__name__}"
        problems.append(Problem("env", None, message, advice="pass os.environ, or a dict of str to str"))
        return {}
    found: dict[str, _Value] = {}
    name = READ[0]
    try:
        for name in READ:
            raw = env.get(name)
            if raw is None:
                continue
            value = _plain(raw, numbers=False)
            origin = _origin(raw, Origin("env", name), ("env", "file"))
            if isinstance(value, WrongType):
                field = origin_field(origin)
                message = f"must be a string, got type {value.type_name}"
                problems.append(Problem(field, origin, message, advice="give every variable a str value"))
            elif value is not None:
                found[name] = _Value(value, origin)
    except Exception as error:  # the caller's own object misbehaved: say which, never with its message
        message = f"raised {type(error).__name__} when {name} was read from it"
        problems.append(Problem("env", None, message, advice="pass a mapping of str to str, such as os.environ"))
    return found


def _read_pairs(what: str, given: object, problems: list[Problem]) -> list[tuple[object, object]]:
    try:
        if isinstance(given, Override):
            return list(Override.items(given))
        if isinstance(given, Mapping):
            return list(given.items())
    except Exception as error:
        message = f"raised {type(error).__name__} when its items were read"
        problems.append(Problem(what, None, message, advice="pass a dict of setting names to values"))
        return []
    if given is not None:
        expected = "an Override or a mapping" if what == "override" else "a mapping of settings"
        message = f"must be {expected}, got type {type(given).__name__}"
        problems.append(Problem(what, None, message, advice="pass a dict of setting names to values"))
    return []


def _read_layer(kind: str, pairs: list[tuple[object, object]], problems: list[Problem]) -> dict[str, _Value]:
    """Read an override's or a file's (key, value) pairs; report keys that are not setting names."""
    found: dict[str, _Value] = {}
    for key, value in pairs:
        if not issubclass(type(key), str):
            names = ", ".join(_SETTINGS)
            message = f"has a key of type {type(key).__name__}; keys are setting names"
            problems.append(Problem(kind, None, message, advice=f"use one of: {names}"))
            continue
        text = str.__str__(key)
        name = OVERRIDE_SYNONYMS.get(text, text) if kind == "override" else text
        try:
            plain = _plain(value, numbers=kind == "override" and name not in _TEXT)
            kinds = ("file",) if kind == "file" else ()  # an override's value is the override's, whatever it says
            origin = _origin(value, Origin(kind, text), kinds)
        except Exception as error:  # a subclass of ours misbehaved: say where, never with its message
            message = f"raised {type(error).__name__} when one of its values was read"
            problems.append(Problem(kind, None, message, advice="pass plain values: str, int, float or Sourced"))
            continue
        if plain is not None:
            found[text] = _Value(plain, origin)
    return found


def _secrets(values: list[tuple[str, _Value]]) -> dict[str, Origin]:
    """Return every key and URL password among (setting, value) pairs, with where each was set."""
    found: dict[str, Origin] = {}
    for field, value in values:
        if isinstance(value.raw, str) and field == "api_key":
            found.setdefault(value.raw, value.origin)
        elif isinstance(value.raw, str) and field == "base_url":
            userinfo = urls.credentials(value.raw) or ""
            for secret in (userinfo, userinfo.partition(":")[2]):
                if secret:
                    found.setdefault(secret, value.origin)
    return found


def _read_arguments(mode: object, env: object, override: object, file: object, problems: list[Problem]) -> _Inputs:
    """Read every argument once. A caller's object that raises an Exception becomes a problem naming it."""
    try:
        mode_text = _plain(mode, numbers=False)
    except Exception as error:  # a subclass of ours misbehaved
        problems.append(Problem("mode", None, f"raised {type(error).__name__} when it was read", advice="pass a str"))
        mode_text = None
    by_var = _read_env(env, problems)
    over = _read_layer("override", _read_pairs("override", override, problems), problems)
    files = _read_layer("file", _read_pairs("file", file, problems), problems)
    return _Inputs(
        mode=mode_text if isinstance(mode_text, str) else None,
        file=files,
        env={row.name: by_var[row.env] for row in SETTINGS if row.env in by_var},
        provider_vars={var: by_var[var] for var in (*_KEY_VARS, *_URL_VARS) if var in by_var},
        override=over,
        policy={row.name: by_var[row.env] for row in POLICIES if row.env in by_var},
        secrets=_secrets(
            [
                *((_VAR_FIELDS.get(var, ""), value) for var, value in by_var.items()),
                *((OVERRIDE_SYNONYMS.get(key, key), value) for key, value in over.items()),
                *files.items(),
            ]
        ),
    )


# --- decide --------------------------------------------------------------------------------------


def _known(values: Mapping[str, _Value], findings: Findings) -> dict[str, _Value]:
    """Keep an override's or a file's settings; report unknown names and conflicting synonyms."""
    kept: dict[str, _Value] = {}
    for key, value in values.items():
        origin, name = value.origin, OVERRIDE_SYNONYMS.get(key, key)
        if name not in _SETTINGS:
            shown = Origin(origin.kind, findings.show(key)[1:-1], origin.path, origin.line)
            if name in _POLICIES:
                message = f"can be set only in the environment ({_POLICIES[name].env}), never by a request or a file"
            else:
                guess = did_you_mean(key, [*_SETTINGS, *OVERRIDE_SYNONYMS])
                message = "is not a setting" + (f"; did you mean {guess!r}?" if guess else "")
            findings.error(origin.kind, shown, message, Fix(shown, None), advice=f"use one of: {', '.join(_SETTINGS)}")
            continue
        earlier = kept.get(name)
        if earlier is not None and earlier.raw != value.raw:
            findings.error(name, origin, f"conflicts with {earlier.origin.name}; give one of them", Fix(origin, None))
        kept.setdefault(name, value)
    return kept


def _choose(values: Mapping[str, _Value], findings: Findings) -> tuple[dict[str, _Value], _Choice | None]:
    """Return the provider a layer chooses (rule 2), and the layer with its model's provider prefix taken off."""
    kept = dict(values)
    explicit = None
    setting = values.get("provider")
    if setting is not None and not isinstance(setting.raw, str):
        type_name = setting.raw.type_name if isinstance(setting.raw, WrongType) else type(setting.raw).__name__
        fixes = [Fix(setting.origin, name) for name in PROVIDERS]
        findings.error("provider", setting.origin, f"must be a string, got type {type_name}", *fixes)
    elif setting is not None and isinstance(setting.raw, str):
        name = setting.raw.lower()
        if name in PROVIDERS:
            explicit = _Choice(name, setting.origin)
        else:
            guess = did_you_mean(name, PROVIDERS)
            message = f"unknown provider {findings.show(setting.raw)}" + (f"; did you mean {guess!r}?" if guess else "")
            fixes = [Fix(setting.origin, guess)] if guess else [Fix(setting.origin, p) for p in PROVIDERS]
            findings.error("provider", setting.origin, message, *fixes)
    model = values.get("model")
    if model is None or not isinstance(model.raw, str):
        return kept, explicit
    prefix, rest = split_model(model.raw)
    if prefix is not None:
        if not rest:
            example = f"{prefix}:{PROVIDERS[prefix].aliases['balanced']}"
            message = f"names provider {prefix!r} but no model after the colon"
            findings.error("model", model.origin, message, Fix(model.origin, example))
            return kept, explicit
        kept["model"] = _Value(rest, model.origin)
        if explicit and explicit.provider != prefix:
            message = f"is prefixed {prefix!r} but {explicit.source} says {explicit.provider!r}"
            findings.error("model", model.origin, message, Fix(model.origin, rest))
            return kept, explicit
        return kept, explicit or _Choice(prefix, model.origin, " (provider prefix)")
    family = family_of(model.raw)
    if explicit and family and family != explicit.provider:
        message = f"{findings.show(model.raw)} looks like a model for {family}, but the provider is {explicit.provider}"
        findings.warn(
            "model", model.origin, message, Fix(model.origin, PROVIDERS[explicit.provider].aliases["balanced"])
        )
    if explicit or family is None:
        return kept, explicit
    return kept, _Choice(family, model.origin, " (model family)")


class _Layers(Record):
    """The three layers, lowest first, each knowing the provider it counts for (rule 3)."""

    file: _Layer
    env: _Layer
    override: _Layer

    @property
    def winner(self) -> _Choice | None:
        return self.override.effective

    def chain(self, setting: Setting, provider: Provider, provider_vars: Mapping[str, _Value]) -> list[_Value]:
        """Return the candidates for ``setting``, highest first (rules 4 and 5)."""
        return [
            *self._of(self.override, setting, provider),
            *self.env_chain(setting, provider, provider_vars),
            *self._of(self.file, setting, provider),
        ]

    def env_chain(self, setting: Setting, provider: Provider, provider_vars: Mapping[str, _Value]) -> list[_Value]:
        """Return the environment's candidates: its STIGMER_LLM_* variable, then the provider's own variables."""
        variables = [provider_vars[var] for var in setting.own_vars(provider) if var in provider_vars]
        return [*self._of(self.env, setting, provider), *variables]

    @staticmethod
    def _of(layer: _Layer, setting: Setting, provider: Provider) -> list[_Value]:
        counts = not setting.scoped or (layer.effective is not None and layer.effective.provider == provider.name)
        return [layer.values[setting.name]] if counts and setting.name in layer.values else []


def _stack(chosen: list[tuple[dict[str, _Value], _Choice | None]], default: _Choice | None) -> _Layers:
    """Stack the file, environment and override layers; a layer that did not choose inherits from below."""
    layers = []
    below = default
    for values, choice in chosen:
        below = choice or below
        layers.append(_Layer(values, choice, below))
    return _Layers(*layers)


def _same(a: _Value, b: _Value, setting: Setting, provider: Provider) -> bool:
    if a.raw == b.raw or setting.name != "base_url" or not (isinstance(a.raw, str) and isinstance(b.raw, str)):
        return a.raw == b.raw
    return endpoint_of(a.raw, provider)[0] == endpoint_of(b.raw, provider)[0]


def _warn_shadowed(env: list[_Value], setting: Setting, provider: Provider, findings: Findings) -> None:
    """Warn where two variables of the environment for one setting are both set and differ."""
    for other in env[1:]:
        if not _same(env[0], other, setting, provider):
            used, name = env[0].origin.name, other.origin.name
            message = f"{name} is also set and differs; using {used}"
            findings.warn(
                setting.name, other.origin, message, Fix(other.origin, None), advice=f"make it equal to {used}"
            )


def _setting(
    setting: Setting, winning: _Value | None, provider: Provider, sources: dict[str, str], findings: Findings
) -> object:
    """Parse the winning value of one setting, or its default; record where it came from."""
    origin, raw = (DEFAULT, setting.default(provider)) if winning is None else (winning.origin, winning.raw)
    sources[setting.name] = str(origin)
    if winning is not None and setting.name in provider.unsupported:
        # Not even parsed: a fix could only suggest a value that would be dropped in turn.
        message = f"{provider.name} takes no {setting.name}: the value was dropped and none will be sent"
        findings.warn(setting.name, origin, message, Fix(origin, None))
        sources[setting.name] = "default"
        return setting.default(provider)
    if raw is None or setting.parse is None:
        return raw
    if isinstance(raw, str) and setting.name != "api_key":
        holder = findings.secret_in(raw, besides=origin)
        if holder is not None:
            message = f"holds a secret from {holder.name or holder}; a secret belongs in an API key setting only"
            findings.error(setting.name, origin, message, Fix(origin, None))
            return None
    value = setting.parse(raw, origin, provider, findings)  # type: ignore[arg-type]
    if setting.name == "model" and isinstance(value, tuple):  # the model's parser says how it got the id
        value, note = value
        sources["model"] += f" ({note})" if note else ""
    return value


def _provider_setting(winner: _Choice) -> Origin:
    """Return where to choose another provider: the setting that chose this one, else its layer's provider setting."""
    origin = winner.origin
    if not winner.note and origin.kind in ("env", "override", "file"):
        return origin
    if origin.kind == "override":
        return Origin("override", "provider")
    if origin.kind == "file" and "." in origin.name:  # a config file's key path: its sibling
        return Origin("file", origin.name.rpartition(".")[0] + ".provider", origin.path)
    if origin.kind == "file":  # a .env file's variable
        return Origin("file", f"{ENV_PREFIX}PROVIDER", origin.path)
    return Origin("env", f"{ENV_PREFIX}PROVIDER")


def _check_redirect(
    url_chain: list[_Value], key: _Value | None, provider: Provider, url: object, findings: Findings
) -> None:
    """Rule 6: the worker's key never follows a base_url that only the request names (even a broken one)."""
    if not url_chain or url_chain[0].origin.kind != "override" or key is None or key.origin.kind == "override":
        return
    below = url_chain[1].raw if len(url_chain) > 1 else provider.base_url
    if isinstance(url, urls.Endpoint) and isinstance(below, str) and endpoint_of(below, provider)[0] == url:
        return
    origin = url_chain[0].origin
    message = f"would send the worker's API key ({key.origin.name}) to a host the request chose"
    findings.error("base_url", origin, message, Fix(origin, None), advice="pass the request's own api_key with it")


def _check_key(provider: Provider, url: object, key_chain: list[_Value], layers: _Layers, findings: Findings) -> None:
    """Report a missing key, saying so when a key is set but belongs to another provider's layer (rule 4)."""
    if key_chain:
        return
    home = endpoint_of(provider.base_url, provider)[0]
    at_home = isinstance(url, urls.Endpoint) and isinstance(home, urls.Endpoint) and url.host == home.host
    if not (provider.key_required == "always" or (provider.key_required == "at-default-host" and at_home)):
        return
    origin = Origin("env", provider.key_vars[0])
    fixes = [Fix(origin, f"<your {provider.name} key>", placeholder=True)]
    message = f"{provider.name} needs an API key and none is set"
    ignored = [layer for layer in (layers.env, layers.file) if "api_key" in layer.values and layer.effective]
    if ignored and layers.winner is not None:
        layer = ignored[0]
        assert layer.effective is not None
        message = (
            f"{provider.name} needs an API key: {layer.values['api_key'].origin.name} is set, but it belongs to"
            f" {layer.effective.provider}, the provider of its layer, and {provider.name} was chosen by"
            f" {layers.winner.source}"
        )
        if layers.override.choice is not None:
            fixes.append(Fix(Origin("override", "api_key"), f"<your {provider.name} key>", placeholder=True))
    findings.error("api_key", origin, message, *fixes)


def _check_request(
    layers: _Layers, policy: Mapping[str, _Value], allowed: Mapping[str, object], findings: Findings
) -> None:
    """Warn of every provider switch a request makes; refuse what the request policy does not allow."""
    choice, worker = layers.override.choice, layers.env.effective
    switches = choice is not None and (worker is None or choice.provider != worker.provider)
    if switches and choice is not None and worker is not None:
        message = f"switches the provider from the worker's {worker.provider} ({worker.source}) to {choice.provider}"
        findings.warn(
            origin_field(choice.origin), choice.origin, f"{message} ({choice.source})", Fix(choice.origin, None)
        )
    providers = allowed["request_providers"]
    if choice is not None and switches and isinstance(providers, tuple) and choice.provider not in providers:
        name = policy["request_providers"].origin.name
        message = f"chooses {choice.provider} ({choice.source}), which {name} does not allow ({', '.join(providers)})"
        findings.error(origin_field(choice.origin), choice.origin, message, Fix(choice.origin, None))
    fields = allowed["request_fields"]
    if isinstance(fields, tuple):
        name = policy["request_fields"].origin.name
        for setting, value in layers.override.values.items():
            if setting not in fields:
                message = f"is a setting a request may not set: {name} allows {', '.join(fields) or 'none'}"
                findings.error(setting, value.origin, message, Fix(value.origin, None))


def _decide(inputs: _Inputs, layers: _Layers, findings: Findings) -> tuple[dict[str, object], dict[str, str]] | None:
    """Resolve every setting for the winning provider, then run the checks across settings."""
    winner = layers.winner
    if winner is None:
        return None
    provider = PROVIDERS[winner.provider]
    values: dict[str, object] = {"provider": provider.name}
    sources = {"provider": winner.source}
    chains: dict[str, list[_Value]] = {}
    for setting in SETTINGS[1:]:
        chain = chains[setting.name] = layers.chain(setting, provider, inputs.provider_vars)
        _warn_shadowed(layers.env_chain(setting, provider, inputs.provider_vars), setting, provider, findings)
        values[setting.name] = _setting(setting, chain[0] if chain else None, provider, sources, findings)
    for row in POLICIES:
        values[row.name] = _setting(row, inputs.policy.get(row.name), provider, sources, findings)

    key, url, key_chain, url_chain = values["api_key"], values["base_url"], chains["api_key"], chains["base_url"]
    _check_redirect(url_chain, key_chain[0] if key_chain else None, provider, url, findings)
    _check_key(provider, url, key_chain, layers, findings)
    if isinstance(url, urls.Endpoint):
        url_origin = url_chain[0].origin if url_chain else DEFAULT
        model_origin = chains["model"][0].origin if chains["model"] else DEFAULT
        model = (values["model"], model_origin) if isinstance(values["model"], str) else None
        secret = (key, key_chain[0].origin) if isinstance(key, str) and key_chain else None
        check_endpoint(Call(provider, url, url_origin, model, secret, _provider_setting(winner)), findings)
    _check_request(layers, inputs.policy, values, findings)
    values["base_url"] = str(url)
    values["api_key"] = None if key is None else Secret(key)  # type: ignore[arg-type]
    return values, sources


def _resolve(mode: object, env: object, override: object, file: object) -> LLMConfig | tuple[Problem, ...]:
    faults: list[Problem] = []
    inputs = _read_arguments(mode, env, override, file, faults)
    findings = Findings(inputs.secrets)
    for fault in faults:
        findings.error(fault.field, fault.origin, fault.message, *fault.fixes, advice=fault.advice)
    mode_name = "" if inputs.mode is None else inputs.mode.lower()
    chosen = [
        _choose(layer, findings)
        for layer in (_known(inputs.file, findings), inputs.env, _known(inputs.override, findings))
    ]
    if mode_name in MODES:
        decided = _decide(inputs, _stack(chosen, _Choice(MODES[mode_name], Origin("mode", mode_name))), findings)
    else:
        _mode_error(mode, inputs.mode, findings)
        decided = _decide(inputs, _stack(chosen, None), findings) if any(choice for _, choice in chosen) else None
        if decided is None:
            _report_whatever_the_mode(inputs, chosen, findings)
    problems, notices = findings.done(_ORDER)
    if problems or decided is None:
        return problems
    values, sources = decided
    mode_source = {"mode": "argument"}
    return LLMConfig(mode=mode_name, **values, sources=MappingProxyType(mode_source | sources), warnings=notices)  # type: ignore[arg-type]


def _report_whatever_the_mode(
    inputs: _Inputs, chosen: list[tuple[dict[str, _Value], _Choice | None]], findings: Findings
) -> None:
    """With no mode and no provider chosen, report what is wrong with any value that was set, whichever mode
    reads it, and what every mode would miss (a key every mode's provider needs)."""
    given = {
        value.origin
        for layer in (inputs.env, inputs.provider_vars, inputs.policy, inputs.override, inputs.file)
        for value in layer.values()
    }
    runs = []
    for name, provider in MODES.items():
        scratch = Findings(inputs.secrets)
        _decide(inputs, _stack(chosen, _Choice(provider, Origin("mode", name))), scratch)
        runs.append({(p.field, p.source, p.message): p for p in scratch.done(_ORDER)[0]})
    reported: dict[tuple[str, str | None, str], Problem] = {}
    for run in runs:  # the first mode's fixes, where modes agree on the problem
        for key, problem in run.items():
            reported.setdefault(key, problem)
    for key, found in reported.items():
        if found.origin in given or all(key in run for run in runs):
            findings.error(found.field, found.origin, found.message, *found.fixes, advice=found.advice)


def _mode_error(mode: object, text: str | None, findings: Findings) -> None:
    guess = did_you_mean(text, MODES) if text is not None else None
    if text is not None:
        shown = findings.show(text) + (f"; did you mean {guess!r}?" if guess else "")
    else:
        shown = "nothing" if mode is None or isinstance(mode, str) else f"type {type(mode).__name__}"
    message = f"must be {' or '.join(map(repr, MODES))}, got {shown}"
    likeliest_first = sorted(MODES, key=lambda name: name != guess)
    findings.error("mode", None, message, *(Fix(Origin("mode"), name) for name in likeliest_first))


# --- resolve, and its memo: the one speed device ----------------------------------------------------

#: Inputs longer than this are resolved without the memo, so that it holds at most about 1024 * 4 KiB.
_MEMO_INPUT_LIMIT = 4096


def resolve(
    mode: object, env: Mapping[str, str | Sourced], override: object = None, *, file: object = None
) -> LLMConfig | tuple[Problem, ...]:
    """Resolve which LLM to call, and how, from a mode, an environment, a per-request override and a file.

    Args:
        mode: ``"local"`` or ``"cloud"`` (any case; surrounding spaces ignored).
        env: The process environment, or any mapping of the same shape; only the
            variables in READ are read. A value may be a Sourced, to say which
            file it came from.
        override: None, an Override, or a mapping with the same keys (``model_name``
            is taken as ``model``): the per-request layer.
        file: None, or a mapping of setting name to value (a Sourced, to say where
            in which file), below the environment: see load_stigmer_config().

    Returns:
        The frozen LLMConfig, or a non-empty tuple of every Problem found.
        Never raises for bad input. When one of the caller's own objects raises an
        Exception while it is read (a Mapping whose get() raises, a mode whose
        __hash__ raises), that becomes a Problem naming the argument and the
        exception's type, never its message; other BaseExceptions (KeyboardInterrupt)
        pass through.
    """
    key = _memo_key(mode, env, override, file)
    if key is None:
        return _resolve(mode, env, override, file)
    return _resolve_remembered(*key)


def _memo_key(mode: object, env: object, override: object, file: object) -> tuple[object, ...] | None:
    """Return the inputs as a hashable key, or None where they are not small, plain values of exact types.

    For os.environ, the values come from the dict of encoded bytes underneath it:
    one C-level lookup per variable instead of three Python-level calls, which is
    most of resolve()'s cost on a hit (see the benchmark). They are decoded only on a miss.
    """
    try:
        values: tuple[object, ...]
        if type(env) is dict:
            values, decode = tuple(map(env.get, READ)), None
        else:
            data, encode, decode = (getattr(env, name, None) for name in ("_data", "encodekey", "decodevalue"))
            if type(env).__name__ != "_Environ" or type(data) is not dict or not callable(encode):
                return None
            values = tuple(map(data.get, _encoded(encode)))
            if not callable(decode):
                return None
            hash(decode)  # it is part of the key
        pairs = _pairs(override, (dict, Override))
        files = _pairs(file, (dict,))
        if pairs is None or files is None or type(mode) is not str:
            return None
        if _PLAIN_TYPES.issuperset(map(type, values)):  # the usual environment, costed at C speed
            size = sum(map(len, filter(None, values)))  # type: ignore[arg-type]  # str, bytes (None filtered)
        else:
            costs = [_cost(value, numbers=False) for value in values]
            if None in costs:
                return None
            size = sum(c or 0 for c in costs)
        costs = [_cost(x) for x in (mode, *(x for pair in (*pairs, *files) for x in pair))]
        if None in costs or size + sum(c or 0 for c in costs) > _MEMO_INPUT_LIMIT:
            return None
        return mode, values, decode, _typed(pairs), _typed(files)
    except Exception:  # an odd object: resolve without the memo, which reports it
        return None


_PLAIN_TYPES = frozenset({str, bytes, type(None)})


def _pairs(given: object, kinds: tuple[type, ...]) -> tuple[tuple[object, object], ...] | None:
    if given is None:
        return ()
    if type(given) in kinds and isinstance(given, (dict, Override)):
        return tuple(given.items())
    return None


def _cost(value: object, numbers: bool = True) -> int | None:
    """Return about how many bytes a value keeps in the memo, or None if it may not be part of a key.

    Only exact types may: a subclass's own __eq__ or __hash__ could make two different inputs one entry.
    Nor may numbers where the key does not hold each value's type (the environment's): 1 == 1.0.
    """
    if value is None:
        return 0
    if numbers and type(value) is float:
        return 8
    if numbers and type(value) is int and isinstance(value, int):
        return 8 + value.bit_length() // 8
    if type(value) in (str, bytes) and isinstance(value, (str, bytes)):
        return len(value)
    if type(value) is Secret and isinstance(value, Secret):
        return _cost(Secret.get_secret_value(value))
    if type(value) is Sourced and isinstance(value, Sourced) and type(value.value) is str and _sound(value.origin):
        origin = value.origin  # sound: str fields and an int line
        return len(value.value) + len(origin.kind) + len(origin.name) + len(origin.path) + 8
    return None


def _typed(pairs: tuple[tuple[object, object], ...]) -> tuple[tuple[object, type, object, type], ...]:
    """Pair each key and value with its type, so that 1, 1.0 and True are never one entry."""
    return tuple((k, type(k), v, type(v)) for k, v in pairs)


@lru_cache(maxsize=4)
def _encoded(encode: Callable[[str], bytes]) -> tuple[bytes, ...]:
    return tuple(map(encode, READ))


@lru_cache(maxsize=1024)
def _resolve_remembered(
    mode: str,
    values: tuple[object, ...],
    decode: Callable[[bytes], str] | None,
    override: tuple[tuple[object, type, object, type], ...],
    file: tuple[tuple[object, type, object, type], ...],
) -> LLMConfig | tuple[Problem, ...]:
    """Memoise resolve(): it is pure, so equal inputs (compared with their types) give equal results."""
    try:
        env = {
            name: value if decode is None or not isinstance(value, bytes) else decode(value)
            for name, value in zip(READ, values, strict=True)
            if value is not None
        }
    except Exception as error:  # an os.environ look-alike whose decoder raises
        message = f"raised {type(error).__name__} when its values were decoded"
        return (Problem("env", None, message, advice="pass os.environ, or a dict of str to str"),)
    return _resolve(mode, env, {k: v for k, _, v, _ in override}, {k: v for k, _, v, _ in file} or None)
