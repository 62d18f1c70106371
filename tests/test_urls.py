"""Endpoints: the two dialects, the credentials rule, and what counts as this machine."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve.urls import Endpoint, credentials, is_loopback, parse_ollama_host, parse_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://user:pw@host:1/path", "user:pw"),
        ("https://pw@host", "pw"),
        ("user:pw@host:11434", "user:pw"),  # an OLLAMA_HOST without a scheme
        ("http://a@b:c@host/x", "a@b:c"),  # the last @ ends the credentials
        ("https://svc:p@s!s/w@gateway.corp/v1", "svc:p@s!s/w"),  # an @ then a / inside the password
        ("https://svc:p@ss:x/w@gateway.corp/v1", "svc:p@ss:x/w"),
        ("http://host/p@th", "host/p"),  # an @ in a path is read as credentials: an error, nothing shown
        ("http:/svc:S3cretPw@gateway.corp/v1", "svc:S3cretPw"),  # a scheme typo
        ("http//svc:S3cretPw@gateway.corp/v1", "svc:S3cretPw"),
        ("https://svc:Hunter2Secret#7@gateway.corp/v1", "svc:Hunter2Secret#7"),  # a # inside the password
        ("https://svc:pa/ss@gateway.corp/v1", "svc:pa/ss"),  # a / inside the password
        ("svc:Whole?Passw0rd@gateway.corp", "svc:Whole?Passw0rd"),  # no scheme, a ? inside
        ("ftp://u:p@h", "u:p"),  # any scheme
        ("pw/@host", "pw/"),  # a word and a slash is a password holding a slash, not a scheme typo
        ("HTTP//u:p@h", "u:p"),
        ("http://@host", ""),
        ("http://host", None),
        ("host:11434", None),
    ],
)
def test_credentials_are_whatever_precedes_the_last_at_before_the_path(value: str, expected: str | None) -> None:
    """Credentials are found whatever the scheme (none, broken, any) and whatever delimiter the password holds."""
    assert credentials(value) == expected


@given(
    st.sampled_from(["https://", "http://", "http:/", "http//", "//", "", "HTTP://", "h+x://"]),
    st.sampled_from(["svc:", "", ":"]),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=12),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=6),
    st.sampled_from(["gateway.corp", "h:1", "[::1]:2", ""]),
    st.sampled_from(["", "/v1", "/a/b"]),
)
@example("http:/", "svc:", "SSSSSSSS", "", "gateway.corp", "/v1")
@example("https://", "svc:", "HUNTERXX", "#7", "gateway.corp", "/v1")
def test_a_url_with_credentials_is_never_an_endpoint_and_its_flaws_never_show_them(
    scheme: str, user: str, secret: str, tail: str, host: str, path: str
) -> None:
    """In either dialect, a value with a password is flaws, never an Endpoint, and no flaw shows the password."""
    value = f"{scheme}{user}{secret}{tail}@{host}{path}"
    for parsed in (parse_url(value), parse_ollama_host(value)):
        assert isinstance(parsed, list)
        for flaw in parsed:
            assert secret not in flaw.message and secret not in (flaw.suggestion or "")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("http://h/~user/v1", "http://h/~user/v1"),  # ~ is printable ASCII
        ("https://h/x://y/v1", "https://h/x://y/v1"),  # only the first :// ends the scheme
        ("http://XHOST:1/v1", "http://xhost:1/v1"),
        ("https://h//proxy/v1", "https://h//proxy/v1"),  # the path is kept as written
        ("http://h:80", "http://h"),  # the scheme's own port is dropped
        ("https://h:443/X/", "https://h/X"),
        ("HTTPS://API.OpenAI.com:443/v1", "https://api.openai.com/v1"),
        ("http://[FE80::AB]:1", "http://[fe80::ab]:1"),
    ],
)
def test_absolute_urls_normalise_to_one_spelling(raw: str, url: str) -> None:
    """Lower-case scheme and host, the scheme's own port dropped, no trailing slash."""
    assert str(parse_url(raw)) == url


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("example.com", "http://example.com:11434"),
        ("example.com:56", "http://example.com:56"),
        (":56", "http://127.0.0.1:56"),
        ("https://example.com", "https://example.com:443"),
        ("http://example.com", "http://example.com:80"),
        ("[::1]", "http://[::1]:11434"),
        ("::1", "http://[::1]:11434"),
        ("example.com/path/", "http://example.com:11434/path"),
        ("HTTPS://example.com", "https://example.com:443"),
        ("http://:8080", "http://127.0.0.1:8080"),
        ("abcdefghijklmnopqrstuvwxyz0123456789-._:1", "http://abcdefghijklmnopqrstuvwxyz0123456789-._:1"),
    ],
)
def test_ollama_host_syntax(raw: str, url: str) -> None:
    """OLLAMA_HOST's syntax: scheme and port may be left out, and the port is always written."""
    assert str(parse_ollama_host(raw)) == url


@pytest.mark.parametrize(
    "raw",
    [
        "api.example.com/v1",
        "ftp://h",
        "https://",
        "https://h:0",
        "https://h:65536",
        "https://h b",
        "https://[fe80::1%25x]",
        "https://::1/v1",
        "https://h/?q",
        "https://h#f",
    ],
)
def test_malformed_absolute_urls_are_flaws(raw: str) -> None:
    """No scheme, another scheme, no host, bad ports, spaces, zone ids, bare IPv6, query or fragment."""
    assert isinstance(parse_url(raw), list)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.9.8.7", True),
        ("[::1]", True),
        ("::1", True),
        ("127.attacker.example", False),
        ("127.0.0.1.nip.io", False),
        ("localhost.example.com", False),
        ("gpu.localhost", False),
        ("128.0.0.1", False),
        ("[::2]", False),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
    ],
)
def test_loopback_is_an_address_in_127_8_or_1_or_the_name_localhost(host: str, loopback: bool) -> None:
    """Decided with ipaddress, never by a string prefix."""
    assert is_loopback(host) is loopback


def test_an_endpoint_knows_the_port_a_connection_goes_to() -> None:
    """The scheme's default port stands in for a port left out."""
    assert Endpoint("https", "h", None, "").effective_port == 443
    assert Endpoint("http", "h", None, "").effective_port == 80
    assert Endpoint("http", "h", 11434, "").effective_port == 11434
