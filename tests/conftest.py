"""Hypothesis profiles (``dev`` by default; HYPOTHESIS_PROFILE=ci or fuzz) and the fake API fixture."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from .fakeapi import FakeAPI, serve

settings.register_profile("dev", max_examples=100)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("fuzz", max_examples=200_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    """A fake provider API on 127.0.0.1, recording every request."""
    with serve() as server:
        yield server
