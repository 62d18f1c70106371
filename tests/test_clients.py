"""The real SDK clients, built from a config, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from stigmer_resolve import LLMConfig, resolve
from stigmer_resolve.clients import (
    NO_KEY_PLACEHOLDER,
    ClientError,
    EndpointError,
    MissingSDKError,
    build_client,
    chat_kwargs,
    complete,
    probe,
)

from .fakeapi import FakeAPI, closed_port


def config(env: dict[str, str], mode: str = "local", override: object = None) -> LLMConfig:
    result = resolve(mode, env, override)
    assert isinstance(result, LLMConfig), result
    return result


def key() -> str:
    return "gw-test-" + secrets.token_urlsafe(24)


@pytest.fixture
def hostile_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A process environment that points every SDK elsewhere, with stray keys."""
    stray = {
        "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{closed_port()}",
        "ANTHROPIC_API_KEY": "stray-" + secrets.token_hex(8),
        "ANTHROPIC_AUTH_TOKEN": "stray-" + secrets.token_hex(8),
        "OPENAI_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
        "OPENAI_API_KEY": "stray-" + secrets.token_hex(8),
        "OLLAMA_HOST": f"127.0.0.1:{closed_port()}",
        "OLLAMA_API_KEY": "stray-" + secrets.token_hex(8),
    }
    for name, value in stray.items():
        monkeypatch.setenv(name, value)
    return stray


def test_anthropic_request_carries_the_configured_url_key_model_and_max_tokens(
    api: FakeAPI, hostile_env: dict[str, str]
) -> None:
    """POST /v1/messages to the configured URL, Bearer the configured key, model and max_tokens in the body."""
    secret = key()
    c = config(
        {
            "STIGMER_LLM_PROVIDER": "anthropic",
            "STIGMER_LLM_BASE_URL": api.url,
            "STIGMER_LLM_API_KEY": secret,
            "STIGMER_LLM_MAX_TOKENS": "321",
            "STIGMER_LLM_MODEL": "claude-haiku-5-5",
        }
    )
    assert complete(c, "hello") == "hi from anthropic"
    (request,) = api.requests
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.headers["authorization"] == f"Bearer {secret}"
    assert request.body["model"] == "claude-haiku-5-5" and request.body["max_tokens"] == 321
    assert "temperature" not in request.body
    assert request.body["messages"] == [{"role": "user", "content": "hello"}]


def test_openai_request_carries_model_max_completion_tokens_and_temperature(
    api: FakeAPI, hostile_env: dict[str, str]
) -> None:
    """POST /v1/chat/completions with Bearer key, max_completion_tokens and temperature as configured."""
    secret = key()
    c = config(
        {
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_BASE_URL": f"{api.url}/v1",
            "STIGMER_LLM_API_KEY": secret,
            "STIGMER_LLM_MAX_TOKENS": "55",
            "STIGMER_LLM_TEMPERATURE": "0.25",
            "STIGMER_LLM_MODEL": "gpt-6-luna",
        }
    )
    assert complete(c, "hello") == "hi from openai"
    (request,) = api.requests
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == f"Bearer {secret}"
    assert request.body["model"] == "gpt-6-luna"
    assert request.body["max_completion_tokens"] == 55 and request.body["temperature"] == 0.25


def test_openai_without_temperature_sends_none(api: FakeAPI) -> None:
    """An unset temperature is left out of the body, so the server's default applies."""
    c = config({"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": f"{api.url}/v1"})
    complete(c, "hi")
    assert "temperature" not in api.requests[0].body


def test_keyless_openai_compatible_server_gets_the_documented_placeholder(
    api: FakeAPI, hostile_env: dict[str, str]
) -> None:
    """With no key, the openai client sends the placeholder, never a stray OPENAI_API_KEY."""
    c = config({"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": f"{api.url}/v1"})
    complete(c, "hi")
    assert api.requests[0].headers["authorization"] == f"Bearer {NO_KEY_PLACEHOLDER}"


def test_ollama_request_carries_model_num_predict_and_temperature(api: FakeAPI, hostile_env: dict[str, str]) -> None:
    """POST /api/chat to the configured host with options.num_predict and options.temperature; no stray key."""
    c = config(
        {
            "STIGMER_LLM_BASE_URL": api.url,
            "STIGMER_LLM_MAX_TOKENS": "64",
            "STIGMER_LLM_TEMPERATURE": "0.5",
            "STIGMER_LLM_MODEL": "llama3:8b",
        }
    )
    assert complete(c, "hello") == "hi from ollama"
    (request,) = api.requests
    assert (request.method, request.path) == ("POST", "/api/chat")
    assert request.body["model"] == "llama3:8b" and request.body["stream"] is False
    assert request.body["options"] == {"num_predict": 64, "temperature": 0.5}
    assert "authorization" not in request.headers


def test_ollama_key_from_the_config_is_sent(api: FakeAPI, hostile_env: dict[str, str]) -> None:
    """A configured Ollama key is sent as Bearer, not the process's OLLAMA_API_KEY."""
    secret = key()
    c = config({"STIGMER_LLM_BASE_URL": api.url, "STIGMER_LLM_API_KEY": secret})
    complete(c, "hello")
    assert api.requests[0].headers["authorization"] == f"Bearer {secret}"


def test_chat_kwargs_per_provider() -> None:
    """max_tokens and temperature map to each SDK's own parameter names."""
    assert chat_kwargs(config({"STIGMER_LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": key()})) == {
        "model": "claude-sonnet-5-5",
        "max_tokens": 20000,
    }
    assert chat_kwargs(config({})) == {
        "model": "qwen2.5-coder:7b",
        "options": {"num_predict": 8192, "temperature": 0.0},
    }
    assert chat_kwargs(config({"STIGMER_LLM_NUM_CTX": "32768"}))["options"]["num_ctx"] == 32768


def test_probe_finds_the_model(api: FakeAPI) -> None:
    """A reachable endpoint that knows the model probes ok, with a latency."""
    for env in (
        {"STIGMER_LLM_PROVIDER": "anthropic", "STIGMER_LLM_BASE_URL": api.url, "ANTHROPIC_API_KEY": key()},
        {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": f"{api.url}/v1", "OPENAI_API_KEY": key()},
    ):
        result = probe(config(env))
        assert result.ok and result.latency is not None and result.latency >= 0, result
    assert {r.path for r in api.requests} == {"/v1/models/claude-sonnet-5-5", "/v1/models/gpt-6.2-sol"}


@pytest.mark.parametrize("provider", ["anthropic", "openai", "ollama"])
def test_probe_reports_a_closed_port_as_unreachable(provider: str) -> None:
    """Nothing listening: not ok, cause unreachable, no latency, a hint."""
    c = config(
        {
            "STIGMER_LLM_PROVIDER": provider,
            "STIGMER_LLM_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1",
            "STIGMER_LLM_API_KEY": key(),
        }
    )
    result = probe(c, timeout=2)
    assert not result.ok and "unreachable" in result.detail and result.latency is None and result.hint


@pytest.mark.parametrize(("status", "cause"), [(401, "unauthorised"), (404, "unknown model")])
@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_probe_tells_unauthorised_from_unknown_model(api: FakeAPI, provider: str, status: int, cause: str) -> None:
    """A 401 is a key problem; a 404 on the model is an unknown model."""
    api.routes["/models/"] = (status, {"error": {"message": "nope", "type": "x"}}, 0.0)
    c = config(
        {"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_BASE_URL": f"{api.url}/v1", "STIGMER_LLM_API_KEY": key()}
    )
    result = probe(c)
    assert not result.ok and cause in result.detail, result


def test_probe_times_out_on_a_slow_server(api: FakeAPI) -> None:
    """A server slower than the timeout is reported as a timeout."""
    api.routes["/models/"] = (200, {}, 2.0)
    c = config({"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": f"{api.url}/v1", "OPENAI_API_KEY": key()})
    result = probe(c, timeout=0.3)
    assert not result.ok and "timeout" in result.detail


def test_probe_ollama_without_the_model_says_pull_and_names_the_family(api: FakeAPI) -> None:
    """Tags without the model: hint `ollama pull`, and the installed models of its family."""
    api.routes["/api/tags"] = (
        200,
        {
            "models": [
                {"model": "qwen2.5-coder:14b", "name": "qwen2.5-coder:14b"},
                {"model": "llama3:8b", "name": "llama3:8b"},
            ]
        },
        0.0,
    )
    result = probe(config({"OLLAMA_HOST": api.url}))
    assert not result.ok
    assert "ollama pull qwen2.5-coder:7b" in result.hint and "qwen2.5-coder:14b" in result.hint
    assert "llama3" not in result.hint
    api.routes["/api/tags"] = (200, {"models": [{"model": "qwen2.5-coder:7b", "name": "qwen2.5-coder:7b"}]}, 0.0)
    assert probe(config({"OLLAMA_HOST": api.url})).ok


@pytest.mark.parametrize(("status", "cause"), [(401, "unauthorised"), (404, "unknown model"), (500, "http 500")])
def test_complete_errors_name_provider_endpoint_and_cause_never_the_key(api: FakeAPI, status: int, cause: str) -> None:
    """Failures come back as EndpointError naming provider, endpoint and cause, without the key."""
    secret = key()
    api.routes["/chat/completions"] = (status, {"error": {"message": f"bad key {secret}", "type": "x"}}, 0.0)
    c = config({"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_BASE_URL": f"{api.url}/v1", "OPENAI_API_KEY": secret})
    with build_client(c.replace(max_retries=0)) as client, pytest.raises(EndpointError) as caught:
        complete(c, "hi", client=client)
    assert caught.value.cause == cause and "openai" in str(caught.value) and c.base_url in str(caught.value)
    assert secret not in str(caught.value) and secret not in repr(caught.value)


def test_missing_sdk_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the SDK, building a client says which extra to install."""
    monkeypatch.setitem(sys.modules, "openai", None)
    c = config({"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": key()})
    with pytest.raises(MissingSDKError, match=r"pip install 'stigmer-resolve\[openai\]'") as caught:
        build_client(c)
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, ClientError)
    assert not probe(c).ok


def test_malformed_ollama_host_at_import_is_a_clear_error() -> None:
    """ollama's import-time ValueError on OLLAMA_HOST becomes an error that names OLLAMA_HOST."""
    code = (
        "from stigmer_resolve import resolve\nfrom stigmer_resolve.clients import build_client, ClientError\n"
        "try:\n    build_client(resolve('local', {}))\nexcept ClientError as e:\n    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"OLLAMA_HOST": "example.com:abc", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "OLLAMA_HOST" in done.stdout and "example.com:abc" not in done.stdout


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="mutmut's trampolines import mutmut into the package")
def test_importing_the_package_imports_no_third_party_module() -> None:
    """import stigmer_resolve (and its CLI) adds no module outside the standard library: no SDK above all."""
    code = (
        "import sys\nbefore = set(sys.modules)\nimport stigmer_resolve, stigmer_resolve.cli\n"
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] not in sys.stdlib_module_names"
        " and m.split('.')[0] != 'stigmer_resolve'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("status", [401, 500])
@pytest.mark.parametrize("provider", ["anthropic", "openai", "ollama"])
def test_no_client_error_shows_the_key_even_when_the_server_echoes_it(api: FakeAPI, provider: str, status: int) -> None:
    """A server that repeats the key in its error body: complete's EndpointError and probe's result both mask it."""
    secret = key()
    echo = {"error": {"message": f"bad key {secret}", "type": "x"}, "detail": secret}
    api.routes["/"] = (status, echo, 0.0)
    url = f"{api.url}/v1" if provider == "openai" else api.url
    c = config({"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_BASE_URL": url, "STIGMER_LLM_API_KEY": secret})
    with build_client(c.replace(max_retries=0)) as client, pytest.raises(EndpointError) as caught:
        complete(c, "hi", client=client)
    shown = [str(caught.value), repr(caught.value), *map(str, caught.value.args)]
    result = probe(c, timeout=5)
    assert not result.ok and api.requests
    assert all(secret not in text for text in [*shown, repr(result), result.detail, result.hint])
