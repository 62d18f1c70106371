"""The command line: resolve from the process environment and say what was decided.

Exit codes: 0 ok, 2 configuration errors, 3 endpoint problems, 64 usage mistakes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import NoReturn

from . import __version__
from .cascade import resolve
from .config import MASK, MIN_SECRET_LENGTH, Finding, Fix, LLMConfig, Notice, Origin, Problem, Sourced, escaped_forms
from .providers import PROVIDERS
from .settings import ENV_PREFIX, OVERRIDE_SYNONYMS, POLICIES, PRECEDENCE, SETTINGS

EXIT_OK, EXIT_CONFIG, EXIT_ENDPOINT, EXIT_USAGE = 0, 2, 3, 64
#: ask's timeout when neither --timeout nor a timeout setting says otherwise: a person is waiting.
ASK_TIMEOUT = 60.0


def _epilog() -> str:
    own = [
        f"  {var:<30} {field}, for {row.name} only (below {ENV_PREFIX}{field.upper()})"
        for row in PROVIDERS.values()
        for field, names in (("api_key", row.key_vars), ("base_url", row.url_vars))
        for var in names
    ]
    return "\n".join(
        [
            "precedence (highest wins):",
            *("  " + line for line in PRECEDENCE.splitlines()),
            "",
            "environment variables (empty means unset):",
            f"  {'MODE':<30} local or cloud (when --mode is not given; default local)",
            *(f"  {row.env:<30} {row.doc}" for row in (*SETTINGS, *POLICIES)),
            *own,
            "",
            "exit codes: 0 ok, 2 configuration errors, 3 endpoint problems, 64 usage mistakes",
        ]
    )


class _Usage(Exception):
    """A usage mistake found after argparse: said as argparse says them, exit 64."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake exits 64 (EX_USAGE), apart from configuration errors (2), and its message
    never repeats an argument long enough to be a key (``--set api_key KEY`` makes KEY an "invalid choice")."""

    #: The command line being parsed, set by _parser(): what a message must not repeat.
    arguments: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {self._masked(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)

    def _masked(self, message: str) -> str:
        known = {option for action in self._actions for option in action.option_strings}
        words = {part for argument in self.arguments for part in (argument, argument.partition("=")[2])}
        forms = {form for word in words - known if len(word) >= MIN_SECRET_LENGTH for form in escaped_forms(word)}
        for form in sorted(forms, key=len, reverse=True):
            message = message.replace(form, MASK)
        return message


def _common(parser: argparse.ArgumentParser, default: object) -> None:
    """Add the options every command takes. Under a command, an option not given leaves the top level's value."""
    parser.add_argument("--mode", default=default, help="local or cloud (default: $MODE, else local)")
    parser.add_argument(
        "--set",
        action="append",
        default=default,
        metavar="KEY=VALUE",
        help=f"a per-request override, repeatable; keys: {', '.join(row.name for row in SETTINGS)}",
    )
    parser.add_argument(
        "--env-file",
        default=default,
        metavar="PATH",
        help="a .env file, read as docker compose reads it, over the environment",
    )
    parser.add_argument(
        "--no-env",
        action="store_true",
        default=default,
        help="ignore the process environment (with --env-file: what a container started with that file sees)",
    )
    parser.add_argument(
        "--config",
        default=default,
        metavar="PATH",
        help="Stigmer's config file (default: ~/.stigmer/config.yaml if it exists)",
    )
    parser.add_argument("--no-config", action="store_true", default=default, help="read no config file")
    parser.add_argument("--json", action="store_true", default=default, help="print JSON (keys masked)")


def _parser(arguments: Sequence[str]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stigmer-resolve",
        description="Resolve which LLM to call, and how, from the mode, the environment and an override.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="{show,check,ask}", parser_class=_Parser)
    show = commands.add_parser("show", help="print the resolved configuration (the default)")
    show.description = "Print the resolved configuration: each setting, its value and where it came from."
    check = commands.add_parser("check", help="resolve, then ask the endpoint whether the model answers")
    check.description = "Resolve, then ask the endpoint whether it answers and has the model, spending no tokens."
    check.add_argument("--timeout", type=_seconds, default=5.0, help="seconds to wait for the endpoint (default 5)")
    ask = commands.add_parser("ask", help="send one prompt and print the answer")
    ask.description = "Send one prompt to the resolved model and print its answer."
    ask.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        help=f"seconds to wait for the answer (default: the timeout setting if one is set, else {ASK_TIMEOUT:g})",
    )
    ask.add_argument("prompt")
    for command in (show, check, ask):
        _common(command, argparse.SUPPRESS)
    for each in (parser, show, check, ask):
        each.arguments = arguments
    return parser


def _seconds(text: str) -> float:
    """Read a --timeout: a number of seconds, more than 0 and at most an hour (as the timeout setting)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds") from None
    if not 0 < value <= 3600:  # NaN fails too
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


def _parse_set(items: Sequence[str]) -> tuple[dict[str, str], list[Finding]]:
    """Read --set flags into an override, and the problem of any key given twice with different values.

    A flag not of the form KEY=VALUE is a usage mistake, said without its value (which may be a key).
    Synonyms (model, model_name) go through to resolve(), which reports their conflict as it does in the API.
    """
    override: dict[str, str] = {}
    problems: list[Finding] = []
    for number, item in enumerate(items, start=1):
        key, equals, value = item.partition("=")
        key = key.strip()
        if not equals or not key or not key.replace("_", "").isalnum():
            raise _Usage(f"--set takes KEY=VALUE with KEY a setting name; --set number {number} is not of that form")
        if key in override and override[key].strip() != value.strip():  # as resolve() reads them
            origin = Origin("override", key)
            fix = Fix(origin, "<one value>", placeholder=True)
            field = OVERRIDE_SYNONYMS.get(key, key)
            problems.append(Problem(field, origin, "is given twice with different values; give it once", (fix,)))
            continue
        override[key] = value
    return override, problems


def _print_errors(errors: Sequence[str]) -> None:
    print(f"stigmer-resolve: {len(errors)} configuration error{'s' if len(errors) != 1 else ''}:", file=sys.stderr)
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def _for_cli(finding: Finding, mode_origin: Origin) -> str:
    """Write a finding as this command line shows it: hints as flags, the mode where it was set."""
    if finding.field == "mode" and mode_origin.kind in ("env", "file"):
        fixes = tuple(fix.replace(origin=mode_origin) for fix in finding.fixes)
        finding = finding.replace(origin=mode_origin, fixes=fixes)
    return finding.explain("cli")


def _files(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[dict[str, str | Sourced], Mapping[str, Sourced] | None, list[Finding]]:
    """Read the environment, the --env-file and the config file; return them and what is wrong or worth saying."""
    found: list[Finding] = []
    env: dict[str, str | Sourced] = {} if args.no_env else dict(environ)
    if args.env_file:
        from .files import read_env_file

        read = read_env_file(args.env_file, environ)
        env.update(read.values)
        found += [*read.problems, *read.notices]
    if args.no_config:
        return env, None, found
    from .files import default_config_path, load_stigmer_config

    path = args.config or default_config_path(environ.get("HOME") or os.path.expanduser("~"))
    if not args.config and not os.path.exists(path):
        return env, None, found  # no config file is no error: Stigmer writes it on its first run
    loaded = load_stigmer_config(path)
    return env, loaded.settings, [*found, *loaded.problems]


def _resolve(args: argparse.Namespace, environ: Mapping[str, str]) -> LLMConfig | None:
    env, file, found = _files(args, environ)
    override, set_problems = _parse_set(args.set or [])
    found += set_problems
    given = env.get("MODE")
    mode_value = given.value if isinstance(given, Sourced) else given
    if args.mode is not None:
        mode, mode_origin = args.mode, Origin("argument", "--mode")
    elif mode_value and mode_value.strip():  # from the environment, or the --env-file line that set it
        mode, mode_origin = mode_value, given.origin if isinstance(given, Sourced) else Origin("env", "MODE")
    else:
        mode, mode_origin = "local", Origin("default")
    result = resolve(mode, env, override or None, file=file)
    problems = [f for f in found if isinstance(f, Problem)]
    if isinstance(result, LLMConfig) and not problems:
        notices = tuple(f for f in found if isinstance(f, Notice))
        mode_source = "--mode" if mode_origin.kind == "argument" else str(mode_origin)
        return result.replace(sources={**result.sources, "mode": mode_source}, warnings=result.warnings + notices)
    errors = [*problems, *(result if isinstance(result, tuple) else ())]
    _print_errors([_for_cli(problem, mode_origin) for problem in errors])
    return None


def _show(config: LLMConfig, as_json: bool) -> str:
    return json.dumps(config.to_dict(surface="cli"), indent=2) if as_json else config.explain("cli")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the command line; return the exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")  # a character the terminal cannot show is escaped, not fatal
    try:
        return _main(list(sys.argv[1:] if argv is None else argv), os.environ if environ is None else environ)
    except BrokenPipeError:
        # The reader went away (stigmer-resolve | head -1): stop quietly, as a filter does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(arguments: list[str], environ: Mapping[str, str]) -> int:
    parser = _parser(arguments)
    args = parser.parse_args(arguments)
    command = args.command or "show"
    try:
        config = _resolve(args, environ)
    except _Usage as mistake:
        parser.error(str(mistake))
    if config is None:
        return EXIT_CONFIG
    if command == "show":
        print(_show(config, bool(args.json)))
        return EXIT_OK
    from . import clients

    if command == "check":
        result = clients.probe(config, timeout=args.timeout)
        if args.json:
            print(json.dumps({"config": config.to_dict(surface="cli"), "probe": result.to_dict()}, indent=2))
        else:
            print(_show(config, False), result.explain(), sep="\n\n")
        return EXIT_OK if result.ok else EXIT_ENDPOINT
    timeout = args.timeout
    if timeout is None:
        timeout = config.timeout if config.sources.get("timeout", "default") != "default" else ASK_TIMEOUT
    try:
        answer = clients.complete(config.replace(timeout=timeout), args.prompt)
    except clients.ClientError as error:
        print(f"stigmer-resolve: {error}", file=sys.stderr)
        return EXIT_ENDPOINT
    print(json.dumps({"answer": answer}) if args.json else answer)
    return EXIT_OK
