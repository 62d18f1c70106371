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


def _rows(kind: str, why: str, readers: dict[str, tuple[str, ...]]) -> tuple[EnvironmentVariable, ...]:
    """Rows of one kind and reason, from the variables each set of packages reads."""
    return tuple(EnvironmentVariable(name, read_by, kind, why) for read_by, names in readers.items() for name in names)


SDK_ENVIRONMENT: tuple[EnvironmentVariable, ...] = (
    *_rows(
        "resolved",
        "anthropic's key and endpoint, below STIGMER_LLM_*; the client is given the resolved value",
        {
            "anthropic, langchain-anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
            "anthropic": ("ANTHROPIC_AUTH_TOKEN",),
        },
    ),
    *_rows(
        "resolved",
        "openai's key and endpoint, below STIGMER_LLM_*; the client is given the resolved value",
        {
            "openai, langchain-openai, langsmith (its evaluators)": ("OPENAI_API_KEY",),
            "openai, langchain-openai": ("OPENAI_BASE_URL",),
            "langchain-openai": ("OPENAI_API_BASE",),
        },
    ),
    *_rows(
        "resolved",
        "ollama's endpoint and key, below STIGMER_LLM_*; the client is given the resolved value (no key: none sent)",
        {"ollama": ("OLLAMA_HOST", "OLLAMA_API_KEY"), "Stigmer's docs (no SDK)": ("OLLAMA_BASE_URL",)},
    ),
    *_rows(
        "neutralised",
        "adds any header to every request, an Authorization that replaces the key included: dropped",
        {"anthropic": ("ANTHROPIC_CUSTOM_HEADERS",), "openai": ("OPENAI_CUSTOM_HEADERS",)},
    ),
    *_rows(
        "neutralised",
        "adds OpenAI-Organization / OpenAI-Project to every request, to any host: not sent "
        "(a project key, sk-proj-..., already names its project)",
        {
            "openai, langchain-openai": ("OPENAI_ORG_ID",),
            "langchain-openai": ("OPENAI_ORGANIZATION",),
            "openai": ("OPENAI_PROJECT_ID",),
        },
    ),
    *_rows(
        "neutralised",
        "an admin key sent where the API key is empty, and a webhook secret: never read (the client always has a key)",
        {"openai": ("OPENAI_ADMIN_KEY", "OPENAI_WEBHOOK_SECRET")},
    ),
    *_rows(
        "neutralised",
        "profiles, workload identity and their credential files, read when no key is passed: never read "
        "(the client is always given its key)",
        {
            "anthropic": (
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
            )
        },
    ),
    *_rows(
        "neutralised",
        "OpenTelemetry spans and trace headers (prompts in spans with the content mode): the client is built "
        "with open_telemetry=False",
        {
            "anthropic": (
                "ANTHROPIC_OPEN_TELEMETRY",
                "ANTHROPIC_OPEN_TELEMETRY_PROPAGATION",
                "ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE",
                "ANTHROPIC_OPEN_TELEMETRY_TRACES_MAX_CONTENT_BYTES",
            ),
            "opentelemetry (through anthropic), langsmith (its OpenTelemetry export)": ("OTEL_*",),
        },
    ),
    *_rows(
        "neutralised",
        "Bedrock, Vertex, Foundry, Google Cloud and Azure clients' settings: read only by those clients, "
        "which stigmer-resolve never builds",
        {
            "anthropic, openai": ("AWS_*", "GOOGLE_CLOUD_*"),
            "openai, langchain-openai": ("AZURE_OPENAI_*", "OPENAI_API_TYPE", "OPENAI_API_VERSION"),
            "anthropic": (
                "ANTHROPIC_BEDROCK_*",
                "ANTHROPIC_VERTEX_*",
                "ANTHROPIC_FOUNDRY_*",
                "ANTHROPIC_GOOGLE_CLOUD_*",
                "CLOUD_ML_REGION",
                "ANTHROPIC_ENVIRONMENT_KEY",
                "ANTHROPIC_WORK_SECRET",
            ),
        },
    ),
    *_rows(
        "neutralised",
        "LangChain's own proxy setting: chat_model() passes None (the standard *_PROXY variables are honoured)",
        {"langchain-anthropic": ("ANTHROPIC_PROXY",), "langchain-openai": ("OPENAI_PROXY",)},
    ),
    *_rows(
        "neutralised",
        "an endpoint read before ANTHROPIC_BASE_URL: chat_model() always passes the resolved one",
        {"langchain-anthropic": ("ANTHROPIC_API_URL",)},
    ),
    *_rows(
        "neutralised",
        "switches the reply's shape, and ChatOpenAI's endpoint to /responses: chat_model() passes v0",
        {"langchain-core, langchain-openai": ("LC_OUTPUT_VERSION",)},
    ),
    *_rows(
        "neutralised",
        "routes a LangChain model, its URL and its key, through the LangSmith gateway when neither is given: "
        "chat_model() gives both, and the clients that send (inside a langsmith_gateway() block too)",
        {
            "langchain-core (for langchain-anthropic, langchain-openai)": (
                "LANGSMITH_GATEWAY",
                "LANGSMITH_GATEWAY_API_KEY",
            )
        },
    ),
    *_rows(
        "neutralised",
        "an originator header of ChatCodex (the ChatGPT-subscription class), which stigmer-resolve never builds",
        {"langchain-openai": ("LANGCHAIN_CODEX_ORIGINATOR",)},
    ),
    *_rows(
        "neutralised",
        "read only by langsmith features a chat model never runs (its sandbox, its Google ADK integration, its "
        "pytest plugin, a docstring's example)",
        {"langsmith": ("REGISTRY_PASSWORD", "VENDOR_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "PYTEST_XDIST_TESTRUNUID")},
    ),
    *_rows(
        "honoured",
        "proxies: a worker behind a corporate proxy needs them; an https request keeps TLS end to end through "
        "the proxy's tunnel; an endpoint on this machine is always reached directly "
        "(REQUEST_METHOD: under CGI, HTTP_PROXY is ignored, against httpoxy)",
        {
            "urllib.request, for httpx, httpx2 and anthropic (every client)": (
                "HTTP_PROXY",
                "HTTPS_PROXY",
                "ALL_PROXY",
                "NO_PROXY",
                "REQUEST_METHOD",
            )
        },
    ),
    *_rows(
        "honoured",
        "the CA bundle that verifies the endpoint: corporate CAs need it; whoever sets it controls the process",
        {"httpx, httpcore2 (every client)": ("SSL_CERT_FILE", "SSL_CERT_DIR")},
    ),
    *_rows(
        "honoured",
        "writes TLS session keys to a file, for debugging, as curl and browsers do: only the operator sets it",
        {"Python's ssl (every client)": ("SSLKEYLOGFILE",)},
    ),
    *_rows(
        "honoured",
        "debug logging of requests (no key: tests/test_wire.py checks the log)",
        {"anthropic": ("ANTHROPIC_LOG",), "openai": ("OPENAI_LOG",), "langchain-core": ("LANGCHAIN_ENV",)},
    ),
    *_rows(
        "honoured",
        "LangSmith tracing sends prompts, answers and model settings (never a key) to the endpoint the operator "
        "names; leave it unset, or wrap calls in langsmith.tracing_context(enabled=False)",
        {
            "langsmith, langchain-core": (
                "LANGSMITH_*",
                "LANGCHAIN_TRACING*",
                "LANGCHAIN_ENDPOINT",
                "LANGCHAIN_API_KEY",
                "LANGCHAIN_PROJECT",
                "LANGCHAIN_BASE_URL",
                "LANGCHAIN_CUSTOM_HEADERS",
                "LANGCHAIN_LOG",
            )
        },
    ),
    *_rows(
        "honoured",
        "socket tuning, model-building timing and CGI request sizes: nothing a request carries",
        {
            "langchain-openai": ("LANGCHAIN_OPENAI_TCP_KEEP*", "LANGCHAIN_OPENAI_STREAM_CHUNK_TIMEOUT_S"),
            "anthropic, openai, langsmith": ("DEFER_PYDANTIC_BUILD",),
            "httpx2": ("CONTENT_LENGTH",),
        },
    ),
)
