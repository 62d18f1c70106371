"""The SDK edge: build the official client from a config, send a turn, probe the endpoint.

Each SDK is imported only inside the function that needs it, so that importing
stigmer_resolve stays free of them. Every builder passes the key and the URL
explicitly: nothing is re-read from the process environment.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Any

from .config import LLMConfig

__all__ = [
    "NO_KEY_PLACEHOLDER",
    "ClientError",
    "EndpointError",
    "ProbeResult",
    "build_client",
    "chat_kwargs",
    "complete",
    "probe",
]

#: Sent as the key to an OpenAI-compatible server that needs none: the openai SDK refuses to be built without one.
NO_KEY_PLACEHOLDER = "stigmer-resolve-no-key"

_MODULES = {"anthropic": "anthropic", "openai": "openai", "ollama": "ollama"}


class ClientError(Exception):
    """A client could not be built: its SDK is missing or cannot be imported."""


class EndpointError(ClientError):
    """The endpoint did not answer as it should. The message names provider, endpoint and cause, never the key.

    Attributes:
        provider: The provider called.
        endpoint: The base URL called.
        cause: ``unreachable``, ``timeout``, ``unauthorised``, ``unknown model``, ``http <status>`` or ``error``.
    """

    def __init__(self, provider: str, endpoint: str, cause: str, detail: str) -> None:
        self.provider, self.endpoint, self.cause = provider, endpoint, cause
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


def _sdk(provider: str) -> Any:
    name = _MODULES[provider]
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ClientError(f"the {name} package is not installed: pip install 'stigmer-resolve[{provider}]'") from error
    except ValueError as error:
        # ollama builds a client at import from OLLAMA_HOST and raises a bare ValueError on a bad one.
        raise ClientError(
            f"importing {name} failed: OLLAMA_HOST in the process environment is malformed ({type(error).__name__}); "
            "fix or unset OLLAMA_HOST (the config's own endpoint is passed explicitly anyway)"
        ) from None


def _strip_env_authorization() -> Any:
    import httpx

    class _NoEnvKey(httpx.Auth):
        """Drop the Authorization header ollama adds from OLLAMA_API_KEY in the process environment."""

        def auth_flow(self, request: httpx.Request) -> Any:
            request.headers.pop("authorization", None)
            yield request

    return _NoEnvKey()


def build_client(config: LLMConfig, **sdk_options: Any) -> Any:
    """Build the official SDK client for ``config``: anthropic.Anthropic, openai.OpenAI or ollama.Client.

    Args:
        config: The resolved configuration; its key and URL are passed explicitly.
        **sdk_options: Passed on to the SDK constructor (timeout, max_retries, http_client, …).

    Raises:
        ClientError: The SDK is not installed, or cannot be imported.
    """
    module = _sdk(config.provider)
    key = None if config.api_key is None else config.api_key.get_secret_value()
    if config.provider == "anthropic":
        return module.Anthropic(api_key=key, base_url=config.base_url, **sdk_options)
    if config.provider == "openai":
        return module.OpenAI(api_key=key or NO_KEY_PLACEHOLDER, base_url=config.base_url, **sdk_options)
    if key is not None:
        sdk_options["headers"] = {**sdk_options.get("headers", {}), "authorization": f"Bearer {key}"}
    else:
        sdk_options.setdefault("auth", _strip_env_authorization())
    return module.Client(host=config.base_url, **sdk_options)


def chat_kwargs(config: LLMConfig) -> dict[str, Any]:
    """Return the keyword arguments of the SDK's chat call that carry the model, max tokens and temperature."""
    if config.provider == "anthropic":
        return {"model": config.model, "max_tokens": config.max_tokens}
    if config.provider == "openai":
        kwargs: dict[str, Any] = {"model": config.model, "max_completion_tokens": config.max_tokens}
        if config.temperature is not None:
            kwargs["temperature"] = config.temperature
        return kwargs
    options: dict[str, Any] = {"num_predict": config.max_tokens}
    if config.temperature is not None:
        options["temperature"] = config.temperature
    return {"model": config.model, "options": options}


def _classify(error: BaseException) -> str:
    """Name the cause of an SDK error, whichever SDK raised it."""
    status = getattr(error, "status_code", None)
    if status is None:
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
    names = {cls.__name__ for cls in type(error).__mro__}
    if names & {"APITimeoutError", "TimeoutException", "TimeoutError", "ReadTimeout"}:
        return "timeout"
    if isinstance(status, int):
        if status in (401, 403):
            return "unauthorised"
        if status == 404:
            return "unknown model"
        return f"http {status}"
    if names & {"APIConnectionError", "ConnectError", "ConnectionError", "TransportError", "OSError"}:
        return "unreachable"
    return "error"


_HINTS = {
    "unreachable": "is the server running, and is base_url right? (STIGMER_LLM_BASE_URL)",
    "timeout": "the endpoint is slow or unreachable: check base_url, or raise the timeout",
    "unauthorised": "check the API key (STIGMER_LLM_API_KEY or the provider's own key variable)",
    "unknown model": "check the model id (STIGMER_LLM_MODEL)",
}


def _endpoint_error(config: LLMConfig, error: BaseException) -> EndpointError:
    cause = _classify(error)
    detail = f"{type(error).__name__}: {error}"
    if config.api_key is not None:
        detail = detail.replace(config.api_key.get_secret_value(), "********")
    return EndpointError(config.provider, config.base_url, cause, detail[:500])


def complete(config: LLMConfig, prompt: str, *, client: Any = None) -> str:
    """Send one short chat turn and return the answer's text.

    Raises:
        EndpointError: The endpoint is unreachable, refuses the key, does not know the model, or fails.
        ClientError: The SDK is not installed.
    """
    client = client if client is not None else build_client(config)
    messages = [{"role": "user", "content": prompt}]
    try:
        if config.provider == "anthropic":
            reply = client.messages.create(messages=messages, **chat_kwargs(config))
            return "".join(getattr(block, "text", "") for block in reply.content)
        if config.provider == "openai":
            reply = client.chat.completions.create(messages=messages, **chat_kwargs(config))
            return str(reply.choices[0].message.content or "")
        reply = client.chat(messages=messages, stream=False, **chat_kwargs(config))
        return str(reply["message"]["content"] or "")
    except Exception as error:
        raise _endpoint_error(config, error) from None


def _same_family(model: str, installed: list[str]) -> list[str]:
    family = model.partition(":")[0]
    return [name for name in installed if name.partition(":")[0] == family]


def _probe_ollama(config: LLMConfig, client: Any) -> tuple[bool, str, str]:
    listed = client.list()
    installed = sorted(str(getattr(m, "model", None) or m.get("model") or m.get("name")) for m in listed["models"])
    wanted = {config.model, f"{config.model}:latest"} if ":" not in config.model else {config.model}
    if wanted & set(installed):
        return True, f"model {config.model} is pulled", ""
    hint = f"ollama pull {config.model}"
    same = _same_family(config.model, installed)
    if same:
        hint += f"   (installed of that family: {', '.join(same)})"
    elif installed:
        hint += f"   (installed: {', '.join(installed[:8])})"
    return False, f"model {config.model} is not pulled ({len(installed)} models installed)", hint


def probe(config: LLMConfig, *, timeout: float = 5.0) -> ProbeResult:
    """Ask the endpoint whether it answers and has the model, spending no tokens. Never raises."""
    start = time.perf_counter()

    def result(ok: bool, detail: str, hint: str, answered: bool = True) -> ProbeResult:
        latency = time.perf_counter() - start if answered else None
        return ProbeResult(ok, config.provider, config.base_url, latency, detail, hint)

    try:
        if config.provider == "ollama":
            client = build_client(config, timeout=timeout)
            return result(*_probe_ollama(config, client))
        client = build_client(config, timeout=timeout, max_retries=0)
        client.models.retrieve(config.model)
        return result(True, f"model {config.model} is available", "")
    except ClientError as error:
        return result(False, str(error), str(error).partition(": ")[2] or str(error), answered=False)
    except Exception as error:
        failure = _endpoint_error(config, error)
        answered = failure.cause not in ("unreachable", "timeout")
        hint = _HINTS.get(failure.cause, "see the detail above")
        if config.provider == "ollama" and failure.cause == "unreachable":
            hint = "start Ollama (ollama serve), or point OLLAMA_HOST / STIGMER_LLM_BASE_URL at it"
        return result(False, str(failure), hint, answered=answered)
