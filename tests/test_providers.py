"""The provider table against the installed official SDKs, and its own consistency."""

from __future__ import annotations

import importlib.util
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from stigmer_resolve import LLMConfig, resolve
from stigmer_resolve.providers import MODES, PROVIDERS, family_of, key_owner, model_setting, split_model

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("generate_models", ROOT / "tools" / "generate_models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_model_lists_are_what_the_installed_sdks_list() -> None:
    """stigmer_resolve/models.py is exactly what tools/generate_models.py writes from the installed SDKs."""
    pytest.importorskip("anthropic")
    pytest.importorskip("openai")
    expected = _generator().render()  # type: ignore[attr-defined]
    assert (ROOT / "stigmer_resolve" / "models.py").read_text(encoding="utf-8") == expected, (
        "the SDKs list other models now: run python tools/generate_models.py and review the diff"
    )


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
def test_defaults_and_aliases_are_ids_the_sdk_lists(provider: str) -> None:
    """Every anthropic and openai alias (and so the default) is a model id the SDK lists, and none is retiring."""
    row = PROVIDERS[provider]
    assert set(row.aliases.values()) <= row.known_models
    assert not set(row.aliases.values()) & set(row.retiring)


def test_every_provider_row_is_complete() -> None:
    """Each row has the three aliases, its own env vars, and a default URL its own dialect reads back unchanged."""
    for name, row in PROVIDERS.items():
        assert set(row.aliases) == {"fast", "balanced", "powerful"} and row.url_vars and row.key_vars
        config = resolve("local", {"STIGMER_LLM_PROVIDER": name, row.key_vars[0]: "gw-" + "z" * 24})
        assert isinstance(config, LLMConfig) and config.base_url == row.base_url and not config.warnings
        assert row.api in ("anthropic", "openai", "ollama") and row.extra
    assert set(MODES.values()) <= set(PROVIDERS)


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("claude-x", "anthropic"),
        ("gpt-6-luna", "openai"),
        ("gpt-oss:20b", "ollama"),
        ("gpt-oss", "ollama"),  # longer than openai's gpt-
        ("ft:gpt-4o:a:b", "openai"),
        ("o3", "openai"),
        ("llama3", "ollama"),
        ("llama3.1:8b", "ollama"),
        ("qwen2.5-coder", "ollama"),
        ("deepseek-r1", "ollama"),
        ("phi4", "ollama"),
        ("phish", None),  # a family name matches whole words only
        ("gemmaxyz", None),
        ("my-model", None),
        ("zzz:", None),
        (":7b", None),
    ],
)
def test_model_families(model: str, family: str | None) -> None:
    """Family rules: ft: first, then name:tag, then the longest name prefix, matched as a word."""
    assert family_of(model) == family


@pytest.mark.parametrize(
    ("key", "owner"),
    [
        ("sk-ant-api03-x", "anthropic"),
        ("sk-proj-x", "openai"),
        ("sk-svcacct-x", "openai"),
        ("sk-admin-x", "openai"),
        ("sk-x", "openai"),  # the legacy OpenAI shape
        ("sk-ant", "openai"),  # not sk-ant-: an sk- key
        ("gw-x", None),
        ("ollama", None),
    ],
)
def test_the_longest_matching_key_prefix_names_the_owner(key: str, owner: str | None) -> None:
    """A key belongs to the provider whose longest prefix it has."""
    assert key_owner(key) == owner


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize("model", ["qwen2.5-coder:7b", "x", "openai:x", "anthropic:openai:x", "llama3:8b"])
def test_model_setting_writes_a_model_so_that_it_reads_back(provider: str, model: str) -> None:
    """The setting model_setting() writes for a provider's model reads back as that model, for that provider or none."""
    prefix, rest = split_model(model_setting(provider, model))
    assert rest == model and prefix in (provider, None)


_VLLM_ROW = """
    Provider(
        name="vllm",
        api="openai",
        extra="openai",
        base_url="http://localhost:8000/v1",
        url_dialect="url",
        path_v1="expect",
        path_v1_why="the path does not end in /v1",
        key_vars=("VLLM_API_KEY",),
        url_vars=("VLLM_BASE_URL",),
        key_required="never",
        aliases=MappingProxyType({"fast": "qwen3-8b", "balanced": "qwen3-32b", "powerful": "qwen3-235b"}),
        max_tokens=4096,
        temperature=0.0,
        unsupported=frozenset({"num_ctx"}),
        families=(),
        tagged_names=False,
        key_prefixes=(),
        known_models=frozenset(),
        retiring=MappingProxyType({}),
        dotted_ids=False,
    ),
"""


def test_a_new_provider_is_one_row(tmp_path: Path) -> None:
    """Adding a row to the provider table (a vLLM preset) is all it takes to resolve and call a new provider."""
    pytest.importorskip("openai")
    from .fakeapi import serve

    copy = tmp_path / "stigmer_resolve"
    copy.mkdir()
    for source in (ROOT / "stigmer_resolve").glob("*.py"):
        (copy / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    providers = (copy / "providers.py").read_text(encoding="utf-8")
    marker = "_ROWS = (\n"
    assert providers.count(marker) == 1
    (copy / "providers.py").write_text(
        providers.replace(marker, marker + textwrap.dedent(_VLLM_ROW).replace("\n", "\n    ")[1:]), encoding="utf-8"
    )
    with serve() as api:
        code = textwrap.dedent(
            f"""
            from stigmer_resolve import resolve
            from stigmer_resolve.clients import complete
            config = resolve("local", {{"STIGMER_LLM_MODEL": "vllm:fast", "VLLM_BASE_URL": "{api.url}/v1"}})
            print(config.provider, config.model, config.base_url, config.sources["base_url"])
            print(complete(config, "hello"))
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"vllm qwen3-8b {api.url}/v1 env:VLLM_BASE_URL", "hi from openai"]
        (request,) = api.requests
        assert request.path == "/v1/chat/completions" and request.body["model"] == "qwen3-8b"


def test_the_provider_table_is_the_only_place_that_names_a_provider() -> None:
    """Outside the provider table, the core names no provider: it dispatches on the table's data."""
    # The SDK edge (clients.py, langchain.py) names the three APIs it has adapters for, and environment.py
    # the SDK packages whose variables it classifies.
    names = tuple(f'"{name}"' for name in PROVIDERS)
    for path in (ROOT / "stigmer_resolve").glob("*.py"):
        if path.name in ("providers.py", "models.py"):
            continue
        code = "\n".join(
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("#")
        )
        body = inspect.cleandoc(code)
        hits = [name for name in names if name in body]
        assert not hits or path.name in ("clients.py", "langchain.py", "environment.py"), (path.name, hits)
