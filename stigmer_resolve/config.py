"""The values resolve() takes and returns: all frozen, none showing a raw secret."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .providers import model_setting
from .record import Record, field
from .urls import credentials

__all__ = [
    "ConfigurationError",
    "Finding",
    "Fix",
    "LLMConfig",
    "Notice",
    "Origin",
    "Override",
    "Problem",
    "Secret",
    "Sourced",
]

#: What stands for a secret wherever one would be shown.
MASK = "********"

#: Secrets shorter than this are never shown in part, and never searched for inside other text:
#: real API keys are longer, and a short "secret" (``http``, ``qwen``) would corrupt ordinary words.
MIN_SECRET_LENGTH = 16


class Secret:
    """Hold an API key so that printing, logging or formatting it never shows it.

    repr, str and format show a mask and, for keys of 16 or more characters, the
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
        return MASK + self._value[-4:] if len(self._value) >= MIN_SECRET_LENGTH else MASK

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

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


class Origin(Record):
    """Where a value was set.

    Attributes:
        kind: ``env``, ``override``, ``file``, ``mode`` or ``default``.
        name: The variable (``STIGMER_LLM_MODEL``), override key (``model``) or file
            key (``backend.local.llm.model``); for ``mode``, the mode that picked a provider.
        path: The file, for ``file``.
        line: The line in the file, where known (0: not known).
    """

    kind: str
    name: str = ""
    path: str = ""
    line: int = 0

    def __str__(self) -> str:
        if self.kind == "file":
            where = "file" if not self.path else f"file:{self.path}:{self.line}" if self.line else f"file:{self.path}"
            return f"{where} {self.name}" if self.line and self.name else f"{where}:{self.name}" if self.name else where
        return f"{self.kind}:{self.name}" if self.name else self.kind


DEFAULT = Origin("default")


class Sourced(Record):
    """A value read from a file, with where it was read: pass it in ``env`` or ``file``.

    Its repr shows where, not the value, which may be a key.
    """

    value: str
    origin: Origin

    def __repr__(self) -> str:
        return f"Sourced(value=<{type(self.value).__name__}, not shown>, origin={self.origin!r})"


class Fix(Record):
    """One change that removes a finding: set ``origin``'s setting to ``value``, or unset it (``value`` None).

    Attributes:
        origin: The variable, override key, file line or mode argument to change.
        value: The value to give it; None means unset it.
        placeholder: True when ``value`` describes what to write (``<your key>``) rather than being it.
    """

    origin: Origin
    value: str | int | float | None = None
    placeholder: bool = False


def _quote_shell(text: str) -> str:
    if text and all(c.isascii() and (c.isalnum() or c in "@%+=:,./_-") for c in text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def escaped_forms(secret: str) -> set[str]:
    """Return the ways a secret can be written into text: raw, repr- and JSON-escaped (in either quote's
    context, ASCII or not), and percent-encoded."""
    import json
    from urllib.parse import quote

    forms = {secret, repr(secret)[1:-1], secret.replace("\\", "\\\\").replace("'", "\\'")}
    forms |= {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    forms |= {quote(secret, safe=safe, errors="surrogatepass") for safe in ("", "/", ":@")}
    return forms


def render_fix(fix: Fix, surface: str = "python") -> str:
    """Write a fix as the user applies it: ``python`` (resolve()'s override) or ``cli`` (the command line's flags)."""
    origin, value = fix.origin, fix.value
    text = "" if value is None else str(value) if fix.placeholder else _plain_number(value)
    if origin.kind == "env":
        if value is None:
            return f"unset {origin.name}"
        return f"export {origin.name}={text if fix.placeholder else _quote_shell(text)}"
    if origin.kind == "file":
        return _file_fix(origin, value, text, fix.placeholder)
    if origin.kind == "mode":
        return f"--mode {text}" if surface == "cli" else f"resolve({value!r}, …)"
    if surface == "cli":
        if value is None:
            return f"drop --set {origin.name}"
        return f"--set {origin.name}={text if fix.placeholder else _quote_shell(text)}"
    if value is None:
        return f"leave {origin.name!r} out of the override"
    shown = text if fix.placeholder or not isinstance(value, str) else repr(value)
    return f"override={{{origin.name!r}: {shown}}}"


def _file_fix(origin: Origin, value: object, text: str, placeholder: bool) -> str:
    """Write a change to a file in its own syntax: a .env file's NAME=value, or a YAML or TOML key under its section.

    A config file's key is a path (backend.local.llm.model); at a known line only its last part is written
    there, as it stands in the file.
    """
    path, name = origin.path, origin.name
    if not path:  # a plain value in resolve()'s file layer: no file to name
        return (
            f"leave {name} out of the file layer"
            if value is None
            else f"give {name} the value {text} in the file layer"
        )
    where = f"{path} line {origin.line}" if origin.line else path
    if value is None:
        return f"remove {name or 'that line'} from {where}"
    section, dot, leaf = name.rpartition(".")
    simple = placeholder or (text != "" and all(c.isalnum() or c in "@%+=:,./_-" for c in text))
    quoted = text if placeholder else _json_string(text)
    if path.lower().endswith(".toml"):
        return f"edit {where}: {leaf} = {quoted}" + (f" (in [{section}])" if dot and not origin.line else "")
    if path.lower().endswith((".yaml", ".yml")):
        scalar = text if simple and ": " not in text else quoted
        return f"edit {where}: {leaf}: {scalar}" + (
            f" (under {section.replace('.', ': ')}:)" if dot and not origin.line else ""
        )
    return f"edit {where}: {name}={text if simple else quoted}"


def _json_string(text: str) -> str:
    import json

    return json.dumps(text)


def _plain_number(value: str | int | float) -> str:
    """Write a number as a plain decimal, never in exponent notation."""
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            from decimal import Decimal

            text = format(Decimal(text), "f")
        return text
    return str(value)


class Finding(Record):
    """Something resolve() has to say about the configuration, and how to act on it.

    Attributes:
        field: The setting concerned (``model``, ``base_url``, …), or ``mode``, ``env``, ``override``.
        origin: The variable, override key or file line at fault, or None where no single one is.
        message: What is wrong; never holds an API key or URL password.
        fixes: The changes that would remove it, as values; the first is the likeliest.
        advice: What to do where no single value fixes it.
    """

    field: str
    origin: Origin | None
    message: str
    fixes: tuple[Fix, ...] = ()
    advice: str = ""

    @property
    def source(self) -> str | None:
        """The origin as text (``env:STIGMER_LLM_MODEL``, ``override:model``, …), or None."""
        return None if self.origin is None else str(self.origin)

    @property
    def hint(self) -> str:
        """What to do, ready to copy, for a Python caller."""
        return self.hint_for("python")

    def hint_for(self, surface: str) -> str:
        """What to do, written for ``surface``: ``python`` or ``cli``."""
        parts = [render_fix(fix, surface) for fix in self.fixes]
        if self.advice:
            parts.append(self.advice)
        return ", or ".join(parts)

    def __str__(self) -> str:
        return self.explain()

    def explain(self, surface: str = "python") -> str:
        """Return the finding as two lines for a person: where and what, then the hint for ``surface``."""
        return f"{self.source or self.field}: {self.message}\n    hint: {self.hint_for(surface)}"


class Problem(Finding):
    """A configuration error: resolve() returns every Problem instead of a config."""


class Notice(Finding):
    """A warning: something resolve() accepted or changed that the user should know about."""


class ConfigurationError(ValueError):
    """Raised by resolve_or_raise(); ``errors`` holds every problem found."""

    errors: tuple[Problem, ...]

    def __init__(self, errors: tuple[Problem, ...]) -> None:
        self.errors = errors
        count = f"{len(errors)} configuration error{'s' if len(errors) != 1 else ''}"
        super().__init__(count + ":\n" + "\n".join(f"  {error}" for error in errors))


class Override(Record):
    """The per-request layer: any of the settings, None meaning "not set".

    ``model_name`` is the same as ``model`` (Stigmer's ExecutionConfig calls it so);
    give one of them. A plain string api_key is wrapped in a Secret, so that the
    override's repr is safe to log. Values of the wrong type are kept and reported
    by resolve().
    """

    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    api_key: Secret | str | None = None
    max_tokens: int | str | None = None
    temperature: float | str | None = None
    timeout: float | str | None = None
    max_retries: int | str | None = None
    num_ctx: int | str | None = None
    model_name: str | None = None

    def __post_init__(self) -> None:
        _wrap_key(self)

    def __repr__(self) -> str:
        # What a caller gave, so possibly the wrong type: a key that is no Secret, a password inside the URL.
        def shown(name: str, value: object) -> str:
            if name == "api_key" and value is not None and type(value) is not Secret:
                return repr(MASK)
            userinfo = credentials(value) if name == "base_url" and type(value) is str else None
            return repr(value.replace(userinfo, MASK) if userinfo else value)  # type: ignore[attr-defined]

        return f"Override({', '.join(f'{name}={shown(name, getattr(self, name))}' for name in self._fields)})"

    def items(self) -> tuple[tuple[str, object], ...]:
        """Return the settings that are set, as (key, value) pairs."""
        return tuple((key, getattr(self, key)) for key in self._fields if getattr(self, key) is not None)


class LLMConfig(Record):
    """What to call and how: the resolved settings, where each came from, and any warnings.

    Equality and hashing compare what a call sends (the settings), not ``sources``,
    ``warnings`` or the request policy.

    Attributes:
        mode: ``local`` or ``cloud``.
        provider: ``anthropic``, ``ollama`` or ``openai``.
        model: The model id to send.
        base_url: The endpoint, always a concrete URL.
        api_key: The key, or None.
        max_tokens: The maximum number of tokens to generate.
        temperature: The temperature to send, or None to send none.
        timeout: Seconds to wait for an answer.
        max_retries: Retries after a connection failure or a retryable status.
        num_ctx: Ollama's context window in tokens, or None for the server's.
        request_providers: The providers a request may choose; None: any.
        request_fields: The settings a request may set; None: every one.
        sources: Setting name to where its value came from (``env:OLLAMA_HOST``,
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
    timeout: float = 600.0
    max_retries: int = 2
    num_ctx: int | None = None
    request_providers: tuple[str, ...] | None = field(default=None, compare=False)
    request_fields: tuple[str, ...] | None = field(default=None, compare=False)
    sources: Mapping[str, str] = field(default=MappingProxyType({}), compare=False, repr=False)
    warnings: tuple[Notice, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        _wrap_key(self)  # a config built or replaced by hand with a plain key still never shows it

    def _settings(self) -> dict[str, object]:
        """Each setting's value, in the fields' order: a setting added to the class is in every view of it."""
        return {name: getattr(self, name) for name in self._fields if name not in ("sources", "warnings")}

    def _rows(self, reveal: bool) -> dict[str, object]:
        rows = self._settings()
        key = self.api_key
        rows["api_key"] = None if key is None else key.get_secret_value() if reveal else key.masked()
        return {name: list(value) if isinstance(value, tuple) else value for name, value in rows.items()}

    def explain(self, surface: str = "python") -> str:
        """Return, as a string, a table for a person: each setting, its value (key masked) and source; then warnings.

        Args:
            surface: How hints are written: ``python`` (override=...) or ``cli`` (--set ...).
        """
        rows = [
            (
                name,
                _POLICY_DEFAULTS[name] if value is None and name in _POLICY_DEFAULTS else _cell(value),
                self.sources.get(name, ""),
            )
            for name, value in self._rows(reveal=False).items()
        ]
        width = [max(len(row[i]) for row in [*rows, ("setting", "value", "source")]) for i in range(2)]
        lines = [f"{'setting':<{width[0]}}  {'value':<{width[1]}}  source"]
        lines += [f"{name:<{width[0]}}  {value:<{width[1]}}  {source}".rstrip() for name, value, source in rows]
        if self.warnings:
            lines.append("")
            lines.append(f"warnings ({len(self.warnings)}):")
            for warning in self.warnings:
                lines += [
                    f"  {warning.source or warning.field}: {warning.message}",
                    f"    hint: {warning.hint_for(surface)}",
                ]
        return "\n".join(lines)

    def to_dict(self, reveal: bool = False, surface: str = "python") -> dict[str, object]:
        """Return a JSON-safe dict; the key is masked unless ``reveal`` is true; hints are written for ``surface``."""
        data = self._rows(reveal)
        data["sources"] = dict(self.sources)
        data["warnings"] = [
            {"field": w.field, "source": w.source, "message": w.message, "hint": w.hint_for(surface)}
            for w in self.warnings
        ]
        return data

    def to_override(self) -> Override:
        """Return an Override that, over an empty environment, resolves to an equal config in the same mode."""
        settings = self._settings() | {"model": model_setting(self.provider, self.model)}
        return Override(**{name: settings[name] for name in Override._fields if name in settings})  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """Return the STIGMER_LLM_* variables that resolve back to an equal config in the same mode.

        The mapping holds the API key itself: it is meant for a child process's
        environment, not for printing.
        """
        values = self._settings() | {"model": model_setting(self.provider, self.model)}
        del values["mode"]  # the mode is resolve()'s argument, not a variable
        if self.api_key is not None:
            values["api_key"] = self.api_key.get_secret_value()
        # A policy allowing nothing is "none": an empty variable is unset, which allows anything.
        values = {
            name: ",".join(value) or "none" if isinstance(value, tuple) else value for name, value in values.items()
        }
        return {
            f"STIGMER_LLM_{name.upper()}": value if isinstance(value, str) else _plain_number(value)  # type: ignore[arg-type]
            for name, value in values.items()
            if value is not None
        }


def _wrap_key(record: Override | LLMConfig) -> None:
    if isinstance(record.api_key, str):
        object.__setattr__(record, "api_key", Secret(record.api_key))


_POLICY_DEFAULTS = {"request_providers": "(any)", "request_fields": "(all)"}


def _cell(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ",".join(map(str, value)) or "(none)"
    return _plain_number(value) if isinstance(value, float) else str(value)
