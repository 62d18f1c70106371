"""LangChain chat models built from a config alone: ChatAnthropic, ChatOpenAI or ChatOllama.

Install with ``pip install 'stigmer-resolve[langchain]'``. Each partner package is
imported only when a model of its provider is built.

The model talks through the same guarded SDK clients as stigmer_resolve.clients
(client_for(): one per endpoint and key, shared across requests; async ones per
event loop), so what it sends is exactly the config, whatever LangChain's and the
SDKs' own environment variables say (README, "What goes over the wire").
"""

from __future__ import annotations

from typing import Any, assert_never

from .clients import NO_KEY_PLACEHOLDER, async_client_for, client_for, import_sdk
from .config import LLMConfig
from .providers import PROVIDERS

__all__ = ["chat_model"]

#: What the config decides; chat_model() refuses them as options.
_FROM_CONFIG = frozenset(
    {
        "model",
        "model_name",
        "api_key",
        "anthropic_api_key",
        "openai_api_key",
        "base_url",
        "anthropic_api_url",
        "openai_api_base",
        "max_tokens",
        "max_completion_tokens",
        "num_predict",
        "temperature",
        "timeout",
        "default_request_timeout",
        "request_timeout",
        "max_retries",
        "num_ctx",
        "client_kwargs",
        "sync_client_kwargs",
        "async_client_kwargs",
        "root_client",
        "root_async_client",
        "client",
        "async_client",
        "http_client",
        "http_async_client",
        "default_headers",
        "organization",
    }
)


class _PerLoop:
    """Stands for an async SDK client: in each event loop, that loop's cached client for the config.

    An async client is bound to the loop it first ran in; a model built once and used
    from several loops (a worker calling asyncio.run per task) must not share one.
    """

    __slots__ = ("_config", "_path")

    def __init__(self, config: LLMConfig, path: tuple[str, ...] = ()) -> None:
        self._config, self._path = config, path

    def __getattr__(self, name: str) -> Any:
        # Outside a loop there is no client to stand for: an AttributeError is what hasattr() and getattr() with a
        # default expect of a missing attribute (LangChain and pydantic probe objects so), where a RuntimeError
        # would escape them. Dunder names are never the client's: they are asked of the stand-in itself.
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            target = async_client_for(self._config)
        except RuntimeError:
            raise AttributeError(f"{name}: the async client exists only inside a running event loop") from None
        for step in self._path:
            target = getattr(target, step)
        return getattr(target, name)

    def __repr__(self) -> str:
        return f"<async {self._config.provider} client for {self._config.base_url}>"


def chat_model(config: LLMConfig, **options: Any) -> Any:
    """Build the LangChain chat model for ``config``: ChatAnthropic, ChatOpenAI or ChatOllama.

    Model, key, base URL, max tokens (max_tokens / max_completion_tokens / num_predict),
    temperature (left out where the config has none), timeout, retries and num_ctx all
    come from the config.

    Args:
        config: The resolved configuration.
        **options: Other arguments of the class (streaming, callbacks, tags, ...). An
            argument the config decides (model, api_key, base_url, timeout, ...) is refused.

    Raises:
        TypeError: An option the config decides.
        MissingSDKError: The LangChain partner package is not installed.
    """
    clash = sorted(_FROM_CONFIG & set(options))
    if clash:
        raise TypeError(f"chat_model() takes {', '.join(clash)} from the config; change the config instead")
    common: dict[str, Any] = {"model": config.model, "output_version": "v0", **options}
    if config.temperature is not None:
        common["temperature"] = config.temperature
    api = PROVIDERS[config.provider].api
    match api:
        case "anthropic":
            return _anthropic(config, common)
        case "openai":
            return _openai(config, common)
        case "ollama":
            return _ollama(config, common)
        case _:
            assert_never(api)


def _key(config: LLMConfig) -> str:
    return NO_KEY_PLACEHOLDER if config.api_key is None else config.api_key.get_secret_value()


def _anthropic(config: LLMConfig, common: dict[str, Any]) -> Any:
    model = import_sdk("langchain_anthropic", "langchain").ChatAnthropic(
        api_key=_key(config),
        base_url=config.base_url,
        max_tokens=config.max_tokens,
        timeout=config.timeout,
        max_retries=config.max_retries,
        anthropic_proxy=None,  # not ANTHROPIC_PROXY: the standard *_PROXY variables are honoured
        **common,
    )
    # ChatAnthropic takes no client, and the one it builds reads the environment: give it ours.
    model.__dict__["_client"] = client_for(config)
    model.__dict__["_async_client"] = _PerLoop(config)
    return model


def _openai(config: LLMConfig, common: dict[str, Any]) -> Any:
    client = client_for(config)
    return import_sdk("langchain_openai", "langchain").ChatOpenAI(
        api_key=_key(config),
        base_url=config.base_url,
        max_tokens=config.max_tokens,  # sent as max_completion_tokens
        timeout=config.timeout,
        max_retries=config.max_retries,
        openai_proxy=None,
        use_responses_api=False,  # the config names a chat-completions endpoint
        root_client=client,
        client=client.chat.completions,
        root_async_client=_PerLoop(config),
        async_client=_PerLoop(config, ("chat", "completions")),
        **common,
    )


def _ollama(config: LLMConfig, common: dict[str, Any]) -> Any:
    import httpx

    model = import_sdk("langchain_ollama", "langchain").ChatOllama(
        base_url=config.base_url,
        num_predict=config.max_tokens,
        num_ctx=config.num_ctx,
        # The clients ChatOllama builds are replaced below: a bare transport spares building TLS contexts.
        sync_client_kwargs={"transport": httpx.BaseTransport()},
        async_client_kwargs={"transport": httpx.AsyncBaseTransport()},
        **common,
    )
    model._client = client_for(config)
    model._async_client = _PerLoop(config)
    return model
