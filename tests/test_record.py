"""Record: the core's frozen value classes behave as frozen slotted dataclasses, without importing dataclasses."""

from __future__ import annotations

import copy
import inspect
import os
import pickle
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass
from dataclasses import field as dc_field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stigmer_resolve import Finding, LLMConfig, Origin, Override, Problem, Secret, resolve
from stigmer_resolve.record import Record, field


class Point(Record):
    x: int
    y: int = 0
    label: str = field(default="", compare=False, repr=False)


class Tagged(Point):
    """A subclass that adds no field."""


@dataclass(frozen=True, slots=True)
class PointDC:
    """The dataclass Point stands for: the reference behaviour."""

    x: int
    y: int = 0
    label: str = dc_field(default="", compare=False, repr=False)


@given(x=st.integers(), y=st.integers(), label=st.text(), x2=st.integers(), y2=st.integers(), label2=st.text())
def test_records_compare_hash_and_show_as_the_frozen_dataclass_they_stand_for(
    x: int, y: int, label: str, x2: int, y2: int, label2: str
) -> None:
    """Equality, hashing and repr agree with a frozen slotted dataclass, its compare and repr flags included."""
    ours, theirs = Point(x, y, label), PointDC(x, y, label)
    other, other_dc = Point(x2, y=y2, label=label2), PointDC(x2, y=y2, label=label2)
    assert (ours == other) == (theirs == other_dc)
    assert hash(ours) == hash(Point(x, y)) and (hash(ours) == hash(other)) >= (ours == other)
    assert repr(ours).replace("Point", "PointDC", 1) == repr(theirs)


def test_arguments_are_taken_by_position_or_keyword_with_defaults_and_checked() -> None:
    """Missing, extra, unknown and doubled arguments raise TypeError, as a dataclass's __init__ does."""
    assert Point(1) == Point(x=1, y=0) == Point(1, 0, "ignored by equality")
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = [((), {}), ((1, 2, "a", 4), {})]
    for args, kwargs in [*calls, ((1,), {"x": 1}), ((1,), {"z": 2})]:
        with pytest.raises(TypeError):
            Point(*args, **kwargs)  # type: ignore[arg-type]


def test_a_record_signature_is_its_dataclass_twins() -> None:
    """inspect.signature (help, Hypothesis's builds) shows the fields and defaults a dataclass's __init__ takes."""
    ours, theirs = inspect.signature(Point), inspect.signature(PointDC)
    assert [(p.name, p.default, p.kind) for p in ours.parameters.values()] == [
        (p.name, p.default, p.kind) for p in theirs.parameters.values()
    ]
    assert list(inspect.signature(LLMConfig).parameters)[:3] == ["mode", "provider", "model"]


def test_a_record_is_frozen_and_slotted() -> None:
    """Assigning or deleting a field raises AttributeError (as FrozenInstanceError is one), and no __dict__ exists."""
    point = Point(1)
    assert issubclass(FrozenInstanceError, AttributeError)
    with pytest.raises(AttributeError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    assert not hasattr(point, "__dict__")
    assert Point.__dict__["__slots__"] == ("x", "y", "label") and Tagged.__dict__["__slots__"] == ()


def test_a_record_without_eager_annotations_is_refused_not_left_without_fields() -> None:
    """On Python 3.14 a class body without the __future__ import has __annotate__ only: a TypeError, not 0 fields."""
    with pytest.raises(TypeError, match="from __future__ import annotations"):
        type(Record)("Lazy", (Record,), {"__annotate__": lambda format: {"x": int}})


def test_a_subclass_is_never_equal_to_its_base() -> None:
    """Equality requires the same class, as in dataclasses: a Problem is not the Finding it copies."""
    assert Tagged(1) != Point(1) and Tagged(1) == Tagged(1)
    finding = Finding("model", None, "m")
    assert Problem("model", None, "m") != finding


def test_replace_pickle_copy_and_match_keep_every_field() -> None:
    """replace (and __replace__), pickle, copy, deepcopy and match rebuild the record with all its fields."""
    point = Point(1, 2, "here")
    moved = point.replace(y=5)
    assert (moved.x, moved.y, moved.label) == (1, 5, "here") and moved.__replace__(y=2).y == 2
    for clone in (pickle.loads(pickle.dumps(point)), copy.copy(point), copy.deepcopy(point)):
        assert type(clone) is Point and (clone.x, clone.y, clone.label) == (1, 2, "here")
    match point:
        case Point(x, y):
            assert (x, y) == (1, 2)
        case _:
            pytest.fail("positional match failed")
    with pytest.raises(TypeError):
        point.replace(z=1)


# Written by pickle.dumps(..., protocol=4) with the package at ce55e40, while these classes were dataclasses.
DATACLASS_PICKLES = {
    b"\x80\x04\x95H\x00\x00\x00\x00\x00\x00\x00\x8c\x16stigmer_resolve.config\x94\x8c\x06Origin\x94\x93\x94)"
    b"\x81\x94]\x94(\x8c\x04file\x94\x8c\x05model\x94\x8c\x07/a.yaml\x94K\x03eb.": Origin(
        "file", "model", "/a.yaml", 3
    ),
    b"\x80\x04\x95B\x00\x00\x00\x00\x00\x00\x00\x8c\x16stigmer_resolve.config\x94\x8c\x08Override\x94\x93\x94)"
    b"\x81\x94]\x94(N\x8c\x06llama3\x94NNK\x05NNNNNeb.": Override(model="llama3", max_tokens=5),
}


def test_a_pickle_written_while_the_class_was_a_dataclass_still_loads() -> None:
    """An Origin and an Override pickled while they were slotted dataclasses load as equal records."""
    for pickled, expected in DATACLASS_PICKLES.items():
        assert pickle.loads(pickled) == expected


def test_post_init_runs_on_construction_replace_and_unpickling() -> None:
    """Override's __post_init__ wraps a plain key in a Secret however the override is made."""
    override = Override(api_key="a-plain-key-of-some-length")
    for made in (override, override.replace(model="m"), pickle.loads(pickle.dumps(override))):
        assert isinstance(made.api_key, Secret)


def test_a_config_replaced_compares_what_a_call_sends() -> None:
    """LLMConfig.replace changes one setting; equality ignores sources and warnings, as before."""
    config = resolve("local", {})
    assert isinstance(config, LLMConfig)
    assert config.replace(timeout=5.0).timeout == 5.0 and config.replace(sources={}) == config
    assert config.replace(max_tokens=1) != config and "sources" not in repr(config)


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="mutmut's trampolines import more into the package")
def test_importing_the_package_loads_neither_dataclasses_nor_inspect_nor_typing() -> None:
    """The speed device's guard: these three cost ~16 ms and ~5 ms of a 20 ms import budget (bench/run.py)."""
    code = "import sys\nimport stigmer_resolve\nprint(sorted({'dataclasses', 'inspect', 'typing'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
