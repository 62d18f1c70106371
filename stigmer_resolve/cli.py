"""The command line: resolve from the process environment and say what was decided.

Exit codes: 0 ok, 2 configuration errors, 3 endpoint problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from ast import literal_eval
from collections.abc import Mapping, Sequence
from dataclasses import replace

from . import __version__
from .cascade import resolve
from .config import ConfigError, LLMConfig
from .providers import FIELDS, PROVIDERS, STIGMER_VARS

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds at start-up
if TYPE_CHECKING:
    from typing import TypeVar

    _Finding = TypeVar("_Finding", bound=ConfigError)

EXIT_OK, EXIT_CONFIG, EXIT_ENDPOINT = 0, 2, 3
_COMMANDS = ("show", "check", "ask")

_EPILOG = f"""\
precedence (highest wins):
  1. The mode picks a default provider: local -> ollama, cloud -> anthropic.
  2. Each layer - the environment, then the override (--set) above it - may choose a
     provider: by its provider setting; else by its model's prefix (anthropic:...,
     openai:..., ollama:...); else by the model's family (claude-... -> anthropic;
     gpt-..., o1/o3/o4..., ft:... -> openai; name:tag -> ollama).
  3. The highest layer that chose wins.
  4. model, base_url and api_key count only from layers of the winning provider;
     the providers' own variables always belong to their provider. max_tokens and
     temperature count from any layer.
  5. Whatever is still unset takes the winning provider's default.
  6. A key from the environment is never sent to a base_url only the override names.

environment variables (empty means unset):
  MODE                      local or cloud (when --mode is not given; default local)
{chr(10).join(f"  {STIGMER_VARS[f]:<25} {f}" for f in FIELDS)}
{
    chr(10).join(
        f"  {var:<25} {field}, for {p.name} only (below {STIGMER_VARS[field]})"
        for p in PROVIDERS.values()
        for field, names in (("api_key", p.key_vars), ("base_url", p.url_vars))
        for var in names
    )
}

exit codes: 0 ok, 2 configuration errors, 3 endpoint problems
"""


class EnvFileError(ValueError):
    """A line of an --env-file that is not NAME=VALUE."""


def read_env_file(path: str) -> dict[str, str]:
    """Read a dotenv-style file as docker-compose users write it: NAME=VALUE, # comments, optional quotes."""
    values: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            name, equals, value = stripped.removeprefix("export ").partition("=")
            name = name.strip()
            if not equals or not name.isidentifier():
                raise EnvFileError(f"{path}:{number}: expected NAME=VALUE")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            elif " #" in value:
                value = value.partition(" #")[0].rstrip()
            values[name] = value
    return values


def _parse_set(items: Sequence[str]) -> dict[str, str] | str:
    override: dict[str, str] = {}
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            return f"--set takes KEY=VALUE, got {item.partition('=')[0]!r}"
        override[key.strip()] = value
    return override


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mode", help="local or cloud (default: $MODE, else local)")
    common.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"a per-request override, repeatable; keys: {', '.join(FIELDS)}",
    )
    common.add_argument("--env-file", metavar="PATH", help="a NAME=VALUE file layered over the process environment")
    parser = argparse.ArgumentParser(
        prog="stigmer-resolve",
        description="Resolve which LLM to call, and how, from the mode, the environment and an override.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command")
    show = commands.add_parser("show", parents=[common], help="print the resolved configuration (the default)")
    show.add_argument("--json", action="store_true", help="print it as JSON (key masked)")
    check = commands.add_parser("check", parents=[common], help="resolve, then ask the endpoint if the model answers")
    check.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the endpoint (default 5)")
    ask = commands.add_parser("ask", parents=[common], help="send one prompt and print the answer")
    ask.add_argument("prompt")
    return parser


def _as_flag(item: _Finding) -> _Finding:
    """Write an override hint as the --set flag this command line takes for it."""
    if not item.hint.startswith("override={"):
        return item
    ((key, value),) = literal_eval(item.hint.removeprefix("override=")).items()
    return replace(item, hint=f"--set {key}={value}")


def _print_errors(errors: Sequence[ConfigError | str]) -> None:
    print(f"stigmer-resolve: {len(errors)} configuration error{'s' if len(errors) != 1 else ''}:", file=sys.stderr)
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def _resolve(args: argparse.Namespace, environ: Mapping[str, str]) -> LLMConfig | None:
    env = dict(environ)
    if args.env_file:
        try:
            env.update(read_env_file(args.env_file))
        except (OSError, UnicodeDecodeError, EnvFileError) as error:
            message = str(error) if isinstance(error, EnvFileError) else f"{args.env_file}: {error.__class__.__name__}"
            _print_errors([message])
            return None
    override = _parse_set(args.set)
    if isinstance(override, str):
        _print_errors([override])
        return None
    mode = args.mode if args.mode is not None else env.get("MODE", "").strip() or "local"
    result = resolve(mode, env, override or None)
    if isinstance(result, LLMConfig):
        return replace(result, warnings=tuple(map(_as_flag, result.warnings)))
    _print_errors(list(map(_as_flag, result)))
    return None


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0] not in _COMMANDS and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "show")
    args = _parser().parse_args(arguments)
    config = _resolve(args, os.environ if environ is None else environ)
    if config is None:
        return EXIT_CONFIG
    if args.command == "show":
        print(json.dumps(config.to_dict(), indent=2) if args.json else config.explain())
        return EXIT_OK
    from . import clients

    if args.command == "check":
        result = clients.probe(config, timeout=args.timeout)
        print(config.explain())
        print()
        print(result.explain())
        return EXIT_OK if result.ok else EXIT_ENDPOINT
    try:
        print(clients.complete(config, args.prompt))
    except clients.EndpointError as error:
        print(f"stigmer-resolve: {error}", file=sys.stderr)
        return EXIT_ENDPOINT
    return EXIT_OK
