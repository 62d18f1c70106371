"""Frozen, slotted value classes without ``dataclasses``, for the core.

Why not dataclasses: importing ``dataclasses`` (and ``inspect``, which it imports)
adds about 16 ms to a clean interpreter, most of the 20 ms that ``import
stigmer_resolve`` may cost (bench/run.py measures both). A ``Record`` subclass
declares its fields as annotations, as a frozen dataclass would, and gets
``__slots__``, an ``__init__`` taking them by position or keyword, ``__post_init__``,
equality and hashing over the compared fields, a repr, pickling, ``__match_args__``,
a signature for ``inspect``, and ``replace`` (also as ``__replace__``, for
``copy.replace``). Type checkers see a frozen dataclass (PEP 681).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from inspect import Signature
    from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda cls: cls


__all__ = ["Record", "field"]


class _Field:
    __slots__ = ("compare", "default", "repr")

    def __init__(self, default: object, compare: bool, repr: bool) -> None:
        self.default, self.compare, self.repr = default, compare, repr


def field(*, default: T, compare: bool = True, repr: bool = True) -> T:
    """Give a field a default and leave it out of equality (``compare``) or of the repr (``repr``)."""
    return _Field(default, compare, repr)  # type: ignore[return-value]


class _RecordType(type):
    """Turn a class's annotations into fields: slots, defaults, and what equality and repr use."""

    _fields: tuple[str, ...]
    _defaults: dict[str, object]
    _required: int
    _tail: tuple[object, ...]
    _compared: tuple[str, ...]
    _shown: tuple[str, ...]

    def __new__(mcs, cls_name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordType:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, object] = {}
        compared: list[str] = []
        shown: list[str] = []
        for base in bases:
            if isinstance(base, _RecordType):
                inherited += base._fields
                defaults |= base._defaults
                compared += base._compared
                shown += base._shown
        if "__annotate__" in namespace and "__annotations__" not in namespace:  # Python 3.14, lazy annotations
            raise TypeError(f"{cls_name}: a Record's module needs `from __future__ import annotations`")
        annotations = namespace.get("__annotations__", {})
        own = tuple(name for name, annotation in annotations.items() if not str(annotation).startswith("ClassVar"))
        for name in own:
            spec = namespace.pop(name, _MISSING)
            if isinstance(spec, _Field):
                defaults[name] = spec.default
                compared += [name] if spec.compare else []
                shown += [name] if spec.repr else []
                continue
            if spec is not _MISSING:
                defaults[name] = spec
            elif defaults:
                raise TypeError(f"{name}: a field without a default follows one with a default")
            compared.append(name)
            shown.append(name)
        namespace["__slots__"] = own
        namespace["__match_args__"] = fields = inherited + own
        cls = super().__new__(mcs, cls_name, bases, namespace)
        cls._fields, cls._defaults = fields, defaults
        cls._required = len(fields) - len(defaults)  # the defaults are the last fields'
        cls._tail = tuple(defaults[name] for name in fields[cls._required :])
        cls._compared, cls._shown = tuple(compared), tuple(shown)
        return cls

    @property
    def __signature__(cls) -> Signature:
        """What ``inspect.signature`` and ``help`` show: the fields, as a dataclass's ``__init__`` takes them.

        ``inspect`` is imported only when it is asked for.
        """
        from inspect import Parameter, Signature

        kind = Parameter.POSITIONAL_OR_KEYWORD
        return Signature(
            [Parameter(name, kind, default=cls._defaults.get(name, Parameter.empty)) for name in cls._fields]
        )


_MISSING = object()
_set = object.__setattr__


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record(metaclass=_RecordType):
    """A frozen value class: subclass it and annotate the fields."""

    __slots__ = ()
    # Set on each class by _RecordType.
    _fields: ClassVar[tuple[str, ...]]  # every field, in order
    _defaults: ClassVar[dict[str, object]]
    _required: ClassVar[int]  # how many fields have no default: the first ones
    _tail: ClassVar[tuple[object, ...]]  # the defaults of the other fields, in order
    _compared: ClassVar[tuple[str, ...]]  # what equality and hashing compare
    _shown: ClassVar[tuple[str, ...]]  # what the repr shows

    def __init__(self, *args: object, **kwargs: object) -> None:
        names = self._fields
        if kwargs:
            args = self._arguments(args, kwargs)
        elif len(args) != len(names):  # positional arguments, and defaults for the rest (the fast path)
            if not self._required <= len(args) < len(names):
                args = self._arguments(args, kwargs)  # raises the TypeError a dataclass would
            args += self._tail[len(args) - self._required :]
        for name, value in zip(names, args, strict=True):
            _set(self, name, value)
        self.__post_init__()

    def __post_init__(self) -> None:
        """Check or convert the fields once they are set (as in a dataclass)."""

    @classmethod
    def _arguments(cls, args: tuple[object, ...], kwargs: dict[str, object]) -> tuple[object, ...]:
        names = cls._fields
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes {len(names)} arguments, {len(args)} were given")
        values = dict(zip(names, args, strict=False))  # args may be fewer
        for name, value in kwargs.items():
            if name not in names:
                raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
            values[name] = value
        missing = [name for name in names if name not in values and name not in cls._defaults]
        if missing:
            raise TypeError(f"{cls.__name__}() missing required arguments: {', '.join(map(repr, missing))}")
        return tuple(values[name] if name in values else cls._defaults[name] for name in names)

    def replace(self, **changes: Any) -> Self:
        """Return a copy with ``changes`` made, checked as a new instance is."""
        return type(self)(**{name: getattr(self, name) for name in self._fields} | changes)

    __replace__ = replace

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __reduce__(self) -> tuple[type[Self], tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in self._fields)

    def __setstate__(self, state: list[object]) -> None:
        """Load a pickle of the same class written while it was a slotted dataclass (version 0.2.0 and before)."""
        for name, value in zip(self._fields, state, strict=True):
            _set(self, name, value)
