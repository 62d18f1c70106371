"""Endpoints: a base URL, read in one of two dialects, becomes an Endpoint or the flaws it has. Pure.

``url`` is an absolute http(s) URL, as the anthropic and openai SDKs take it.
``host`` is OLLAMA_HOST's syntax: the scheme and port may be left out
(``gpu-box`` is ``http://gpu-box:11434``), and the port is always written out.
"""

from __future__ import annotations

import re

from .record import Record

__all__ = [
    "CONTAINER_HOSTS",
    "Endpoint",
    "Flaw",
    "credentials",
    "is_loopback",
    "is_this_machine",
    "parse",
    "parse_ollama_host",
    "parse_url",
]

OLLAMA_PORT = 11434
_SCHEME_PORTS = {"http": 80, "https": 443}
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")
_IP_CHARS = frozenset("0123456789abcdefABCDEF.:[]")
# What a user writes before the host, scheme typos included: "http://", "http:/", "http//", "//". A word
# and slashes without a colon ("pw/") is not one: it may be the start of a password holding a slash.
_SCHEME_ISH = r"[A-Za-z][A-Za-z0-9+.\-]*:/+|(?i:https?)/+|/+"  # compiled (and cached by re) on first use


class Endpoint(Record):
    """A parsed endpoint.

    Attributes:
        scheme: ``http`` or ``https``.
        host: Lower case; an IPv6 address in brackets.
        port: The port, or None for the scheme's default.
        path: ``""`` or ``/a/b``, without a trailing slash.
    """

    scheme: str
    host: str
    port: int | None
    path: str

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}{'' if self.port is None else f':{self.port}'}{self.path}"

    @property
    def effective_port(self) -> int:
        """The port a connection goes to."""
        return self.port if self.port is not None else _SCHEME_PORTS[self.scheme]


class Flaw(Record):
    """Why a value is not an endpoint, and a value that would be (None where none can be guessed)."""

    message: str
    suggestion: str | None = None


def _userinfo_span(value: str) -> tuple[int, int] | None:
    """Return where credentials sit in a URL-ish value: from after the scheme to the last ``@``.

    The last ``@`` of the value ends them, so a password may hold ``@``, ``/``, ``?``
    or ``#`` unencoded, in any order; a broken scheme or none at all changes nothing.
    An ``@`` in a path is taken for credentials too: no endpoint has one, and reading
    too much as secret shows nothing, where reading too little would.
    """
    match = re.match(_SCHEME_ISH, value)
    start = match.end() if match else 0
    at = value.rfind("@", start)
    return None if at < 0 else (start, at)


def credentials(value: str) -> str | None:
    """Return the ``user:password`` (or token) part of a URL-ish value, or None when it has none."""
    span = _userinfo_span(value)
    return None if span is None else value[span[0] : span[1]]


def _without_credentials(value: str) -> str:
    span = _userinfo_span(value)
    return value if span is None else value[: span[0]] + value[span[1] + 1 :]


def _is_ip(text: str, version: int | None = None) -> bool:
    from ipaddress import ip_address

    try:
        address = ip_address(text)
    except ValueError:
        return False
    return version is None or address.version == version


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` is this machine: an address in 127.0.0.0/8 or ::1, or the name localhost."""
    if host == "localhost":
        return True
    if not set(host) <= _IP_CHARS:  # a name: only "localhost" is this machine (and ipaddress costs a ms to import)
        return False
    from ipaddress import ip_address

    try:
        return ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


#: The names a container gives the machine it runs on (Docker, Podman): traffic to them stays on this machine.
CONTAINER_HOSTS = frozenset({"host.docker.internal", "gateway.docker.internal", "host.containers.internal"})


def is_this_machine(host: str) -> bool:
    """Tell whether traffic to ``host`` stays on this machine: loopback, or the host seen from a container."""
    return is_loopback(host) or host in CONTAINER_HOSTS


def _host_port(netloc: str, default_port: int | None) -> tuple[str, int | None] | Flaw:
    """Split host[:port] into a lower-case host and a port."""
    if netloc.startswith("["):
        inside, bracket, after = netloc[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            return Flaw("has a malformed [IPv6] host")
        if "%" in inside:
            return Flaw("has an IPv6 zone id, which HTTP clients do not accept")
        if not _is_ip(inside, 6):
            return Flaw(f"has {_quote('[' + inside + ']')}, which is not an IPv6 address")
        host, port_text = f"[{inside.lower()}]", after[1:]
    else:
        host, colon, port_text = netloc.rpartition(":")
        if not colon:
            host, port_text = netloc, ""
        if ":" in host:
            return Flaw("has an IPv6 address without brackets: write it as [addr]:port")
        host = host.lower()
        if host.endswith(".") and not host.endswith(".."):
            host = host[:-1]  # the root's dot: api.openai.com. is api.openai.com
        if host and not set(host) <= _HOST_CHARS:
            return Flaw(f"has a host name with characters a host name cannot hold: {_quote(host)}")
    if not port_text:
        return host, default_port
    digits = port_text.lstrip("0")  # leading zeros are allowed, as ollama's own parser allows them
    if not (port_text.isascii() and port_text.isdigit()) or len(digits) > 5 or not 0 < int(digits or "0") <= 65535:
        return Flaw(f"has port {_quote(port_text)}; a port is a number from 1 to 65535")
    return host, int(port_text)


def _quote(text: str, limit: int = 48) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _split(rest: str) -> tuple[str, str]:
    """Split what follows the scheme into the authority and the path (with any query or fragment)."""
    for i, c in enumerate(rest):
        if c in "/?#":
            return rest[:i], rest[i:]
    return rest, ""


def _common(value: str, example: str) -> tuple[str, list[Flaw]] | list[Flaw]:
    """Check what both dialects refuse; return the value without credentials, and the flaws found so far."""
    if not all(" " < c <= "~" for c in value):
        return [Flaw("must be printable ASCII without spaces (write a non-ASCII host in its xn-- form)", example)]
    flaws = []
    if _userinfo_span(value) is not None:
        # Reported without any part of the value: the credentials may sit anywhere in it.
        flaws.append(Flaw("holds credentials (user:password@ or token@) before its host; give the key as the API key"))
        value = _without_credentials(value)
    return value, flaws


def _scheme(value: str, example: str) -> tuple[str, bool, str] | Flaw:
    """Split off an http(s) scheme: (scheme, whether one was written, the rest), or the flaw of another scheme."""
    scheme, sep, rest = value.partition("://")
    if sep and scheme.lower() not in _SCHEME_PORTS:
        return Flaw(f"must start with http:// or https://, not {_quote(scheme.lower() + '://')}", example)
    return (scheme.lower(), True, rest) if sep else ("", False, value)


def _authority(rest: str, example: str, flaws: list[Flaw]) -> tuple[str, str]:
    """Split what follows the scheme into the authority and the path; a query or fragment is a flaw."""
    netloc, path = _split(rest)
    if "?" in path or "#" in path:
        flaws.append(Flaw("has a query or fragment, which an endpoint cannot carry", example))
    return netloc, path


def parse_url(value: str, example: str = "https://api.example.com/v1") -> Endpoint | list[Flaw]:
    """Read an absolute http(s) URL; ``example`` is suggested where nothing better can be."""
    checked = _common(value, example)
    if isinstance(checked, list):
        return checked
    value, flaws = checked
    split_scheme = _scheme(value, example)
    if isinstance(split_scheme, Flaw):
        return [*flaws, split_scheme]
    scheme, written, rest = split_scheme
    if not written:
        flaws.append(Flaw(f"has no scheme: {_quote(value)} is not an absolute URL", "https://" + value))
        scheme = "https"  # read on, to report every other problem too
    netloc, path = _authority(rest, example, flaws)
    split = _host_port(netloc, None)
    if isinstance(split, Flaw):
        return [*flaws, Flaw(split.message, example)]
    host, port = split
    if not host:
        flaws.append(Flaw("has no host", example))
    if flaws:
        return flaws
    if port == _SCHEME_PORTS[scheme]:
        port = None
    return Endpoint(scheme, host, port, path.rstrip("/"))


def parse_ollama_host(value: str, example: str = "http://localhost:11434") -> Endpoint | list[Flaw]:
    """Read a value in OLLAMA_HOST's syntax, as the ollama client does (see the README for where we differ)."""
    checked = _common(value, example)
    if isinstance(checked, list):
        return checked
    value, flaws = checked
    split_scheme = _scheme(value, example)
    if isinstance(split_scheme, Flaw):
        return [*flaws, split_scheme]
    scheme, sep, rest = split_scheme
    scheme = scheme or "http"
    netloc, path = _authority(rest, example, flaws)
    if netloc.count(":") >= 2 and _is_ip(netloc, 6):
        netloc = f"[{netloc}]"  # ollama refuses a bare IPv6 address; it is not ambiguous, so take it
    split = _host_port(netloc, _SCHEME_PORTS[scheme] if sep else OLLAMA_PORT)
    if isinstance(split, Flaw):
        return [*flaws, Flaw(split.message, example)]
    host, port = split
    if sep and not netloc:
        flaws.append(Flaw("has no host", example))  # ollama reads a bare "http://" as the host "http"
    if flaws:
        return flaws
    return Endpoint(scheme, host or "127.0.0.1", port, ("/" + path.strip("/")).rstrip("/"))


def parse(value: str, dialect: str, example: str) -> Endpoint | list[Flaw]:
    """Read ``value`` in ``dialect`` (``url`` or ``host``)."""
    return parse_ollama_host(value, example) if dialect == "host" else parse_url(value, example)
