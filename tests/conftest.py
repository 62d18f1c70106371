"""Hypothesis profiles (``dev`` by default; HYPOTHESIS_PROFILE=ci, fuzz or mutation) and the fake API fixture."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings

from stigmer_resolve.cascade import _resolve_remembered as _resolve_cached

from .fakeapi import FakeAPI, serve

settings.register_profile("dev", max_examples=100)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("fuzz", max_examples=200_000, deadline=None, suppress_health_check=list(HealthCheck))
# Mutation runs want a verdict that repeats (fixed examples, no database) and fast: 60 examples (a survivor runs
# every test that reaches its function), no deadline, since the trampolines are slow, and no shrinking, since a
# mutant needs killing, not a minimal counterexample.
settings.register_profile(
    "mutation",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse="MUTANT_UNDER_TEST" in os.environ)
def _forget_memoised_results() -> None:
    """Under mutmut, resolve()'s memo would hand back results the unmutated code computed."""
    _resolve_cached.cache_clear()


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    """A fake provider API on 127.0.0.1, recording every request."""
    with serve() as server:
        yield server


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/findings.golden from the code")
