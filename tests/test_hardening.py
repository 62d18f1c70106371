"""Adversarial inputs, named, and resolving from many threads at once."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from stigmer_resolve import LLMConfig, resolve

ADVERSARIAL = {
    "NUL byte": "qwen\x00:7b",
    "lone surrogate": "model-\ud800",
    "1 MB value": "x" * 1_000_000,
    "RTL override": "claude-\u202eopus",
    "zero-width space": "gpt-\u200b6",
    "fullwidth digits": "８１９２",
    "Arabic-Indic digits": "٨١٩٢",
    "plus sign": "+1",
    "underscore": "1_000",
    "exponent": "1e3",
    "nan": "nan",
    "inf": "inf",
    "negative zero": "-0",
    "whitespace only": " \t ",
    "CRLF": "value\r\n",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
@pytest.mark.parametrize(
    "variable",
    [
        "STIGMER_LLM_PROVIDER",
        "STIGMER_LLM_MODEL",
        "STIGMER_LLM_BASE_URL",
        "STIGMER_LLM_API_KEY",
        "STIGMER_LLM_MAX_TOKENS",
        "STIGMER_LLM_TEMPERATURE",
        "OLLAMA_HOST",
    ],
)
def test_adversarial_env_values_give_values_not_exceptions(name: str, variable: str) -> None:
    """Every named hostile value in every variable gives a config or errors naming that variable."""
    result = resolve("local", {variable: ADVERSARIAL[name]})
    if isinstance(result, tuple):
        sources = {e.source for e in result}
        assert f"env:{variable}" in sources or sources == {"env:ANTHROPIC_API_KEY"}  # a claude- name needs a key
        assert sources <= {f"env:{variable}", "env:ANTHROPIC_API_KEY", "env:OPENAI_API_KEY"}
        assert all(len(str(e)) < 2000 for e in result)  # a 1 MB value is never echoed whole
    else:
        assert isinstance(result, LLMConfig)


@pytest.mark.parametrize(
    "raw",
    [
        "https://[fe80::1%eth0]:8000/v1",
        "http://h:0/v1",
        "http://h:65536/v1",
        "HTTPS://API.OPENAI.COM/v1",
        "http://user:pw@h/v1",
        "http://:pw@h/v1",
    ],
)
def test_url_edge_forms(raw: str) -> None:
    """Zone ids, ports 0 and 65536 and credentials are refused; capital schemes are read."""
    result = resolve(
        "local", {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": raw, "OPENAI_API_KEY": "k-12345678"}
    )
    if raw.startswith("HTTPS"):
        assert isinstance(result, LLMConfig) and result.base_url == "https://api.openai.com/v1"
    else:
        assert isinstance(result, tuple) and all("pw" not in str(e) for e in result)


def test_many_threads_give_what_one_thread_gives() -> None:
    """Concurrent resolves of different inputs return exactly the single-threaded results."""
    inputs = []
    for i in range(400):
        env = {"STIGMER_LLM_MAX_TOKENS": str(1 + i % 50), "ANTHROPIC_API_KEY": "k-" + secrets.token_hex(8)}
        override = {"model": ["fast", "claude-opus-5-5", "gpt-6-luna", "llama3:8b"][i % 4], "temperature": (i % 3) / 2}
        inputs.append((["local", "cloud"][i % 2], env, override if i % 5 else {"max_tokens": "bad"}))
    serial = [resolve(*args) for args in inputs]
    with ThreadPoolExecutor(max_workers=16) as pool:
        parallel = list(pool.map(lambda args: resolve(*args), inputs * 3))
    expected = serial * 3
    assert parallel == expected
    for got, want in zip(parallel, expected, strict=True):
        if isinstance(got, LLMConfig) and isinstance(want, LLMConfig):
            assert dict(got.sources) == dict(want.sources) and got.warnings == want.warnings


def test_logging_a_config_never_shows_the_key(caplog: pytest.LogCaptureFixture) -> None:
    """A config logged with %s, %r or as JSON shows no key."""
    import logging

    secret = "sk-ant-" + secrets.token_urlsafe(30)
    config = resolve("cloud", {"ANTHROPIC_API_KEY": secret})
    with caplog.at_level(logging.INFO):
        logging.getLogger("worker").info("config %s %r %s", config, config, json.dumps(config.to_dict()))
    assert secret not in caplog.text


class _ListKeyedMapping(Mapping[Any, Any]):
    """A mapping whose items() hands out an unhashable key, as a hand-written Mapping may."""

    def __getitem__(self, key: object) -> object:
        return "fast"

    def __iter__(self) -> Iterator[Any]:
        return iter([["model"]])

    def __len__(self) -> int:
        return 1


def test_an_override_with_an_unhashable_key_is_an_error_not_an_exception() -> None:
    """A key that is not a string is reported, even one that cannot be hashed."""
    (error,) = resolve("local", {}, _ListKeyedMapping())  # type: ignore[misc]
    assert error.field == "override" and "type list" in error.message


_PASTED = "Zq" + secrets.token_hex(8)  # a secret the user pasted into a second setting by mistake


@pytest.mark.parametrize(
    ("mode", "env", "override"),
    [
        pytest.param("cloud", {"ANTHROPIC_API_KEY": _PASTED, "STIGMER_LLM_MODEL": f"a {_PASTED}"}, None, id="env key"),
        pytest.param("cloud", {}, {"api_key": _PASTED, "model": f"a {_PASTED}"}, id="override key"),
        pytest.param(
            "local", {"OLLAMA_HOST": f"http://u:{_PASTED}@h", "STIGMER_LLM_MODEL": f"a {_PASTED}"}, None, id="password"
        ),
        pytest.param(
            "local", {"OLLAMA_HOST": f"http://{_PASTED}@h", "STIGMER_LLM_MODEL": f"a {_PASTED}"}, None, id="token"
        ),
        pytest.param(
            "local", {"OLLAMA_HOST": f"http://u:x:{_PASTED}@h", "STIGMER_LLM_MODEL": f"a x:{_PASTED}"}, None, id="colon"
        ),
    ],
)
def test_a_setting_holding_a_secret_is_an_error_that_does_not_show_it(
    mode: str, env: dict[str, str], override: object
) -> None:
    """A key or URL password pasted into another setting makes that setting an error, whose message does not hold it."""
    result = resolve(mode, env, override)
    assert isinstance(result, tuple)
    (model,) = [e for e in result if e.field == "model"]
    assert model.message.startswith("holds a secret") and _PASTED not in repr(result)
