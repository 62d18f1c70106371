"""The values resolve() takes and returns: all frozen, none holding a raw secret in its repr."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .providers import FIELDS, PROVIDERS, STIGMER_VARS

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs 5 ms at start-up

if TYPE_CHECKING:
    from typing import Any

__all__ = ["ConfigError", "ConfigWarning", "ConfigurationError", "LLMConfig", "Override", "Secret"]

_MASK = "********"


class Secret:
    """Hold an API key so that printing, logging or formatting it never shows it.

    repr, str and format show a mask and, for keys of 12 or more characters, the
    last four, which is enough to tell two keys apart. Equality is by value.
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def get_secret_value(self) -> str:
        """Return the key itself."""
        return self._value

    def masked(self) -> str:
        """Return the key with all but (for long keys) its last four characters hidden."""
        return _MASK + self._value[-4:] if len(self._value) >= 12 else _MASK

    def __repr__(self) -> str:
        return f"Secret({self.masked()!r})"

    def __str__(self) -> str:
        return self.masked()

    def __format__(self, spec: str) -> str:
        return format(self.masked(), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Secret, (self._value,))


@dataclass(frozen=True, slots=True)
class ConfigError:
    """One problem with the configuration, and how to fix it.

    Attributes:
        field: The setting concerned (``model``, ``base_url``, …, or ``mode``, ``override``).
        source: The env var (``STIGMER_LLM_MODEL``) or override key (``override:model``)
            to change, or None where no single one is at fault.
        message: What is wrong; never holds an API key or URL password.
        hint: What to set, ready to copy.
    """

    field: str
    source: str | None
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.source or self.field}: {self.message}\n    hint: {self.hint}"


@dataclass(frozen=True, slots=True)
class ConfigWarning(ConfigError):
    """Something resolve() accepted or changed that the user should know about."""


class ConfigurationError(ValueError):
    """Raised by resolve_or_raise(); ``errors`` holds every problem found."""

    errors: tuple[ConfigError, ...]

    def __init__(self, errors: tuple[ConfigError, ...]) -> None:
        self.errors = errors
        count = f"{len(errors)} configuration error{'s' if len(errors) != 1 else ''}"
        super().__init__(count + ":\n" + "\n".join(f"  {error}" for error in errors))


@dataclass(frozen=True, slots=True)
class Override:
    """The per-request layer: any of the six settings, None meaning "not set".

    A plain string api_key is wrapped in a Secret, so that the override's repr is
    safe to log. Values of the wrong type are kept and reported by resolve().
    """

    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    api_key: Secret | str | None = None
    max_tokens: int | str | None = None
    temperature: float | str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.api_key, str):
            object.__setattr__(self, "api_key", Secret(self.api_key))


def _as_plain_decimal(value: float) -> str:
    text = repr(value)
    if "e" in text or "E" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """What to call and how: the resolved settings, where each came from, and any warnings.

    Equality and hashing compare the settings only, not ``sources`` or ``warnings``.

    Attributes:
        mode: ``local`` or ``cloud``.
        provider: ``anthropic``, ``ollama`` or ``openai``.
        model: The model id to send.
        base_url: The endpoint, always a concrete URL.
        api_key: The key, or None.
        max_tokens: The maximum number of tokens to generate.
        temperature: The temperature to send, or None to send none.
        sources: Field name to where its value came from (``env:OLLAMA_HOST``,
            ``override:model``, ``default``, …).
        warnings: What resolve() accepted or changed that the user should know about.
    """

    mode: str
    provider: str
    model: str
    base_url: str
    api_key: Secret | None
    max_tokens: int
    temperature: float | None
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)
    warnings: tuple[ConfigWarning, ...] = field(default=(), compare=False, repr=False)

    def _rows(self, reveal: bool) -> dict[str, Any]:
        key = self.api_key
        return {
            "mode": self.mode,
            "provider": self.provider,
            "model": self.model,
            "base_url": self.base_url,
            "api_key": None if key is None else key.get_secret_value() if reveal else key.masked(),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }

    def explain(self) -> str:
        """Return a table for a person: each field, its value (key masked) and source; then the warnings."""
        rows = [
            (name, "(none)" if value is None else str(value), self.sources.get(name, ""))
            for name, value in self._rows(reveal=False).items()
        ]
        width = [max(len(row[i]) for row in [*rows, ("field", "value", "source")]) for i in range(2)]
        lines = [f"{'field':<{width[0]}}  {'value':<{width[1]}}  source"]
        lines += [f"{name:<{width[0]}}  {value:<{width[1]}}  {source}".rstrip() for name, value, source in rows]
        if self.warnings:
            lines.append("")
            lines.append(f"warnings ({len(self.warnings)}):")
            lines += [f"  {warning}" for warning in self.warnings]
        return "\n".join(lines)

    def to_dict(self, reveal: bool = False) -> dict[str, Any]:
        """Return a JSON-safe dict; the key is masked unless ``reveal`` is true."""
        data = self._rows(reveal)
        data["sources"] = dict(self.sources)
        data["warnings"] = [
            {"field": w.field, "source": w.source, "message": w.message, "hint": w.hint} for w in self.warnings
        ]
        return data

    def _model_setting(self) -> str:
        # A model whose own name starts with a provider name ("anthropic:x" served by
        # openai) must keep the prefix it came with, or it would choose that provider.
        head, colon, _ = self.model.partition(":")
        return f"{self.provider}:{self.model}" if colon and head.lower() in PROVIDERS else self.model

    def to_override(self) -> Override:
        """Return an Override that, over an empty environment, resolves to an equal config in the same mode."""
        return Override(
            provider=self.provider,
            model=self._model_setting(),
            base_url=self.base_url,
            api_key=self.api_key,
            max_tokens=self.max_tokens,
            temperature=self.temperature,
        )

    def to_env(self) -> dict[str, str]:
        """Return the STIGMER_LLM_* variables that resolve back to an equal config in the same mode.

        The mapping holds the API key itself: it is meant for a child process's
        environment, not for printing.
        """
        env = {
            STIGMER_VARS["provider"]: self.provider,
            STIGMER_VARS["model"]: self._model_setting(),
            STIGMER_VARS["base_url"]: self.base_url,
            STIGMER_VARS["max_tokens"]: str(self.max_tokens),
        }
        if self.api_key is not None:
            env[STIGMER_VARS["api_key"]] = self.api_key.get_secret_value()
        if self.temperature is not None:
            env[STIGMER_VARS["temperature"]] = _as_plain_decimal(self.temperature)
        return {name: env[name] for name in (STIGMER_VARS[f] for f in FIELDS) if name in env}
