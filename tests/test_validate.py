"""The parsers' helpers, each against the rule it implements."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stigmer_resolve.config import Fix, Origin, render_fix
from stigmer_resolve.providers import PROVIDERS
from stigmer_resolve.validate import Findings, did_you_mean, one_edit_apart, parse_key, parse_model

X = Origin("env", "X")


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


@pytest.mark.parametrize(("value", "shown"), [("a" * 48, repr("a" * 48)), ("a" * 49, repr("a" * 48 + "…")), ("", "''")])
def test_show_quotes_and_cuts_at_48_characters(value: str, shown: str) -> None:
    """Findings.show() quotes a value and cuts it to 48 characters with an ellipsis."""
    assert Findings().show(value) == shown


def test_show_masks_a_secret_before_it_cuts() -> None:
    """A secret that straddles the cut is masked first, so no part of it is shown."""
    secret = "S" * 40
    out = Findings({secret: X})
    assert "S" not in out.show("x" * 30 + secret)


@pytest.mark.parametrize(
    ("fix", "python", "cli"),
    [
        (Fix(X, 1), "export X=1", "export X=1"),
        (Fix(X, "a b"), "export X='a b'", "export X='a b'"),
        (Fix(X, None), "unset X", "unset X"),
        (Fix(X, "<your key>", placeholder=True), "export X=<your key>", "export X=<your key>"),
        (Fix(Origin("override", "model"), "a b"), "override={'model': 'a b'}", "--set model='a b'"),
        (Fix(Origin("override", "max_tokens"), 1), "override={'max_tokens': 1}", "--set max_tokens=1"),
        (
            Fix(Origin("override", "temperature"), 1e-05),
            "override={'temperature': 0.00001}",
            "--set temperature=0.00001",
        ),
        (Fix(Origin("override", "model"), None), "leave 'model' out of the override", "drop --set model"),
        (Fix(Origin("mode"), "local"), "resolve('local', …)", "--mode local"),
        (
            Fix(Origin("file", "STIGMER_LLM_MODEL", ".env", 3), "llama3"),
            "edit .env line 3: STIGMER_LLM_MODEL=llama3",
            "edit .env line 3: STIGMER_LLM_MODEL=llama3",
        ),
        (
            Fix(Origin("file", "backend.local.llm.model", "c.yaml"), "x"),
            "edit c.yaml: model: x (under backend: local: llm:)",
            "edit c.yaml: model: x (under backend: local: llm:)",
        ),
        (
            Fix(Origin("file", "backend.local.llm.base_url", "c.yaml", 7), None),
            "remove backend.local.llm.base_url from c.yaml line 7",
            "remove backend.local.llm.base_url from c.yaml line 7",
        ),
    ],
)
def test_a_fix_is_written_for_the_surface_that_applies_it(fix: Fix, python: str, cli: str) -> None:
    """A fix renders as an export, an override, a --set flag, a --mode flag or a file edit; numbers plain."""
    assert (render_fix(fix, "python"), render_fix(fix, "cli")) == (python, cli)


def test_masking_covers_the_longest_secret_first_and_every_escaped_form() -> None:
    """A secret is masked raw, repr-, JSON- and percent-escaped; one holding another is masked whole."""
    long, inner, odd = "abcdefgh5678ijklmnop", "efgh5678ijklmnop", 'Zq"\\quote/slash%pct'
    out = Findings({long: X, inner: X, odd: X, "abc": X})
    text = f"{long} {inner} {odd!r} {json.dumps(odd)} {quote(odd, safe='')} abc"
    assert out.mask(text) == "******** ******** '********' \"********\" ******** abc"


def test_a_short_secret_is_never_searched_for_inside_text() -> None:
    """A key shorter than 16 characters (http, qwen) is not masked inside other text, which it would corrupt."""
    out = Findings({"http": X, "qwen": X})
    assert out.mask("export X=https://qwen.example") == "export X=https://qwen.example"


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
    checked = parse_model(model, X, PROVIDERS[provider], out)
    assert checked is not None and checked[0] == sent
    assert (checked[1] == "dotted name") == (sent != model)


def test_a_model_id_has_at_most_256_characters() -> None:
    """256 characters is the longest model id taken."""
    assert parse_model("m" * 256, X, PROVIDERS["ollama"], Findings()) == ("m" * 256, "")
    assert parse_model("m" * 257, X, PROVIDERS["ollama"], Findings()) is None


@pytest.mark.parametrize(("key", "usable"), [("sk-~!#", True), ("sk-a b", False), ("sk-é", False), ("sk-\x7f", False)])
def test_a_key_is_printable_ascii_without_spaces(key: str, usable: bool) -> None:
    """Every printable ASCII character but the space may be in a key, and nothing else."""
    assert (parse_key(key, X, PROVIDERS["openai"], Findings()) is not None) == usable


@given(st.integers().filter(lambda n: not 0 <= n <= 2))
@example(-(10**400))
@example(10**400)
def test_an_int_out_of_range_is_told_as_out_of_range_with_its_sign(value: int) -> None:
    """Any int outside a setting's range, however large, is 'must be from 0 to 2', never 'must be finite'."""
    from stigmer_resolve import resolve

    (problem,) = resolve("local", {}, {"temperature": value})
    assert problem.message.startswith("must be from 0 to 2, got ")
    assert ("negative" in problem.message or "-" in problem.message) == (value < 0)
