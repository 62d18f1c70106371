"""Parse and check settings, one at a time and across settings. Pure: no I/O, no global state.

Every check reports into a Findings collector instead of raising, so that one
pass finds every problem. A message shows a value only through Findings.show(),
which masks every secret of the resolution before shortening the value; the
collector masks them again, in their escaped forms too, before handing findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from math import inf, isfinite

from . import urls
from .config import MASK, MIN_SECRET_LENGTH, Fix, Notice, Origin, Problem, escaped_forms
from .providers import PROVIDERS, Provider, family_of, key_owner
from .record import Record

_LISTEN_HOSTS = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


class WrongType:
    """A value of a type no setting takes (kept to report it)."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name


class Findings:
    """Collect the errors and warnings of one resolution, and keep the secrets findings of them."""

    __slots__ = ("_forms", "_problems", "_secrets", "notices")

    def __init__(self, secrets: Mapping[str, Origin] | None = None) -> None:
        self._problems: list[Problem] = []
        self.notices: list[Notice] = []
        self._secrets = {s: o for s, o in (secrets or {}).items() if len(s) >= MIN_SECRET_LENGTH}
        forms = {form for secret in self._secrets for form in escaped_forms(secret)} if self._secrets else set()
        self._forms = sorted(forms, key=len, reverse=True)

    def error(self, field: str, origin: Origin | None, message: str, *fixes: Fix, advice: str = "") -> None:
        self._problems.append(Problem(field, origin, message, fixes, advice))

    def warn(self, field: str, origin: Origin | None, message: str, *fixes: Fix, advice: str = "") -> None:
        self.notices.append(Notice(field, origin, message, fixes, advice))

    def has_errors(self) -> bool:
        return bool(self._problems)

    def mask(self, text: str) -> str:
        """Replace every secret in ``text``, in any of its escaped forms."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def show(self, value: str, limit: int = 48) -> str:
        """Return a value quoted for a message: secrets masked first, then shortened when long."""
        value = self.mask(value)
        return repr(value if len(value) <= limit else value[:limit] + "…")

    def secret_in(self, value: str, besides: Origin) -> Origin | None:
        """Return where a secret that ``value`` holds was set (other than ``besides``), or None."""
        return next((o for secret, o in self._secrets.items() if secret in value and o != besides), None)

    def done(self, order: Sequence[str]) -> tuple[tuple[Problem, ...], tuple[Notice, ...]]:
        """Return the errors and the warnings, masked and in a stable order."""

        def rank(item: Problem | Notice) -> tuple[int, str, str]:
            field_rank = order.index(item.field) if item.field in order else len(order)
            return (field_rank, item.source or "", item.message)

        def clean(fix: Fix) -> Fix:
            value = fix.value
            return Fix(fix.origin, self.mask(value), fix.placeholder) if isinstance(value, str) else fix

        problems = {
            Problem(p.field, p.origin, self.mask(p.message), tuple(map(clean, p.fixes)), self.mask(p.advice))
            for p in self._problems
        }
        notices = {
            Notice(n.field, n.origin, self.mask(n.message), tuple(map(clean, n.fixes)), self.mask(n.advice))
            for n in self.notices
        }
        return tuple(sorted(problems, key=rank)), tuple(sorted(notices, key=rank))


def one_edit_apart(a: str, b: str) -> bool:
    """Tell whether b is a, with one character inserted, deleted, replaced, or two swapped."""
    if a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i + 1 : i + 2] + a[i : i + 1] == b[i : i + 2]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice that ``word`` most likely misspells, or None."""
    lowered = word.lower()
    options = sorted(choices)
    for choice in options:
        if one_edit_apart(lowered, choice):
            return choice
    for choice in options:
        if len(lowered) >= 3 and (choice.startswith(lowered) or lowered.startswith(choice)):
            return choice
    return None


def _number(value: int | float) -> str:
    """Write a number for a message, however large (str() of a huge int raises)."""
    if isinstance(value, int) and value.bit_length() > 64:
        sign = "a negative" if value < 0 else "a"
        return f"{sign} number of about {int(value.bit_length() * 0.30103) + 1} digits"
    return str(value)


def _is_plain_decimal(value: str) -> bool:
    return value.isascii() and value.replace(".", "", 1).isdigit()


def parse_whole(
    value: str | int | float | WrongType,
    origin: Origin,
    field: str,
    bounds: tuple[int, int],
    example: int,
    findings: Findings,
) -> int | None:
    """Parse a whole number: ASCII digits, or (only an override holds one) an int; report and return None if bad."""
    low, high = bounds
    fix = Fix(origin, example)
    if isinstance(value, (WrongType, float)):
        type_name = value.type_name if isinstance(value, WrongType) else "float"
        findings.error(field, origin, f"must be a whole number, got type {type_name}", fix)
        return None
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            findings.error(
                field, origin, f"must be a whole number written in ASCII digits, got {findings.show(value)}", fix
            )
            return None
        digits = value.lstrip("0") or "0"
        if len(digits) > len(str(high)):  # int() of a huge string is slow, and capped
            findings.error(field, origin, f"must be from {low} to {high}, got {findings.show(value)}", fix)
            return None
        value = int(digits)
    if not low <= value <= high:
        findings.error(field, origin, f"must be from {low} to {high}, got {_number(value)}", fix)
        return None
    return value


def parse_decimal(
    value: str | int | float | WrongType,
    origin: Origin,
    field: str,
    bounds: tuple[float, float],
    example: float | int,
    findings: Findings,
    above_low: bool = False,
) -> float | None:
    """Parse a plain decimal string or (only an override holds one) an int or float, in range."""
    low, high = bounds
    fix = Fix(origin, example)
    if isinstance(value, WrongType):
        findings.error(field, origin, f"must be a number, got type {value.type_name}", fix)
        return None
    if isinstance(value, str):
        if not _is_plain_decimal(value):
            message = f"must be a plain decimal number such as {example}, got {findings.show(value)}"
            findings.error(field, origin, message, fix)
            return None
        number = float(value)
    else:
        try:
            number = float(value)
        except OverflowError:  # an int beyond float's range, so beyond any setting's: the range check says so
            number = inf if value > 0 else -inf
        else:
            if not isfinite(number):
                findings.error(field, origin, f"must be a finite number, got {number}", fix)
                return None
    number += 0.0  # -0.0 becomes 0.0, which writes back as a plain decimal
    if not (low < number if above_low else low <= number) or number > high:
        shown = (
            findings.show(value)
            if isinstance(value, str)
            else _number(value)
            if isinstance(value, int)
            else str(number)
        )
        words = f"more than {low:g} and at most {high:g}" if above_low else f"from {low:g} to {high:g}"
        findings.error(field, origin, f"must be {words}, got {shown}", fix)
        return None
    return number


def _between_digits(text: str, i: int) -> bool:
    return text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()


def parse_model(value: str, origin: Origin, provider: Provider, findings: Findings) -> tuple[str, str] | None:
    """Return the model id to send and a note on how it was derived; report and return None if bad."""
    fix = Fix(origin, provider.aliases["balanced"])
    if len(value) > 256:
        findings.error("model", origin, f"is {len(value)} characters long; a model id has at most 256", fix)
        return None
    if not all(c.isprintable() and not c.isspace() for c in value):
        findings.error("model", origin, f"must not hold whitespace or control characters: {findings.show(value)}", fix)
        return None
    if value in provider.aliases:
        return provider.aliases[value], f"alias {value}"
    model, note = value, ""
    dotted = [i for i, c in enumerate(model) if c == "." and _between_digits(model, i)]
    if provider.dotted_ids and dotted and family_of(model) == provider.name:
        fixed = "".join("-" if i in dotted else c for i, c in enumerate(model))
        findings.warn(
            "model",
            origin,
            f"{findings.show(model)} is not an API id; using {findings.show(fixed)}",
            Fix(origin, fixed),
        )
        model, note = fixed, "dotted name"
    if model in provider.retiring:
        message = f"{findings.show(model)} is retired or scheduled for retirement on {provider.retiring[model]}"
        findings.warn("model", origin, message, fix)
    elif provider.known_models and model not in provider.known_models:
        near = sorted(k for k in provider.known_models if one_edit_apart(model, k))
        if near:
            message = (
                f"{findings.show(model)} is not a known {provider.name} model; did you mean {findings.show(near[0])}?"
            )
            findings.warn("model", origin, message, Fix(origin, near[0]))
    return model, note


def parse_key(value: str, origin: Origin, provider: Provider, findings: Findings) -> str | None:
    """Check an API key's characters and shape; report and return None if unusable."""
    if not all(" " < c <= "~" for c in value):
        message = "must be printable ASCII without spaces or line breaks inside"
        findings.error("api_key", origin, message, Fix(origin, "<your key, on one line>", placeholder=True))
        return None
    owner = vendor_of(value)
    if owner is not None and owner != provider.name:
        message = f"looks like a key for {owner}, but the provider is {provider.name}"
        findings.warn("api_key", origin, message, Fix(origin, f"<your {provider.name} key>", placeholder=True))
    if len(value) < MIN_SECRET_LENGTH:
        message = (
            f"is only {len(value)} characters long: real API keys are longer, and one this short is not masked"
            " where it turns up inside another setting (a local server's placeholder key is fine)"
        )
        findings.warn("api_key", origin, message, Fix(origin, "<your whole key>", placeholder=True))
    return value


def endpoint_of(value: str, provider: Provider) -> tuple[urls.Endpoint | list[urls.Flaw], list[urls.Flaw]]:
    """Return the endpoint ``value`` names for ``provider`` (or its flaws), and notes on what was changed."""
    parsed = urls.parse(value, provider.url_dialect, provider.base_url)
    if isinstance(parsed, list):
        return parsed, []
    notes = []
    scheme, host, port, path = parsed.scheme, parsed.host, parsed.port, parsed.path
    if provider.url_dialect == "host" and host in _LISTEN_HOSTS:
        host = _LISTEN_HOSTS[host]
        message = f"{parsed.host} is a listen address, not one to connect to; using {host}"
        notes.append(urls.Flaw(message, str(urls.Endpoint(scheme, host, port, ""))))
    if provider.path_v1 == "strip" and path.endswith("/v1"):
        path = path.removesuffix("/v1")
        notes.append(urls.Flaw(provider.path_v1_why, str(urls.Endpoint(scheme, host, port, path))))
    if provider.path_v1 == "expect" and not path.endswith("/v1"):
        notes.append(urls.Flaw(provider.path_v1_why, str(urls.Endpoint(scheme, host, port, path + "/v1"))))
    return urls.Endpoint(scheme, host, port, path), notes


def parse_base_url(value: str, origin: Origin, provider: Provider, findings: Findings) -> urls.Endpoint | None:
    """Return the endpoint ``value`` names for ``provider``; report and return None if bad."""
    endpoint, notes = endpoint_of(value, provider)
    for note in notes:
        findings.warn("base_url", origin, note.message, Fix(origin, note.suggestion))
    if isinstance(endpoint, list):
        for flaw in endpoint:
            findings.error("base_url", origin, flaw.message, Fix(origin, flaw.suggestion or provider.base_url))
        return None
    return endpoint


def parse_names(
    value: str, origin: Origin, field: str, choices: Sequence[str], findings: Findings
) -> tuple[str, ...] | None:
    """Parse a comma-separated list of names from ``choices`` (``none``: the empty list); report unknown names."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    if names == ("none",):
        return ()
    unknown = [name for name in names if name not in choices]
    for name in unknown:
        guess = did_you_mean(name, choices)
        message = f"names {findings.show(name)}, which is not one of {', '.join(choices)}"
        fix = Fix(origin, ",".join(guess if n == name else n for n in names) if guess else ",".join(choices))
        findings.error(field, origin, message + (f"; did you mean {guess!r}?" if guess else ""), fix)
    if not names:
        message = f"names nothing; give one or more of {', '.join(choices)} (or none), comma-separated"
        findings.error(field, origin, message, Fix(origin, ",".join(choices)))
    return None if unknown or not names else names


# --- checks across settings ------------------------------------------------------------------


def _signature(row: Provider) -> tuple[str, str | int]:
    """How an endpoint of ``row`` is recognised: its API host, or (for a server on this machine) its port."""
    home = urls.parse(row.base_url, row.url_dialect, row.base_url)
    assert isinstance(home, urls.Endpoint), row.base_url
    return ("port", home.effective_port) if urls.is_loopback(home.host) else ("host", home.host)


_SIGNATURES = tuple((row.name, *_signature(row)) for row in PROVIDERS.values())


def served_by(endpoint: urls.Endpoint) -> tuple[str, bool] | None:
    """Return the provider whose endpoint this looks like, and whether by its host (else by its port)."""
    for name, kind, value in _SIGNATURES:
        if (kind == "host" and endpoint.host == value) or (kind == "port" and endpoint.effective_port == value):
            return name, kind == "host"
    return None


def vendor_of(key: str) -> str | None:
    """Return the vendor whose key this is: its shape (sk-ant-..., sk-...) and a real key's length; else None."""
    return key_owner(key) if len(key) >= MIN_SECRET_LENGTH else None


class Call(Record):
    """Where a resolved config sends what: the facts the checks across settings judge.

    Attributes:
        provider: The winning provider.
        endpoint: Its endpoint, and ``url_origin`` where that was set (DEFAULT for the default).
        model: The model and where it was set, or None where it could not be read.
        key: The key and where it was set, or None.
        chooser: Where another provider can be chosen (a fix: choose the provider that serves it).
    """

    provider: Provider
    endpoint: urls.Endpoint
    url_origin: Origin
    model: tuple[str, Origin] | None
    key: tuple[str, Origin] | None
    chooser: Origin

    @property
    def served(self) -> tuple[str, bool] | None:
        return served_by(self.endpoint)

    @property
    def family(self) -> str | None:
        return None if self.model is None else family_of(self.model[0])

    @property
    def explicit(self) -> bool:
        return self.url_origin.kind != "default"


def _endpoint_of_another_provider(call: Call, findings: Findings) -> bool:
    """Another provider's API host, or Ollama's port for a model of this provider's own family, cannot work."""
    served, provider, endpoint = call.served, call.provider, call.endpoint
    if served is None or served[0] == provider.name:
        return False
    other, by_host = served
    if not by_host and call.family != provider.name:
        return False  # an OpenAI-compatible Ollama serving its own models: fine
    fixes = [Fix(call.url_origin, None)] if call.explicit else []
    if call.family != provider.name:  # choosing that provider helps only a model it serves
        fixes.append(Fix(call.chooser, other))
    if by_host:
        message = f"points at {endpoint.host}, the API of {other}, which does not serve {provider.name}"
    else:
        model = findings.show(call.model[0] if call.model else "")
        message = (
            f"points at port {endpoint.effective_port}, where {other} serves, and {other} does not serve"
            f" {provider.name} models such as {model}"
        )
    findings.error("base_url", call.url_origin, message, *fixes)
    return True


def _model_its_host_does_not_serve(call: Call, findings: Findings) -> bool:
    """A provider's own API host serves only its own families: qwen2.5-coder:7b at api.anthropic.com cannot work."""
    if call.model is None or call.served != (call.provider.name, True) or call.family in (None, call.provider.name):
        return False
    name, origin = call.model
    host, provider = call.endpoint.host, call.provider.name
    message = f"{findings.show(name)} is a model for {call.family}, and {host} serves only {provider}'s"
    fixes = (Fix(origin, call.provider.aliases["balanced"]), Fix(call.chooser, call.family))
    findings.error("model", origin, message, *fixes)
    return True


def _vendor_key_to_another_vendor(call: Call, findings: Findings) -> bool:
    """A vendor's key never goes to another vendor's endpoint (Ollama's included, which needs none)."""
    owner = None if call.key is None else vendor_of(call.key[0])
    served = call.served
    if call.key is None or owner is None or served is None or served[0] == owner:
        return False
    key_origin, provider = call.key[1], call.provider
    where = call.endpoint.host if served[1] else f"port {call.endpoint.effective_port}"
    message = f"would send the {owner} key in {key_origin.name} to {where}, an endpoint of {served[0]}"
    if call.explicit and served[0] != provider.name:  # the URL is at fault
        fixes = [Fix(call.url_origin, None), *([Fix(call.chooser, served[0])] if call.family != provider.name else [])]
        findings.error("base_url", call.url_origin, message, *fixes)
    elif provider.key_required == "never":  # the URL is right; the key does not belong
        findings.error("api_key", key_origin, f"{message}, which needs no key", Fix(key_origin, None))
    else:
        fix = Fix(key_origin, f"<your {provider.name} key>", placeholder=True)
        findings.error("api_key", key_origin, message, fix)
    return True


def _clear_text(call: Call, findings: Findings) -> bool:
    """A vendor's key never travels in plain http off this machine; another key does so with a warning."""
    endpoint = call.endpoint
    if call.key is None or endpoint.scheme != "http" or urls.is_this_machine(endpoint.host):
        return False
    https = Fix(call.url_origin, str(urls.Endpoint("https", endpoint.host, endpoint.port, endpoint.path)))
    owner, key_origin = vendor_of(call.key[0]), call.key[1]
    if owner is None:  # a sidecar may terminate TLS for a gateway's own key
        message = "plain http to a host that is not this machine: the API key travels in clear text"
        findings.warn("base_url", call.url_origin, message, https)
        return False
    message = (
        f"would send the {owner} key in {key_origin.name} in clear text (plain http) to {endpoint.host},"
        " which is not this machine"
    )
    findings.error(
        "base_url", call.url_origin, message, https, advice=f"give that server's own key in {key_origin.name}"
    )
    return True


#: The checks of where a config sends what, in order; the first that finds a problem says it.
ENDPOINT_CHECKS = (
    _endpoint_of_another_provider,
    _model_its_host_does_not_serve,
    _vendor_key_to_another_vendor,
    _clear_text,
)


def check_endpoint(call: Call, findings: Findings) -> None:
    """Refuse what cannot work or would leak (ENDPOINT_CHECKS): the first check that finds a problem reports it."""
    for check in ENDPOINT_CHECKS:
        if check(call, findings):
            return
