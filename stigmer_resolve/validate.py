"""Parsing, normalisation and validation of single settings. Pure: no I/O, no global state.

Every check reports into a Findings collector instead of raising, so that one
pass finds every problem. Messages show a value only through show(), and the
collector scrubs every secret it was told about before handing messages out.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import inf, isfinite

from .config import ConfigError, ConfigWarning
from .providers import PROVIDERS, Provider

_DEFAULT_OLLAMA_PORT = 11434
_LISTEN_HOSTS = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")
_MIN_SCRUB = 4  # shorter "secrets" cannot be told apart from ordinary text


class WrongType:
    """A value of a type the setting does not take (kept to report it)."""

    __slots__ = ("type_name",)

    def __init__(self, value: object) -> None:
        self.type_name = type(value).__name__


class Findings:
    """Collect the errors and warnings of one resolution, and the secrets to scrub from them."""

    __slots__ = ("_secrets", "errors", "warnings")

    def __init__(self) -> None:
        self.errors: list[ConfigError] = []
        self.warnings: list[ConfigWarning] = []
        self._secrets: set[str] = set()

    def error(self, field: str, source: str | None, message: str, hint: str) -> None:
        self.errors.append(ConfigError(field, source, message, hint))

    def warn(self, field: str, source: str | None, message: str, hint: str) -> None:
        self.warnings.append(ConfigWarning(field, source, message, hint))

    def secret(self, value: str | None) -> None:
        """Remember a key or password, so that no message can carry it."""
        if value is not None and len(value) >= _MIN_SCRUB:
            self._secrets.add(value)

    def _scrub(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, "********")
        return text

    def done(self, order: tuple[str, ...]) -> tuple[tuple[ConfigError, ...], tuple[ConfigWarning, ...]]:
        """Return the errors and warnings, scrubbed and in a stable order."""

        def rank(item: ConfigError) -> tuple[int, str, str]:
            field_rank = order.index(item.field) if item.field in order else len(order)
            return (field_rank, item.source or "", item.message)

        def clean(item: ConfigError) -> tuple[str, str]:
            return self._scrub(item.message), self._scrub(item.hint)

        errors = tuple(sorted({ConfigError(e.field, e.source, *clean(e)) for e in self.errors}, key=rank))
        warnings = tuple(sorted({ConfigWarning(w.field, w.source, *clean(w)) for w in self.warnings}, key=rank))
        return errors, warnings


def text(value: object) -> str | WrongType | None:
    """Return a setting's string stripped, None when unset or blank, WrongType for a non-string."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return WrongType(value)


def show(value: str, limit: int = 48) -> str:
    """Return a value quoted for a message, shortened when long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def hint_for(source: str | None, example: str) -> str:
    """Return how to set ``source`` to ``example``, ready to copy."""
    if source and source.startswith("override:"):
        value = example if _is_plain_decimal(example) else repr(example)
        return f"override={{{source.removeprefix('override:')!r}: {value}}}"
    name = source.removeprefix("env:") if source else "STIGMER_LLM_…"
    return f"export {name}={example}"


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


def parse_max_tokens(value: object, source: str, provider: Provider, out: Findings) -> int | None:
    """Parse max_tokens: ASCII digits or (only an override holds one) an int; report and return None if bad."""
    low, high = provider.max_tokens_range
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        out.error(
            "max_tokens", source, f"must be a whole number, got type {type(value).__name__}", hint_for(source, "8192")
        )
        return None
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            message = f"must be a whole number written in ASCII digits, got {show(value)}"
            out.error("max_tokens", source, message, hint_for(source, "8192"))
            return None
        digits = value.lstrip("0")
        if len(digits) > len(str(high)):  # int() of a huge string is slow, and capped
            out.error(
                "max_tokens", source, f"must be from {low} to {high}, got {show(value)}", hint_for(source, str(high))
            )
            return None
        value = int(digits or "0")
    if not low <= value <= high:
        out.error("max_tokens", source, f"must be from {low} to {high}, got {value}", hint_for(source, "8192"))
        return None
    return value


def _is_plain_decimal(value: str) -> bool:
    return value.isascii() and value.replace(".", "", 1).isdigit()


def parse_temperature(value: object, source: str, out: Findings) -> float | None:
    """Parse a temperature: a plain decimal string or (only an override holds one) an int or float."""
    if isinstance(value, str):
        if not _is_plain_decimal(value):
            message = f"must be a plain decimal number such as 0.7, got {show(value)}"
            out.error("temperature", source, message, hint_for(source, "0.7"))
            return None
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        message = f"must be a number, got type {type(value).__name__}"
        out.error("temperature", source, message, hint_for(source, "0.7"))
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond float's range, so beyond any temperature's
        number = inf
    if not isfinite(number):
        out.error("temperature", source, f"must be a finite number, got {number}", hint_for(source, "0.7"))
        return None
    return number + 0.0  # -0.0 becomes 0.0, which writes back as a plain decimal


def check_temperature_range(value: float, source: str, provider: Provider, out: Findings) -> float | None:
    """Return the temperature to send for ``provider``: None where out of range or not taken."""
    if provider.temperature_range is None:
        message = f"{provider.name} takes no temperature; {value} was dropped and none will be sent"
        out.warn(
            "temperature",
            source,
            message,
            f"unset {source.removeprefix('env:')}"
            if source.startswith("env:")
            else "leave temperature out of the override",
        )
        return None
    low, high = provider.temperature_range
    if not low <= value <= high:
        out.error(
            "temperature",
            source,
            f"must be from {low} to {high} for {provider.name}, got {value}",
            hint_for(source, "0.7"),
        )
        return None
    return value


def url_password(value: str) -> str | None:
    """Return the user:password part of a URL-like value, if it has one."""
    rest = value.partition("://")[2] or value
    netloc = rest
    for stop in "/?#":
        netloc = netloc.partition(stop)[0]
    userinfo, at, _ = netloc.rpartition("@")
    return userinfo if at and userinfo else None


def _redact(value: str) -> str:
    userinfo = url_password(value)
    return value.replace(userinfo + "@", "") if userinfo else value


def _split_host(netloc: str, default_port: int | None) -> tuple[str, int | None] | str:
    """Split host[:port] into a lower-case host and a port; a message where malformed."""
    if netloc.startswith("["):
        inside, bracket, after = netloc[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            return "has a malformed [IPv6] host"
        if "%" in inside:
            return "has an IPv6 zone id, which HTTP clients do not accept"
        if not _is_ipv6(inside):
            return f"has {show('[' + inside + ']')}, which is not an IPv6 address"
        host, port_text = f"[{inside.lower()}]", after[1:]
    else:
        host, colon, port_text = netloc.rpartition(":")
        if not colon:
            host, port_text = netloc, ""
        if ":" in host:
            return "has an IPv6 address without brackets: write it as [addr]:port"
        host = host.lower()
        if host and not set(host) <= _HOST_CHARS:
            return f"has a host name with characters a host name cannot hold: {show(host)}"
    if not port_text:
        return host, default_port
    digits = port_text.lstrip("0")  # leading zeros are allowed, as ollama's parser allows them
    if not (port_text.isascii() and port_text.isdigit()) or len(digits) > 5 or not 0 < int(digits or "0") <= 65535:
        return f"has port {show(port_text)}; a port is a number from 1 to 65535"
    return host, int(port_text)


def _is_ipv6(value: str) -> bool:
    from ipaddress import IPv6Address

    try:
        IPv6Address(value)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost") or host.startswith("127.") or host == "[::1]"


def normalize_url(value: str, source: str, provider: Provider, out: Findings) -> str | None:
    """Return the endpoint ``value`` names for ``provider`` as a concrete URL; report and return None if bad."""
    userinfo = url_password(value) or ""
    out.secret(userinfo)
    out.secret(userinfo.partition(":")[2])  # the password alone may turn up elsewhere, pasted into another setting
    ollama = provider.url_syntax == "ollama"
    example = provider.base_url
    if not all(" " < c <= "~" for c in value):
        out.error(
            "base_url",
            source,
            "must be printable ASCII without spaces (write a non-ASCII host in its xn-- form)",
            hint_for(source, example),
        )
        return None
    scheme, sep, rest = value.partition("://")
    scheme = scheme.lower()
    schemeless = not sep and not ollama
    if schemeless:
        out.error(
            "base_url",
            source,
            f"has no scheme: {show(_redact(value))} is not an absolute URL",
            hint_for(source, "https://" + _redact(value)),
        )
    if not sep:
        scheme, rest = "http", value  # read on, to report every other problem too
    if scheme not in ("http", "https"):
        out.error(
            "base_url",
            source,
            f"must start with http:// or https://, not {show(scheme + '://')}",
            hint_for(source, example),
        )
        return None
    netloc, path = rest, ""
    for i, c in enumerate(rest):
        if c in "/?#":
            netloc, path = rest[:i], rest[i:]
            break
    problems = []
    if "@" in netloc:
        problems.append("holds a user name or password; pass the key as the API key instead")
        netloc = netloc.rpartition("@")[2]
    if "?" in path or "#" in path:
        problems.append("has a query or fragment, which an endpoint cannot carry")
    if ollama and sep:
        default_port: int | None = 443 if scheme == "https" else 80
    else:
        default_port = _DEFAULT_OLLAMA_PORT if ollama else None
    if ollama and netloc.count(":") >= 2 and _is_ipv6(netloc):
        netloc = f"[{netloc}]"  # ollama refuses a bare IPv6 address; it is not ambiguous, so take it
    split = _split_host(netloc, default_port)
    if isinstance(split, str):
        problems.append(split)
    elif not split[0] and (not ollama or (sep and not netloc)):
        problems.append("has no host")  # ollama reads a bare "http://" as the host "http"; nobody means that
    for problem in problems:
        out.error("base_url", source, problem, hint_for(source, example))
    if problems or isinstance(split, str) or schemeless:
        return None
    host, port = split
    if ollama:
        host = host or "127.0.0.1"
        if host in _LISTEN_HOSTS:
            loopback = _LISTEN_HOSTS[host]
            out.warn(
                "base_url",
                source,
                f"{host} is a listen address, not one to connect to; using {loopback}",
                hint_for(source, _join(scheme, loopback, port, "")),
            )
            host = loopback
    if not ollama and port == {"http": 80, "https": 443}[scheme]:
        port = None  # before the hints below, so that they show the URL as it will be
    path = ("/" + path.strip("/")).rstrip("/") if ollama else path.rstrip("/")
    if provider.strip_v1 and path.endswith("/v1"):
        path = path[: -len("/v1")]
        why = (
            "the SDK appends /v1/messages itself"
            if not ollama
            else "/v1 is Ollama's OpenAI-compatible API, not its native one"
        )
        out.warn(
            "base_url",
            source,
            f"the trailing /v1 was dropped: {why}",
            hint_for(source, _join(scheme, host, port, path)),
        )
    if provider.expect_v1 and not path.endswith("/v1"):
        out.warn(
            "base_url",
            source,
            "the path does not end in /v1, where OpenAI-compatible servers serve their API",
            hint_for(source, _join(scheme, host, port, path + "/v1")),
        )
    return _join(scheme, host, port, path)


def host_of(url: str) -> str:
    """Return the host of a URL that normalize_url() produced."""
    netloc = url.partition("://")[2].partition("/")[0]
    return netloc.partition("]")[0] + "]" if netloc.startswith("[") else netloc.partition(":")[0]


def _join(scheme: str, host: str, port: int | None, path: str) -> str:
    return f"{scheme}://{host}{'' if port is None else f':{port}'}{path}"


def check_transport(url: str, source: str, out: Findings) -> None:
    """Warn when a key would travel in clear text to a host that is not this machine."""
    if url.startswith("http://") and not _is_loopback(host_of(url)):
        out.warn(
            "base_url",
            source,
            "plain http to a remote host: the API key travels in clear text",
            hint_for(source, "https://" + url.removeprefix("http://")),
        )


def key_owner(key: str) -> str | None:
    """Return the provider whose key format ``key`` has, or None (no two providers' prefixes overlap)."""
    return next((p.name for p in PROVIDERS.values() if key.startswith(p.key_prefixes)), None)


def check_key(key: str, source: str, provider: Provider, out: Findings) -> bool:
    """Check an API key's characters and shape; return False (after reporting) if unusable."""
    if not all(" " < c <= "~" for c in key):
        out.error(
            "api_key",
            source,
            "must be printable ASCII without spaces or line breaks inside",
            hint_for(source, "<your key, on one line>"),
        )
        return False
    owner = key_owner(key)
    if owner is not None and owner != provider.name:
        out.warn(
            "api_key",
            source,
            f"looks like a key for {owner}, but the provider is {provider.name}",
            hint_for(source, f"<your {provider.name} key>"),
        )
    return True


def check_model(model: str, source: str, provider: Provider, out: Findings) -> tuple[str, str] | None:
    """Return the model id to send and a note on how it was derived; report and return None if bad."""
    if len(model) > 256:
        out.error(
            "model",
            source,
            f"is {len(model)} characters long; a model id has at most 256",
            hint_for(source, provider.aliases["balanced"]),
        )
        return None
    if not all(c.isprintable() and not c.isspace() for c in model):
        out.error(
            "model",
            source,
            f"must not hold whitespace or control characters: {show(model)}",
            hint_for(source, provider.aliases["balanced"]),
        )
        return None
    if model in provider.aliases:
        return provider.aliases[model], f"alias {model}"
    note = ""
    if provider.dotted_ids and _has_dotted_version(model):
        fixed = "".join("-" if c == "." and _between_digits(model, i) else c for i, c in enumerate(model))
        out.warn("model", source, f"{show(model)} is not an API id; using {show(fixed)}", hint_for(source, fixed))
        model, note = fixed, "dotted name"
    if model in provider.retiring:
        out.warn(
            "model",
            source,
            f"{show(model)} is scheduled for retirement on {provider.retiring[model]}",
            hint_for(source, provider.aliases["balanced"]),
        )
    elif provider.known_models and model not in provider.known_models:
        near = sorted(k for k in provider.known_models if one_edit_apart(model, k))
        if near:
            out.warn(
                "model",
                source,
                f"{show(model)} is not a known {provider.name} model; did you mean {show(near[0])}?",
                hint_for(source, near[0]),
            )
    return model, note


def _between_digits(text: str, i: int) -> bool:
    return text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()


def _has_dotted_version(model: str) -> bool:
    return model.startswith("claude-") and any(c == "." and _between_digits(model, i) for i, c in enumerate(model))
