"""What goes over the wire is exactly the config: proved on loopback servers, under a hostile process environment."""

from __future__ import annotations

import asyncio
import fnmatch
import functools
import importlib.util
import json
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from stigmer_resolve import LLMConfig, resolve
from stigmer_resolve.clients import (
    EndpointError,
    acomplete,
    build_async_client,
    build_client,
    complete,
    probe,
)
from stigmer_resolve.environment import SDK_ENVIRONMENT

from .fakeapi import ECHO, FakeAPI, closed_port, serve
from .helpers import run_in_a_loop

PROVIDERS = ("anthropic", "openai", "ollama")
#: The packages whose environment reads are classified: the SDKs, their HTTP clients, and LangChain's classes.
SCANNED = (
    "anthropic",
    "openai",
    "ollama",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore2",
    "langchain_anthropic",
    "langchain_openai",
    "langchain_ollama",
    "langchain_core",
    "langchain",
    "langsmith",
)
_READS = re.compile(r"getenv|environ\b|get_from_dict_or_env|from_env|secret_from_env|_get_env")
_NAME = re.compile(r"""["'"]([A-Z][A-Z0-9_]{1,}[A-Z0-9])["'"]""")  # a prefix such as "ANTHROPIC_" is no variable
#: A module constant holding a variable's name (LANGSMITH_GATEWAY_ENV = "LANGSMITH_GATEWAY"), read elsewhere.
_CONSTANT = re.compile(r"""^\s*([A-Z_][A-Z0-9_]*)\s*(?::[^=]+)?=\s*["']([A-Z][A-Z0-9_]{1,}[A-Z0-9])["']""", re.M)
_WORD = re.compile(r"\b[A-Z_][A-Z0-9_]*\b")


def _classified(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, row.name) for row in SDK_ENVIRONMENT)


def _sources(package: str) -> Iterator[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed")
    for location in spec.submodule_search_locations:
        yield from Path(location).rglob("*.py")


@functools.cache
def _read_by_scan() -> dict[str, frozenset[str]]:
    """Every variable the scanned packages read, written literally or through a constant, and who reads it."""
    found: dict[str, set[str]] = {}
    for package in SCANNED:
        texts = [path.read_text(encoding="utf-8", errors="replace") for path in _sources(package)]
        constants = {m.group(1): m.group(2) for text in texts for m in _CONSTANT.finditer(text)}
        for text in texts:
            for line in text.splitlines():
                if _READS.search(line):
                    names = _NAME.findall(line) + [constants[w] for w in _WORD.findall(line) if w in constants]
                    for name in names:
                        found.setdefault(name, set()).add(package.replace("_", "-"))
    return {name: frozenset(packages) for name, packages in found.items()}


def test_every_environment_variable_the_sdks_read_is_classified() -> None:
    """Every variable the installed SDKs, HTTP clients and LangChain classes read is classified."""
    found = _read_by_scan()
    # The scan must see what is known to be there, literal or constant, or it proves nothing.
    assert {"ANTHROPIC_CUSTOM_HEADERS", "OPENAI_ORG_ID", "OLLAMA_API_KEY", "SSL_CERT_FILE", "LANGSMITH_GATEWAY"} <= set(
        found
    )
    unclassified = {name: sorted(packages) for name, packages in found.items() if not _classified(name)}
    assert not unclassified, f"classify these in stigmer_resolve/environment.py: {unclassified}"


def test_each_variable_names_every_package_that_reads_it() -> None:
    """A row's read_by names each scanned package seen reading one of its variables."""
    found = _read_by_scan()
    for row in SDK_ENVIRONMENT:
        named = set(re.findall(r"[a-z][a-z0-9-]*", row.read_by))
        readers = {p for name, packages in found.items() if fnmatch.fnmatchcase(name, row.name) for p in packages}
        assert readers <= named, (row.name, sorted(readers - named))


def test_the_readme_lists_every_classified_variable_with_its_class() -> None:
    """The README's table of SDK variables is stigmer_resolve.environment's table."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for row in SDK_ENVIRONMENT:
        assert f"| `{row.name}` | {row.kind} |" in readme, row.name


# --- a hostile process environment ---------------------------------------------------------------

PLANTED = "PLANTED" + secrets.token_hex(8).upper()


def _hostile(evil: str) -> dict[str, str]:
    """Every neutralised or resolved variable, pointing at ``evil`` or carrying the planted secret."""
    headers = f"Authorization: Bearer {PLANTED}\nX-Planted: {PLANTED}\nx-api-key: {PLANTED}\napi-key: {PLANTED}"
    values = {
        "ANTHROPIC_CUSTOM_HEADERS": headers,
        "OPENAI_CUSTOM_HEADERS": headers,
        "OLLAMA_HOST": evil,
        "ANTHROPIC_BASE_URL": evil,
        "ANTHROPIC_API_URL": evil,
        "OPENAI_BASE_URL": evil + "/v1",
        "OPENAI_API_BASE": evil + "/v1",
        "OLLAMA_BASE_URL": evil,
        "AZURE_OPENAI_ENDPOINT": evil,
        "ANTHROPIC_PROFILE": "planted-profile",
        "ANTHROPIC_CONFIG_DIR": "/nonexistent/planted",
        "OPENAI_API_VERSION": "2099-01-01",
        "OPENAI_API_TYPE": "azure",
        "LC_OUTPUT_VERSION": "responses/v1",
        "ANTHROPIC_PROXY": evil,
        "OPENAI_PROXY": evil,
        "LANGSMITH_GATEWAY": evil,  # a URL: the gateway the LangChain classes would send to
        "OTEL_PROPAGATORS": "tracecontext",
        "ANTHROPIC_OPEN_TELEMETRY_PROPAGATION": "true",
        "OTEL_PYTHON_TRACER_PROVIDER": "sdk_tracer_provider",
    }
    for row in SDK_ENVIRONMENT:
        if row.kind != "honoured" and row.name not in values:
            values[row.name.replace("*", "PLANTED")] = f"{PLANTED}-{row.name.lower()}"
    return values


@pytest.fixture
def evil() -> Iterator[FakeAPI]:
    """A second loopback server: where a hostile variable would send a request. It must receive nothing."""
    with serve() as server:
        yield server


@pytest.fixture
def hostile(evil: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = _hostile(evil.url)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def _key() -> str:
    return "gw-" + secrets.token_urlsafe(24) + '"\\'


def _config(provider: str, url: str, key: str | None, via_request: bool = False) -> LLMConfig:
    base = f"{url}/v1" if provider == "openai" else url
    settings = {"provider": provider, "base_url": base, **({"api_key": key} if key else {})}
    if via_request:
        result = resolve("local", {}, settings)
    else:
        result = resolve("local", {f"STIGMER_LLM_{k.upper()}": v for k, v in settings.items()})
    assert isinstance(result, LLMConfig), result
    return result.replace(max_retries=0)


_PATHS = {"anthropic": "/v1/messages", "openai": "/v1/chat/completions", "ollama": "/api/chat"}


def _assert_exactly_the_config(api: FakeAPI, evil: FakeAPI, provider: str, key: str | None, count: int) -> None:
    assert not evil.requests, evil.requests
    assert len(api.requests) == count
    for request in api.requests:
        assert request.path == _PATHS[provider]
        assert PLANTED not in json.dumps(request.headers) + json.dumps(request.body)
        expected = f"Bearer {key}" if key else "Bearer stigmer-resolve-no-key" if provider == "openai" else None
        assert request.headers.get("authorization") == expected
        assert not {"x-api-key", "api-key", "openai-organization", "openai-project", "traceparent"} & set(
            request.headers
        )


@pytest.mark.parametrize("via_request", [False, True], ids=["env config", "request config"])
@pytest.mark.parametrize("keyed", [True, False], ids=["key", "no key"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_built_client_sends_exactly_the_config_whatever_the_environment_says(
    api: FakeAPI, evil: FakeAPI, hostile: dict[str, str], provider: str, keyed: bool, via_request: bool
) -> None:
    """Sync, async and LangChain (invoke, ainvoke): the config's host, the config's key, nothing planted."""
    from stigmer_resolve.langchain import chat_model

    if provider == "anthropic" and not keyed:
        keyed = True  # anthropic always needs a key
    key = _key() if keyed else None
    config = _config(provider, api.url, key, via_request)
    assert complete(config, "hello")
    assert asyncio.run(acomplete(config, "hello"))
    model = chat_model(config)
    assert model.invoke("hello").content
    assert run_in_a_loop(model.ainvoke("hello")).content
    _assert_exactly_the_config(api, evil, provider, key, 4)


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_a_langsmith_gateway_block_changes_nothing_a_langchain_model_sends(
    api: FakeAPI, evil: FakeAPI, provider: str
) -> None:
    """A model built inside langsmith_gateway() still sends to the config's endpoint with the config's key."""
    from langchain_core.utils._gateway import langsmith_gateway

    from stigmer_resolve.langchain import chat_model

    key = _key()
    config = _config(provider, api.url, key)
    with langsmith_gateway(api_key=PLANTED, base_url=evil.url):
        model = chat_model(config)
        assert model.invoke("hello").content
    assert run_in_a_loop(model.ainvoke("hello")).content
    _assert_exactly_the_config(api, evil, provider, key, 2)


def test_a_worker_with_only_a_custom_header_credential_sends_it_to_no_request_chosen_host(
    api: FakeAPI, evil: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A gateway bearer in OPENAI_CUSTOM_HEADERS never reaches a base_url a request chose without a key."""
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", f"Authorization: Bearer {PLANTED}")
    monkeypatch.setenv("ANTHROPIC_CUSTOM_HEADERS", f"Authorization: Bearer {PLANTED}")
    config = resolve("local", {}, {"provider": "openai", "base_url": f"{api.url}/v1"})
    assert isinstance(config, LLMConfig) and config.api_key is None
    complete(config, "hello")
    _assert_exactly_the_config(api, evil, "openai", None, 1)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_client_follows_a_redirect_to_another_origin(
    api: FakeAPI, evil: FakeAPI, provider: str, asynchronous: bool
) -> None:
    """A 307 to a second loopback server is an error (cause 'redirected'); the second server receives nothing."""
    api.redirects[_PATHS[provider]] = f"{evil.url}{_PATHS[provider]}"
    config = _config(provider, api.url, _key())
    with pytest.raises(EndpointError) as caught:
        if asynchronous:
            asyncio.run(acomplete(config, "hello"))
        else:
            complete(config, "hello")
    assert caught.value.cause == "redirected" and caught.value.status == 307
    assert len(api.requests) == 1 and not evil.requests


def _encodings(secret: str) -> set[str]:
    return {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe=""), quote(secret)}


@pytest.mark.parametrize("status", [401, 500])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_client_error_shows_a_credential_a_server_echoes(
    api: FakeAPI, hostile: dict[str, str], provider: str, status: int
) -> None:
    """A server echoing every request header: the error, its chain, the probe and the CLI show no credential."""
    api.routes["/"] = (status, ECHO, 0.0)
    key = _key()
    config = _config(provider, api.url, key)
    with pytest.raises(EndpointError) as caught:
        complete(config, "hello")
    error = caught.value
    assert error.__cause__ is None and error.__context__ is None and error.status == status and error.error_type
    result = probe(config)
    cli = subprocess.run(
        [sys.executable, "-m", "stigmer_resolve", "ask", "hi", "--set", "max_retries=0"],
        env={**hostile, "PATH": "/usr/bin:/bin", **config.to_env()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert cli.returncode == 3, cli.stderr
    shown = [
        str(error),
        repr(error),
        *map(str, error.args),
        result.detail,
        result.hint,
        repr(result),
        cli.stdout,
        cli.stderr,
    ]
    for secret in (key, PLANTED):
        for form in _encodings(secret):
            assert not any(form in text for text in shown), (form, shown)
    assert any(
        r.headers.get("authorization") == f"Bearer {key}" for r in api.requests
    )  # the server saw, and echoed, it


_CHAT_PATHS = {"anthropic": "/v1/messages", "openai": "/v1/chat/completions", "ollama": "/api/chat"}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("no_proxy", ["", "127.0.0.1", "other.example"])
def test_proxies_are_honoured_as_transport_by_every_sdk(
    evil: FakeAPI, monkeypatch: pytest.MonkeyPatch, provider: str, no_proxy: str
) -> None:
    """HTTP_PROXY carries a request to another host unless NO_PROXY names it, alike in every SDK (transport)."""
    monkeypatch.setenv("HTTP_PROXY", evil.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    remote = f"http://api.example:{closed_port()}"  # never resolved: the proxy is asked for it
    config = _config(provider, remote, _key())
    assert complete(config, "hello") == f"hi from {provider}"  # the fake "proxy" answers as the API would
    (request,) = evil.requests
    assert request.path == f"{remote}{_CHAT_PATHS[provider]}"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_an_endpoint_on_this_machine_is_never_reached_through_a_proxy(
    api: FakeAPI, evil: FakeAPI, monkeypatch: pytest.MonkeyPatch, provider: str, host: str
) -> None:
    """With HTTP_PROXY set and NO_PROXY empty, an endpoint on this machine is still reached directly."""
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(variable, evil.url)
    monkeypatch.setenv("NO_PROXY", "")
    from stigmer_resolve.langchain import chat_model

    key = _key()
    config = _config(provider, api.url.replace("127.0.0.1", host), key)
    assert complete(config, "hello") == f"hi from {provider}"
    assert chat_model(config).invoke("hello").content
    assert not evil.requests and len(api.requests) == 2
    assert all(r.headers.get("authorization") == f"Bearer {key}" for r in api.requests)


def test_a_retry_after_of_an_hour_is_not_obeyed(api: FakeAPI) -> None:
    """A 429 asking to wait an hour is retried after the SDK's own short backoff, so a worker is never stalled."""
    api.routes["/v1/messages"] = (429, {"error": {"type": "rate_limit_error", "message": "slow down"}}, 0.0)
    config = _config("anthropic", api.url, _key()).replace(max_retries=1)
    started = time.monotonic()
    with pytest.raises(EndpointError):
        complete(config, "hello")
    assert len(api.requests) == 2 and time.monotonic() - started < 15


@pytest.mark.parametrize(("provider", "variable"), [("anthropic", "ANTHROPIC_LOG"), ("openai", "OPENAI_LOG")])
def test_sdk_debug_logging_shows_no_key(api: FakeAPI, provider: str, variable: str) -> None:
    """With the SDK's debug log on, a request logs no key."""
    key = _key()
    code = (
        "from stigmer_resolve import resolve\nfrom stigmer_resolve.clients import complete\n"
        f"print(complete(resolve('local', {{'STIGMER_LLM_PROVIDER': {provider!r}, "
        f"'STIGMER_LLM_BASE_URL': {_config(provider, api.url, key).base_url!r}, "
        f"'STIGMER_LLM_API_KEY': {key!r}}}), 'hi'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", variable: "debug"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "DEBUG" in done.stderr, done.stderr[-2000:]
    assert not any(form in done.stdout + done.stderr for form in _encodings(key))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_client_built_for_one_origin_refuses_to_send_to_another(api: FakeAPI, evil: FakeAPI, provider: str) -> None:
    """The request guard stops any request a built client would send elsewhere than the config's origin."""
    from stigmer_resolve.clients import _Refused

    with build_client(_config(provider, api.url, _key())) as client:
        with pytest.raises(_Refused):
            client._client.get(f"{evil.url}/anything")  # the HTTP client under the SDK, asked for another origin
        client._client.get(f"{api.url}/v1/models/x")
    assert not evil.requests and len(api.requests) == 1


def test_an_async_client_is_guarded_too(api: FakeAPI, evil: FakeAPI, hostile: dict[str, str]) -> None:
    """build_async_client() gives the same guarantees as build_client()."""

    async def run() -> None:
        for provider in PROVIDERS:
            config = _config(provider, api.url, _key())
            client = build_async_client(config)
            try:
                await acomplete(config, "hi", client=client)
            finally:
                await client.close()

    asyncio.run(run())
    assert not evil.requests and len(api.requests) == 3
