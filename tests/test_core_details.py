"""The core's finer rules, one test each: the details mutation testing found no other test pinning.

Every test asserts behaviour a caller can observe (fields, sources, fixes' values,
parsed values), never a message's wording, which tests/findings.golden pins.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import pytest

from stigmer_resolve import LLMConfig, Problem, resolve
from stigmer_resolve.config import Origin, Secret, Sourced
from stigmer_resolve.providers import PROVIDERS
from stigmer_resolve.urls import Endpoint, is_loopback, is_this_machine, parse_ollama_host, parse_url
from stigmer_resolve.validate import Findings, parse_decimal

from .helpers import errors, key, ok, plain_key

MASK = "********"
ALL_PROVIDERS = ",".join(sorted(PROVIDERS))
LOCAL_OPENAI = "http://localhost:8080/v1"  # an OpenAI-compatible server on this machine, which needs no key


def by_source(found: tuple[Problem, ...], source: str) -> list[Problem]:
    return [problem for problem in found if problem.source == source]


# --- masking --------------------------------------------------------------------------------------


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_secret_pasted_in_a_json_escaped_form_is_masked_whole(ensure_ascii: bool) -> None:
    """A key written JSON-escaped (ASCII-only or not) into another setting is masked whole in its message."""
    secret = "sk-ant-" + secrets.token_urlsafe(24) + '"é'
    escaped = json.dumps(secret, ensure_ascii=ensure_ascii)[1:-1]
    found = errors("cloud", {"ANTHROPIC_API_KEY": secret, "STIGMER_LLM_MODEL": f"a b|{escaped}|"})
    (model,) = by_source(found, "env:STIGMER_LLM_MODEL")
    assert f"|{MASK}|" in model.message


# --- request policy -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["none", " NONE ", "None"])
def test_a_request_policy_of_none_is_the_empty_list(written: str) -> None:
    """STIGMER_LLM_REQUEST_PROVIDERS=none (any case) allows no provider: the empty tuple, not an error."""
    config = ok("local", {"STIGMER_LLM_REQUEST_PROVIDERS": written, "STIGMER_LLM_REQUEST_FIELDS": written})
    assert config.request_providers == ()
    assert config.request_fields == ()


def test_an_unknown_policy_name_with_no_guess_is_fixed_by_every_choice() -> None:
    """A policy name like no choice gets no guess, and is fixed by listing every choice."""
    (problem,) = errors("local", {"STIGMER_LLM_REQUEST_PROVIDERS": "zzzzzz"})
    assert problem.source == "env:STIGMER_LLM_REQUEST_PROVIDERS"
    assert [fix.value for fix in problem.fixes] == [ALL_PROVIDERS]
    assert "None" not in problem.message  # no guess is offered, not a guess of None


@pytest.mark.parametrize("written", [",", " , ,"])
def test_a_policy_that_names_nothing_is_fixed_by_every_choice(written: str) -> None:
    """A policy of only commas is an error, fixed by listing every choice."""
    (problem,) = errors("local", {"STIGMER_LLM_REQUEST_PROVIDERS": written})
    assert problem.source == "env:STIGMER_LLM_REQUEST_PROVIDERS"
    assert [fix.value for fix in problem.fixes] == [ALL_PROVIDERS]


@pytest.mark.parametrize(
    ("variable", "written", "override"),
    [
        ("STIGMER_LLM_REQUEST_PROVIDERS", "zzzzzz", {"provider": "ollama"}),
        ("STIGMER_LLM_REQUEST_PROVIDERS", "ollama,antropic", {"provider": "openai", "base_url": LOCAL_OPENAI}),
        ("STIGMER_LLM_REQUEST_PROVIDERS", ",", {"provider": "ollama"}),
        ("STIGMER_LLM_REQUEST_FIELDS", "zzzzzz", {"temperature": 1}),
        ("STIGMER_LLM_REQUEST_FIELDS", "model,temprature", {"model": "llama3"}),
        ("STIGMER_LLM_REQUEST_FIELDS", ",", {"max_tokens": 5}),
    ],
)
def test_a_broken_request_policy_is_reported_and_refuses_no_request(
    variable: str, written: str, override: dict[str, object]
) -> None:
    """A policy naming an unknown name, or nothing, is its own error only: it bounds no request."""
    found = errors("local", {variable: written}, override)
    assert {problem.source for problem in found} == {f"env:{variable}"}


# --- numbers in messages --------------------------------------------------------------------------


def test_an_out_of_range_number_of_64_bits_is_shown_as_itself() -> None:
    """A whole number of up to 64 bits is shown in full when refused."""
    number = 2**63
    (problem,) = errors("local", {}, {"max_tokens": number})
    assert problem.field == "max_tokens"
    assert str(number) in problem.message


def test_an_out_of_range_number_of_65_bits_is_shown_by_its_size() -> None:
    """A whole number of more than 64 bits is described by its size, never written out."""
    number = 2**64 + 1
    (problem,) = errors("local", {}, {"max_tokens": number})
    assert problem.field == "max_tokens"
    assert str(number) not in problem.message
    assert str(number)[:5] not in problem.message


# --- keys -----------------------------------------------------------------------------------------


def test_a_vendor_shaped_key_of_exactly_the_minimum_length_is_the_vendors() -> None:
    """A key of 16 characters with a vendor's prefix is that vendor's: never sent to another vendor's API."""
    short = "sk-ant-" + secrets.token_urlsafe(16)[:9]
    assert len(short) == 16
    found = errors("cloud", {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": short})
    assert {(problem.field, problem.source) for problem in found} == {("api_key", "env:OPENAI_API_KEY")}


def test_two_keys_that_differ_only_in_case_are_different_keys() -> None:
    """Keys are compared exactly: a second key variable differing only in case is warned about as shadowed."""
    secret = plain_key()
    config = ok("local", {"OLLAMA_API_KEY": secret, "STIGMER_LLM_API_KEY": secret.swapcase()})
    assert [(notice.field, notice.source) for notice in config.warnings] == [("api_key", "env:OLLAMA_API_KEY")]
    assert config.api_key is not None and config.api_key.get_secret_value() == secret.swapcase()


# --- without a mode -------------------------------------------------------------------------------


def _problems(result: object) -> list[Problem]:
    return list(result) if isinstance(result, tuple) else []


@pytest.mark.parametrize(
    ("env", "override"),
    [
        ({"OLLAMA_HOST": "ftp://gpu-box"}, None),  # a problem of local only
        ({"ANTHROPIC_BASE_URL": "ftp://gw.example"}, None),  # a problem of cloud only
        ({"STIGMER_LLM_API_KEY": "<key>"}, {"base_url": "https://evil.example"}),  # rule 6, in every mode
        ({"ANTHROPIC_API_KEY": "<key>", "STIGMER_LLM_MODEL": "<key>"}, None),  # a key pasted into the model
        ({"STIGMER_LLM_MAX_TOKENS": "0", "OLLAMA_HOST": "h:0"}, {"timeout": 0}),
    ],
)
def test_without_a_mode_a_given_values_problems_and_every_modes_are_reported(
    env: dict[str, str], override: dict[str, object] | None
) -> None:
    """Without a valid mode, a given value's problems (in any mode) and every mode's common problems are reported."""
    secret = plain_key()
    env = {name: secret if value == "<key>" else value for name, value in env.items()}
    given = {("env", name) for name in env} | {("override", key) for key in override or {}}
    local, cloud = _problems(resolve("local", env, override)), _problems(resolve("cloud", env, override))
    in_local = {(p.field, p.source, p.message) for p in local}
    in_cloud = {(p.field, p.source, p.message) for p in cloud}
    expected = {
        p
        for p in (*local, *(p for p in cloud if (p.field, p.source, p.message) not in in_local))
        if (p.origin is not None and (p.origin.kind, p.origin.name) in given)
        or (p.field, p.source, p.message) in in_local & in_cloud
    }
    found = errors("prod", env, override)
    assert {p for p in found if p.field != "mode"} == expected


# --- the memo -------------------------------------------------------------------------------------


def test_the_memo_never_confuses_keys_of_equal_value_and_different_type() -> None:
    """resolve() gives the same result for override keys 1, True and 1.0 as it does without its memo."""
    for name in (1, True, 1.0, 1, True):
        override = {name: "x"}
        assert resolve("local", {}, override) == resolve("local", {}, MappingProxyType(override))


class _LooseInt(int):
    """An int whose equality ignores its value: a memo keyed on it would merge different inputs."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class _LooseStr(str):
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class _LooseSecret(Secret):
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class _LooseSourced(Sourced):
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


class _LooseOrigin(Origin):
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


def _model_var(value: str, origin: Origin | None = None) -> dict[str, object]:
    return {"STIGMER_LLM_MODEL": Sourced(value, origin or Origin("env", "STIGMER_LLM_MODEL"))}


# Pairs of inputs (env, override) that only a subclass's loose equality makes one.
LOOSE_INPUTS = {
    "int subclass": [({}, {"max_tokens": _LooseInt(n)}) for n in (5, 7)],
    "Secret subclass": [({}, {"api_key": _LooseSecret(plain_key())}) for _ in range(2)],
    "Sourced subclass": [
        ({"STIGMER_LLM_MODEL": _LooseSourced(m, Origin("env", "STIGMER_LLM_MODEL"))}, None) for m in ("llama3", "phi4")
    ],
    "str subclass in a Sourced": [(_model_var(_LooseStr(m)), None) for m in ("llama3", "phi4")],
    "Origin subclass in a Sourced": [
        (_model_var("llama3", _LooseOrigin("file", "STIGMER_LLM_MODEL", path, 1)), None)
        for path in ("/a/.env", "/b/.env")
    ],
    "int subclass in an Origin": [
        (_model_var("llama3", Origin("file", "STIGMER_LLM_MODEL", "/a/.env", _LooseInt(line))), None) for line in (1, 2)
    ],
}


@pytest.mark.parametrize("pair", LOOSE_INPUTS.values(), ids=LOOSE_INPUTS.keys())
def test_the_memo_never_merges_inputs_that_only_a_subclass_calls_equal(
    pair: list[tuple[dict[str, object], dict[str, object] | None]],
) -> None:
    """Only values of exact types are memoised: a subclass's own __eq__ cannot make two inputs one entry."""
    for env, override in pair:
        remembered = resolve("local", env, override)  # type: ignore[arg-type]
        fresh = resolve("local", MappingProxyType(env), None if override is None else MappingProxyType(override))  # type: ignore[arg-type]
        assert isinstance(remembered, LLMConfig) and isinstance(fresh, LLMConfig)
        assert remembered.to_dict(reveal=True) == fresh.to_dict(reveal=True)


def _observed(result: object) -> object:
    if isinstance(result, LLMConfig):
        return result.to_dict(reveal=True)
    assert isinstance(result, tuple)
    return [(p.source, str(p)) for p in result]


# Inputs equal to Python (1 == 1.0 == True) that resolve() tells apart, in turn: the memo must too.
EQUAL_ACROSS_TYPES = {
    "an environment value that is a number": [({"STIGMER_LLM_TIMEOUT": value}, None) for value in (1, 1.0, True, 1)],
    "a Sourced value's line": [
        (_model_var("llama3", Origin("file", "STIGMER_LLM_MODEL", "/a/.env", line)), None) for line in (1, 1.0, True, 1)
    ],
}


@pytest.mark.parametrize("inputs", EQUAL_ACROSS_TYPES.values(), ids=EQUAL_ACROSS_TYPES.keys())
def test_the_memo_never_merges_equal_values_of_different_types(
    inputs: list[tuple[dict[str, object], dict[str, object] | None]],
) -> None:
    """Values Python calls equal across types (1, 1.0, True) never share a memo entry: each is resolved as itself."""
    for env, override in inputs:
        remembered = resolve("local", env, override)  # type: ignore[arg-type]
        fresh = resolve("local", MappingProxyType(env), None if override is None else MappingProxyType(override))  # type: ignore[arg-type]
        assert _observed(remembered) == _observed(fresh)


# --- endpoints ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["cafe", "dead.beef", "abc", "[fe80::1]", "127.0.0.1.5", "1.2.3.4", "::2"])
def test_only_loopback_addresses_and_localhost_are_loopback(host: str) -> None:
    """A name spelt with hex digits and dots, or another address, is not this machine."""
    assert not is_loopback(host)
    assert not is_this_machine(host)


def test_a_vendor_key_never_goes_in_clear_text_to_a_host_named_in_hex_letters() -> None:
    """http://cafe is another machine: a vendor's key is refused there, as anywhere off this machine."""
    found = errors("cloud", {"ANTHROPIC_API_KEY": key(), "ANTHROPIC_BASE_URL": "http://cafe"})
    assert [(problem.field, problem.source) for problem in found] == [("base_url", "env:ANTHROPIC_BASE_URL")]
    assert [fix.value for fix in found[0].fixes] == ["https://cafe"]


@pytest.mark.parametrize("value", ["http://[127.0.0.1]:80", "[127.0.0.1]:80", "https://[10.0.0.1]/v1"])
def test_brackets_hold_only_an_ipv6_address(value: str) -> None:
    """An IPv4 address in brackets is not a host, in either dialect."""
    assert isinstance(parse_url(value), list)
    assert isinstance(parse_ollama_host(value), list)


def test_a_value_of_48_characters_is_shown_whole_in_a_flaw() -> None:
    """A value quoted in a flaw is shown whole up to 48 characters."""
    host = "!" + secrets.token_hex(32)[:47]
    (flaw,) = parse_url("http://" + host)
    assert repr(host) in flaw.message


@pytest.mark.parametrize("extra", [1, 2, 30])
def test_a_longer_value_is_shown_as_its_first_48_characters_and_an_ellipsis(extra: int) -> None:
    """A value of more than 48 characters is shortened in a flaw to 48 characters and an ellipsis."""
    host = "!" + secrets.token_hex(40)[: 47 + extra]
    (flaw,) = parse_url("http://" + host)
    assert host[:48] + "…" in flaw.message
    assert host[:49] not in flaw.message


@pytest.mark.parametrize(
    "value",
    [
        "http://h/?q",
        "https://h/v1#f",
        "http://",
        "http://u:secretpassword@",
        "ftp://h",
        "HTTP+X://h",
        "http://[::1",
        "http://[fe80::1%eth0]:1",
        "http://[zz]:1",
        "http://h!x",
        "http://h:99999",
        "http://h:0",
        "http://a b",
    ],
)
def test_both_dialects_describe_a_flaw_they_share_alike(value: str) -> None:
    """A value both dialects refuse for the same reason gets the same flaws, each suggesting the example given."""
    example = "https://" + secrets.token_hex(4) + ".example/v1"
    flaws = parse_url(value, example)
    assert isinstance(flaws, list) and flaws
    assert flaws == parse_ollama_host(value, example)
    assert all(flaw.suggestion in (None, example) for flaw in flaws)
    assert any(flaw.suggestion == example for flaw in flaws)


@pytest.mark.parametrize("value", ["http://h/?q", "http://", "ftp://h", "http://[::1", "http://h:99999", "h b"])
def test_the_default_examples_are_written_as_the_parser_writes_them(value: str) -> None:
    """Without an example, each dialect suggests its default, an endpoint already in its normal spelling."""
    for parse in (parse_url, parse_ollama_host):
        flaws = parse(value)
        assert isinstance(flaws, list) and flaws
        for flaw in flaws:
            assert flaw.suggestion is not None
            again = parse(flaw.suggestion)
            assert isinstance(again, Endpoint) and str(again) == flaw.suggestion


# --- the collector and the signatures -------------------------------------------------------------


def test_findings_has_errors_only_once_an_error_is_reported() -> None:
    """A Findings collector has errors after error(), never after warn() alone."""
    out = Findings()
    assert not out.has_errors()
    out.warn("model", Origin("env", "X"), "w")
    assert not out.has_errors()
    out.error("model", Origin("env", "X"), "e")
    assert out.has_errors()


def test_a_provider_is_recognised_by_its_api_host_or_by_its_port_on_this_machine() -> None:
    """Each provider's endpoint is recognised by its default host, or by its port where that host is loopback."""
    from stigmer_resolve.validate import _signature

    assert {name: _signature(row) for name, row in PROVIDERS.items()} == {
        "anthropic": ("host", "api.anthropic.com"),
        "ollama": ("port", 11434),
        "openai": ("host", "api.openai.com"),
    }


def test_a_base_url_at_another_providers_api_is_fixed_by_choosing_that_provider() -> None:
    """A base_url at another provider's API host, with a model of neither: unset it, or choose that provider."""
    env = {
        "STIGMER_LLM_PROVIDER": "anthropic",
        "STIGMER_LLM_BASE_URL": "https://api.openai.com/v1",
        "STIGMER_LLM_MODEL": "gpt-6-luna",
        "ANTHROPIC_API_KEY": plain_key(),
    }
    (problem,) = errors("cloud", env)
    assert problem.source == "env:STIGMER_LLM_BASE_URL"
    assert [(str(fix.origin), fix.value) for fix in problem.fixes] == [
        ("env:STIGMER_LLM_BASE_URL", None),
        ("env:STIGMER_LLM_PROVIDER", "openai"),
    ]


# --- where to choose another provider -------------------------------------------------------------

OLLAMA_MODEL = "qwen2.5-coder:7b"
YAML, DOTENV = "/srv/app/stigmer.yaml", "/srv/app/.env"


@pytest.mark.parametrize(
    ("mode", "env", "override", "file", "chooser"),
    [
        (
            "cloud",
            {"STIGMER_LLM_PROVIDER": "anthropic", "STIGMER_LLM_MODEL": OLLAMA_MODEL},
            None,
            None,
            Origin("env", "STIGMER_LLM_PROVIDER"),
        ),
        (
            "cloud",
            {
                "STIGMER_LLM_PROVIDER": Sourced("anthropic", Origin("env", "LLM_PROVIDER")),
                "STIGMER_LLM_MODEL": OLLAMA_MODEL,
            },
            None,
            None,
            Origin("env", "LLM_PROVIDER"),
        ),
        (
            "local",
            {
                "STIGMER_LLM_PROVIDER": Sourced("anthropic", Origin("file", "STIGMER_LLM_PROVIDER", DOTENV, 2)),
                "STIGMER_LLM_MODEL": OLLAMA_MODEL,
            },
            None,
            None,
            Origin("file", "STIGMER_LLM_PROVIDER", DOTENV, 2),
        ),
        ("local", {}, {"provider": "anthropic", "model": OLLAMA_MODEL}, None, Origin("override", "provider")),
        ("local", {}, {"model": f"anthropic:{OLLAMA_MODEL}"}, None, Origin("override", "provider")),
        (
            "local",
            {"STIGMER_LLM_MODEL": f"anthropic:{OLLAMA_MODEL}"},
            None,
            None,
            Origin("env", "STIGMER_LLM_PROVIDER"),
        ),
        (
            "local",
            {"STIGMER_LLM_MODEL": Sourced(f"anthropic:{OLLAMA_MODEL}", Origin("env", "app.model"))},
            None,
            None,
            Origin("env", "STIGMER_LLM_PROVIDER"),
        ),
        (
            "local",
            {},
            None,
            {"model": Sourced(f"anthropic:{OLLAMA_MODEL}", Origin("file", "backend.local.llm.model", YAML, 7))},
            Origin("file", "backend.local.llm.provider", YAML),
        ),
        (
            "local",
            {},
            None,
            {"model": Sourced(f"anthropic:{OLLAMA_MODEL}", Origin("file", "STIGMER_LLM_MODEL", DOTENV, 3))},
            Origin("file", "STIGMER_LLM_PROVIDER", DOTENV),
        ),
        (
            "local",
            {},
            None,
            {
                "provider": Sourced("anthropic", Origin("file", "backend.local.llm.provider", YAML, 5)),
                "model": Sourced(OLLAMA_MODEL, Origin("file", "backend.local.llm.model", YAML, 6)),
            },
            Origin("file", "backend.local.llm.provider", YAML, 5),
        ),
    ],
)
def test_another_provider_is_chosen_where_this_one_was_chosen(
    mode: str, env: dict[str, object], override: object, file: object, chooser: Origin
) -> None:
    """The fix choosing another provider names the setting that chose this one, else its layer's provider setting."""
    found = resolve(mode, env, override, file=file)  # type: ignore[arg-type]
    assert isinstance(found, tuple)
    (problem,) = (p for p in found if p.field == "model")
    assert (problem.fixes[-1].origin, problem.fixes[-1].value) == (chooser, "ollama")


def test_a_provider_the_mode_chose_is_chosen_again_in_the_environment() -> None:
    """Where the mode chose the provider, the fix that chooses another is STIGMER_LLM_PROVIDER."""
    env = {
        "STIGMER_LLM_MODEL": "my-model",
        "STIGMER_LLM_BASE_URL": "http://localhost:11434",
        "ANTHROPIC_API_KEY": key(),
    }
    (problem,) = errors("cloud", env)
    assert problem.source == "env:STIGMER_LLM_BASE_URL"
    assert [(fix.origin, fix.value) for fix in problem.fixes] == [
        (Origin("env", "STIGMER_LLM_BASE_URL"), None),
        (Origin("env", "STIGMER_LLM_PROVIDER"), "ollama"),
    ]


# --- the checks of where a config sends what ------------------------------------------------------


def test_a_model_its_host_does_not_serve_is_the_one_problem_reported() -> None:
    """The first endpoint check that finds a problem says it: a key of a third vendor is then not reported too."""
    env = {
        "STIGMER_LLM_PROVIDER": "anthropic",
        "STIGMER_LLM_MODEL": OLLAMA_MODEL,
        "ANTHROPIC_API_KEY": key("sk-proj-"),
    }
    assert [(problem.field, problem.source) for problem in errors("cloud", env)] == [("model", "env:STIGMER_LLM_MODEL")]


def test_a_vendor_key_sent_to_another_vendor_is_not_also_reported_as_clear_text() -> None:
    """A vendor's key bound for another vendor's port off this machine is one problem, not also a clear-text one."""
    env = {
        "STIGMER_LLM_PROVIDER": "openai",
        "STIGMER_LLM_MODEL": OLLAMA_MODEL,
        "OPENAI_API_KEY": key("sk-ant-"),
        "OPENAI_BASE_URL": "http://gpu-box:11434/v1",
    }
    (problem,) = errors("cloud", env)
    assert problem.source == "env:OPENAI_BASE_URL"
    assert [fix.value for fix in problem.fixes] == [None, "ollama"]


@pytest.mark.parametrize(("length", "warned"), [(15, True), (16, False), (17, False)])
def test_a_key_shorter_than_16_characters_is_warned_about(length: int, warned: bool) -> None:
    """A key of fewer than 16 characters is accepted with a warning on api_key; 16 or more without one."""
    short = plain_key()[:length]
    env = {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": short, "OPENAI_BASE_URL": LOCAL_OPENAI}
    config = ok("local", env)
    expected = [("api_key", "env:OPENAI_API_KEY", "<your whole key>")] if warned else []
    assert [(notice.field, notice.source, notice.fixes[0].value) for notice in config.warnings] == expected


def test_a_dotted_model_name_is_sent_as_its_api_id_with_a_warning_on_the_model() -> None:
    """claude-sonnet-5.5 is sent as claude-sonnet-5-5, with a warning on model whose fix is that id."""
    config = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": "claude-sonnet-5.5"})
    assert config.model == "claude-sonnet-5-5"
    assert [(notice.field, notice.source, [fix.value for fix in notice.fixes]) for notice in config.warnings] == [
        ("model", "env:STIGMER_LLM_MODEL", ["claude-sonnet-5-5"])
    ]


# --- reading the arguments ------------------------------------------------------------------------


def test_a_variable_of_the_wrong_type_is_reported_on_the_setting_it_sets() -> None:
    """A non-str value in the environment is an error on the setting its variable sets, with advice."""
    found = errors("local", {"STIGMER_LLM_MODEL": 5, "OPENAI_API_KEY": 5.0})  # type: ignore[dict-item]
    assert {(problem.field, problem.source) for problem in found} == {
        ("model", "env:STIGMER_LLM_MODEL"),
        ("api_key", "env:OPENAI_API_KEY"),
    }
    assert all(problem.advice for problem in found)


def test_a_wrong_type_under_any_origin_name_is_reported_not_raised() -> None:
    """A value of the wrong type whose Sourced origin names no setting is still a Problem, never an exception."""
    origin = Origin("file", "llm.model_id", YAML, 3)
    found = errors("local", {"STIGMER_LLM_MODEL": Sourced(5, origin), "STIGMER_LLM_MAX_TOKENS": "x"})  # type: ignore[arg-type]
    assert {problem.source for problem in found} == {str(origin), "env:STIGMER_LLM_MAX_TOKENS"}


class _NotAMapping:
    pass


def test_an_environment_that_is_no_mapping_is_one_problem_naming_its_type() -> None:
    """An env that is not a mapping is one problem on env, naming the type given, with advice."""
    (problem,) = errors("local", _NotAMapping())  # type: ignore[arg-type]
    assert (problem.field, problem.origin) == ("env", None)
    assert "_NotAMapping" in problem.message
    assert problem.advice


class _RaisingEnv(Mapping[str, str]):
    def __getitem__(self, key: str) -> str:
        raise LookupError("caller-private")

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 1

    def get(self, key: str, default: object = None) -> str:  # type: ignore[override]
        raise LookupError("caller-private")


def test_an_environment_whose_reads_raise_is_one_problem_with_advice() -> None:
    """A mapping whose get() raises is one problem on env, with advice on what to pass instead."""
    (problem,) = errors("local", _RaisingEnv())  # type: ignore[arg-type]
    assert (problem.field, problem.origin) == ("env", None)
    assert "LookupError" in problem.message and "caller-private" not in problem.message
    assert problem.advice


# --- parsing --------------------------------------------------------------------------------------


def test_a_trailing_v1_is_dropped_from_the_end_of_a_longer_path() -> None:
    """For anthropic, /v1 at the end of a base path is dropped, and only there; the warning's fix is the result."""
    url = "https://gw.example/v1/anthropic/v1"
    config = ok("cloud", {"ANTHROPIC_API_KEY": key(), "ANTHROPIC_BASE_URL": url})
    assert config.base_url == "https://gw.example/v1/anthropic"
    assert [(n.field, [f.value for f in n.fixes]) for n in config.warnings] == [("base_url", [config.base_url])]


def test_a_decimal_range_includes_its_low_end_unless_told_otherwise() -> None:
    """parse_decimal accepts its lower bound by default, and refuses it only when above_low is given."""
    origin = Origin("env", "X")
    assert parse_decimal("0", origin, "temperature", (0.0, 2.0), 0.7, Findings()) == 0.0
    findings = Findings()
    assert parse_decimal("0", origin, "timeout", (0.0, 3600.0), 600, findings, above_low=True) is None
    assert findings.has_errors()


def test_minus_zero_is_read_as_zero_and_shown_as_zero() -> None:
    """An override's -0.0 is 0.0: accepted as a temperature, and shown as 0.0 when a timeout refuses it."""
    config = ok("local", {}, {"temperature": -0.0})
    assert config.temperature == 0.0 and str(config.temperature) == "0.0"
    (problem,) = errors("local", {}, {"timeout": -0.0})
    assert problem.field == "timeout"
    assert "0.0" in problem.message and "-0.0" not in problem.message


@pytest.mark.parametrize("written", ["000000000042", "0042", "42"])
def test_a_whole_number_with_leading_zeros_is_read_as_its_number(written: str) -> None:
    """Leading zeros do not count towards a whole number's length: 000000000042 tokens is 42."""
    assert ok("local", {"STIGMER_LLM_MAX_TOKENS": written}).max_tokens == 42


def test_a_whole_number_with_too_many_digits_is_an_error_on_its_setting() -> None:
    """A whole number longer than any in range is refused on its own setting, fixed by the provider's default."""
    (problem,) = errors("local", {"STIGMER_LLM_MAX_TOKENS": "9" * 40})
    assert (problem.field, problem.source) == ("max_tokens", "env:STIGMER_LLM_MAX_TOKENS")
    assert [fix.value for fix in problem.fixes] == [PROVIDERS["ollama"].max_tokens]


@pytest.mark.parametrize(
    ("model", "fix"),
    [("claude-opsu-5-5", "claude-opus-5-5"), ("claude-sonnet-4-5", PROVIDERS["anthropic"].aliases["balanced"])],
)
def test_a_near_miss_or_retiring_model_is_warned_about_on_the_model(model: str, fix: str) -> None:
    """A model one edit from a known id, or a retiring one, is sent as given with a warning on model and its fix."""
    config = ok("cloud", {"ANTHROPIC_API_KEY": key(), "STIGMER_LLM_MODEL": model})
    assert config.model == model
    assert [(n.field, n.source, [f.value for f in n.fixes]) for n in config.warnings] == [
        ("model", "env:STIGMER_LLM_MODEL", [fix])
    ]


def test_a_secret_in_a_suggested_value_is_masked() -> None:
    """A fix's value never holds a secret: a URL password repeated in the path is masked in the suggested URL."""
    password = secrets.token_urlsafe(20)
    env = {"ANTHROPIC_API_KEY": key(), "ANTHROPIC_BASE_URL": f"svc:{password}@gw.example/{password}"}
    values = [fix.value for problem in errors("cloud", env) for fix in problem.fixes]
    assert f"https://gw.example/{MASK}" in values
    assert not any(password in str(value) for value in values)
