"""The parsers' helpers, each against the rule it implements."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve.providers import PROVIDERS
from stigmer_resolve.validate import (
    Findings,
    check_key,
    check_model,
    check_transport,
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
        ("http://Xuser:pw@h", "Xuser:pw"),
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
    """Where one secret holds another, the longer is masked whole, so no part of it stays readable."""
    out = Findings()
    out.secret("efgh5678")
    out.secret("abcdefgh5678")  # holds the first, and sorts before it
    out.secret("wxyz")  # four characters: the shortest secret masked
    out.secret("abc")  # too short to scrub: it would mask ordinary words
    out.error("model", "env:X", "got abcdefgh5678, efgh5678, wxyz and abc", "not abcdefgh5678")
    (error,) = out.done(("model",))[0]
    assert (error.message, error.hint) == ("got ********, ********, ******** and abc", "not ********")


@pytest.mark.parametrize(
    ("provider", "raw", "url"),
    [
        ("openai", "http://h/~user/v1", "http://h/~user/v1"),  # ~ is printable ASCII
        ("openai", "https://h/x://y/v1", "https://h/x://y/v1"),  # only the first :// ends the scheme
        ("openai", "http://XHOST:1/v1", "http://xhost:1/v1"),
        ("openai", "https://h//proxy/v1", "https://h//proxy/v1"),  # the path is kept as written
        ("anthropic", "http://h:80", "http://h"),  # the scheme's own port is dropped
        ("anthropic", "https://h:443/X/", "https://h/X"),
        ("anthropic", "https://h/proxy/v1", "https://h/proxy"),  # the SDK appends /v1 itself
        ("ollama", "http://:8080", "http://127.0.0.1:8080"),  # as ollama reads it: no host is loopback
        ("ollama", "http://h:1/X/", "http://h:1/X"),
        ("ollama", "abcdefghijklmnopqrstuvwxyz0123456789-._:1", "http://abcdefghijklmnopqrstuvwxyz0123456789-._:1"),
    ],
)
def test_valid_urls_normalise_to_one_spelling(provider: str, raw: str, url: str) -> None:
    """Each valid form normalises to the URL the SDK is given: lower-case host, the scheme's own port dropped."""
    assert normalize_url(raw, "env:X", PROVIDERS[provider], Findings()) == url


@pytest.mark.parametrize(
    ("url", "warns"),
    [
        ("http://localhost:1", False),
        ("http://gpu.localhost:1", False),
        ("http://127.0.0.9:1", False),
        ("http://[::1]:1", False),
        ("https://example.com", False),
        ("http://localhost.example.com", True),
        ("http://10.0.0.1:1", True),
        ("http://128.0.0.1", True),
        ("http://[::2]:1", True),
    ],
)
def test_plain_http_warns_unless_the_host_is_this_machine(url: str, warns: bool) -> None:
    """A key over plain http gets a warning, unless the host is a loopback name or address."""
    out = Findings()
    check_transport(url, "env:X", out)
    assert bool(out.done(("base_url",))[1]) == warns


@pytest.mark.parametrize(
    ("model", "sent"),
    [
        ("claude-sonnet-4.5", "claude-sonnet-4-5"),
        ("claude-3.5-haiku", "claude-3-5-haiku"),
        ("claude-x-5.5.1", "claude-x-5-5-1"),
        ("claude-x-4.5.", "claude-x-4-5."),  # a trailing dot has no digit after it
        ("claude-x-4.5.y", "claude-x-4-5.y"),
        ("claude-v.5", "claude-v.5"),  # no digit before the dot
        ("claude-5.x", "claude-5.x"),  # no digit after it
        ("claude-", "claude-"),
        ("gpt-4.1", "gpt-4.1"),  # only anthropic ids are dashed
    ],
)
def test_a_dot_between_digits_in_a_claude_name_becomes_a_dash(model: str, sent: str) -> None:
    """Anthropic ids write versions with dashes, so a claude name's dots between two digits become dashes."""
    out = Findings()
    provider = "openai" if model.startswith("gpt") else "anthropic"
    checked = check_model(model, "env:X", PROVIDERS[provider], out)
    assert checked is not None and checked[0] == sent
    assert (checked[1] == "dotted name") == (sent != model)


def test_a_model_id_has_at_most_256_characters() -> None:
    """256 characters is the longest model id taken."""
    assert check_model("m" * 256, "env:X", PROVIDERS["ollama"], Findings()) == ("m" * 256, "")
    assert check_model("m" * 257, "env:X", PROVIDERS["ollama"], Findings()) is None


@pytest.mark.parametrize(("key", "usable"), [("sk-~!#", True), ("sk-a b", False), ("sk-é", False), ("sk-\x7f", False)])
def test_a_key_is_printable_ascii_without_spaces(key: str, usable: bool) -> None:
    """Every printable ASCII character but the space may be in a key, and nothing else."""
    assert check_key(key, "env:X", PROVIDERS["openai"], Findings()) == usable


@pytest.mark.parametrize(("url", "host"), [("http://h/a://b", "h"), ("http://[::1]:1/a]", "[::1]")])
def test_host_of_reads_only_the_authority(url: str, host: str) -> None:
    """host_of is not fooled by a :// or a ] in the path."""
    assert host_of(url) == host
