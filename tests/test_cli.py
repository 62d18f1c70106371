"""The command line, run as a user runs it: in a subprocess, with a controlled environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from .fakeapi import FakeAPI, closed_port

_BASE_ENV = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "SYSTEMROOT", "PYTHONPATH")}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stigmer_resolve", *args],
        env={**_BASE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def key() -> str:
    return "sk-ant-" + secrets.token_urlsafe(32)


def test_zero_config_prints_the_local_default_and_exits_0() -> None:
    """With nothing set, the CLI shows ollama with qwen2.5-coder:7b at localhost."""
    done = run()
    assert done.returncode == 0, done.stderr
    assert "ollama" in done.stdout and "qwen2.5-coder:7b" in done.stdout and "http://localhost:11434" in done.stdout


def test_configuration_errors_go_to_stderr_with_hints_and_exit_2() -> None:
    """Every error, with its hint, on stderr; exit code 2."""
    done = run("--mode", "cloud", env={"STIGMER_LLM_MAX_TOKENS": "lots"})
    assert done.returncode == 2 and not done.stdout
    assert "env:STIGMER_LLM_MAX_TOKENS" in done.stderr and "env:ANTHROPIC_API_KEY" in done.stderr
    assert done.stderr.count("hint:") == 2


def test_mode_comes_from_the_flag_then_mode_variable_then_local() -> None:
    """--mode beats MODE, which beats the local default."""
    secret = key()
    assert "anthropic" in run(env={"MODE": "cloud", "ANTHROPIC_API_KEY": secret}).stdout
    assert "mode:local" in run("--mode", "local", env={"MODE": "cloud", "ANTHROPIC_API_KEY": secret}).stdout
    assert run(env={"MODE": "cluod"}).returncode == 2


def test_json_output_parses_and_masks_the_key() -> None:
    """--json prints to_dict(): valid JSON, key masked."""
    secret = key()
    done = run("show", "--json", "--mode", "cloud", env={"ANTHROPIC_API_KEY": secret})
    data = json.loads(done.stdout)
    assert data["provider"] == "anthropic" and data["api_key"] == "********" + secret[-4:]
    assert secret not in done.stdout + done.stderr


def test_set_is_the_override_layer() -> None:
    """--set model=fast picks the provider's fast alias; --set beats the environment."""
    done = run("--set", "model=fast", "--set", "max_tokens=77", "--json", env={"STIGMER_LLM_MAX_TOKENS": "5"})
    data = json.loads(done.stdout)
    assert data["model"] == "qwen2.5-coder:1.5b" and data["max_tokens"] == 77
    assert data["sources"]["max_tokens"] == "override:max_tokens"


def test_hints_for_set_values_are_set_flags() -> None:
    """A hint for a --set value is the --set flag to give, in errors and in warnings alike."""
    done = run("--set", "max_tokens=lots")
    assert done.returncode == 2 and "hint: --set max_tokens=8192" in done.stderr and "override=" not in done.stderr
    done = run("--set", "model=claude-sonnet-5.5", "--mode", "cloud", env={"ANTHROPIC_API_KEY": "sk-ant-" + "x" * 20})
    assert done.returncode == 0 and "hint: --set model=claude-sonnet-5-5" in done.stdout


def test_env_file_layers_over_the_process_environment(tmp_path: Path) -> None:
    """--env-file values beat the process environment; comments, quotes and export are understood."""
    path = tmp_path / ".env"
    path.write_text('# a comment\nexport STIGMER_LLM_MODEL="llama3"\nSTIGMER_LLM_MAX_TOKENS=99  # tokens\n\nEMPTY=\n')
    data = json.loads(run("--env-file", str(path), "--json", env={"STIGMER_LLM_MODEL": "mistral"}).stdout)
    assert (data["model"], data["max_tokens"]) == ("llama3", 99)


def test_malformed_env_file_line_names_file_and_line(tmp_path: Path) -> None:
    """A line that is not NAME=VALUE is an error naming the file and the line; exit 2."""
    path = tmp_path / "bad.env"
    path.write_text("A=1\nthis is not an assignment\n")
    done = run("--env-file", str(path))
    assert done.returncode == 2 and f"{path}:2" in done.stderr


def test_help_shows_the_precedence_and_the_variables() -> None:
    """--help explains the precedence and lists every variable."""
    done = run("--help")
    assert done.returncode == 0 and "precedence" in done.stdout and "OLLAMA_HOST" in done.stdout


@pytest.mark.parametrize("args", [(), ("--json",), ("--set", "base_url=https://evil.example")])
def test_no_key_in_any_output(args: tuple[str, ...]) -> None:
    """For random keys and URL passwords, neither stdout nor stderr ever holds them."""
    secret, password = key(), secrets.token_hex(12)
    env = {"MODE": "cloud", "ANTHROPIC_API_KEY": secret, "OPENAI_BASE_URL": f"https://u:{password}@x.example/v1"}
    for extra in (
        {},
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": secret},
        {"ANTHROPIC_API_KEY": secret + " x"},
    ):
        done = run(*args, env={**env, **extra})
        assert secret not in done.stdout + done.stderr and password not in done.stdout + done.stderr


def test_check_exits_0_when_the_model_answers(api: FakeAPI) -> None:
    """check probes the endpoint: the model is there, exit 0."""
    api.routes["/api/tags"] = (200, {"models": [{"model": "qwen2.5-coder:7b", "name": "qwen2.5-coder:7b"}]}, 0.0)
    done = run("check", env={"OLLAMA_HOST": api.url})
    assert done.returncode == 0 and "ok: ollama" in done.stdout, done.stdout + done.stderr


def test_check_exits_3_with_a_hint_when_the_endpoint_fails(api: FakeAPI) -> None:
    """check on a missing model or a closed port exits 3 and says what to do."""
    done = run("check", env={"OLLAMA_HOST": api.url})
    assert done.returncode == 3 and "ollama pull qwen2.5-coder:7b" in done.stdout
    secret = key()
    done = run(
        "check",
        "--timeout",
        "2",
        env={"MODE": "cloud", "ANTHROPIC_API_KEY": secret, "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{closed_port()}"},
    )
    assert done.returncode == 3 and "unreachable" in done.stdout
    assert secret not in done.stdout + done.stderr


def test_ask_prints_the_answer_and_exits_3_on_endpoint_errors(api: FakeAPI) -> None:
    """ask sends one turn through the configured client; a refused key is exit 3 on stderr, without the key."""
    secret = key()
    env = {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": f"{api.url}/v1", "OPENAI_API_KEY": secret}
    done = run("ask", "hello", "--set", "temperature=0.5", env=env)
    assert done.returncode == 0 and done.stdout.strip() == "hi from openai"
    assert api.requests[-1].body["temperature"] == 0.5
    api.routes["/chat/completions"] = (401, {"error": {"message": "bad key", "type": "x"}}, 0.0)
    done = run("ask", "hello", env=env)
    assert done.returncode == 3 and "unauthorised" in done.stderr and secret not in done.stdout + done.stderr
