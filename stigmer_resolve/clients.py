"""The SDK edge: build the official clients from a config, send a turn, probe the endpoint.

Each SDK is imported only inside the function that needs it, so importing
stigmer_resolve stays free of them. The provider table says which API a
provider speaks; everything here dispatches on that, exhaustively.

What a built client sends is exactly what the config says (README, "What goes
over the wire"): key, URL, timeout and retries are passed explicitly; the SDKs'
own environment variables that would add headers, re-key, re-route or trace a
request are neutralised; redirects are not followed; and a request hook checks,
on every request, that it goes to the config's origin with the config's key.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, assert_never
from urllib.parse import urlsplit

from .config import MASK, MIN_SECRET_LENGTH, LLMConfig, escaped_forms
from .providers import PROVIDERS, Api
from .urls import is_this_machine

__all__ = [
    "CLIENT_CACHE_SIZE",
    "NO_KEY_PLACEHOLDER",
    "ClientError",
    "EndpointError",
    "Message",
    "MissingSDKError",
    "ProbeResult",
    "aclose_clients",
    "acomplete",
    "async_client_for",
    "build_async_client",
    "build_client",
    "chat_kwargs",
    "client_for",
    "close_clients",
    "complete",
    "import_sdk",
    "probe",
]

#: Sent as the key to an OpenAI-compatible server that needs none: the openai SDK refuses to be built without one.
NO_KEY_PLACEHOLDER = "stigmer-resolve-no-key"
#: How many clients client_for() and async_client_for() (per event loop) keep; one that leaves is closed once unused.
CLIENT_CACHE_SIZE = 16
#: A server's Retry-After above this many seconds is ignored (the SDK's own backoff applies): a broken or
#: hostile endpoint must not put a worker to sleep for days.
MAX_RETRY_AFTER = 60.0

#: A chat message: {"role": "system" | "user" | "assistant", "content": str}.
Message = Mapping[str, str]


class ClientError(Exception):
    """A client could not be built or used: its SDK is missing or cannot be imported, or the endpoint failed."""


class MissingSDKError(ClientError, ImportError):
    """The SDK a provider needs is not installed.

    Attributes:
        extra: The stigmer-resolve extra that installs it.
    """

    def __init__(self, module: str, extra: str) -> None:
        self.extra = extra
        super().__init__(f"the {module} package is not installed: pip install 'stigmer-resolve[{extra}]'")


class EndpointError(ClientError):
    """The endpoint did not answer as it should. The message names provider, endpoint and cause, never a secret.

    The SDK's exception is not kept (neither ``__cause__`` nor ``__context__``): it holds the
    request's headers, key included. Its type name and status are.

    Attributes:
        provider: The provider called.
        endpoint: The base URL called.
        cause: ``unreachable``, ``timeout``, ``unauthorised``, ``unknown model``, ``redirected``,
            ``refused``, ``http <status>`` or ``error``.
        status: The HTTP status, where there was one.
        error_type: The SDK exception's type name.
    """

    def __init__(
        self, provider: str, endpoint: str, cause: str, detail: str, status: int | None = None, error_type: str = ""
    ) -> None:
        self.provider, self.endpoint, self.cause = provider, endpoint, cause
        self.status, self.error_type = status, error_type
        super().__init__(f"{provider} at {endpoint}: {cause}: {detail}")


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What probing an endpoint found.

    Attributes:
        ok: True when the endpoint answered and the model is there.
        provider: The provider probed.
        endpoint: The base URL probed.
        latency: Seconds the endpoint took to answer, or None when it did not.
        detail: What happened.
        hint: What to do about it ("" when ok).
    """

    ok: bool
    provider: str
    endpoint: str
    latency: float | None
    detail: str
    hint: str

    def explain(self) -> str:
        """Return a few lines for a person."""
        took = "" if self.latency is None else f" ({self.latency * 1000:.0f} ms)"
        lines = [f"{'ok' if self.ok else 'FAILED'}: {self.provider} at {self.endpoint}{took}", f"  {self.detail}"]
        return "\n".join(lines + ([f"  hint: {self.hint}"] if self.hint else []))

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-safe dict."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class _Refused(Exception):
    """A request about to leave for another origin than the config's: the guard stops it."""


# --- the wire: what every client sends, and to where -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wire:
    """What a client built from a config may send: its origin, and its Authorization header (None: none)."""

    origin: tuple[str, str, int]
    authorization: str | None = field(repr=False)  # a LangChain model's repr (and LangSmith) must not show it

    @classmethod
    def of(cls, config: LLMConfig, keyless: str | None) -> _Wire:
        url = urlsplit(config.base_url)
        origin = (url.scheme, (url.hostname or "").lower(), url.port or (443 if url.scheme == "https" else 80))
        key = config.api_key.get_secret_value() if config.api_key is not None else keyless
        return cls(origin, None if key is None else f"Bearer {key}")

    def unproxied(self) -> dict[str, None]:
        """httpx mounts that take an endpoint on this machine past any proxy, as Go's net/http does: a proxy
        would carry the request, key and all, off the machine (in clear text, for http)."""
        host = self.origin[1]
        if not is_this_machine(host):
            return {}
        return {f"all://[{host}]" if ":" in host else f"all://{host}": None}

    def check(self, request: Any) -> None:
        """Stop a request to another origin; set exactly the config's credential, whatever added another."""
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        if (url.scheme, url.host.lower(), port) != self.origin:
            raise _Refused(f"a request to {url.scheme}://{url.host}:{port} is not to the configured endpoint")
        for name in ("authorization", "x-api-key", "api-key", "openai-organization", "openai-project"):
            request.headers.pop(name, None)
        if self.authorization is not None:
            request.headers["authorization"] = self.authorization

    @staticmethod
    def cap_retry_after(response: Any) -> None:
        """Drop a Retry-After longer than MAX_RETRY_AFTER (the SDK then backs off by itself)."""
        for name, scale in (("retry-after", 1.0), ("retry-after-ms", 1000.0)):
            value = response.headers.get(name)
            if value is None:
                continue
            try:
                short = 0 <= float(value) / scale <= MAX_RETRY_AFTER
            except ValueError:  # an HTTP date: not worth trusting either
                short = False
            if not short:
                del response.headers[name]

    def hooks(self, asynchronous: bool) -> dict[str, list[Callable[[Any], Any]]]:
        """Return httpx event hooks that run check() and cap_retry_after() on every request and response."""
        if not asynchronous:
            return {"request": [self.check], "response": [self.cap_retry_after]}

        async def check(request: Any) -> None:
            self.check(request)

        async def cap(response: Any) -> None:
            self.cap_retry_after(response)

        return {"request": [check], "response": [cap]}


def import_sdk(module: str, extra: str) -> Any:
    """Import an SDK (or a LangChain partner package); a missing one is a MissingSDKError naming the extra."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.split(".")[0] == module:
            raise MissingSDKError(module, extra) from None
        missing = error.name
    except Exception as error:  # ollama builds a client at import, from the process environment
        raise ClientError(
            f"importing {module} failed with {type(error).__name__}: the process environment breaks it"
            " (check OLLAMA_HOST, SSL_CERT_FILE and the *_PROXY variables); the config's own endpoint is passed"
            " explicitly anyway"
        ) from None
    raise ClientError(f"importing {module} failed: it needs {missing}, which is not installed")


# --- one adapter per API ---------------------------------------------------------------------------


class _Adapter(Protocol):
    module: str
    keyless: str | None
    hints: Mapping[str, str]

    def build(self, sdk: Any, config: LLMConfig, wire: _Wire, asynchronous: bool) -> Any: ...

    def chat_kwargs(self, config: LLMConfig) -> dict[str, Any]: ...

    def chat(self, client: Any, config: LLMConfig, messages: list[dict[str, str]]) -> tuple[Any, Callable[[Any], str]]:
        """Return the SDK's reply (an awaitable of it, for an async client) and how to read its text."""
        ...

    def probe(self, client: Any, config: LLMConfig) -> tuple[bool, str, str]: ...


def _pinned(base: type, identity: Mapping[str, str]) -> type:
    """Subclass an anthropic/openai client so that no environment variable adds a header or an identity.

    The SDKs merge ANTHROPIC_CUSTOM_HEADERS / OPENAI_CUSTOM_HEADERS into every client (and into
    every copy that with_options() makes), and openai adds OPENAI_ORG_ID / OPENAI_PROJECT_ID and
    reads OPENAI_ADMIN_KEY. ``identity`` gives those arguments as "" so that none is read; the
    subclass then drops what was merged. It keeps the class name, which the SDK puts in the User-Agent.
    """

    def __init__(self: Any, **kwargs: Any) -> None:
        base.__init__(self, **identity, **kwargs)  # type: ignore[misc]
        self._custom_headers = {}
        if "organization" in identity:
            self.organization = self.project = None  # None: the header is left out
            self._ambient_authorizations = frozenset()

    return type(base.__name__, (base,), {"__init__": __init__, "__module__": __name__})


@cache
def _anthropic_class(sdk: Any, asynchronous: bool) -> type:
    return _pinned(sdk.AsyncAnthropic if asynchronous else sdk.Anthropic, {"webhook_key": ""})


@cache
def _openai_class(sdk: Any, asynchronous: bool) -> type:
    identity = {"organization": "", "project": "", "admin_api_key": "", "webhook_secret": ""}
    return _pinned(sdk.AsyncOpenAI if asynchronous else sdk.OpenAI, identity)


def _http_client(sdk: Any, wire: _Wire, asynchronous: bool) -> Any:
    """The SDK's own default HTTP client (its limits and keep-alive), minus redirects, plus the guard."""
    factory = sdk.DefaultAsyncHttpxClient if asynchronous else sdk.DefaultHttpxClient
    return factory(follow_redirects=False, event_hooks=wire.hooks(asynchronous), mounts=wire.unproxied())


def _system_and_turns(messages: list[dict[str, str]]) -> tuple[str | None, list[dict[str, str]]]:
    system = [m["content"] for m in messages if m["role"] == "system"]
    return ("\n\n".join(system) if system else None), [m for m in messages if m["role"] != "system"]


class _HostedAdapter:
    """What the anthropic and openai adapters share: a model that can be asked for by id."""

    def probe(self, client: Any, config: LLMConfig) -> tuple[bool, str, str]:
        client.models.retrieve(config.model)
        return True, f"model {config.model} is available", ""


class _AnthropicAdapter(_HostedAdapter):
    module = "anthropic"
    keyless: str | None = None
    hints: Mapping[str, str] = {}

    def build(self, sdk: Any, config: LLMConfig, wire: _Wire, asynchronous: bool) -> Any:
        key = config.api_key.get_secret_value() if config.api_key is not None else ""
        return _anthropic_class(sdk, asynchronous)(
            api_key=key,  # never None: None reads the environment, profiles and workload identity
            base_url=config.base_url,
            timeout=config.timeout,
            max_retries=config.max_retries,
            open_telemetry=False,  # no trace headers, no prompt in spans
            http_client=_http_client(sdk, wire, asynchronous),
        )

    def chat_kwargs(self, config: LLMConfig) -> dict[str, Any]:
        return {"model": config.model, "max_tokens": config.max_tokens}

    def chat(self, client: Any, config: LLMConfig, messages: list[dict[str, str]]) -> tuple[Any, Callable[[Any], str]]:
        system, turns = _system_and_turns(messages)
        extra = {} if system is None else {"system": system}
        call = client.messages.create(messages=turns, **extra, **self.chat_kwargs(config))
        return call, lambda reply: "".join(getattr(block, "text", "") for block in reply.content)


class _OpenAIAdapter(_HostedAdapter):
    module = "openai"
    keyless: str | None = NO_KEY_PLACEHOLDER
    hints: Mapping[str, str] = {}

    def build(self, sdk: Any, config: LLMConfig, wire: _Wire, asynchronous: bool) -> Any:
        key = config.api_key.get_secret_value() if config.api_key is not None else NO_KEY_PLACEHOLDER
        return _openai_class(sdk, asynchronous)(
            api_key=key,
            base_url=config.base_url,
            timeout=config.timeout,
            max_retries=config.max_retries,
            http_client=_http_client(sdk, wire, asynchronous),
        )

    def chat_kwargs(self, config: LLMConfig) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": config.model, "max_completion_tokens": config.max_tokens}
        if config.temperature is not None:
            kwargs["temperature"] = config.temperature
        return kwargs

    def chat(self, client: Any, config: LLMConfig, messages: list[dict[str, str]]) -> tuple[Any, Callable[[Any], str]]:
        call = client.chat.completions.create(messages=messages, **self.chat_kwargs(config))
        return call, lambda reply: str(reply.choices[0].message.content or "")


@cache
def _retrying_transport(httpx: Any, asynchronous: bool) -> Callable[[Any, int], Any]:
    """A transport that retries a failed connection (or TLS handshake) around another, proxy or not.

    The ollama client has no retry option, and httpx gives a proxy's transport none: this one is the same
    for both. It is safe for a POST, since nothing was sent; a 5xx or a dropped answer is not retried.
    The delays are httpcore's own: none, then 0.5 s, doubling.
    """
    failed_to_connect = (httpx.ConnectError, httpx.ConnectTimeout)

    def delays(retries: int) -> Iterator[float]:
        yield from (0.0 if attempt == 0 else 0.5 * 2 ** (attempt - 1) for attempt in range(retries))

    if asynchronous:

        class AsyncRetrying(httpx.AsyncBaseTransport):  # type: ignore[misc]
            def __init__(self, inner: Any, retries: int) -> None:
                self.inner, self.retries = inner, retries

            async def handle_async_request(self, request: Any) -> Any:
                for delay in delays(self.retries):
                    try:
                        return await self.inner.handle_async_request(request)
                    except failed_to_connect:
                        await asyncio.sleep(delay)
                return await self.inner.handle_async_request(request)

            async def aclose(self) -> None:
                await self.inner.aclose()

        return AsyncRetrying

    class Retrying(httpx.BaseTransport):  # type: ignore[misc]
        def __init__(self, inner: Any, retries: int) -> None:
            self.inner, self.retries = inner, retries

        def handle_request(self, request: Any) -> Any:
            for delay in delays(self.retries):
                try:
                    return self.inner.handle_request(request)
                except failed_to_connect:
                    time.sleep(delay)
            return self.inner.handle_request(request)

        def close(self) -> None:
            self.inner.close()

    return Retrying


class _OllamaAdapter:
    module = "ollama"
    keyless: str | None = None
    hints: Mapping[str, str] = {
        "unreachable": "start Ollama (ollama serve), or point OLLAMA_HOST / STIGMER_LLM_BASE_URL at it"
    }

    def build(self, sdk: Any, config: LLMConfig, wire: _Wire, asynchronous: bool) -> Any:
        import httpx  # ollama's own HTTP library
        from httpx._utils import get_environment_proxies

        plain = httpx.AsyncHTTPTransport if asynchronous else httpx.HTTPTransport
        retrying = _retrying_transport(httpx, asynchronous)
        # A transport of one's own makes httpx skip HTTP(S)_PROXY, ALL_PROXY and NO_PROXY: mount them again as
        # httpx reads them (its own function), so ollama goes through a proxy as anthropic and openai do; but an
        # endpoint on this machine never goes through one (see _Wire.unproxied).
        proxies = {} if wire.unproxied() else get_environment_proxies()
        return (sdk.AsyncClient if asynchronous else sdk.Client)(
            host=config.base_url,  # never empty: an empty host reads OLLAMA_HOST
            timeout=config.timeout,  # ollama's own default is no timeout at all
            follow_redirects=False,
            transport=retrying(plain(), config.max_retries),
            mounts={
                pattern: None if proxy is None else retrying(plain(proxy=proxy), config.max_retries)
                for pattern, proxy in proxies.items()
            },
            event_hooks=wire.hooks(asynchronous),  # sets the config's key, or removes OLLAMA_API_KEY's
        )

    def chat_kwargs(self, config: LLMConfig) -> dict[str, Any]:
        options: dict[str, Any] = {"num_predict": config.max_tokens}
        if config.temperature is not None:
            options["temperature"] = config.temperature
        if config.num_ctx is not None:
            options["num_ctx"] = config.num_ctx
        return {"model": config.model, "options": options}

    def chat(self, client: Any, config: LLMConfig, messages: list[dict[str, str]]) -> tuple[Any, Callable[[Any], str]]:
        call = client.chat(messages=messages, stream=False, **self.chat_kwargs(config))
        return call, lambda reply: str(reply["message"]["content"] or "")

    def probe(self, client: Any, config: LLMConfig) -> tuple[bool, str, str]:
        listed = client.list()
        installed = sorted(str(getattr(m, "model", None) or m.get("model") or m.get("name")) for m in listed["models"])
        wanted = {config.model, f"{config.model}:latest"} if ":" not in config.model else {config.model}
        if wanted & set(installed):
            return True, f"model {config.model} is pulled", ""
        hint = f"ollama pull {config.model}"
        family = config.model.partition(":")[0]
        same = [name for name in installed if name.partition(":")[0] == family]
        if same:
            hint += f"   (installed of that family: {', '.join(same)})"
        elif installed:
            hint += f"   (installed: {', '.join(installed[:8])})"
        return False, f"model {config.model} is not pulled ({len(installed)} models installed)", hint


_ANTHROPIC, _OPENAI, _OLLAMA = _AnthropicAdapter(), _OpenAIAdapter(), _OllamaAdapter()


def _adapter(api: Api) -> _Adapter:
    match api:
        case "anthropic":
            return _ANTHROPIC
        case "openai":
            return _OPENAI
        case "ollama":
            return _OLLAMA
        case _:
            assert_never(api)


def _adapter_for(config: LLMConfig) -> tuple[_Adapter, str]:
    row = PROVIDERS[config.provider]
    return _adapter(row.api), row.extra


# --- building ----------------------------------------------------------------------------------------


def _build(config: LLMConfig, asynchronous: bool) -> Any:
    adapter, extra = _adapter_for(config)
    sdk = import_sdk(adapter.module, extra)
    return adapter.build(sdk, config, _Wire.of(config, adapter.keyless), asynchronous)


def build_client(config: LLMConfig) -> Any:
    """Build the official SDK client for ``config``: anthropic.Anthropic, openai.OpenAI or ollama.Client.

    Key, URL, timeout and retries come from the config; nothing is read from the
    process environment but the transport settings the README lists.

    Raises:
        MissingSDKError: The SDK is not installed (an ImportError too).
        ClientError: The SDK cannot be imported.
    """
    return _build(config, asynchronous=False)


def build_async_client(config: LLMConfig) -> Any:
    """Build the asynchronous SDK client for ``config``: AsyncAnthropic, AsyncOpenAI or ollama.AsyncClient."""
    return _build(config, asynchronous=True)


def chat_kwargs(config: LLMConfig) -> dict[str, Any]:
    """Return the keyword arguments of the SDK's chat call that carry the model, max tokens, temperature, num_ctx."""
    return _adapter_for(config)[0].chat_kwargs(config)


def _wire_key(config: LLMConfig) -> tuple[object, ...]:
    """What a client carries on the wire: the model is not part of it, it goes with each call."""
    key = None if config.api_key is None else config.api_key.get_secret_value()
    return (config.provider, config.base_url, key, config.timeout, config.max_retries)


class _Clients:
    """A bounded, thread-safe cache of clients, keyed by what they send."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._clients: OrderedDict[tuple[object, ...], Any] = OrderedDict()

    def get(self, key: tuple[object, ...], build: Callable[[], Any]) -> tuple[Any, list[Any]]:
        """Return the client for ``key`` (built on a miss) and the clients evicted to make room."""
        with self._lock:
            client = self._clients.get(key)
            if client is not None:
                self._clients.move_to_end(key)
                return client, []
            client = self._clients[key] = build()
            evicted = []
            while len(self._clients) > self._size:
                evicted.append(self._clients.popitem(last=False)[1])
            return client, evicted

    def drain(self) -> list[Any]:
        """Forget every client kept, and return them to be closed."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), OrderedDict()
        return clients


def _close_when_unused(client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
    """Close an evicted client once nothing holds it any more: a request may still be running on it.

    What closes is the HTTP client under the SDK client (``_client`` in all three SDKs), which is
    what the SDK's own close() closes; it holds no reference back, so the SDK client can be collected.
    """
    http = client._client
    if loop is None:
        weakref.finalize(client, http.close)
    else:
        weakref.finalize(client, _aclose_in, loop, http)


def _aclose_in(loop: asyncio.AbstractEventLoop, http: Any) -> None:
    """Close an async HTTP client in its own loop (a finalizer may run in any thread); a closed loop needs none."""

    def start() -> None:
        task = loop.create_task(http.aclose())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)

    if not loop.is_closed():
        loop.call_soon_threadsafe(start)


_SYNC_CLIENTS = _Clients(CLIENT_CACHE_SIZE)


def close_clients() -> None:
    """Close every client client_for() keeps (it runs at exit too, so no connection is left to the collector)."""
    for client in _SYNC_CLIENTS.drain():
        client.close()


atexit.register(close_clients)
_ASYNC_CLIENTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Clients] = weakref.WeakKeyDictionary()
_ASYNC_LOCK = threading.Lock()
_CLOSING: set[asyncio.Task[Any]] = set()  # evicted async clients being closed (a task must be referenced)


def client_for(config: LLMConfig) -> Any:
    """Return a client for ``config`` from a cache of CLIENT_CACHE_SIZE, so requests share connections.

    Configs that differ only in model (or max_tokens, temperature, num_ctx, which go with each call)
    share one client. Thread-safe. When the cache is full the least recently used client leaves it, and is
    closed once nothing holds it any more, so that a request still running on it finishes.
    """
    client, evicted = _SYNC_CLIENTS.get(_wire_key(config), lambda: build_client(config))
    for old in evicted:
        _close_when_unused(old, None)
    return client


async def aclose_clients() -> None:
    """Close every client async_client_for() keeps for the running event loop: call it before the loop ends."""
    with _ASYNC_LOCK:
        clients = _ASYNC_CLIENTS.pop(asyncio.get_running_loop(), None)
    for client in clients.drain() if clients is not None else ():
        await client.close()


def async_client_for(config: LLMConfig) -> Any:
    """Return an async client for ``config`` from the running event loop's cache (see client_for()).

    An async client belongs to the loop it runs in, so each loop has its own cache, dropped with the loop.
    Call it from a coroutine: without a running loop it raises RuntimeError.
    """
    loop = asyncio.get_running_loop()
    with _ASYNC_LOCK:
        clients = _ASYNC_CLIENTS.setdefault(loop, _Clients(CLIENT_CACHE_SIZE))
    client, evicted = clients.get(_wire_key(config), lambda: build_async_client(config))
    for old in evicted:
        _close_when_unused(old, loop)
    return client


# --- calling -------------------------------------------------------------------------------------------


def _messages(prompt: str | Sequence[Message]) -> list[dict[str, str]]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in prompt]
    for message in messages:
        if message["role"] not in ("system", "user", "assistant"):
            raise ValueError(f"a message's role is system, user or assistant, not {message['role']!r}")
    return messages


def complete(config: LLMConfig, prompt: str | Sequence[Message], *, client: Any = None) -> str:
    """Send one chat turn and return the answer's text.

    Args:
        config: The resolved configuration.
        prompt: A user prompt, or a list of {"role", "content"} messages; a system message
            goes where each API wants it (anthropic's system parameter, a system role otherwise).
        client: A client built for ``config`` (client_for() keeps one per endpoint); else one is built.

    Raises:
        EndpointError: The endpoint is unreachable, refuses the key, does not know the model, or fails.
        MissingSDKError: The SDK is not installed.
    """
    adapter, _ = _adapter_for(config)
    messages = _messages(prompt)
    own = client is None
    client = build_client(config) if own else client
    failure: EndpointError | None = None
    try:
        reply, text_of = adapter.chat(client, config, messages)
        return text_of(reply)
    except Exception as error:
        failure = _endpoint_error(config, error)
    finally:
        if own:
            client.close()
    raise failure  # outside the except block, so that the SDK's exception is not its __context__


async def acomplete(config: LLMConfig, prompt: str | Sequence[Message], *, client: Any = None) -> str:
    """Send one chat turn with the async client and return the answer's text (see complete())."""
    adapter, _ = _adapter_for(config)
    messages = _messages(prompt)
    own = client is None
    client = build_async_client(config) if own else client
    failure: EndpointError | None = None
    try:
        reply, text_of = adapter.chat(client, config, messages)
        return text_of(await reply)
    except Exception as error:
        failure = _endpoint_error(config, error)
    finally:
        if own:
            await client.close()
    raise failure


def _classify(error: BaseException) -> tuple[str, int | None]:
    """Name the cause of an SDK error, whichever SDK raised it, and its HTTP status."""
    status = getattr(error, "status_code", None)
    if status is None:
        status = getattr(getattr(error, "response", None), "status_code", None)
    status = status if isinstance(status, int) else None
    chain = [error, error.__cause__, error.__context__]
    names = {cls.__name__ for link in chain if link is not None for cls in type(link).__mro__}
    if "_Refused" in names:
        return "refused", status
    if names & {"APITimeoutError", "TimeoutException", "TimeoutError", "ReadTimeout"}:
        return "timeout", status
    if status is not None:
        if 300 <= status < 400:
            return "redirected", status
        if status in (401, 403):
            return "unauthorised", status
        if status == 404:
            return "unknown model", status
        return f"http {status}", status
    if names & {"APIConnectionError", "ConnectError", "ConnectionError", "TransportError", "OSError"}:
        return "unreachable", status
    return "error", status


def _secrets(config: LLMConfig) -> list[str]:
    """Every credential a client might carry or a server might echo: the config's key, and what the SDKs'
    environment variables would have added (neutralised, so never sent, but masked all the same)."""
    found = [] if config.api_key is None else [config.api_key.get_secret_value()]
    for name in ("ANTHROPIC_CUSTOM_HEADERS", "OPENAI_CUSTOM_HEADERS"):
        for line in os.environ.get(name, "").split("\n"):
            found.append(line.partition(":")[2].strip())
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "OLLAMA_API_KEY", "OPENAI_ADMIN_KEY"):
        found.append(os.environ.get(name, "").strip())
    for value in list(found):
        found += value.split()  # "Bearer <token>" echoed as the token alone
    return [secret for secret in found if len(secret) >= MIN_SECRET_LENGTH]


def _mask(text: str, secrets: list[str]) -> str:
    forms = {form for secret in secrets for form in escaped_forms(secret)}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text


def _endpoint_error(config: LLMConfig, error: BaseException) -> EndpointError:
    cause, status = _classify(error)
    detail = _mask(f"{type(error).__name__}: {error}", _secrets(config))
    return EndpointError(config.provider, config.base_url, cause, detail[:500], status, type(error).__name__)


_HINTS = {
    "unreachable": "is the server running, and is base_url right? (STIGMER_LLM_BASE_URL)",
    "timeout": "the endpoint is slow or unreachable: check base_url, or raise the timeout (STIGMER_LLM_TIMEOUT)",
    "unauthorised": "check the API key (STIGMER_LLM_API_KEY or the provider's own key variable)",
    "unknown model": "check the model id (STIGMER_LLM_MODEL)",
    "redirected": "the endpoint answers with a redirect, which is not followed: set base_url to where it points",
    "refused": "a request was about to leave for another host than base_url, and was stopped",
}


def probe(config: LLMConfig, *, timeout: float = 5.0) -> ProbeResult:
    """Ask the endpoint whether it answers and has the model, spending no tokens. Never raises."""

    start = time.perf_counter()

    def result(ok: bool, detail: str, hint: str, answered: bool = True) -> ProbeResult:
        latency = time.perf_counter() - start if answered else None
        return ProbeResult(ok, config.provider, config.base_url, latency, detail, hint)

    failure: EndpointError | None = None
    try:
        adapter, _ = _adapter_for(config)
        with build_client(config.replace(timeout=timeout, max_retries=0)) as client:
            return result(*adapter.probe(client, config))
    except MissingSDKError as error:
        return result(False, str(error), f"pip install 'stigmer-resolve[{error.extra}]'", answered=False)
    except ClientError as error:
        return result(False, str(error), "fix or unset the variable it names", answered=False)
    except Exception as error:
        failure = _endpoint_error(config, error)
    answered = failure.cause not in ("unreachable", "timeout", "refused")
    hints = {**_HINTS, **_adapter_for(config)[0].hints}
    return result(False, str(failure), hints.get(failure.cause, "see the detail above"), answered=answered)
