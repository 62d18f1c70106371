"""The worker's side: every builder (sync, async, LangChain invoke, ainvoke) carries every setting, over HTTP."""

from __future__ import annotations

import asyncio
import gc
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from stigmer_resolve import LLMConfig, resolve
from stigmer_resolve.clients import (
    CLIENT_CACHE_SIZE,
    EndpointError,
    aclose_clients,
    acomplete,
    async_client_for,
    build_async_client,
    build_client,
    client_for,
    complete,
)

from .fakeapi import DROP, REPLIES, FakeAPI
from .helpers import run_in_a_loop

langchain = pytest.importorskip("stigmer_resolve.langchain")

PROVIDERS = ("anthropic", "openai", "ollama")
_PATHS = {"anthropic": "/v1/messages", "openai": "/v1/chat/completions", "ollama": "/api/chat"}


def _config(provider: str, url: str, **settings: str) -> LLMConfig:
    env = {
        "STIGMER_LLM_PROVIDER": provider,
        "STIGMER_LLM_BASE_URL": f"{url}/v1" if provider == "openai" else url,
        "STIGMER_LLM_API_KEY": "gw-" + secrets.token_urlsafe(24),
        **{f"STIGMER_LLM_{name.upper()}": value for name, value in settings.items()},
    }
    config = resolve("local", env)
    assert isinstance(config, LLMConfig), config
    return config


def _sync(config: LLMConfig, prompt: Any = "hello") -> str:
    return complete(config, prompt)


def _async(config: LLMConfig, prompt: Any = "hello") -> str:
    return asyncio.run(acomplete(config, prompt))


def _lc_invoke(config: LLMConfig, prompt: Any = "hello") -> str:
    return str(langchain.chat_model(config).invoke(prompt).content)


def _lc_ainvoke(config: LLMConfig, prompt: Any = "hello") -> str:
    return str(run_in_a_loop(langchain.chat_model(config).ainvoke(prompt)).content)


BUILDERS: dict[str, Callable[..., str]] = {
    "sync": _sync,
    "async": _async,
    "langchain invoke": _lc_invoke,
    "langchain ainvoke": _lc_ainvoke,
}


def _sent(provider: str, body: dict[str, Any]) -> dict[str, Any]:
    """Read back the model, max tokens, temperature and num_ctx from a request body."""
    if provider == "anthropic":
        return {"model": body["model"], "max_tokens": body["max_tokens"], "temperature": body.get("temperature")}
    if provider == "openai":
        tokens = body["max_completion_tokens"]
        return {"model": body["model"], "max_tokens": tokens, "temperature": body.get("temperature")}
    options = body["options"]
    return {
        "model": body["model"],
        "max_tokens": options["num_predict"],
        "temperature": options.get("temperature"),
        "num_ctx": options.get("num_ctx"),
    }


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_builder_sends_the_configs_model_tokens_temperature_and_key(
    api: FakeAPI, provider: str, builder: str
) -> None:
    """The server receives the config's model, max tokens, temperature (or none), num_ctx for ollama, and key."""
    settings = {
        "max_tokens": "123",
        "model": {"anthropic": "claude-haiku-5-5", "openai": "gpt-6-luna"}.get(provider, "llama3:8b"),
    }
    if provider != "anthropic":
        settings["temperature"] = "0.25"
    if provider == "ollama":
        settings["num_ctx"] = "4096"
    config = _config(provider, api.url, **settings)
    assert BUILDERS[builder](config).startswith("hi from")
    (request,) = api.requests
    assert request.path == _PATHS[provider]
    assert request.headers["authorization"] == f"Bearer {config.api_key.get_secret_value()}"  # type: ignore[union-attr]
    expected = {"model": config.model, "max_tokens": 123, "temperature": config.temperature}
    if provider == "ollama":
        expected["num_ctx"] = 4096
    assert _sent(provider, request.body) == expected


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_a_config_without_temperature_sends_none(api: FakeAPI, provider: str, builder: str) -> None:
    """Where the config has no temperature, no builder sends one: the server's default applies."""
    config = _config(provider, api.url).replace(temperature=None)
    BUILDERS[builder](config)
    assert _sent(provider, api.requests[0].body)["temperature"] is None


@pytest.mark.parametrize("builder", ["sync", "async"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_system_message_goes_where_each_api_wants_it(api: FakeAPI, provider: str, builder: str) -> None:
    """A system message is anthropic's system parameter, and a system role for openai and ollama."""
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]
    BUILDERS[builder](_config(provider, api.url), messages)
    body = api.requests[0].body
    if provider == "anthropic":
        assert body["system"] == "be brief" and body["messages"] == [{"role": "user", "content": "hello"}]
    else:
        assert body["messages"][0] == {"role": "system", "content": "be brief"}


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_slow_server_trips_the_configured_timeout(api: FakeAPI, provider: str, builder: str) -> None:
    """A server slower than the config's timeout is a timeout, after about that long, from every builder."""
    api.routes[_PATHS[provider]] = (200, {}, 3.0)
    config = _config(provider, api.url, timeout="0.5", max_retries="0")
    with pytest.raises(Exception) as caught:
        BUILDERS[builder](config)
    error = caught.value
    assert "timeout" in f"{type(error).__name__} {error}".lower() or "timed out" in str(error), repr(error)


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_a_500_is_retried_the_configured_number_of_times(api: FakeAPI, provider: str, builder: str) -> None:
    """A server error is tried 1 + max_retries times, from every builder."""
    api.routes[_PATHS[provider]] = (500, {"error": {"message": "down", "type": "x"}}, 0.0)
    config = _config(provider, api.url, max_retries="2")
    with pytest.raises(Exception):
        BUILDERS[builder](config)
    assert len(api.requests) == 3


@pytest.mark.parametrize("builder", sorted(BUILDERS))
@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_a_dropped_connection_is_retried_the_configured_number_of_times(
    api: FakeAPI, provider: str, builder: str
) -> None:
    """A connection reset after the request is tried 1 + max_retries times."""
    api.routes[_PATHS[provider]] = (DROP, None, 0.0)
    config = _config(provider, api.url, max_retries="1")
    with pytest.raises(Exception):
        BUILDERS[builder](config)
    assert len(api.requests) == 2


@contextmanager
def _failing_handshakes() -> Iterator[tuple[str, list[int]]]:
    """A TCP server that accepts and closes at once: every TLS handshake with it fails; it counts the attempts."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def serve_forever() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(1)
            connection.close()

    threading.Thread(target=serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        listener.close()


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_ollama_retries_a_failed_connection_the_configured_number_of_times(builder: str) -> None:
    """The ollama client has no retry option: its transport retries a failed connection (a TLS handshake)."""
    with _failing_handshakes() as (url, accepted):
        config = _config("ollama", url, max_retries="2")
        with pytest.raises(Exception):
            BUILDERS[builder](config)
    assert len(accepted) == 3


def test_ollama_retries_a_failed_connection_to_its_proxy_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through HTTPS_PROXY, a failed connection to the proxy is retried max_retries times, as a direct one is."""
    with _failing_handshakes() as (url, accepted):
        monkeypatch.setenv("HTTPS_PROXY", url)
        monkeypatch.setenv("NO_PROXY", "")
        config = _config("ollama", "https://gpu.example:11434", max_retries="2")
        with pytest.raises(EndpointError):
            complete(config, "hello")
    assert len(accepted) == 3


def test_requests_that_differ_only_in_model_share_one_client_and_one_connection(api: FakeAPI) -> None:
    """client_for() keys clients by what they send, not the model: N models, one client, one TCP connection."""
    base = _config("openai", api.url)
    configs = [base.replace(model=f"gpt-6-{name}") for name in ("luna", "sol", "terra", "astra")] * 3
    clients = {id(client_for(config)) for config in configs}
    for config in configs:
        complete(config, "hi", client=client_for(config))
    assert len(clients) == 1 and api.connections == 1 and len(api.requests) == len(configs)
    assert {r.body["model"] for r in api.requests} == {c.model for c in configs}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_client_for_keeps_a_bounded_number_and_closes_what_it_evicts_once_unused(api: FakeAPI, provider: str) -> None:
    """Past CLIENT_CACHE_SIZE endpoints the least recently used client leaves; it is closed once unused, not before."""
    base = _config(provider, api.url)
    configs = [base.replace(timeout=float(i + 1)) for i in range(CLIENT_CACHE_SIZE + 1)]
    first = client_for(configs[0])
    http = first._client
    for config in configs[1:]:
        client_for(config)
    assert client_for(configs[0]) is not first and not http.is_closed  # held here: still usable
    del first
    gc.collect()
    assert http.is_closed and client_for(configs[-1]) is client_for(configs[-1])


def test_a_request_in_flight_outlives_the_eviction_of_its_client(api: FakeAPI) -> None:
    """A slow request on a client that leaves the cache meanwhile, however many others follow, gets its answer."""
    api.routes["/v1/chat/completions"] = (200, REPLIES["/chat/completions"], 1.0)
    base = _config("openai", api.url)
    answers: list[str] = []
    slow = threading.Thread(target=lambda: answers.append(complete(base, "hi", client=client_for(base))))
    slow.start()
    while not api.requests:
        time.sleep(0.01)
    for i in range(4 * CLIENT_CACHE_SIZE):  # many tenants, each with a client of its own
        client_for(base.replace(timeout=float(i + 1)))
    gc.collect()
    slow.join()
    assert answers == ["hi from openai"]


def test_an_evicted_async_client_is_closed_in_its_loop_once_unused(api: FakeAPI) -> None:
    """An async client that leaves its loop's cache is closed, in that loop, once nothing holds it."""

    async def churn() -> bool:
        base = _config("ollama", api.url)
        http = async_client_for(base)._client
        for i in range(CLIENT_CACHE_SIZE):
            async_client_for(base.replace(timeout=float(i + 1)))
        gc.collect()
        for _ in range(10):
            await asyncio.sleep(0)  # the close runs as a task of this loop
        closed = bool(http.is_closed)
        await aclose_clients()
        return closed

    assert run_in_a_loop(churn())


def test_client_for_is_safe_from_many_threads(api: FakeAPI) -> None:
    """Threads asking for one endpoint at once get one client."""
    config = _config("anthropic", api.url)
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(id(client_for(config)))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1


def test_each_event_loop_has_its_own_async_clients(api: FakeAPI) -> None:
    """An async client belongs to one loop: the same config in a new loop gets a new client, and both work."""

    async def use(config: LLMConfig) -> object:
        client = async_client_for(config)
        assert client is async_client_for(config.replace(model="other"))
        await acomplete(config, "hi", client=client)
        return client

    config = _config("ollama", api.url)
    first, second = run_in_a_loop(use(config)), run_in_a_loop(use(config))
    assert first is not second and len(api.requests) == 2
    with pytest.raises(RuntimeError):
        async_client_for(config)  # no running loop


def test_a_langchain_models_async_client_outside_a_loop_is_a_missing_attribute(api: FakeAPI) -> None:
    """Outside an event loop, probing the model's async client (hasattr, copy) finds nothing and raises nothing."""
    for provider in PROVIDERS:
        model = langchain.chat_model(_config(provider, api.url))
        stand_in = model.async_client if provider == "openai" else model._async_client
        assert not hasattr(stand_in, "close") and not hasattr(stand_in, "__deepcopy__")
        copied = model.model_copy()
        assert str(run_in_a_loop(copied.ainvoke("hi")).content).startswith("hi from")


def test_a_langchain_model_reused_across_event_loops_works(api: FakeAPI) -> None:
    """One model, two asyncio.run calls: each loop talks through its own async client."""
    for provider in PROVIDERS:
        model = langchain.chat_model(_config(provider, api.url))
        for _ in range(2):
            assert str(run_in_a_loop(model.ainvoke("hi")).content).startswith("hi from")


@pytest.mark.parametrize("option", ["base_url", "api_key", "timeout", "max_tokens", "http_client", "default_headers"])
def test_chat_model_refuses_an_option_the_config_decides(api: FakeAPI, option: str) -> None:
    """What the config says cannot be overridden by an option of chat_model()."""
    with pytest.raises(TypeError, match=option):
        langchain.chat_model(_config("openai", api.url), **{option: "x"})


def test_a_built_client_is_closed_after_a_one_off_complete(api: FakeAPI) -> None:
    """complete() without a client builds one and closes it; with one, leaves it open for the next call."""
    config = _config("anthropic", api.url)
    with build_client(config) as client:
        complete(config, "hi", client=client)
        complete(config, "hi", client=client)
        assert not client.is_closed()
    assert api.connections == 1


def test_the_async_builder_gives_the_sdks_async_clients(api: FakeAPI) -> None:
    """build_async_client() gives AsyncAnthropic, AsyncOpenAI and ollama.AsyncClient."""

    async def kinds() -> list[str]:
        names = []
        for provider in PROVIDERS:
            client = build_async_client(_config(provider, api.url))
            names.append(type(client).__name__)
            await client.close()
        return names

    assert asyncio.run(kinds()) == ["AsyncAnthropic", "AsyncOpenAI", "AsyncClient"]


def test_an_endpoint_error_from_every_builder_names_the_cause(api: FakeAPI) -> None:
    """complete() and acomplete() raise EndpointError with the cause; unreachable is unreachable."""
    api.routes["/api/chat"] = (404, {"error": "model 'x' not found"}, 0.0)
    config = _config("ollama", api.url)
    for run in (_sync, _async):
        with pytest.raises(EndpointError) as caught:
            run(config)
        assert caught.value.cause == "unknown model"
