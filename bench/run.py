"""Benchmark: resolve() against the loaders a user would pick instead, and what importing costs.

Run:  .venv/bin/pip install -q '.[bench]' && .venv/bin/python bench/run.py
Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stigmer_resolve import READ, LLMConfig, resolve  # noqa: E402

OVERRIDE = {"model": "gpt-6-luna"}
SETTINGS = {
    "STIGMER_LLM_PROVIDER": "openai",
    "STIGMER_LLM_MODEL": "gpt-6.2-sol",
    "STIGMER_LLM_API_KEY": "sk-proj-" + "x" * 40,
    "STIGMER_LLM_MAX_TOKENS": "4096",
    "STIGMER_LLM_TEMPERATURE": "0.2",
}


def realistic_env(size: int = 150) -> dict[str, str]:
    """A process environment of ``size`` variables, most unrelated, as a container worker has."""
    rng = random.Random(7)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/home/worker", "LANG": "C.UTF-8", "HOSTNAME": "worker-1"}
    while len(env) < size - len(SETTINGS):
        name = "".join(rng.choices(string.ascii_uppercase + "_", k=rng.randint(6, 24)))
        env[name] = "".join(rng.choices(string.ascii_letters + string.digits + "/:._-", k=rng.randint(4, 80)))
    return {**env, **SETTINGS}


# --- the contenders -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlainConfig:
    provider: str
    model: str
    base_url: str
    api_key: str | None
    max_tokens: int
    temperature: float | None


def handwritten(override: dict[str, Any]) -> PlainConfig:
    """The os.getenv + dataclass loader this library replaces: no provider scoping, first error only."""
    provider = (os.getenv("STIGMER_LLM_PROVIDER") or "anthropic").lower()
    if provider not in ("anthropic", "openai", "ollama"):
        raise ValueError(f"unknown provider {provider}")
    temperature = os.getenv("STIGMER_LLM_TEMPERATURE")
    return PlainConfig(
        provider=provider,
        model=override.get("model") or os.getenv("STIGMER_LLM_MODEL") or "claude-sonnet-5-5",
        base_url=os.getenv("STIGMER_LLM_BASE_URL") or "https://api.openai.com/v1",
        api_key=os.getenv("STIGMER_LLM_API_KEY"),
        max_tokens=int(os.getenv("STIGMER_LLM_MAX_TOKENS") or "20000"),
        temperature=float(temperature) if temperature else None,
    )


def lower_bound(override: dict[str, Any]) -> PlainConfig:
    """Look the values up and build the dataclass: no validation, no conversion."""
    env = os.environ
    return PlainConfig(
        env.get("STIGMER_LLM_PROVIDER", ""),
        override.get("model") or env.get("STIGMER_LLM_MODEL", ""),
        env.get("STIGMER_LLM_BASE_URL", ""),
        env.get("STIGMER_LLM_API_KEY"),
        env.get("STIGMER_LLM_MAX_TOKENS"),  # type: ignore[arg-type]
        env.get("STIGMER_LLM_TEMPERATURE"),  # type: ignore[arg-type]
    )


def pydantic_contender() -> Any:
    """A pydantic-settings BaseSettings doing the same job as well as that library allows."""
    from pydantic import Field, SecretStr, field_validator
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class Settings(BaseSettings):
        model_config = SettingsConfigDict(
            env_prefix="STIGMER_LLM_",
            frozen=True,
            env_ignore_empty=True,
            str_strip_whitespace=True,
            case_sensitive=True,
        )
        provider: Literal["anthropic", "openai", "ollama"] = "anthropic"
        model: str = "claude-sonnet-5-5"
        base_url: str = "https://api.openai.com/v1"
        api_key: SecretStr | None = None
        max_tokens: int = Field(20000, ge=1, le=1_000_000, strict=False)
        temperature: float | None = Field(None, ge=0, le=2, allow_inf_nan=False)

        @field_validator("provider", mode="before")
        @classmethod
        def _lower(cls, value: object) -> object:
            return value.lower() if isinstance(value, str) else value

        @field_validator("model")
        @classmethod
        def _model(cls, value: str) -> str:
            if any(c.isspace() for c in value) or len(value) > 256:
                raise ValueError("bad model id")
            return value

        @field_validator("base_url")
        @classmethod
        def _url(cls, value: str) -> str:
            if not value.startswith(("http://", "https://")):
                raise ValueError("base_url needs http(s)://")
            return value.rstrip("/")

    return lambda override: Settings(**override)


# --- measurements ---------------------------------------------------------------------------


def per_call_us(call: Any, repeat: int, number: int) -> dict[str, float]:
    runs = [t / number * 1e6 for t in timeit.repeat(call, repeat=repeat, number=number)]
    q = statistics.quantiles(runs, n=4)
    return {"median_us": statistics.median(runs), "p25_us": q[0], "p75_us": q[2], "min_us": min(runs)}


def clean_install() -> Path:
    """A venv with the package copied into site-packages, as a regular (non-editable) install lays it out."""
    target = Path(tempfile.mkdtemp(prefix="stigmer-bench-"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shutil.copytree(
        ROOT / "stigmer_resolve", Path(purelib) / "stigmer_resolve", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run([str(python), "-c", "import stigmer_resolve.cli"], check=True)  # write the .pyc files once
    return python


def wall_ms(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def third_party_modules(python: str, module: str) -> list[str]:
    code = (
        f"import sys; before = set(sys.modules); import {module}; "
        "print('\\n'.join(sorted(m for m in set(sys.modules) - before "
        f"if m.split('.')[0] not in sys.stdlib_module_names and m.split('.')[0] != {module!r})))"
    )
    out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


# --- per request: resolve, then call the model ----------------------------------------------------------

MODELS = ("gpt-6-luna", "gpt-6.2-sol", "gpt-6.2-astra", "gpt-6-sol")


def per_request(requests: int, rounds: int) -> dict[str, dict[str, float]]:
    """N requests whose override model varies, against a loopback OpenAI-compatible server.

    Each way is timed in rounds (interleaved, so that drift hits all alike): ms per request,
    and how many TCP connections the server saw for all its requests.
    """
    sys.path.insert(0, str(ROOT))
    import openai
    from langchain.chat_models import init_chat_model

    from stigmer_resolve.clients import chat_kwargs, client_for, close_clients, complete
    from tests.fakeapi import serve

    messages = [{"role": "user", "content": "hi"}]
    results: dict[str, dict[str, float]] = {}  # per way; "overhead": the per-request overhead, measured two ways
    with serve() as api:
        env = {
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_BASE_URL": f"{api.url}/v1",
            "STIGMER_LLM_API_KEY": "gw-" + "k" * 40,
        }
        base = resolve("cloud", env)
        assert isinstance(base, LLMConfig), base
        bare_sdk = openai.OpenAI(api_key=env["STIGMER_LLM_API_KEY"], base_url=base.base_url, max_retries=0)

        def config(i: int) -> LLMConfig:
            result = resolve("cloud", env, {"model": MODELS[i % len(MODELS)]})
            assert isinstance(result, LLMConfig)
            return result

        def bare(i: int) -> None:  # the floor: a plain SDK client built once, the model chosen by hand
            bare_sdk.chat.completions.create(
                messages=messages, model=MODELS[i % len(MODELS)], max_completion_tokens=16384
            )

        def guarded(i: int) -> None:  # our guarded client built once, called with chat_kwargs
            c = config(i)
            client_for(c).chat.completions.create(messages=messages, **chat_kwargs(c))

        def cached(i: int) -> None:  # (a) resolve + client_for + complete
            c = config(i)
            complete(c, messages, client=client_for(c))

        def fresh(i: int) -> None:  # (b) resolve + a new client per request + complete
            c = config(i)
            complete(c, messages)

        def langchain(i: int) -> None:  # (c) LangChain's init_chat_model per request, as a worker without us would
            model = init_chat_model(
                MODELS[i % len(MODELS)],
                model_provider="openai",
                api_key=env["STIGMER_LLM_API_KEY"],
                base_url=base.base_url,
                max_retries=0,
            )
            model.invoke("hi")

        ways = {
            "bare SDK call, pre-built plain client": bare,
            "resolve + client_for + SDK call": guarded,
            "(a) resolve + client_for + complete": cached,
            "(b) resolve + new client + complete": fresh,
            "(c) init_chat_model per request + invoke": langchain,
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        connections: dict[str, int] = {}
        for way in ways.values():  # warm up: imports, first connections
            way(0)
        for _ in range(rounds):
            for name, way in ways.items():
                before = len(api.requests)
                start = time.perf_counter()
                for i in range(requests):
                    way(i)
                times[name].append((time.perf_counter() - start) / requests * 1000)
                connections[name] = len({r.peer for r in api.requests[before:]})
        # The overhead itself, two ways. End to end: each request timed alone, alternating a bare call and
        # ours, so that the difference of the medians is not swamped by the server's jitter across rounds;
        # each pair in random order, as whichever went second was measured slower.
        alone: dict[str, list[float]] = {"bare": [], "ours": []}
        order = random.Random(0)
        for i in range(requests * rounds):
            pair = [("bare", bare), ("ours", guarded)]
            order.shuffle(pair)
            for name, way in pair:
                start = time.perf_counter()
                way(i)
                alone[name].append(time.perf_counter() - start)
        alternating_us = (statistics.median(alone["ours"]) - statistics.median(alone["bare"])) * 1e6
        # And without the network: what resolve + client_for + chat_kwargs cost on their own.
        counter = iter(range(10**9))

        def no_call() -> None:
            c = config(next(counter))
            client_for(c)
            chat_kwargs(c)

        cpu_us = min(timeit.repeat(no_call, number=2000, repeat=7)) / 2000 * 1e6
        bare_sdk.close()
        close_clients()
    results["overhead"] = {
        "alternating_median_difference_us": alternating_us,
        "resolve_client_for_chat_kwargs_us": cpu_us,
    }
    floor = statistics.median(times["bare SDK call, pre-built plain client"])
    for name, series in times.items():
        median = statistics.median(series)
        results[name] = {
            "ms_per_request": median,
            "above_bare_us": (median - floor) * 1000,
            "connections_last_round": connections[name],
            "requests_per_round": requests,
        }
    return results


def main() -> int:
    quick = "--quick" in sys.argv
    repeat, number, starts = (7, 500, 10) if quick else (25, 2000, 40)
    os.environ.clear()
    os.environ.update(realistic_env())

    expected = resolve("cloud", os.environ, OVERRIDE)
    assert isinstance(expected, LLMConfig) and expected.model == "gpt-6-luna", expected
    make_settings = pydantic_contender()
    contenders = {
        "stigmer_resolve.resolve": lambda: resolve("cloud", os.environ, OVERRIDE),
        "pydantic-settings BaseSettings": lambda: make_settings(OVERRIDE),
        "hand-written os.getenv loader": lambda: handwritten(OVERRIDE),
        "lower bound (lookups + dataclass)": lambda: lower_bound(OVERRIDE),
    }
    rows = {name: per_call_us(call, repeat, number) for name, call in contenders.items()}
    # What the private read of os.environ's encoded dict buys: the same lookups through the public Mapping API.
    encoded = [os.environ.encodekey(name) for name in READ]
    reads = {
        "read READ with os.environ.get (public)": lambda: tuple(map(os.environ.get, READ)),
        "read READ from os.environ's encoded dict": lambda: tuple(map(os.environ._data.get, encoded)),  # type: ignore[attr-defined]
    }
    read_rows = {name: per_call_us(call, repeat, number) for name, call in reads.items()}
    ours = rows["stigmer_resolve.resolve"]["median_us"]
    for row in rows.values():
        row["ratio_to_resolve"] = row["median_us"] / ours

    python = clean_install()
    bare = wall_ms([str(python), "-I", "-c", "pass"], starts)
    imported = wall_ms([str(python), "-I", "-c", "import stigmer_resolve"], starts)
    pyd = wall_ms([sys.executable, "-I", "-c", "import pydantic_settings"], starts)
    pyd_bare = wall_ms([sys.executable, "-I", "-c", "pass"], starts)
    cli = wall_ms([str(python), "-I", "-m", "stigmer_resolve"], starts, env={"PATH": "/usr/bin:/bin"})
    results = {
        "python": sys.version.split()[0],
        "env_size": len(os.environ),
        "per_call": rows,
        "import": {
            "bare_interpreter_ms": bare,
            "import_stigmer_resolve_ms": imported,
            "stigmer_resolve_adds_ms": imported - bare,
            "import_pydantic_settings_adds_ms": pyd - pyd_bare,
            "third_party_modules_loaded": third_party_modules(str(python), "stigmer_resolve"),
        },
        "cli_default_command_ms": cli,
        "environ_reads": read_rows,
        "targets": {
            "resolve_30x_faster_than_pydantic_settings": rows["pydantic-settings BaseSettings"]["ratio_to_resolve"]
            >= 30,
            "resolve_within_4x_of_lower_bound": ours <= 4 * rows["lower bound (lookups + dataclass)"]["median_us"],
            "import_adds_at_most_20ms": imported - bare <= 20,
        },
    }
    shutil.rmtree(python.parent.parent, ignore_errors=True)
    requests = per_request(200 if quick else 500, 3 if quick else 7)
    results["per_request"] = requests
    results["targets"]["client_for_opens_one_connection"] = (
        requests["(a) resolve + client_for + complete"]["connections_last_round"] == 1
    )
    results["targets"]["client_for_overhead_under_50us"] = requests["overhead"]["alternating_median_difference_us"] < 50

    print(
        f"resolve() and its peers, {results['env_size']} env vars, Python {results['python']} "
        f"({repeat} runs x {number} calls)\n"
    )
    print("| contender | median µs/call | p25–p75 µs | × resolve |\n|---|---:|---:|---:|")
    for name, row in rows.items():
        spread = f"{row['p25_us']:.2f}–{row['p75_us']:.2f}"
        print(f"| {name} | {row['median_us']:.2f} | {spread} | {row['ratio_to_resolve']:.2f} |")
    imp = results["import"]
    print(
        f"\nbare interpreter start: {imp['bare_interpreter_ms']:.1f} ms; "
        f"import stigmer_resolve adds {imp['stigmer_resolve_adds_ms']:.1f} ms (regular install); "
        f"import pydantic_settings adds {imp['import_pydantic_settings_adds_ms']:.1f} ms"
    )
    print(f"third-party modules loaded by import stigmer_resolve: {imp['third_party_modules_loaded'] or 'none'}")
    print(f"CLI default command, fresh process: {results['cli_default_command_ms']:.1f} ms")
    for name, row in read_rows.items():
        print(f"{name}: {row['median_us']:.2f} µs")
    print("\n| per request (override model varies) | ms/request | µs above the bare call | TCP connections |")
    print("|---|---:|---:|---:|")
    overhead = requests["overhead"]
    for name, row in requests.items():
        if name == "overhead":
            continue
        print(
            f"| {name} | {row['ms_per_request']:.3f} | {row['above_bare_us']:.0f} | "
            f"{row['connections_last_round']} for {row['requests_per_round']} |"
        )
    print(
        f"\nper-request overhead of resolve + client_for above a bare SDK call: "
        f"{overhead['alternating_median_difference_us']:.0f} µs end to end (each request timed alone, alternating), "
        f"{overhead['resolve_client_for_chat_kwargs_us']:.1f} µs for resolve + client_for + chat_kwargs alone"
    )
    print("targets: " + ", ".join(f"{k}={'met' if v else 'MISSED'}" for k, v in results["targets"].items()))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
