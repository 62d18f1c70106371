"""The README is true: its Python examples run, its transcript is what the program prints, its tables are ours."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from stigmer_resolve import READ

from .fakeapi import FakeAPI

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)([^\n]*)\n(.*?)^```", README, re.S | re.M)
PYTHON = [code for language, info, code in BLOCKS if language == "python" and "no-run" not in info]


def test_the_readme_has_runnable_python_examples() -> None:
    """The README's Python examples are there to be run (and a block not meant to run says no-run)."""
    assert len(PYTHON) >= 2


@pytest.mark.parametrize("code", PYTHON, ids=[f"block {i}" for i in range(len(PYTHON))])
def test_every_python_example_runs_as_written(api: FakeAPI, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each runnable Python block runs unchanged, against a local Ollama stand-in, and prints the answer."""
    for name in (*READ, "MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MODE", "local")
    monkeypatch.setenv("OLLAMA_HOST", api.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    assert "hi from ollama" in out.getvalue() and api.requests


def test_the_transcript_is_what_the_program_prints() -> None:
    """The 'What a user sees' block is the command's real output, and its exit code."""
    block = README.partition("<!-- transcript:")[2].partition("```text\n")[2].partition("```")[0]
    command, _, expected = block.partition("\n")
    words = shlex.split(command.removeprefix("$ "))
    env = {
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/"),
    }
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    done = subprocess.run(words, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and done.stdout + done.stderr == expected


def test_the_generated_parts_are_the_packages() -> None:
    """The precedence rules and the SDK environment table are what tools/readme_tables.py writes."""
    spec = importlib.util.spec_from_file_location("readme_tables", ROOT / "tools" / "readme_tables.py")
    assert spec is not None and spec.loader is not None
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    assert tables.render(README) == README, "run python tools/readme_tables.py and review the diff"


def test_every_variable_resolve_reads_is_in_the_variables_table() -> None:
    """The environment table names every variable resolve() reads."""
    table = README.partition("## Environment variables")[2].partition("\n## ")[0]
    assert all(f"`{name}`" in table for name in READ)
