"""Stigmer's real deployments, as resolve() sees them: one row per scenario of the research report on Stigmer.

The report read github.com/stigmer/stigmer at b070f18 (2026-01-26); its §6 lists scenarios S1-S48, each the
complete environment a real Stigmer launcher gives the agent worker, and what Stigmer's own worker
(backend/services/agent-runner/worker/config.py) does with it. Each row below is one of them: the whole
environment, non-LLM variables included (resolve() must ignore them), the mode, the per-request override
(Stigmer's ExecutionConfig carries only model_name), and what our rules give: the provider, model, endpoint and
the variable the key came from, or the errors, as (field, source) only: the wording is pinned in findings.golden.

Each row's comment says where it comes from (a path in stigmer/stigmer, the report's S-number) and
"W:", whether Stigmer's worker got it right, in one line.

The mode: Stigmer's worker reads MODE, default "cloud" (config.py:247). The daemon's container sets MODE=local;
the kustomize manifests set no MODE, so those rows are "cloud".
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

from stigmer_resolve import LLMConfig, resolve
from stigmer_resolve.providers import PROVIDERS

# --- keys: random at import, in each vendor's shape ------------------------------------------------

ANTHROPIC_KEY = "sk-ant-" + secrets.token_urlsafe(32)  # the user's, exported or typed at the daemon's prompt
ANTHROPIC_PROD_KEY = "sk-ant-" + secrets.token_urlsafe(32)  # $secrets-group/anthropic/prod.api-key
OPENAI_KEY = "sk-proj-" + secrets.token_urlsafe(32)
OPENAI_LEGACY_KEY = "sk-" + secrets.token_urlsafe(32)  # the docs' "sk-..."
AZURE_KEY = secrets.token_hex(16)  # an Azure OpenAI key: 32 hex digits, no vendor prefix
CUSTOM_KEY = "gw-" + secrets.token_urlsafe(32)  # docs/docker.md:256-261's "KEY" for api.custom.com
STIGMER_API_KEY = secrets.token_urlsafe(24)  # Stigmer's own API key: a secret resolve() must never read
REDIS_PASSWORD = secrets.token_urlsafe(24)
DAYTONA_API_KEY = secrets.token_urlsafe(24)

ANTHROPIC = {"ANTHROPIC_API_KEY": ANTHROPIC_KEY}
OPENAI = {"OPENAI_API_KEY": OPENAI_KEY}

# The providers' defaults, wherever a row expects "the provider's default model, not the mode's".
ANTHROPIC_MODEL = PROVIDERS["anthropic"].aliases["balanced"]
OPENAI_MODEL = PROVIDERS["openai"].aliases["balanced"]

ANTHROPIC_URL = "https://api.anthropic.com"
OPENAI_URL = "https://api.openai.com/v1"
OLLAMA_LINUX = "http://localhost:11434"  # config.go:161-186, the default file's base_url
OLLAMA_MAC = "http://host.docker.internal:11434"  # the same after supervisor.go:533-540's rewrite (macOS, Windows)

# --- environments -------------------------------------------------------------------------------

# The daemon's container (supervisor.go:252-298) on Linux (--network host), with the image's ENV
# (agent-runner/Dockerfile:103-105; -e LOG_LEVEL=DEBUG beats the image's INFO). Report §6.0.
B_LINUX = {
    "MODE": "local",
    "STIGMER_BACKEND_ENDPOINT": "localhost:7234",
    "TEMPORAL_SERVICE_ADDRESS": "localhost:7233",
    "TEMPORAL_NAMESPACE": "default",
    "TASK_QUEUE": "agent_execution_runner",
    "SANDBOX_TYPE": "filesystem",
    "WORKSPACE_ROOT": "/workspace",
    "LOG_LEVEL": "DEBUG",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}
# macOS and Windows: localhost rewritten to host.docker.internal, no --network host.
B_MAC = B_LINUX | {
    "STIGMER_BACKEND_ENDPOINT": "host.docker.internal:7234",
    "TEMPORAL_SERVICE_ADDRESS": "host.docker.internal:7233",
}


def daemon(base: dict[str, str], provider: str, model: str, url: str, **keys: str) -> dict[str, str]:
    """The container the supervisor starts: one URL in both variables, whatever the provider (supervisor.go:281-282).

    ``keys`` are OPENAI_API_KEY / ANTHROPIC_API_KEY, forwarded whenever stigmer-server has them (server.go:378-414).
    """
    llm = {"STIGMER_LLM_PROVIDER": provider, "STIGMER_LLM_MODEL": model}
    return base | llm | {"STIGMER_LLM_BASE_URL": url, "OLLAMA_BASE_URL": url} | keys


# Zero-config daemon containers (S1, S2): the default file's ollama / qwen2.5-coder:7b / localhost:11434.
S1_ENV = daemon(B_LINUX, "ollama", "qwen2.5-coder:7b", OLLAMA_LINUX)
S2_ENV = daemon(B_MAC, "ollama", "qwen2.5-coder:7b", OLLAMA_MAC)
# README's switch to Anthropic with the model exported too, the file's base_url left over (S6).
S6_ENV = daemon(B_LINUX, "anthropic", "claude-sonnet-4.5", OLLAMA_LINUX, **ANTHROPIC)
# The README snippet replaced the file: no base_url, so the CLI's anthropic default (S9).
S9_ENV = daemon(B_LINUX, "anthropic", "claude-sonnet-4.5", ANTHROPIC_URL, **ANTHROPIC)
# systemd unit as shipped (docs/deployment/systemd/stigmer.service:31-41 -> supervisor): S36.
SYSTEMD_ENV = daemon(B_LINUX, "ollama", "qwen2.5-coder:14b", OLLAMA_LINUX)

# Kustomize (backend/services/agent-runner/_kustomize/), report §4. Values that are references not in the repo
# stay literal where resolve() does not read them (it must ignore them); the three it reads are substituted:
#   prod.ollama-base-url  -> http://ollama.stigmer.svc:11434 (the report's suggestion for tests, §6.3 S32)
#   local.ollama-base-url -> http://localhost:11434 (what LOCAL-LLM-SETUP.md:107-116 says the overlay holds)
#   max-tokens            -> 20000 (our choice: the worker's cloud default; the real value is not in the repo)
K_BASE = {  # base/service.yaml:17-50
    "TEMPORAL_NAMESPACE": "$variables-group/stigmer-temporal-config/namespace",
    "TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE": "agent_execution_runner",
    "TEMPORAL_MAX_CONCURRENCY": "10",
    "STIGMER_BACKEND_ENDPOINT": "localhost:8080",
    "REDIS_PORT": "$variables-group/stigmer-redis-config/port",
    "AUTH0_DOMAIN": "$variables-group/stigmer-auth0-config/prod.domain",
    "AUTH0_AUDIENCE": "$variables-group/stigmer-auth0-config/prod.api-audience",
    "DAYTONA_DEV_TOOLS_SNAPSHOT_ID": "$variables-group/daytona/dev-tools-snapshot-id",
    "STIGMER_LLM_MAX_TOKENS": "20000",
    "STIGMER_LLM_BASE_URL": "http://ollama.stigmer.svc:11434",
    "LOG_LEVEL": "INFO",
}
K_PROD = K_BASE | {  # overlays/prod/service.yaml:20-57, variables then secrets
    "ENV": "prod",
    "TEMPORAL_SERVICE_ADDRESS": "$variables-group/stigmer-temporal-config/prod.kube-endpoint",
    "TEMPORAL_NAMESPACE": "default",
    "TEMPORAL_MAX_CONCURRENCY": "20",
    "REDIS_HOST": "$variables-group/stigmer-redis-config/prod.kube-endpoint",
    "STIGMER_BACKEND_ENDPOINT": "$variables-group/stigmer-api/prod.endpoint",
    "STIGMER_LLM_PROVIDER": "anthropic",
    "STIGMER_LLM_MODEL": "claude-sonnet-4.5",
    "REDIS_PASSWORD": REDIS_PASSWORD,
    "STIGMER_API_KEY": STIGMER_API_KEY,
    "DAYTONA_API_KEY": DAYTONA_API_KEY,
    "STIGMER_LLM_API_KEY": ANTHROPIC_PROD_KEY,
    "ANTHROPIC_API_KEY": ANTHROPIC_PROD_KEY,
}
K_LOCAL = K_PROD | {  # overlays/local/service.yaml:8-52, layered on prod: prod's secrets are inherited
    "ENV": "local",
    "LOG_LEVEL": "DEBUG",
    "TEMPORAL_SERVICE_ADDRESS": "localhost:7233",
    "TEMPORAL_NAMESPACE": "default",
    "TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE": "agent_execution_runner",
    "REDIS_HOST": "localhost",
    "STIGMER_BACKEND_ENDPOINT": "localhost:8080",
    "STIGMER_LLM_PROVIDER": "ollama",
    "STIGMER_LLM_MODEL": "qwen2.5-coder:7b",
    "STIGMER_LLM_BASE_URL": "http://localhost:11434",
    "STIGMER_LLM_MAX_TOKENS": "8192",
    "STIGMER_LLM_TEMPERATURE": "0.0",
}

# A manual `docker run` per backend/services/agent-runner/docs/docker.md:152-164 (--network host), image ENV included.
DOCKER_RUN = {
    "MODE": "local",
    "SANDBOX_TYPE": "filesystem",
    "SANDBOX_ROOT_DIR": "/workspace",
    "TEMPORAL_SERVICE_ADDRESS": "localhost:7233",
    "STIGMER_BACKEND_ENDPOINT": "localhost:7234",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "LOG_LEVEL": "INFO",
}
# A manual local run per docs/guides/agent-runner-local-mode.md:68-107.
MANUAL_LOCAL = {
    "MODE": "local",
    "TEMPORAL_SERVICE_ADDRESS": "localhost:7233",
    "TEMPORAL_NAMESPACE": "default",
    "TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE": "agent_execution_runner",
    "STIGMER_BACKEND_ENDPOINT": "localhost:50051",
    "STIGMER_API_KEY": "dummy-local-key",
    "SANDBOX_TYPE": "filesystem",
    "SANDBOX_ROOT_DIR": "./workspace",
    "ANTHROPIC_API_KEY": ANTHROPIC_KEY,
}
# A manual cloud run (MODE unset): Stigmer's own secrets, Redis and Temporal (report §1.2, S45).
MANUAL_CLOUD = {
    "STIGMER_API_KEY": STIGMER_API_KEY,
    "DAYTONA_API_KEY": DAYTONA_API_KEY,
    "REDIS_HOST": "redis.stigmer.svc",
    "REDIS_PORT": "6379",
    "REDIS_PASSWORD": REDIS_PASSWORD,
    "TEMPORAL_SERVICE_ADDRESS": "temporal.stigmer.svc:7233",
    "TEMPORAL_NAMESPACE": "default",
}

# --- expected outcomes --------------------------------------------------------------------------


class Resolved(NamedTuple):
    """A config: what is called, and the variable the key came from (None: no key is sent)."""

    provider: str
    model: str
    base_url: str
    key: str | None
    warns: frozenset[tuple[str, str]] = frozenset()  # (field, source) of warnings that must be among its warnings


def refused(*problems: tuple[str, str]) -> frozenset[tuple[str, str]]:
    """The errors, exactly, as (field, source)."""
    return frozenset(problems)


def warned(*notices: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(notices)


class Case(NamedTuple):
    mode: str
    env: dict[str, str]
    override: dict[str, str] | None
    want: Resolved | frozenset[tuple[str, str]]


def case(sid: str, mode: str, env: dict[str, str], want: object, override: str | None = None, **kw: object) -> object:
    """One scenario; ``override`` is the request's ExecutionConfig.model_name."""
    request = None if override is None else {"model_name": override}
    return pytest.param(Case(mode, env, request, want), id=sid, **kw)  # type: ignore[arg-type]


OLLAMA_PORT_URL = ("base_url", "env:STIGMER_LLM_BASE_URL")  # the endpoint is Ollama's port 11434
SWITCHED = ("model", "override:model_name")  # the request's model switched the provider: a warning
DOTTED = ("model", "env:STIGMER_LLM_MODEL")  # claude-sonnet-4.5 became claude-sonnet-4-5: a warning

SCENARIOS = [
    # --- 6.1 the daemon: `stigmer server` -> stigmer-server's supervisor -> docker run ---------------------
    # S1 · client-apps/cli/internal/cli/config/config.go:161-186 + supervisor.go:252-298, Linux zero-config
    # W: right: ChatOllama qwen2.5-coder:7b at localhost, no key.
    case("S1-linux-zero-config", "local", S1_ENV, Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None)),
    # S2 · the same on macOS, URL rewritten by supervisor.go:533-540
    # W: right: ChatOllama at host.docker.internal (if Ollama listens there, §5.9).
    case("S2-macos-zero-config", "local", S2_ENV, Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_MAC, None)),
    # S3 · Windows: the same rewrite (runtime.GOOS != "linux"), so the same container as S2
    # W: right.
    case("S3-windows-zero-config", "local", S2_ENV, Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_MAC, None)),
    # S4 · README.md:116-121 (export STIGMER_LLM_PROVIDER=anthropic + ANTHROPIC_API_KEY); model and URL from the file
    # W: wrong: sends qwen2.5-coder:7b to Anthropic. Ours: refuses to send the Anthropic key to Ollama's port.
    case(
        "S4-linux-readme-anthropic",
        "local",
        daemon(B_LINUX, "anthropic", "qwen2.5-coder:7b", OLLAMA_LINUX, **ANTHROPIC),
        refused(OLLAMA_PORT_URL),
    ),
    # S5 · the same on macOS: the file's URL becomes host.docker.internal:11434
    # W: wrong model, as S4. Ours: refuses, as S4 (port 11434 is Ollama's on any host).
    case(
        "S5-macos-readme-anthropic",
        "local",
        daemon(B_MAC, "anthropic", "qwen2.5-coder:7b", OLLAMA_MAC, **ANTHROPIC),
        refused(OLLAMA_PORT_URL),
    ),
    # S6 · README + STIGMER_LLM_MODEL=claude-sonnet-4.5 exported; the file's Ollama base_url still forwarded
    # W: right host and key (ignores the URL), wrong id claude-sonnet-4.5. Ours: a claude model at :11434 is refused.
    case("S6-linux-anthropic-model-exported", "local", S6_ENV, refused(OLLAMA_PORT_URL)),
    # S8 · config.yaml edited in place per README.md:107-114 / docs/cli/configuration.md:433-450: same container as S6
    # W: right host, wrong id. Ours: refused, as S6: the file's leftover base_url must go.
    case("S8-config-edited-in-place", "local", S6_ENV, refused(OLLAMA_PORT_URL)),
    # S9 · config.yaml replaced by the README snippet (no base_url): the CLI's anthropic default URL in both variables
    # W: right host, wrong id claude-sonnet-4.5. Ours: OLLAMA_BASE_URL is Ollama's own, ignored; the id is fixed.
    case(
        "S9-config-replaced-by-snippet",
        "local",
        S9_ENV,
        Resolved("anthropic", "claude-sonnet-4-5", ANTHROPIC_URL, "env:ANTHROPIC_API_KEY", warned(DOTTED)),
    ),
    # S11 · `stigmer config set llm.provider anthropic` (root/config.go:64) + ANTHROPIC_API_KEY: the container of S4
    # W: wrong model (qwen2.5-coder:7b to Anthropic). Ours: refused, as S4.
    case(
        "S11-config-set-provider",
        "local",
        daemon(B_LINUX, "anthropic", "qwen2.5-coder:7b", OLLAMA_LINUX, **ANTHROPIC),
        refused(OLLAMA_PORT_URL),
    ),
    # S11b · S11 once the user follows our fix (drops base_url from config.yaml: the CLI sends anthropic's default)
    # W: wrong: qwen2.5-coder:7b to Anthropic. Ours: an Ollama model at Anthropic's own API host is refused.
    case(
        "S11b-config-set-provider-url-fixed",
        "local",
        daemon(B_LINUX, "anthropic", "qwen2.5-coder:7b", ANTHROPIC_URL, **ANTHROPIC),
        refused(("model", "env:STIGMER_LLM_MODEL")),
    ),
    # S12 · LOCAL-LLM-SETUP.md:63-66: STIGMER_LLM_PROVIDER=openai + OPENAI_API_KEY, default file
    # W: wrong: start-up failure (reads no OPENAI_API_KEY). Ours: refuses to send the OpenAI key to Ollama's port.
    case(
        "S12-linux-openai-env",
        "local",
        daemon(B_LINUX, "openai", "qwen2.5-coder:7b", OLLAMA_LINUX, **OPENAI),
        refused(OLLAMA_PORT_URL),
    ),
    # S13 · S12 with ANTHROPIC_API_KEY left in the shell from S4: the supervisor forwards both keys
    # W: wrong: sends the Anthropic key to api.openai.com. Ours: ANTHROPIC_API_KEY stays anthropic's; refused as S12.
    case(
        "S13-openai-with-leftover-anthropic-key",
        "local",
        daemon(B_LINUX, "openai", "qwen2.5-coder:7b", OLLAMA_LINUX, **OPENAI, **ANTHROPIC),
        refused(OLLAMA_PORT_URL),
    ),
    # S14 · docs/cli/configuration.md:452-469: the file says openai / gpt-4, base_url left at Ollama's
    # W: wrong: start-up failure (no key read). Ours: an OpenAI model at port 11434 is refused.
    case(
        "S14-openai-config-edit",
        "local",
        daemon(B_LINUX, "openai", "gpt-4", OLLAMA_LINUX, **OPENAI),
        refused(OLLAMA_PORT_URL),
    ),
    # S15 · docs/cli/configuration.md:216-223 Azure OpenAI; the CLI prompts for the key (file key ignored)
    # W: wrong: start-up failure; and ChatOpenAI gets no base_url, so the Azure key would go to api.openai.com.
    case(
        "S15-azure-openai",
        "local",
        daemon(
            B_LINUX,
            "openai",
            "gpt-4",
            "https://your-resource.openai.azure.com/openai/deployments/your-deployment",
            OPENAI_API_KEY=AZURE_KEY,
        ),
        Resolved(
            "openai",
            "gpt-4",
            "https://your-resource.openai.azure.com/openai/deployments/your-deployment",
            "env:OPENAI_API_KEY",
            warned(("base_url", "env:STIGMER_LLM_BASE_URL")),  # the path does not end in /v1
        ),
    ),
    # S16 · the file replaced by an openai snippet without base_url: the CLI's openai default URL in both variables
    # W: wrong: start-up failure (reads no OPENAI_API_KEY).
    case(
        "S16-openai-snippet",
        "local",
        daemon(B_LINUX, "openai", "gpt-4", OPENAI_URL, **OPENAI),
        Resolved("openai", "gpt-4", OPENAI_URL, "env:OPENAI_API_KEY"),
    ),
    # S17 · docs/cli/configuration.md:529-538: Ollama on the LAN
    # W: right.
    case(
        "S17-ollama-on-the-lan",
        "local",
        daemon(B_LINUX, "ollama", "qwen2.5-coder:7b", "http://192.168.1.100:11434"),
        Resolved("ollama", "qwen2.5-coder:7b", "http://192.168.1.100:11434", None),
    ),
    # S18 · macOS, base_url http://127.0.0.1:11434: supervisor.go rewrites only "localhost", so it reaches the container
    # W: wrong: the container's own loopback. Ours: the same; nothing resolve() reads says it runs in a container.
    case(
        "S18-macos-127-not-rewritten",
        "local",
        daemon(B_MAC, "ollama", "qwen2.5-coder:7b", "http://127.0.0.1:11434"),
        Resolved("ollama", "qwen2.5-coder:7b", "http://127.0.0.1:11434", None),
    ),
    # S19 · macOS, an OpenAI-compatible server on the host (docs/cli/configuration.md:225), http://localhost:8080/v1
    # rewritten to host.docker.internal; the daemon prompted for OPENAI_API_KEY (the report's "sk-local"; here sk-...).
    # W: wrong: start-up failure; with a key, the request would go to api.openai.com.
    case(
        "S19-macos-openai-compatible-on-host",
        "local",
        daemon(B_MAC, "openai", "gpt-4o", "http://host.docker.internal:8080/v1", OPENAI_API_KEY=OPENAI_LEGACY_KEY),
        Resolved("openai", "gpt-4o", "http://host.docker.internal:8080/v1", "env:OPENAI_API_KEY"),
    ),
    # S20 · the user's `export OLLAMA_BASE_URL=http://gpu-box:11434`: the supervisor overwrites it: S1's container
    # W: right by Stigmer's design (only STIGMER_LLM_BASE_URL / llm.base_url count); the user's value is lost before us.
    case(
        "S20-user-ollama-base-url-overwritten",
        "local",
        S1_ENV,
        Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None),
    ),
    # S20b · the same export when the worker is run by hand (MODE=local, no launcher in between)
    # W: right (reads OLLAMA_BASE_URL). Ours: OLLAMA_BASE_URL is Ollama's own variable.
    case(
        "S20b-user-ollama-base-url-manual-run",
        "local",
        MANUAL_LOCAL | {"OLLAMA_BASE_URL": "http://gpu-box:11434"},
        Resolved("ollama", "qwen2.5-coder:7b", "http://gpu-box:11434", None),
    ),
    # S22 · STIGMER_LLM_PROVIDER=Anthropic: the CLI stops before any container (secrets.go:55-99); this is the value
    # passed straight to a worker (a docker run on the daemon's base), with ANTHROPIC_API_KEY.
    # W: wrong: "Invalid provider 'Anthropic'" at start-up. Ours: providers are case-insensitive.
    case(
        "S22-provider-capitalised",
        "local",
        B_LINUX | {"STIGMER_LLM_PROVIDER": "Anthropic", **ANTHROPIC},
        Resolved("anthropic", ANTHROPIC_MODEL, ANTHROPIC_URL, "env:ANTHROPIC_API_KEY"),
    ),
    # S23 · an explicit Ollama model on macOS
    # W: right.
    case(
        "S23-macos-explicit-ollama-model",
        "local",
        daemon(B_MAC, "ollama", "llama3.2:3b", OLLAMA_MAC),
        Resolved("ollama", "llama3.2:3b", OLLAMA_MAC, None),
    ),
    # --- 6.2 the per-request override: ExecutionConfig.model_name (spec.proto:139-142) -------------------
    # S24 · the `stigmer new` template (sdk/go/templates/templates.go:217-220) on the macOS zero-config daemon
    # W: wrong: sends claude-3-5-sonnet to Ollama. Ours: the request chooses anthropic, which has no key here.
    case(
        "S24-template-claude-on-zero-config",
        "local",
        S2_ENV,
        refused(("api_key", "env:ANTHROPIC_API_KEY")),
        override="claude-3-5-sonnet",
    ),
    # S25 · S2 with ANTHROPIC_API_KEY exported before `stigmer server` (forwarded even with provider ollama)
    # W: wrong: still ChatOllama. Ours: anthropic at its own host, not the worker's Ollama URL, with a switch warning.
    case(
        "S25-template-claude-with-anthropic-key",
        "local",
        S2_ENV | ANTHROPIC,
        Resolved("anthropic", "claude-3-5-sonnet", ANTHROPIC_URL, "env:ANTHROPIC_API_KEY", warned(SWITCHED)),
        override="claude-3-5-sonnet",
    ),
    # S26 · sdk/go/examples/19_workflow_agent_execution_config.go:48 (claude-3-haiku) on S6's container
    # W: right provider, non-canonical id. Ours: S6's own leftover Ollama URL is still refused.
    case("S26-example19-haiku-on-S6", "local", S6_ENV, refused(OLLAMA_PORT_URL), override="claude-3-haiku"),
    # S26b · the same request on S9's container (no leftover URL)
    # W: right provider, non-canonical id. Ours: the same call.
    case(
        "S26b-example19-haiku-on-S9",
        "local",
        S9_ENV,
        Resolved("anthropic", "claude-3-haiku", ANTHROPIC_URL, "env:ANTHROPIC_API_KEY"),
        override="claude-3-haiku",
    ),
    # S27 · a workflow written for local (model_name qwen2.5-coder:7b) on S6's anthropic daemon
    # W: wrong: qwen2.5-coder:7b to Anthropic. Ours: ollama via OLLAMA_BASE_URL (its own); the Anthropic key stays home.
    case(
        "S27-local-workflow-on-anthropic-daemon",
        "local",
        S6_ENV,
        Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None, warned(SWITCHED)),
        override="qwen2.5-coder:7b",
    ),
    # S28 · model_name gpt-4o on S1's zero-config daemon
    # W: wrong: gpt-4o to Ollama. Ours: openai, which needs OPENAI_API_KEY.
    case("S28-gpt-4o-on-zero-config", "local", S1_ENV, refused(("api_key", "env:OPENAI_API_KEY")), override="gpt-4o"),
    # S29a · Graphton's prefix syntax (graphton/core/models.py:132-147), anthropic:claude-sonnet-4.5, on S1
    # W: wrong: the whole string to Ollama. Ours: anthropic, which has no key here.
    case(
        "S29a-prefixed-model-on-zero-config",
        "local",
        S1_ENV,
        refused(("api_key", "env:ANTHROPIC_API_KEY")),
        override="anthropic:claude-sonnet-4.5",
    ),
    # S29b · the same on S6's container
    # W: wrong: ChatAnthropic(model="anthropic:claude-sonnet-4.5"). Ours: S6's leftover Ollama URL is refused.
    case(
        "S29b-prefixed-model-on-S6",
        "local",
        S6_ENV,
        refused(OLLAMA_PORT_URL),
        override="anthropic:claude-sonnet-4.5",
    ),
    # S29c · the same on S25's container (zero-config macOS + ANTHROPIC_API_KEY)
    # W: wrong: the whole string to Ollama. Ours: anthropic, claude-sonnet-4-5.
    case(
        "S29c-prefixed-model-with-anthropic-key",
        "local",
        S2_ENV | ANTHROPIC,
        Resolved(
            "anthropic",
            "claude-sonnet-4-5",
            ANTHROPIC_URL,
            "env:ANTHROPIC_API_KEY",
            warned(SWITCHED),
        ),
        override="anthropic:claude-sonnet-4.5",
    ),
    # S30 · the proto's own example (spec.proto:141), claude-sonnet-4-20250514, on S1
    # W: wrong: to Ollama. Ours: anthropic, which has no key here.
    case(
        "S30-proto-example-on-zero-config",
        "local",
        S1_ENV,
        refused(("api_key", "env:ANTHROPIC_API_KEY")),
        override="claude-sonnet-4-20250514",
    ),
    # S31 · `stigmer run` (root/run.go:493-497) sends no ExecutionConfig: model_name is ""
    # W: right: empty counts as unset.
    case(
        "S31-empty-model-name",
        "local",
        S1_ENV,
        Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None),
        override="",
    ),
    # --- 6.3 kustomize: no MODE, so cloud -------------------------------------------------------------
    # S32 · overlays/prod = base + prod: anthropic with base's STIGMER_LLM_BASE_URL=prod.ollama-base-url
    # W: right host and key (ignores the URL), id claude-sonnet-4.5. Ours: a claude model at port 11434 is refused.
    case("S32-kustomize-prod", "cloud", K_PROD, refused(OLLAMA_PORT_URL)),
    # S33 · overlays/local = base + prod + local: ollama, with prod's Anthropic key inherited in STIGMER_LLM_API_KEY
    # W: wrong: start-up failure (reads OLLAMA_BASE_URL, unset in cloud mode). Ours: the URL is Ollama's own, right
    # for ollama; the Anthropic key inherited in STIGMER_LLM_API_KEY is what does not belong, and is refused.
    case(
        "S33-kustomize-local",
        "cloud",
        K_LOCAL,
        refused(("api_key", "env:STIGMER_LLM_API_KEY")),
    ),
    # S34 · the local overlay switched to OpenAI per LOCAL-LLM-SETUP.md:128-143 (STIGMER_LLM_API_KEY=sk-...)
    # W: right for Stigmer (ignores the URL). Ours: an OpenAI model at the overlay's leftover Ollama URL is refused.
    case(
        "S34-kustomize-local-openai",
        "cloud",
        K_LOCAL
        | {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_MODEL": "gpt-4", "STIGMER_LLM_API_KEY": OPENAI_LEGACY_KEY},
        refused(OLLAMA_PORT_URL),
    ),
    # S35 · the local overlay switched to Anthropic per LOCAL-LLM-SETUP.md:167-182 (prod's ANTHROPIC_API_KEY remains)
    # W: right host, id claude-sonnet-4.5. Ours: a claude model at the leftover Ollama URL is refused.
    case(
        "S35-kustomize-local-anthropic",
        "cloud",
        K_LOCAL
        | {
            "STIGMER_LLM_PROVIDER": "anthropic",
            "STIGMER_LLM_MODEL": "claude-sonnet-4.5",
            "STIGMER_LLM_API_KEY": ANTHROPIC_KEY,
        },
        refused(OLLAMA_PORT_URL),
    ),
    # --- 6.4 systemd, docker run, manual runs --------------------------------------------------------
    # S36 · docs/deployment/systemd/stigmer.service as shipped (stigmer internal-server -> supervisor)
    # W: right.
    case("S36-systemd-as-shipped", "local", SYSTEMD_ENV, Resolved("ollama", "qwen2.5-coder:14b", OLLAMA_LINUX, None)),
    # S37 · docs/deployment/systemd/SETUP.md:93-97 adds provider openai + OPENAI_API_KEY, model and URL left as shipped
    # W: wrong: start-up failure. Ours: refuses the OpenAI key to Ollama's port (and warns of the Ollama model).
    case(
        "S37-systemd-openai",
        "local",
        SYSTEMD_ENV | {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OPENAI_LEGACY_KEY},
        refused(OLLAMA_PORT_URL),
    ),
    # S38 · stigmer.service's commented Anthropic line enabled, with provider anthropic
    # W: wrong: qwen2.5-coder:14b to Anthropic. Ours: refuses the Anthropic key to Ollama's port.
    case(
        "S38-systemd-anthropic",
        "local",
        SYSTEMD_ENV | {"STIGMER_LLM_PROVIDER": "anthropic", **ANTHROPIC},
        refused(OLLAMA_PORT_URL),
    ),
    # S40 · backend/services/agent-runner/docs/docker.md:152-164 manual docker run, openai gpt-4
    # W: wrong: start-up failure (reads no OPENAI_API_KEY).
    case(
        "S40-docker-run-openai",
        "local",
        DOCKER_RUN | {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_MODEL": "gpt-4", **OPENAI},
        Resolved("openai", "gpt-4", OPENAI_URL, "env:OPENAI_API_KEY"),
    ),
    # S41 · docs/docker.md:249-254 Anthropic snippet with MODE=local from the same page
    # W: right call; claude-3-opus is not a canonical id (ours passes it through: no near miss in the SDK's list).
    case(
        "S41-docker-run-anthropic",
        "local",
        DOCKER_RUN | {"STIGMER_LLM_PROVIDER": "anthropic", "STIGMER_LLM_MODEL": "claude-3-opus", **ANTHROPIC},
        Resolved("anthropic", "claude-3-opus", ANTHROPIC_URL, "env:ANTHROPIC_API_KEY"),
    ),
    # S42 · docs/docker.md:256-261 "Custom Base URL", MODE=local, no model
    # W: wrong twice: qwen2.5-coder:7b (the mode's default) and the custom key to api.openai.com.
    case(
        "S42-docker-run-custom-base-url",
        "local",
        DOCKER_RUN
        | {
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_BASE_URL": "https://api.custom.com/v1",
            "STIGMER_LLM_API_KEY": CUSTOM_KEY,
        },
        Resolved("openai", OPENAI_MODEL, "https://api.custom.com/v1", "env:STIGMER_LLM_API_KEY"),
    ),
    # S43 · docs/guides/agent-runner-local-mode.md:68-107: MODE=local with ANTHROPIC_API_KEY "required"
    # W: right: ollama by the mode; the Anthropic key is unused.
    case("S43-manual-local-run", "local", MANUAL_LOCAL, Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None)),
    # S44 · S43 plus README's export STIGMER_LLM_PROVIDER=anthropic
    # W: wrong: the mode's qwen2.5-coder:7b to Anthropic. Ours: the provider's default model.
    case(
        "S44-manual-local-run-anthropic",
        "local",
        MANUAL_LOCAL | {"STIGMER_LLM_PROVIDER": "anthropic"},
        Resolved("anthropic", ANTHROPIC_MODEL, ANTHROPIC_URL, "env:ANTHROPIC_API_KEY"),
    ),
    # S45 · a manual cloud run, MODE unset: only Stigmer's secrets, Redis, Temporal and ANTHROPIC_API_KEY
    # W: right provider and key, id claude-sonnet-4.5. Ours: the anthropic default.
    case(
        "S45-manual-cloud-run",
        "cloud",
        MANUAL_CLOUD | ANTHROPIC,
        Resolved("anthropic", ANTHROPIC_MODEL, ANTHROPIC_URL, "env:ANTHROPIC_API_KEY"),
    ),
    # S46 · cloud mode with ollama and no model
    # W: wrong: claude-sonnet-4.5 (the mode's default) to Ollama. Ours: the provider's default.
    case(
        "S46-cloud-ollama-no-model",
        "cloud",
        MANUAL_CLOUD | {"STIGMER_LLM_PROVIDER": "ollama", "OLLAMA_BASE_URL": OLLAMA_LINUX},
        Resolved("ollama", "qwen2.5-coder:7b", OLLAMA_LINUX, None),
    ),
    # S47 · _kustomize/LOCAL-LLM-SETUP.md:149-155 exports, run by hand
    # W: right.
    case(
        "S47-manual-openai-stigmer-key",
        "local",
        {
            "MODE": "local",
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_MODEL": "gpt-4",
            "STIGMER_LLM_API_KEY": OPENAI_LEGACY_KEY,
        },
        Resolved("openai", "gpt-4", OPENAI_URL, "env:STIGMER_LLM_API_KEY"),
    ),
    # S47b · the same exports under the daemon: the CLI prompts for OPENAI_API_KEY, the file's Ollama URL is forwarded
    # W: wrong: start-up failure (STIGMER_LLM_API_KEY not forwarded, OPENAI_API_KEY not read). Ours: refused as S14.
    case(
        "S47b-daemon-openai-stigmer-key",
        "local",
        daemon(B_LINUX, "openai", "gpt-4", OLLAMA_LINUX, OPENAI_API_KEY=OPENAI_LEGACY_KEY),
        refused(OLLAMA_PORT_URL),
    ),
    # S48 · a manual run on a host with OLLAMA_HOST=0.0.0.0:11434 exported (a bind address, report §5.9)
    # W: right: ignores OLLAMA_HOST. Ours: reads it, connects to 127.0.0.1 and says so.
    case(
        "S48-ollama-host-bind-address",
        "local",
        {"MODE": "local", "OLLAMA_HOST": "0.0.0.0:11434"},
        Resolved("ollama", "qwen2.5-coder:7b", "http://127.0.0.1:11434", None, warned(("base_url", "env:OLLAMA_HOST"))),
    ),
]

# --- what a key may be sent where: independent of the package's own tables --------------------------

#: The provider each vendor's API host, or Ollama's port, belongs to.
API_HOSTS = {"api.anthropic.com": "anthropic", "api.openai.com": "openai"}
OLLAMA_PORT = 11434
#: Each provider's own key variables; STIGMER_LLM_API_KEY may serve any provider.
OWN_KEY_VARS = {
    "anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
    "openai": ("OPENAI_API_KEY",),
    "ollama": ("OLLAMA_API_KEY",),
}
#: Every variable an LLM setting may come from; a Stigmer container's others (MODE, STIGMER_API_KEY, REDIS_*...) not.
LLM_VARS = {var for names in OWN_KEY_VARS.values() for var in names} | {
    "ANTHROPIC_BASE_URL",
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "OLLAMA_HOST",
    "OLLAMA_BASE_URL",
}


def endpoint_owner(url: str) -> str | None:
    """The provider whose endpoint ``url`` is: a vendor's API host, or any host on Ollama's port; else None."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return API_HOSTS.get(parts.hostname or "") or ("ollama" if port == OLLAMA_PORT else None)


def key_vendor(secret: str) -> str | None:
    """The vendor whose key shape ``secret`` has."""
    return "anthropic" if secret.startswith("sk-ant-") else "openai" if secret.startswith("sk-") else None


def assert_key_stays_home(config: LLMConfig, env: Mapping[str, str]) -> None:
    """The endpoint is the provider's or nobody's; the key goes nowhere else and comes from a variable of its own."""
    owner = endpoint_owner(config.base_url)
    assert owner in (None, config.provider), f"{config.provider} would call {config.base_url}, {owner}'s endpoint"
    if config.api_key is None:
        assert config.sources["api_key"] == "default"
        return
    secret = config.api_key.get_secret_value()
    assert key_vendor(secret) in (None, config.provider), f"a {key_vendor(secret)} key resolved for {config.provider}"
    if owner is not None:
        assert key_vendor(secret) in (None, owner), f"a {key_vendor(secret)} key would go to {owner}'s endpoint"
    kind, _, var = config.sources["api_key"].partition(":")
    assert kind == "env" and var in ("STIGMER_LLM_API_KEY", *OWN_KEY_VARS[config.provider]), config.sources["api_key"]
    assert env[var] == secret, f"the key sent is not {var}'s"


def is_llm_var(name: str) -> bool:
    return name.startswith("STIGMER_LLM_") or name in LLM_VARS


# --- the tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SCENARIOS)
def test_stigmer_scenario(case: Case) -> None:
    """Each deployment resolves to the expected call, or to exactly the expected errors; a key always stays home."""
    assert case.mode == case.env.get("MODE", "cloud"), "the table's mode must be the one Stigmer's worker reads"
    result = resolve(case.mode, case.env, case.override)
    if isinstance(case.want, Resolved):
        assert isinstance(result, LLMConfig), [(p.field, p.source) for p in result]
        key_source = None if result.api_key is None else result.sources["api_key"]
        assert (result.provider, result.model, result.base_url, key_source) == case.want[:4]
        assert case.want.warns <= {(w.field, w.source) for w in result.warnings}, result.warnings
        assert_key_stays_home(result, case.env)
    else:
        assert isinstance(result, tuple), result
        assert {(p.field, p.source) for p in result} == case.want


def _unmarked(params: list[object]) -> list[object]:
    return [pytest.param(*p.values, id=p.id) for p in params]  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", _unmarked(SCENARIOS))
def test_the_containers_other_variables_change_nothing(case: Case) -> None:
    """MODE, STIGMER_API_KEY, REDIS_PASSWORD, TASK_QUEUE, the $variables-group references...: resolve() ignores them."""
    only_llm = MappingProxyType({k: v for k, v in case.env.items() if is_llm_var(k)})  # not a dict: no memo

    def seen(result: object) -> object:
        if isinstance(result, LLMConfig):
            return result, dict(result.sources), result.warnings
        return result

    assert seen(resolve(case.mode, case.env, case.override)) == seen(resolve(case.mode, only_llm, case.override))


def test_the_table_covers_the_reports_scenarios() -> None:
    """At least 30 scenarios, covering every S-number the brief asked for."""
    numbers = {int(re.match(r"S(\d+)", p.id).group(1)) for p in SCENARIOS}  # type: ignore[attr-defined, union-attr]
    wanted = {1, 2, 3, 4, 5, 6, 8, 9, *range(11, 21), 22, *range(24, 31), *range(32, 39), *range(40, 49)}
    assert len(SCENARIOS) >= 30
    assert wanted <= numbers, sorted(wanted - numbers)
