"""Differential: our OLLAMA_HOST parsing against the installed ollama client's own _parse_host."""

from __future__ import annotations

import string
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve import LLMConfig, resolve

ollama_client = pytest.importorskip("ollama._client")

names = st.sampled_from(
    [
        "example.com",
        "gpu-box",
        "localhost",
        "1.2.3.4",
        "127.0.0.1",
        "[::1]",
        "[fe80::1]",
        "0.0.0.0",
        "[::]",
        "",
        "ex_ample.org",
        "::1",
        "a.b.c.d.e",
    ]
)
ports = st.one_of(st.none(), st.integers(0, 70000).map(str), st.sampled_from(["abc", "", "011434", "+1"]))
paths = st.one_of(
    st.just(""),
    st.sampled_from(["/", "/api", "/x/y/", "/v1", "/ollama/v1/", "//"]),
    st.text(string.ascii_lowercase + "/", max_size=8).map(lambda p: "/" + p),
)
schemes = st.sampled_from(["", "http://", "https://", "HTTP://", "Https://", "ftp://"])


@st.composite
def hosts(draw: st.DrawFn) -> str:
    """OLLAMA_HOST values as people write them, well-formed or not."""
    port = draw(ports)
    return draw(schemes) + draw(names) + ("" if port is None else f":{port}") + draw(paths)


def _deviations(raw: str) -> set[str]:
    """The deliberate deviations from ollama's parser that ``raw`` runs into (the README lists them)."""
    scheme, sep, rest = raw.partition("://")
    netloc = (rest if sep else raw).split("/")[0]
    found = set()
    if sep and not netloc:
        found.add("no host")  # ollama reads "http://" as the host "http"; we refuse it
    if not raw.strip():
        found.add("empty")  # empty means unset: our default, http://localhost:11434
    if sep and scheme.lower() in ("http", "https") and scheme not in ("http", "https"):
        found.add("scheme case")  # ollama keeps 'HTTPS' and port 11434; we read it as https and 443
    if netloc.rpartition(":")[2].strip("0") == "" and ":" in netloc and not netloc.endswith(":"):
        found.add("port 0")  # ollama silently falls back to the default port; we refuse it
    bracketed_port = netloc.startswith("[") and "]:" in netloc
    host = netloc.rpartition(":")[0] if netloc.count(":") == 1 or bracketed_port else netloc
    if host in ("0.0.0.0", "[::]"):
        found.add("listen address")  # rewritten to loopback with a warning
    if netloc.count(":") >= 2 and not netloc.startswith("["):
        found.add("bare IPv6")  # ollama raises; we accept an unambiguous bare address
    if (rest if sep else raw).rstrip("/").endswith("/v1"):
        found.add("v1 suffix")  # dropped with a warning: /v1 is Ollama's OpenAI-compatible API
    return found


@given(hosts())
@example("::1")
@example("http://")  # a scheme alone: ollama reads the host "http"; we refuse it
@example("example.com:011434")  # leading zeros in a port: a bug found by this property
@example("HTTPS://example.com")
@example("example.com:0")
@example("0.0.0.0")
@example("example.com:abc")
@example("http://[::1]:70000/x")
def test_ollama_host_parsing_agrees_with_the_ollama_client(raw: str) -> None:
    """Where both accept a host, scheme, host, effective port and path agree; where ollama refuses, so do we."""
    ours = resolve("local", {"OLLAMA_HOST": raw})
    deviations = _deviations(raw)
    try:
        theirs = ollama_client._parse_host(raw)
    except ValueError:
        assert isinstance(ours, tuple) or "bare IPv6" in deviations, (raw, ours)
        return
    if "no host" in deviations:
        assert isinstance(ours, tuple)
        return
    if deviations or raw.startswith("ftp://"):
        return  # checked by the example tests of each deviation, and ftp:// is ours to refuse
    if isinstance(ours, tuple):
        # Where we are stricter than ollama: names ollama passes through unchecked.
        assert all(e.source == "env:OLLAMA_HOST" for e in ours)
        assert any(c in raw for c in "_") or not urlsplit(theirs).hostname, (raw, theirs, ours)
        return
    assert isinstance(ours, LLMConfig)
    a, b = urlsplit(ours.base_url), urlsplit(theirs)
    assert (a.scheme, a.hostname, a.port, a.path) == (b.scheme.lower(), b.hostname, b.port, b.path), (raw, theirs)


@pytest.mark.parametrize(
    ("raw", "ours"),
    [
        ("::1", "http://[::1]:11434"),
        ("HTTPS://example.com", "https://example.com:443"),
        ("0.0.0.0", "http://127.0.0.1:11434"),
        ("[::]", "http://[::1]:11434"),
        ("localhost/v1", "http://localhost:11434"),
    ],
)
def test_documented_deviations_from_the_ollama_client(raw: str, ours: str) -> None:
    """Bare IPv6 accepted, scheme case ignored, listen addresses rewritten, /v1 dropped."""
    config = resolve("local", {"OLLAMA_HOST": raw})
    assert isinstance(config, LLMConfig) and config.base_url == ours


@pytest.mark.parametrize("raw", ["example.com:0", "http://u:p@host:1", "host/x?q=1", "host#frag"])
def test_hosts_ollama_silently_rewrites_are_errors_here(raw: str) -> None:
    """ollama drops credentials, query and fragment and turns port 0 into its default; we refuse them."""
    assert isinstance(resolve("local", {"OLLAMA_HOST": raw}), tuple)
