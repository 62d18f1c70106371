"""The parsers' helpers, each against the rule it implements."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve.providers import PROVIDERS
from stigmer_resolve.validate import (
    Findings,
    did_you_mean,
    hint_for,
    host_of,
    key_owner,
    normalize_url,
    one_edit_apart,
    show,
    url_password,
)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, replacements and adjacent swaps."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


words = st.text("abc", max_size=6)


@given(words, words)
@example("ab", "ba")
@example("abc", "abd")
@example("abc", "ab")
@example("ab", "abc")
@example("abc", "bc")
@example("xabc", "abc")
@example("abcd", "acbd")
@example("abc", "cba")
def test_one_edit_apart_means_edit_distance_one(a: str, b: str) -> None:
    """one_edit_apart(a, b) holds exactly when one insertion, deletion, replacement or adjacent swap turns a into b."""
    assert one_edit_apart(a, b) == (edit_distance(a, b) == 1)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("antropic", "anthropic"),  # one edit
        ("OPENAI", "openai"),  # case is ignored
        ("olla", "ollama"),  # a prefix of three or more letters
        ("ollamas", "ollama"),  # one edit wins over the prefix rule
        ("openaix2", "openai"),  # the word starts with a choice
        ("op", None),  # too short to be a prefix guess
        ("xyz", None),
        ("anthropi", "anthropic"),
    ],
)
def test_did_you_mean_suggests_one_edit_or_a_long_enough_prefix(word: str, expected: str | None) -> None:
    """A suggestion is a choice one edit away, else one that the word starts (or is started) by, from three letters."""
    assert did_you_mean(word, ["anthropic", "ollama", "openai"]) == expected


def test_did_you_mean_needs_both_prefix_directions_to_fail_before_giving_up() -> None:
    """A word sharing only its first letters with a choice, in neither prefix relation, gets no suggestion."""
    assert did_you_mean("opex", ["openai"]) is None
    assert did_you_mean("ope", ["openai"]) == "openai"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://user:pw@host:1/path", "user:pw"),
        ("https://pw@host", "pw"),
        ("user:pw@host:11434", "user:pw"),  # an OLLAMA_HOST without a scheme
        ("http://a@b:c@host/x", "a@b:c"),  # the last @ ends the user info
        ("http://host/p@th", None),  # an @ in the path is not user info
        ("http://host?q=a@b", None),
        ("http://host#a@b", None),
        ("http://@host", None),
        ("http://host", None),
        ("a://b://u:p@h", None),  # only the first :// starts the authority
    ],
)
def test_url_password_is_the_user_info_of_the_authority(value: str, expected: str | None) -> None:
    """url_password returns what stands before the authority's last @, ignoring any @ in path, query or fragment."""
    assert url_password(value) == expected


def test_a_scheme_less_url_reports_its_other_problems_and_its_hint_drops_the_credentials() -> None:
    """A URL without scheme is read on for its other problems; the 'add https://' hint leaves out its credentials."""
    out = Findings()
    assert normalize_url("u:pw@api.example.com/v1", "env:OPENAI_BASE_URL", PROVIDERS["openai"], out) is None
    no_scheme, credentials = out.done(("base_url",))[0]
    assert credentials.message.startswith("holds a user name or password")
    assert no_scheme.hint == "export OPENAI_BASE_URL=https://api.example.com/v1"
    assert "pw" not in no_scheme.message


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://localhost:11434", "localhost"),
        ("https://api.example.com/v1", "api.example.com"),
        ("http://[::1]:8000/x", "[::1]"),
        ("http://[fe80::1]", "[fe80::1]"),
        ("https://h/a:b/c", "h"),
    ],
)
def test_host_of_is_the_host_without_port_or_path(url: str, host: str) -> None:
    """host_of keeps the brackets of an IPv6 host and drops the port and the path."""
    assert host_of(url) == host


def test_ipv6_hosts_are_lower_cased() -> None:
    """An IPv6 host is written in lower case, as any other host is."""
    out = Findings()
    assert normalize_url("http://[FE80::AB]:1", "env:OLLAMA_HOST", PROVIDERS["ollama"], out) == "http://[fe80::ab]:1"


@pytest.mark.parametrize(
    ("key", "owner"),
    [
        ("sk-ant-api03-xyz", "anthropic"),
        ("sk-proj-xyz", "openai"),
        ("sk-svcacct-xyz", "openai"),
        ("sk-xyz", None),  # a bare sk- is every provider's and none's
        ("xyz", None),
        ("", None),
    ],
)
def test_key_owner_is_the_provider_whose_key_prefix_matches(key: str, owner: str | None) -> None:
    """A key belongs to the provider whose key prefix it starts with."""
    assert key_owner(key) == owner


@pytest.mark.parametrize(("value", "shown"), [("a" * 48, repr("a" * 48)), ("a" * 49, repr("a" * 48 + "…")), ("", "''")])
def test_show_quotes_and_cuts_at_48_characters(value: str, shown: str) -> None:
    """show() quotes a value and cuts it to 48 characters with an ellipsis."""
    assert show(value) == shown


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("env:X", "export X=1"),
        ("override:model", "override={'model': 'a b'}"),
        ("override:max_tokens", "override={'max_tokens': 1}"),
        (None, "export STIGMER_LLM_…=1"),
    ],
)
def test_hint_for_writes_an_export_or_an_override(source: str | None, hint: str) -> None:
    """hint_for writes an env source as an export line and an override key as Python, numbers unquoted."""
    assert hint_for(source, "a b" if source == "override:model" else "1") == hint


def test_scrubbing_masks_the_longest_secret_first() -> None:
    """Where one secret starts another, the longer is masked whole, so no tail of it stays readable."""
    out = Findings()
    out.secret("abcd1234")
    out.secret("abcd1234efgh")
    out.secret("abc")  # too short to scrub: it would mask ordinary words
    out.error("model", "env:X", "got abcd1234efgh, abcd1234 and abc", "not abcd1234efgh")
    (error,) = out.done(("model",))[0]
    assert (error.message, error.hint) == ("got ********, ******** and abc", "not ********")
