"""The command line, run as a user runs it: in a subprocess, with a controlled environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from stigmer_resolve.config import escaped_forms

from .fakeapi import FakeAPI, closed_port

# HOME is an empty directory: a developer's own ~/.stigmer/config.yaml must not change what the tests see.
_BASE_ENV = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "PYTHONPATH")}
_BASE_ENV["HOME"] = tempfile.mkdtemp(prefix="stigmer-resolve-home-")


def run(
    *args: str, env: dict[str, str] | None = None, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python, "-m", "stigmer_resolve", *args],
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


def test_mode_comes_from_the_flag_then_mode_variable_then_local_and_says_so() -> None:
    """--mode beats MODE, which beats the local default; the mode's source says which one it was."""
    secret = key()
    sources = [
        json.loads(run(*args, "--json", env=env).stdout)["sources"]["mode"]
        for args, env in [
            ((), {"MODE": "cloud", "ANTHROPIC_API_KEY": secret}),
            (("--mode", "local"), {"MODE": "cloud"}),
            ((), {}),
        ]
    ]
    assert sources == ["env:MODE", "--mode", "default"]
    done = run(env={"MODE": "cluod"})
    assert done.returncode == 2 and "env:MODE: must be" in done.stderr
    assert "hint: export MODE=cloud, or export MODE=local" in done.stderr  # the likeliest first
    done = run("--mode", "cluod")
    assert done.returncode == 2 and "hint: --mode cloud, or --mode local" in done.stderr


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


def test_env_file_values_name_their_file_and_line_and_hints_say_to_edit_it(tmp_path: Path) -> None:
    """A value from --env-file is file:PATH:LINE NAME in sources and errors, and its hint edits that line."""
    path = tmp_path / ".env"
    path.write_text("# models\n\nSTIGMER_LLM_MODEL=llama3\nSTIGMER_LLM_MAX_TOKENS=lots\n")
    done = run("--env-file", str(path))
    assert done.returncode == 2
    assert f"file:{path}:4 STIGMER_LLM_MAX_TOKENS: must be a whole number" in done.stderr
    assert f"hint: edit {path} line 4: STIGMER_LLM_MAX_TOKENS=8192" in done.stderr
    path.write_text("STIGMER_LLM_MODEL=llama3\n")
    data = json.loads(run("--env-file", str(path), "--json").stdout)
    assert data["sources"]["model"] == f"file:{path}:1 STIGMER_LLM_MODEL"


def test_no_env_resolves_from_the_env_file_alone(tmp_path: Path) -> None:
    """--no-env ignores the process environment: what a container started with that file alone sees."""
    path = tmp_path / "worker.env"
    path.write_text("STIGMER_LLM_MAX_TOKENS=99\n")
    env = {"STIGMER_LLM_MODEL": "mistral", "MODE": "cloud"}
    data = json.loads(run("--env-file", str(path), "--no-env", "--json", env=env).stdout)
    assert (data["provider"], data["model"], data["max_tokens"], data["mode"]) == (
        "ollama",
        "qwen2.5-coder:7b",
        99,
        "local",
    )


_STIGMER_CONFIG = """\
# Stigmer CLI Configuration

backend:
    type: local
    local:
        llm:
            provider: ollama
            model: qwen2.5-coder:14b
            base_url: http://localhost:11434
"""


def test_stigmers_config_file_is_read_from_home_below_the_environment(tmp_path: Path) -> None:
    """~/.stigmer/config.yaml is a layer below the environment, its values named by file, line and key."""
    (tmp_path / ".stigmer").mkdir()
    config = tmp_path / ".stigmer" / "config.yaml"
    config.write_text(_STIGMER_CONFIG)
    data = json.loads(run("--json", env={"HOME": str(tmp_path)}).stdout)
    assert data["model"] == "qwen2.5-coder:14b"
    assert data["sources"]["model"] == f"file:{config}:8 backend.local.llm.model"
    data = json.loads(run("--json", env={"HOME": str(tmp_path), "STIGMER_LLM_MODEL": "llama3"}).stdout)
    assert data["model"] == "llama3" and data["sources"]["model"] == "env:STIGMER_LLM_MODEL"
    assert json.loads(run("--json", "--no-config", env={"HOME": str(tmp_path)}).stdout)["model"] == "qwen2.5-coder:7b"


def test_a_named_config_file_must_exist_and_its_problems_are_errors(tmp_path: Path) -> None:
    """--config PATH that is missing, or holds a mistyped key, is an error naming file and line (exit 2)."""
    assert run("--config", str(tmp_path / "missing.yaml")).returncode == 2
    path = tmp_path / "c.yaml"
    path.write_text("backend:\n  local:\n    llm:\n      modle: llama3\n")
    done = run("--config", str(path))
    assert done.returncode == 2 and f"file:{path}:4 backend.local.llm.modle" in done.stderr and "'model'" in done.stderr


def test_a_missing_default_config_file_is_no_error(tmp_path: Path) -> None:
    """With no ~/.stigmer/config.yaml, the zero-config default applies."""
    assert run(env={"HOME": str(tmp_path)}).returncode == 0


def test_help_shows_the_precedence_the_variables_and_the_options_every_command_takes() -> None:
    """Top-level --help gives the precedence, every variable and the common options; each command says what it does."""
    from stigmer_resolve import READ
    from stigmer_resolve.settings import PRECEDENCE

    done = run("--help")
    assert done.returncode == 0 and all(var in done.stdout for var in READ)
    assert all(line.strip() in done.stdout for line in PRECEDENCE.splitlines())
    assert all(option in done.stdout for option in ("--mode", "--set", "--env-file", "--json"))
    for command in ("show", "check", "ask"):
        sub = run(command, "--help")
        assert sub.returncode == 0 and sub.stdout.split("\n\n")[1].strip(), sub.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("shwo",),
        ("--nope",),
        ("show", "--jsno"),
        ("check", "--timeout", "soon"),
        ("check", "--timeout", "0"),
        ("check", "--timeout", "nan"),
        ("ask", "hi", "--timeout", "-1"),
        ("ask", "hi", "--timeout", "3601"),
    ],
)
def test_usage_mistakes_exit_64_with_argparses_message(args: tuple[str, ...]) -> None:
    """An unknown command or flag is a usage mistake (64, EX_USAGE), told apart from configuration errors (2)."""
    done = run(*args)
    assert done.returncode == 64 and "usage:" in done.stderr and "Traceback" not in done.stderr
    if args == ("shwo",):
        assert "invalid choice: 'shwo'" in done.stderr and "'show'" in done.stderr


@pytest.mark.parametrize("item", ["api_key:{secret}", "{secret}", "=nokey", "api key={secret}"])
def test_a_malformed_set_flag_is_a_usage_error_that_never_echoes_its_value(item: str) -> None:
    """--set without KEY=VALUE is refused without showing what was given, which may be a key."""
    secret = key()
    done = run("--set", item.format(secret=secret))
    assert done.returncode == 64 and "usage:" in done.stderr and "--set number 1" in done.stderr
    assert secret not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--set", "api_key", "{secret}"),
        ("--sett", "api_key={secret}"),
        ("ask", "--set", "api_key", "{secret}", "hi"),
        ("check", "--timeout", "{secret}"),
        ("{secret}",),
    ],
)
def test_no_usage_error_repeats_an_argument_long_enough_to_be_a_key(args: tuple[str, ...]) -> None:
    """argparse's own usage messages mask every argument long enough to be a key, in every escaped form; exit 64."""
    secret = key() + "'\\"
    done = run(*(arg.format(secret=secret) for arg in args))
    assert done.returncode == 64 and "error:" in done.stderr
    shown = done.stdout + done.stderr
    assert not any(form in shown for form in escaped_forms(secret)), shown


def test_the_same_set_key_twice_with_different_values_is_an_error_as_in_the_api() -> None:
    """--set model=a --set model=b conflicts, as model and model_name do in an override; one value twice is fine."""
    done = run("--set", "model=llama3", "--set", "model=mistral")
    assert done.returncode == 2 and "override:model: is given twice" in done.stderr
    assert "hint: --set model=<one value>" in done.stderr
    assert run("--set", "model=llama3", "--set", "model_name=mistral").returncode == 2
    assert run("--set", "model=llama3", "--set", "model=llama3").returncode == 0
    assert run("--set", "model=llama3", "--set", "model= llama3 ").returncode == 0  # equal as resolve() reads them


def test_a_set_key_given_twice_never_echoes_either_value() -> None:
    """Two different keys under --set api_key: the conflict is told without showing either."""
    first, second = key(), key()
    done = run("--mode", "cloud", "--set", f"api_key={first}", "--set", f"api_key={second}")
    assert done.returncode == 2 and "override:api_key" in done.stderr
    assert first not in done.stdout + done.stderr and second not in done.stdout + done.stderr


def test_a_mode_read_from_an_env_file_is_blamed_on_its_line(tmp_path: Path) -> None:
    """MODE=clod in an --env-file: the error and its hint name that file and line, not the environment."""
    env_file = tmp_path / "stigmer.env"
    env_file.write_text("# comment\nMODE=clod\n")
    done = run("--env-file", str(env_file))
    assert done.returncode == 2 and f"{env_file}:2" in done.stderr and "export MODE" not in done.stderr


def test_a_key_that_reads_like_a_number_breaks_no_hint() -> None:
    """A key 8192 (too short to mask inside text) beside --set max_tokens=lots: a hint as a flag, no traceback."""
    done = run("--set", "max_tokens=lots", env={"STIGMER_LLM_API_KEY": "8192"})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "hint: --set max_tokens=8192" in done.stderr


def test_the_max_tokens_hint_is_the_providers_default() -> None:
    """A hint suggests a value right for the provider: 20000 for anthropic, 8192 for ollama."""
    done = run("--mode", "cloud", "--set", "max_tokens=lots", env={"ANTHROPIC_API_KEY": key()})
    assert "hint: --set max_tokens=20000" in done.stderr
    assert "hint: --set max_tokens=8192" in run("--set", "max_tokens=lots").stderr


def test_output_to_a_closed_pipe_ends_quietly() -> None:
    """stigmer-resolve | head -1: the closed pipe ends the program without a traceback."""
    done = subprocess.run(
        f"{sys.executable} -m stigmer_resolve --json | head -c 1",
        shell=True,
        env={**_BASE_ENV},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout == "{" and "Traceback" not in done.stderr and "Error" not in done.stderr


def test_an_output_encoding_that_cannot_show_a_character_escapes_it() -> None:
    """PYTHONIOENCODING=ascii with a non-ASCII model shows it escaped, with no traceback."""
    done = run("--set", "model=llama3-\u00e9t\u00e9", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and "Traceback" not in done.stderr and "llama3-\\xe9t\\xe9" in done.stdout


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


def test_ask_without_the_sdk_says_which_extra_to_install_and_exits_3(tmp_path: Path) -> None:
    """ask with the provider's SDK missing prints one line naming the extra, and exits 3, like check."""
    (tmp_path / "ollama.py").write_text("raise ModuleNotFoundError(name='ollama')\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), _BASE_ENV.get("PYTHONPATH", "")]))}
    done = run("ask", "hello", env=env)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "stigmer-resolve: the ollama package is not installed: pip install 'stigmer-resolve[ollama]'"
    ]


def test_ask_times_out_on_an_endpoint_that_never_answers(api: FakeAPI) -> None:
    """ask --timeout bounds the wait: a server that accepts and never answers is a timeout, exit 3."""
    api.routes["/api/chat"] = (200, {}, 30.0)
    started = time.monotonic()
    done = run("ask", "hello", "--timeout", "1", "--set", "max_retries=0", env={"OLLAMA_HOST": api.url})
    assert done.returncode == 3 and "timeout" in done.stderr and time.monotonic() - started < 20


def test_ask_without_timeout_waits_as_long_as_the_timeout_setting_says(api: FakeAPI) -> None:
    """Without --timeout, ask takes the timeout setting where one is set (here 1 s), not its own 60 s."""
    api.routes["/api/chat"] = (200, {}, 30.0)
    started = time.monotonic()
    done = run("ask", "hello", env={"OLLAMA_HOST": api.url, "STIGMER_LLM_TIMEOUT": "1", "STIGMER_LLM_MAX_RETRIES": "0"})
    assert done.returncode == 3 and "timeout" in done.stderr and time.monotonic() - started < 20


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
