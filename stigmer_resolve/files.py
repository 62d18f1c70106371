"""Read the files a configuration comes from: a .env file (--env-file) and Stigmer's config.yaml.

This is an edge: it reads files, and imports python-dotenv and PyYAML only inside the
functions that use them. Nothing here raises for a bad file. What is wrong comes back
as Problems (and Notices) naming the file and the line, and never holding a value from
the file, since values may be secrets.

.env files
    python-dotenv (``dotenv.parser.parse_stream``) cuts the file into statements and finds
    the statements it cannot parse; ``dotenv.variables.parse_variables`` finds the ``${...}``
    references. The values are read as docker compose reads them (compose-go's ``dotenv``
    package, behind ``env_file:`` and ``--env-file``), so that a value is what a container
    started from the same file sees. Where the two differ, this module follows compose:

    - A bare ``NAME`` line (also ``export NAME``) takes NAME from the environment, else from
      a key read earlier in the file; with neither, the line sets nothing (a Notice says so).
      A value taken from the environment keeps its ``env`` origin.
      [python-dotenv: NAME = None, whatever the environment holds.]
    - ``K: v`` and ``K:v`` are ``K=v``: the name ends at the first ``=`` or ``:``.
      [python-dotenv: ``K: v`` cannot be parsed; ``K:v`` is a bare name "K:v".]
    - Single quotes are literal: no interpolation, and only ``\\'`` is an escape
      (``'a\\\\b'`` keeps both backslashes). [python-dotenv expands ${...} inside them.]
    - ``$$`` is a literal ``$``, and so is ``\\$`` inside double quotes. [python-dotenv keeps
      ``$$``, and keeps the backslash of ``\\$`` and expands what follows it.]
    - ``$NAME`` is expanded like ``${NAME}``. [python-dotenv expands only ``${NAME}``.]
    - ``${NAME:-default}`` gives the default when NAME is unset *or empty*, and the default
      may itself hold ``$NAME``. [python-dotenv: only when unset.]
    - A reference looks in the environment first, then at keys read earlier in the file.
      [``dotenv_values``: the file first. ``load_dotenv(override=False)``, which Stigmer's
      worker calls, looks in the environment first, as compose does.] An unset reference
      reads as "" and is a Notice (compose logs a warning).
    - In double quotes the escapes are ``\\a \\b \\f \\n \\r \\t \\v \\\\ \\" \\$`` and ``\\0NNN``
      (octal); any other backslash, ``\\'`` included, stays as written.
    - In an unquoted value only `` #`` (a space, then #) starts a comment: ``a\\t#b`` is the
      value, and so is ``# c`` in ``KEY= # c``. [python-dotenv: any blank before #.]
    - A name holds letters, digits and ``_ . - [ ]`` only, and is not quoted; any other
      name is a Problem, as compose refuses the file. [python-dotenv takes ``'a'=b``.]
    - A line that is only ``export`` is ignored; a leading UTF-8 BOM is dropped.

    Where compose does something else, on purpose:

    - A statement that cannot be read is a Problem naming its line, and the rest of the
      file is still read; compose refuses the whole file at the first one.
    - An unterminated quote is reported at the line where it opens (compose reports where
      its scan stopped). A quote that closes on a later line followed by more text is
      taken for an unterminated one too: the Problem names the opening line and reading
      resumes on the next line, so the lines the quote swallowed are read.
    - Text after a closing quote (``K="a"b``) is a Problem; compose reads ``b`` as a new
      statement (python-dotenv cannot parse the line either).
    - A bare NAME on the last line, with no line break after it, is a bare NAME; compose
      sets the key "" to "NAME" there, an accident of its scanner.
    - ``="v"`` (no name) is a Problem; compose sets the key "".
    - ``NAME # comment`` is a bare NAME, as python-dotenv reads it; compose refuses ``#``.
    - The file is read with universal newlines, as ``dotenv_values(path)`` reads it: a
      CRLF or a lone CR ends a line, also inside a quoted value. compose keeps ``\\r\\n``
      inside quotes and does not end a line at a lone CR. No setting holds a line break.
    - Of the ``${...}`` forms only ``${NAME}`` and ``${NAME:-default}`` are read; the others
      (``${NAME-d}``, ``${NAME?e}``, ``${NAME:?e}``, ``${NAME+r}``, ``${NAME:+r}``, a nested
      ``${A:-${B}}``) are a Problem rather than a value compose would not give. compose
      refuses ``${FOO``, ``${}`` and ``${A.B}`` too.

Stigmer's config.yaml
    ``backend.local.llm`` holds ``provider``, ``model``, ``api_key`` and ``base_url``; every
    other section is Stigmer's own and is not checked. The file is read with
    ``yaml.safe_load``'s rules, and lines come from the nodes ``yaml.compose`` builds. A
    ``.toml`` file of the same shape is read with tomllib (no lines: 0). Stigmer's CLI
    (gopkg.in/yaml.v3 into string fields) ignores unknown keys and takes a scalar's text
    (``model: 7`` is "7"); here both are Problems: a misspelt key is a setting silently
    lost, and PyYAML's YAML 1.1 reads ``yes`` or ``1.5`` as no string at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .config import Fix, Notice, Origin, Problem, Sourced
from .providers import PROVIDERS
from .validate import did_you_mean

__all__ = ["EnvFile", "StigmerConfig", "default_config_path", "load_stigmer_config", "read_env_file"]


def _read_text(path: str) -> str | Problem:
    """Return the file's text without a leading BOM, or the problem that stops it being read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        message = f"cannot be read ({type(error).__name__})"
        return Problem("file", Origin("file", "", path), message, advice="give the path of a readable file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"is not UTF-8 text (UnicodeDecodeError at byte {error.start})"
        return Problem("file", Origin("file", "", path, line), message, advice="save the file as UTF-8")
    return text.removeprefix("\ufeff")


# --- .env files ------------------------------------------------------------------------------------

#: A name as compose's interpolation reads it, in $NAME and ${NAME}.
_NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_UNBRACED = re.compile(r"\$([_A-Za-z][_A-Za-z0-9]*)")
#: A statement whose name ends at a colon (compose's YAML-like form): the name, then ':' and blanks.
_COLON = re.compile(r"(?:export[^\S\n]+)?([^\s=:]+)[^\S\n]*:[^\S\n]*")
#: A statement python-dotenv parsed: its name as written, then '=' and blanks if it has a value.
_HEAD = re.compile(r"(?:export[^\S\n]+)?('[^']+'|[^=#\s]+)[^\S\n]*(=[^\S\n]*)?")
#: A backslash escape in double quotes: \0 and up to three digits, or any one character.
_ESCAPE = re.compile(r"\\(0[0-9]{0,3}|.)", re.DOTALL)
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}
_NAME_CHARS = "_.-[]"
_BLANKS = re.compile(r"[^\S\n]*")
_TEMPLATE = (
    "has a ${...} form that stigmer-resolve does not expand: it reads $NAME, ${NAME} and"
    " ${NAME:-default}, and $$ for a $"
)


@dataclass(frozen=True, slots=True)
class EnvFile:
    """What a .env file sets, and what is wrong with it.

    Attributes:
        values: Every variable the file sets, with where: ``Origin("file", NAME, path, line)``,
            the line where the statement starts; a bare NAME taken from the environment keeps
            ``Origin("env", NAME)``.
        problems: The statements that could not be read, and why, in file order. Each names
            the file and the line, and none holds a value.
        notices: References to unset variables, and bare names found nowhere.
    """

    values: Mapping[str, Sourced]
    problems: tuple[Problem, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class _Raw:
    """A value as written: its quote ('' for none), the text inside, and where the statement ends."""

    quote: str
    body: str
    end: int


@dataclass(frozen=True, slots=True)
class _Bad:
    """A value that cannot be read: why, what to do, and where reading resumes."""

    message: str
    advice: str
    end: int


def _next_line(text: str, at: int) -> int:
    """Return the index where the line holding ``text[at]`` ends, after its line break."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end + 1


def _value_at(text: str, start: int) -> _Raw | _Bad:
    """Read the value that starts at ``text[start]``: a quoted one (which may span lines), or the rest of the line."""
    quote = text[start : start + 1]
    if quote not in ("'", '"'):
        line = text[start : _next_line(text, start)].rstrip("\n")
        return _Raw("", line.partition(" #")[0].rstrip(), _next_line(text, start))
    close = start + 1
    while close < len(text) and text[close] != quote:
        close += 2 if text[close] == "\\" else 1
    if close >= len(text):
        advice = f"end the value with {quote}, or remove the {quote} that opens it"
        return _Bad(f"opens a quoted value with {quote} and never closes it", advice, _next_line(text, start))
    end = _next_line(text, close)
    after = text[close + 1 : end].strip()
    if not after or after.startswith("#"):
        return _Raw(quote, text[start + 1 : close], end)
    if end > _next_line(text, start):
        closing = text.count("\n", 0, close) + 1
        message = (
            f"opens a quoted value with {quote} and does not close it on this line; the next {quote},"
            f" on line {closing}, is followed by more text"
        )
        advice = f"close the value with {quote} on this line"
        return _Bad(message, advice, _next_line(text, start))
    advice = "quote the whole value, or put a space before a # comment"
    return _Bad(f"has text after the closing {quote} of its value", advice, end)


def _double_quoted(body: str) -> str:
    """Decode compose's escapes in double quotes; ``\\$`` becomes ``$$``, which interpolation reads as a ``$``."""

    def decode(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "0" and len(code) == 4 and all(c in "01234567" for c in code[1:]) and int(code, 8) < 256:
            return chr(int(code, 8))
        if code == "$":
            return "$$"
        return _ESCAPES.get(code, match.group(0))

    return _ESCAPE.sub(decode, body)


def _single_quoted(body: str) -> str:
    """Decode compose's one escape in single quotes, ``\\'``; every other backslash stays."""
    return _ESCAPE.sub(lambda m: "'" if m.group(1) == "'" else m.group(0), body)


def _bad_char(name: str) -> str | None:
    """Return the first character compose refuses in a name, or None."""
    return next((c for c in name if not (c.isalnum() or c in _NAME_CHARS)), None)


class _EnvReader:
    """Read one .env text, statement by statement, into values, problems and notices."""

    __slots__ = ("_breaks", "_environ", "_path", "_text", "notices", "problems", "values")

    def __init__(self, text: str, path: str, environ: Mapping[str, str]) -> None:
        self._text = text
        self._path = path
        self._environ = environ
        self._breaks = [match.start() for match in re.finditer("\n", text)]
        self.values: dict[str, Sourced] = {}
        self.problems: list[Problem] = []
        self.notices: list[Notice] = []

    def read(self) -> None:
        """Read every statement; where one ends elsewhere than python-dotenv says, restart python-dotenv there."""
        from io import StringIO

        from dotenv.parser import parse_stream

        text, pos = self._text, 0
        while pos < len(text):
            start = pos + text.startswith("\ufeff", pos)  # python-dotenv drops a BOM at the start of what it reads
            for binding in parse_stream(StringIO(text[start:])):
                end = start + len(binding.original.string)
                if binding.key is not None or binding.error:
                    at = start + len(binding.original.string) - len(binding.original.string.lstrip())
                    resume = self._statement(at, end, binding.error)
                    if resume != end:
                        pos = max(resume, at + 1)
                        break
                start = end
            else:
                return

    def _statement(self, at: int, end: int, error: bool) -> int:
        """Read the statement at ``text[at]``, which python-dotenv ends at ``end``; return where the next one starts."""
        line = bisect_left(self._breaks, at) + 1
        colon = _COLON.match(self._text, at)
        if colon:
            return self._assign(colon.group(1), colon.end(), line)
        if error:
            self._unparsed(at, line)
            return _next_line(self._text, at)
        head = _HEAD.match(self._text, at)
        assert head is not None, "python-dotenv parsed a statement this pattern does not match"
        if head.group(2) is None:
            self._inherit(head.group(1), line)
            return end
        return self._assign(head.group(1), head.end(), line)

    def _origin(self, name: str, line: int) -> Origin:
        """Return where a statement is; with its name only when the name is a valid one (never a pasted value)."""
        return Origin("file", name if name and _bad_char(name) is None else "", self._path, line)

    def _problem(self, origin: Origin, message: str, advice: str, *fixes: Fix) -> None:
        self.problems.append(Problem("file", origin, message, fixes, advice))

    def _name_ok(self, name: str, line: int) -> bool:
        bad = _bad_char(name)
        if bad is not None:
            message = f"has a variable name holding {bad!r}; a name holds letters, digits and {_NAME_CHARS} only"
            self._problem(self._origin(name, line), message, "rename the variable")
        return bad is None

    def _unparsed(self, at: int, line: int) -> None:
        """Say why python-dotenv could not parse the statement at ``text[at]``."""
        first = self._text[at : _next_line(self._text, at)].rstrip("\n")
        name, equals, _ = re.sub(r"^export[^\S\n]+", "", first).partition("=")
        name = name.strip()
        if name == "export" and not equals:  # 'export' and blanks: compose ignores the line
            return
        origin = self._origin(name, line)
        if not equals:
            self._problem(origin, "is not NAME=VALUE", "write NAME=VALUE; a variable name holds no spaces")
        elif not name:
            self._problem(origin, "has no variable name before the =", "write NAME=VALUE")
        elif any(c.isspace() for c in name):
            self._problem(origin, "has a space in its variable name", "write the name without spaces")
        else:
            blanks = _BLANKS.match(self._text, at + first.index("=") + 1)
            value = _value_at(self._text, blanks.end()) if blanks else None
            if isinstance(value, _Bad):  # python-dotenv's only other failure: the value's quotes
                self._problem(origin, value.message, value.advice)
            else:
                self._problem(origin, "cannot be read as NAME=VALUE", "write NAME=VALUE")

    def _inherit(self, name: str, line: int) -> None:
        """Read a bare NAME: from the environment, else from a key read earlier, else nothing."""
        if name == "export" or not self._name_ok(name, line):
            return
        if name in self._environ:
            self.values[name] = Sourced(self._environ[name], Origin("env", name))
        elif name not in self.values:
            message = (
                "names a variable to take from the environment, but neither the environment nor an earlier"
                " line sets it; the line sets nothing"
            )
            self.notices.append(Notice("file", self._origin("", line), message, advice="write NAME=VALUE to set it"))

    def _assign(self, name: str, start: int, line: int) -> int:
        """Read NAME's value, which starts at ``text[start]``; return where the next statement starts."""
        value = _value_at(self._text, start)
        origin = self._origin(name, line)
        if isinstance(value, _Bad):
            self._problem(origin, value.message, value.advice)
            return value.end
        if not self._name_ok(name, line):
            return value.end
        if value.quote == "'":
            text: str | None = _single_quoted(value.body)
        else:
            unset: list[str] = []
            text = self._expand(_double_quoted(value.body) if value.quote else value.body, unset)
            for variable in dict.fromkeys(unset):
                message = f"refers to {variable}, which is not set; it reads as an empty string"
                advice = f"set {variable}, or give a default: ${{{variable}:-default}}"
                self.notices.append(Notice("file", origin, message, advice=advice))
        if text is None:
            self._problem(origin, _TEMPLATE, "write one of those forms, or $$ for a literal $")
        else:
            self.values[name] = Sourced(text, origin)
        return value.end

    def _get(self, name: str) -> str | None:
        """Return a variable's value as compose looks it up: the environment, then the keys read so far."""
        if name in self._environ:
            return self._environ[name]
        found = self.values.get(name)
        return None if found is None else found.value

    def _expand(self, text: str, unset: list[str]) -> str | None:
        """Expand ``$$``, ``$NAME``, ``${NAME}`` and ``${NAME:-default}``; None where another ${...} form is used.

        The names of unset variables that were read are appended to ``unset``.
        """
        from dotenv.variables import Literal, Variable, parse_variables

        def unbraced(match: re.Match[str]) -> str:
            found = self._get(match.group(1))
            if found is None:
                unset.append(match.group(1))
            return found or ""

        pieces = []
        for piece in text.split("$$"):
            expanded = []
            for atom in parse_variables(piece):
                if isinstance(atom, Literal):
                    if "${" in atom.value:
                        return None
                    expanded.append(_UNBRACED.sub(unbraced, atom.value))
                    continue
                assert isinstance(atom, Variable)
                if not _NAME.fullmatch(atom.name):
                    return None
                found = self._get(atom.name)
                if atom.default is None:
                    if found is None:
                        unset.append(atom.name)
                    expanded.append(found or "")
                    continue
                inner: list[str] = []
                default = self._expand(atom.default, inner)
                if default is None:
                    return None
                if not found:
                    unset += inner
                expanded.append(found or default)
            pieces.append("".join(expanded))
        return "$".join(pieces)


def read_env_file(path: str, environ: Mapping[str, str]) -> EnvFile:
    """Read a .env file as docker compose reads it (see the module's docstring).

    Args:
        path: The file.
        environ: The environment that bare NAME lines and $NAME references read; only the
            names the file refers to are looked up.

    Returns:
        The values, each with the file and line it was set at, and what is wrong. Never
        raises for a missing, unreadable or malformed file: that is a Problem too.
    """
    text = _read_text(path)
    if isinstance(text, Problem):
        return EnvFile(MappingProxyType({}), (text,))
    reader = _EnvReader(text.replace("\r\n", "\n").replace("\r", "\n"), path, environ)
    reader.read()
    return EnvFile(MappingProxyType(dict(reader.values)), tuple(reader.problems), tuple(reader.notices))


# --- Stigmer's config.yaml ---------------------------------------------------------------------------

#: Where Stigmer keeps its LLM settings in config.yaml, and the keys it has there.
_LLM_PATH = ("backend", "local", "llm")
_LLM_KEYS = ("provider", "model", "api_key", "base_url")
_SHOWN_KEY = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_TOML_POSITION = re.compile(r" \(at (?:line (\d+), column \d+|end of document)\)$")


@dataclass(frozen=True, slots=True)
class StigmerConfig:
    """The LLM settings of Stigmer's config file, and what is wrong with it.

    Attributes:
        settings: Setting name (provider, model, api_key, base_url) to value, each with
            ``Origin("file", "backend.local.llm.<key>", path, line)``: pass it as resolve()'s ``file``.
        problems: What is wrong, each naming the key path and line; none holds a value.
    """

    settings: Mapping[str, Sourced]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entry:
    """A value from a config file and the line of its key (0: not known); a section's value is a dict of _Entry."""

    value: object
    line: int


def default_config_path(home: str) -> str:
    """Return where Stigmer keeps its config: ``<home>/.stigmer/config.yaml`` (no variable moves it)."""
    import os.path

    return os.path.join(home, ".stigmer", "config.yaml")


def _yaml_entry(loader: Any, data: object, node: Any, line: int, depth: int) -> _Entry:
    """Pair a constructed value with its node: sections down to backend.local.llm keep their keys' lines."""
    import yaml

    if depth > len(_LLM_PATH) or not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return _Entry(data, line)
    keys = {
        loader.construct_object(key): (key.start_mark.line + 1, value)
        for key, value in node.value  # merged (<<) keys included: construct_document flattened them
        if isinstance(key, yaml.ScalarNode)
    }
    entries = {}
    for key, item in data.items():
        key_line, value = keys.get(key, (0, None))
        entries[key] = _yaml_entry(loader, item, value, key_line, depth + 1)
    return _Entry(entries, line)


def _read_yaml(text: str, path: str) -> _Entry | Problem | None:
    """Read YAML with yaml.safe_load's rules; return its root, the problem, or None for an empty file."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        data = loader.construct_document(root)  # what yaml.safe_load returns
        return _yaml_entry(loader, data, root, root.start_mark.line + 1, 0)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else text.count("\n", 0, getattr(error, "position", 0)) + 1
        problem, context = getattr(error, "problem", None), getattr(error, "context", None)
        said = f"{context} {problem}" if context and problem and problem.startswith("but ") else problem
        message = f"is not valid YAML: {said or type(error).__name__}"
        return Problem("file", Origin("file", "", path, line), message, advice="correct the YAML at that line")
    except (ValueError, RecursionError) as error:  # a date that is no date; nesting deeper than Python's stack
        message = f"is not valid YAML ({type(error).__name__})"
        return Problem("file", Origin("file", "", path), message, advice="correct the YAML")
    finally:
        loader.dispose()


def _toml_entry(value: object, depth: int) -> _Entry:
    if depth <= len(_LLM_PATH) and isinstance(value, dict):
        return _Entry({key: _toml_entry(item, depth + 1) for key, item in value.items()}, 0)
    return _Entry(value, 0)


def _read_toml(text: str, path: str) -> _Entry | Problem:
    import tomllib

    try:
        return _toml_entry(tomllib.loads(text), 0)
    except tomllib.TOMLDecodeError as error:
        said = str(error)
        found = _TOML_POSITION.search(said)
        line = int(found.group(1)) if found and found.group(1) else text.count("\n") + 1 if found else 0
        message = f"is not valid TOML: {said[: found.start()] if found else said}"
        return Problem("file", Origin("file", "", path, line), message, advice="correct the TOML at that line")


def _type(value: object) -> str:
    return "dict" if isinstance(value, dict) else type(value).__name__


def _settings(root: _Entry, path: str, toml: bool) -> StigmerConfig:
    """Take the LLM settings out of a config file's root; report sections and values of the wrong shape."""
    empty: Mapping[str, Sourced] = MappingProxyType({})
    if not isinstance(root.value, dict):
        message = f"must be a mapping with a backend section, got type {_type(root.value)}"
        advice = (
            "write the settings in a [backend.local.llm] table" if toml else "write them under backend: local: llm:"
        )
        return StigmerConfig(empty, (Problem("file", Origin("file", "", path, root.line), message, advice=advice),))
    section = root.value
    for depth, part in enumerate(_LLM_PATH, start=1):
        entry = section.get(part)
        if not isinstance(entry, _Entry) or entry.value is None:
            return StigmerConfig(empty)
        if not isinstance(entry.value, dict):
            where = ".".join(_LLM_PATH[:depth])
            message = f"must be a mapping, got type {_type(entry.value)}"
            inside = ", ".join(_LLM_PATH[depth:]) or ", ".join(_LLM_KEYS)
            advice = (
                "write the settings in a [backend.local.llm] table" if toml else f"write {inside} indented under {part}"
            )
            problem = Problem("file", Origin("file", where, path, entry.line), message, advice=advice)
            return StigmerConfig(empty, (problem,))
        section = entry.value
    settings: dict[str, Sourced] = {}
    problems: list[Problem] = []
    for key, entry in section.items():
        assert isinstance(entry, _Entry)
        shown = key if isinstance(key, str) and _SHOWN_KEY.fullmatch(key) else None
        origin = Origin("file", ".".join((*_LLM_PATH, shown or "?")), path, entry.line)
        if key not in _LLM_KEYS:
            guess = did_you_mean(key, _LLM_KEYS) if isinstance(key, str) else None
            message = (
                "is not a key of Stigmer's LLM settings" if shown else "has a key that is not one of the LLM settings"
            ) + (f"; did you mean {guess!r}?" if guess else "")
            advice = f"rename it to {guess}" if guess else f"use one of: {', '.join(_LLM_KEYS)}"
            problems.append(Problem("file", origin, message, (Fix(origin, None),), advice))
        elif entry.value is None or entry.value == "":
            continue
        elif not isinstance(entry.value, str):
            what = "quoted string" if toml else "string, in quotes if YAML would read it as a number or a boolean"
            fixes = (
                tuple(Fix(origin, name) for name in PROVIDERS)
                if key == "provider"
                else (Fix(origin, f"<{key.replace('_', ' ')}>", placeholder=True),)
            )
            message = f"must be a string, got type {_type(entry.value)}"
            problems.append(Problem(key, origin, message, fixes, f"write one {what}"))
        else:
            settings[key] = Sourced(entry.value, origin)
    return StigmerConfig(MappingProxyType(settings), tuple(problems))


def load_stigmer_config(path: str) -> StigmerConfig:
    """Read the LLM settings of Stigmer's config file (``~/.stigmer/config.yaml``; ``.toml`` for TOML).

    Returns:
        The settings found, keyed by setting name, for resolve()'s ``file``, and what is
        wrong. An empty file gives no settings and no problem; a missing one is a Problem
        (see default_config_path(): a caller that did not name the file may treat a missing
        default as no file). Never raises for a bad file.
    """
    text = _read_text(path)
    if isinstance(text, Problem):
        return StigmerConfig(MappingProxyType({}), (text,))
    toml = path.lower().endswith(".toml")
    root = _read_toml(text, path) if toml else _read_yaml(text, path)
    if isinstance(root, Problem):
        return StigmerConfig(MappingProxyType({}), (root,))
    if root is None or root.value is None:  # no document, or a null one: yaml.safe_load gives None
        return StigmerConfig(MappingProxyType({}))
    return _settings(root, path, toml)
