"""The process environment the SDKs, LangChain and their HTTP clients read, and what a built client does about it.

Every variable the installed packages read is classified here (tests/test_wire.py scans their
sources and fails on one that is not), and the README's table is this table:

- ``resolved``: resolve() reads it, with provenance and every rule; the built client is given the result.
- ``neutralised``: it has no effect on what a built client sends (tests/test_wire.py proves it on the wire).
- ``honoured``: it is the operator's transport or diagnostics, and is honoured on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SDK_ENVIRONMENT", "EnvironmentVariable"]


@dataclass(frozen=True, slots=True)
class EnvironmentVariable:
    """One variable (or family of variables, written with ``*``) and what is done about it.

    Attributes:
        name: The variable, or a pattern such as ``AWS_*``.
        read_by: The packages that read it.
        kind: ``resolved``, ``neutralised`` or ``honoured``.
        why: What it would do, and how it is resolved, neutralised or why it is honoured.
    """

    name: str
    read_by: str
    kind: str
    why: str


def _rows(kind: str, read_by: str, why: str, *names: str) -> tuple[EnvironmentVariable, ...]:
    return tuple(EnvironmentVariable(name, read_by, kind, why) for name in names)


SDK_ENVIRONMENT: tuple[EnvironmentVariable, ...] = (
    *_rows(
        "resolved",
        "anthropic, langchain-anthropic",
        "anthropic's key and endpoint, below STIGMER_LLM_*; the client is given the resolved value",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_BASE_URL",
    ),
    *_rows(
        "resolved",
        "openai, langchain-openai",
        "openai's key and endpoint, below STIGMER_LLM_*; the client is given the resolved value",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_API_BASE",
    ),
    *_rows(
        "resolved",
        "ollama",
        "ollama's endpoint and key, below STIGMER_LLM_*; the client is given the resolved value (no key: none sent)",
        "OLLAMA_HOST",
        "OLLAMA_BASE_URL",
        "OLLAMA_API_KEY",
    ),
    *_rows(
        "neutralised",
        "anthropic, openai",
        "adds any header to every request, an Authorization that replaces the key included: dropped",
        "ANTHROPIC_CUSTOM_HEADERS",
        "OPENAI_CUSTOM_HEADERS",
    ),
    *_rows(
        "neutralised",
        "openai, langchain-openai",
        "adds OpenAI-Organization / OpenAI-Project to every request, to any host: not sent "
        "(a project key, sk-proj-..., already names its project)",
        "OPENAI_ORG_ID",
        "OPENAI_ORGANIZATION",
        "OPENAI_PROJECT_ID",
    ),
    *_rows(
        "neutralised",
        "openai",
        "an admin key sent where the API key is empty, and a webhook secret: never read (the client always has a key)",
        "OPENAI_ADMIN_KEY",
        "OPENAI_WEBHOOK_SECRET",
    ),
    *_rows(
        "neutralised",
        "anthropic",
        "profiles, workload identity and their credential files, read when no key is passed: never read "
        "(the client is always given its key)",
        "ANTHROPIC_PROFILE",
        "ANTHROPIC_CONFIG_DIR",
        "ANTHROPIC_IDENTITY_TOKEN",
        "ANTHROPIC_IDENTITY_TOKEN_FILE",
        "ANTHROPIC_FEDERATION_RULE_ID",
        "ANTHROPIC_ORGANIZATION_ID",
        "ANTHROPIC_SERVICE_ACCOUNT_ID",
        "ANTHROPIC_WORKSPACE_ID",
        "ANTHROPIC_SCOPE",
        "ANTHROPIC_WEBHOOK_SIGNING_KEY",
        "APPDATA",
    ),
    *_rows(
        "neutralised",
        "anthropic",
        "OpenTelemetry spans and trace headers (prompts in spans with the content mode): the client is built "
        "with open_telemetry=False",
        "ANTHROPIC_OPEN_TELEMETRY",
        "ANTHROPIC_OPEN_TELEMETRY_PROPAGATION",
        "ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE",
        "ANTHROPIC_OPEN_TELEMETRY_TRACES_MAX_CONTENT_BYTES",
        "OTEL_*",
    ),
    *_rows(
        "neutralised",
        "anthropic, openai",
        "Bedrock, Vertex, Foundry, Google Cloud and Azure clients' settings: read only by those clients, "
        "which stigmer-resolve never builds",
        "AWS_*",
        "AZURE_OPENAI_*",
        "OPENAI_API_TYPE",
        "OPENAI_API_VERSION",
        "ANTHROPIC_BEDROCK_*",
        "ANTHROPIC_VERTEX_*",
        "ANTHROPIC_FOUNDRY_*",
        "ANTHROPIC_GOOGLE_CLOUD_*",
        "GOOGLE_CLOUD_*",
        "CLOUD_ML_REGION",
        "ANTHROPIC_ENVIRONMENT_KEY",
        "ANTHROPIC_WORK_SECRET",
    ),
    *_rows(
        "neutralised",
        "langchain-anthropic, langchain-openai",
        "LangChain's own proxy setting: chat_model() passes None (the standard *_PROXY variables are honoured)",
        "ANTHROPIC_PROXY",
        "OPENAI_PROXY",
    ),
    *_rows(
        "neutralised",
        "langchain-anthropic",
        "an endpoint read before ANTHROPIC_BASE_URL: chat_model() always passes the resolved one",
        "ANTHROPIC_API_URL",
    ),
    *_rows(
        "neutralised",
        "langchain-core, langchain-openai",
        "switches the reply's shape, and ChatOpenAI's endpoint to /responses: chat_model() passes v0",
        "LC_OUTPUT_VERSION",
    ),
    *_rows(
        "honoured",
        "httpx, httpx2 (every client)",
        "proxies: a worker behind a corporate proxy needs them; an https request keeps TLS end to end through "
        "the proxy's tunnel",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "REQUEST_METHOD",
    ),
    *_rows(
        "honoured",
        "httpx, httpcore2 (every client)",
        "the CA bundle that verifies the endpoint: corporate CAs need it; whoever sets it controls the process",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
    ),
    *_rows(
        "honoured",
        "Python's ssl (every client)",
        "writes TLS session keys to a file, for debugging, as curl and browsers do: only the operator sets it",
        "SSLKEYLOGFILE",
    ),
    *_rows(
        "honoured",
        "anthropic, openai, langchain-core",
        "debug logging of requests (no key: tests/test_wire.py checks the log)",
        "ANTHROPIC_LOG",
        "OPENAI_LOG",
        "LANGCHAIN_ENV",
    ),
    *_rows(
        "honoured",
        "langsmith (through langchain-core)",
        "LangSmith tracing sends prompts, answers and model settings (never a key) to the endpoint the operator "
        "names; leave it unset, or wrap calls in langsmith.tracing_context(enabled=False)",
        "LANGSMITH_*",
        "LANGCHAIN_TRACING*",
        "LANGCHAIN_ENDPOINT",
        "LANGCHAIN_API_KEY",
        "LANGCHAIN_PROJECT",
    ),
    *_rows(
        "honoured",
        "langchain-openai, pydantic, httpx2",
        "socket tuning, model-building timing and CGI request sizes: nothing a request carries",
        "LANGCHAIN_OPENAI_TCP_KEEP*",
        "LANGCHAIN_OPENAI_STREAM_CHUNK_TIMEOUT_S",
        "DEFER_PYDANTIC_BUILD",
        "CONTENT_LENGTH",
    ),
)
