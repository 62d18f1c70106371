"""The file readers: .env files read as docker compose reads them, and Stigmer's config file."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from stigmer_resolve import LLMConfig, Origin, Problem, Sourced, resolve
from stigmer_resolve.files import default_config_path, load_stigmer_config, read_env_file

from .helpers import errors, key, ok, plain_key

# --- .env files: the table ---------------------------------------------------------------------------
# Each case is carried over, as data, from the research behind this reader (dotenv_cases.json): the input,
# the environment (the whole of it), and where the case comes from. The expected values are what
# docker compose gives (compose-go's GetEnvFromFile, run on the case), except where ``differs`` says
# what compose gives instead and why this reader does something else. ``problems`` lists the lines
# with a problem; compose refuses the whole file where it has one. "(adapted)": compose-go's
# expansion tests pass their envMap as the process environment, and their template is the line.

CG = "compose-spec/compose-go@e70e961 dotenv/"
PD = "python-dotenv 1.2.4 (PyPI sdist) tests/"
DOCS_ENV = "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file-syntax"
DOCS_VARS = "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file"
DOCS_INTERP = "https://docs.docker.com/reference/compose-file/interpolation/"
EDGE = "research edge case (compose-go@e70e961 GetEnvFromFile, run locally)"


@dataclass(frozen=True, slots=True)
class EnvCase:
    """One .env case: its text and environment, and the values and problem lines expected."""

    name: str
    source: str
    text: str
    env: dict[str, str]
    values: dict[str, str]
    problems: tuple[int, ...] = ()
    differs: str = ""


ENV_CASES = [
    # --- basics
    EnvCase("cg-parsing-unquoted", CG + "godotenv_test.go TestParsing", "FOO=bar", {}, {"FOO": "bar"}),
    EnvCase("cg-parsing-space-before-eq", CG + "godotenv_test.go TestParsing", "FOO =bar", {}, {"FOO": "bar"}),
    EnvCase("doc-spaces", DOCS_ENV, "VAR = VAL  ", {}, {"VAR": "VAL"}),
    EnvCase(
        "cg-parse-mixed",
        CG + "godotenv_test.go TestParse",
        "ONE=1\nTWO='2'\nTHREE = \"3\"",
        {},
        {"ONE": "1", "THREE": "3", "TWO": "2"},
    ),
    EnvCase(
        "cg-fixture-plain",
        CG + "fixtures/plain.env (TestReadPlainEnv, TestLoadPlainEnv)",
        (
            "OPTION_A=1\n"
            "OPTION_B=2\n"
            "OPTION_C= 3\n"
            "OPTION_D =4\n"
            "OPTION_E = 5\n"
            "456 = ABC\n"
            "OPTION_F = \n"
            "OPTION_G=\n"
            "OPTION_H = my string # Inline comment\n"
        ),
        {},
        {
            "456": "ABC",
            "OPTION_A": "1",
            "OPTION_B": "2",
            "OPTION_C": "3",
            "OPTION_D": "4",
            "OPTION_E": "5",
            "OPTION_F": "",
            "OPTION_G": "",
            "OPTION_H": "my string",
        },
    ),
    # --- quotes
    EnvCase("cg-parsing-single-quoted", CG + "godotenv_test.go TestParsing", "FOO='bar'", {}, {"FOO": "bar"}),
    EnvCase("cg-parsing-sq-inside-dq", CG + "godotenv_test.go TestParsing", "FOO=\"'d'\"", {}, {"FOO": "'d'"}),
    EnvCase("edge-empty-value", EDGE, "KEY=\nK2=\"\"\nK3=''\n", {}, {"K2": "", "K3": "", "KEY": ""}),
    EnvCase("edge-unquoted-dq-inside", EDGE, 'KEY=a"b"c', {}, {"KEY": 'a"b"c'}),
    EnvCase(
        "edge-dq-after-text",
        EDGE,
        'KEY="a"b\n',
        {},
        {},
        problems=(1,),
        differs=(
            "compose reads b as a new statement and keeps KEY=a; python-dotenv cannot parse the line; text "
            "after a closing quote is a mistake, so a problem"
        ),
    ),
    EnvCase(
        "edge-dq-after-text-eof",
        EDGE,
        'KEY="a" trailing',
        {},
        {},
        problems=(1,),
        differs="compose: {'KEY': 'a', '': 'trailing'}; python-dotenv cannot parse the line; a problem",
    ),
    # --- comments
    EnvCase(
        "cg-ignore-crlf",
        CG + "godotenv_test.go TestLinesToIgnore 'Line with nothing but windows-style line break'",
        "\r\n",
        {},
        {},
    ),
    EnvCase(
        "cg-ignore-indented-comment",
        CG + "godotenv_test.go TestLinesToIgnore 'Indented comment'",
        "\t # comment",
        {},
        {},
    ),
    EnvCase(
        "cg-parsing-inline-comment", CG + "godotenv_test.go TestParsing", "FOO=bar # this is foo", {}, {"FOO": "bar"}
    ),
    EnvCase("doc-not-comment", DOCS_ENV, "VAR=VAL# not a comment", {}, {"VAR": "VAL# not a comment"}),
    EnvCase("doc-dq-not-comment", DOCS_ENV, 'VAR="VAL # not a comment"', {}, {"VAR": "VAL # not a comment"}),
    EnvCase("pd-parser-tab-hash", PD + "test_parser.py test_parse_stream", "a=b\t#c", {}, {"a": "b\t#c"}),
    EnvCase("edge-empty-after-eq-comment", EDGE, "KEY= # comment", {}, {"KEY": "# comment"}),
    EnvCase("pd-parser-hash-value", PD + "test_parser.py test_parse_stream", "a=#b", {}, {"a": "#b"}),
    EnvCase(
        "pd-main-empty-comment-next",
        PD + "test_main.py test_dotenv_values_empty_value_with_inline_comment",
        "KEY= # comment\nOTHER=val",
        {},
        {"KEY": "# comment", "OTHER": "val"},
    ),
    # --- escapes
    EnvCase(
        "cg-parsing-escaped-dq", CG + "godotenv_test.go TestParsing", 'FOO="escaped\\"bar"', {}, {"FOO": 'escaped"bar'}
    ),
    EnvCase("doc-dq-json", DOCS_ENV, 'VAR="{\\"hello\\": \\"json\\"}"', {}, {"VAR": '{"hello": "json"}'}),
    EnvCase(
        "cg-parsing-dq-backslash-n", CG + "godotenv_test.go TestParsing", 'FOO="bar\\nbaz"', {}, {"FOO": "bar\nbaz"}
    ),
    EnvCase(
        "cg-parsing-dq-shell-escapes",
        CG + "godotenv_test.go TestParsing",
        'KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"',
        {},
        {"KEY": "Z\x07Z\x08Z\x0cZ\nZ\rZ\tZ\x0bZ\\ZSZ"},
    ),
    EnvCase(
        "cg-parsing-dq-mixed-escapes-1",
        CG + "godotenv_test.go TestParsing",
        'FOO="bar\\n\\ b\\az"',
        {},
        {"FOO": "bar\n\\ b\x07z"},
    ),
    EnvCase("pd-parser-dq-escaped-backslash", PD + "test_parser.py test_parse_stream", 'a="b\\\\c"', {}, {"a": "b\\c"}),
    EnvCase("edge-octal-many", EDGE, 'A="\\01234"', {}, {"A": "S4"}),
    EnvCase("cg-parsing-dq-x-escape-kept", CG + "godotenv_test.go TestParsing", 'KEY="\\x07"', {}, {"KEY": "\\x07"}),
    EnvCase("edge-dq-escaped-sq", EDGE, 'KEY="it\\\'s"', {}, {"KEY": "it\\'s"}),
    EnvCase("doc-sq-escaped-quote", DOCS_ENV, "VAR='Let\\'s go!'", {}, {"VAR": "Let's go!"}),
    EnvCase("doc-sq-tab", DOCS_ENV, "VAR='some\\tvalue'", {}, {"VAR": "some\\tvalue"}),
    EnvCase(
        "pd-parser-sq-escaped-backslash", PD + "test_parser.py test_parse_stream", "a='b\\\\c'", {}, {"a": "b\\\\c"}
    ),
    EnvCase(
        "pd-parser-sq-trailing-escaped-backslash",
        PD + "test_parser.py test_parse_stream",
        "a='b\\\\'\nc='d'",
        {},
        {"a": "b\\\\", "c": "d"},
    ),
    EnvCase("doc-unquoted-tab", DOCS_ENV, "VAR=some\\tvalue", {}, {"VAR": "some\\tvalue"}),
    EnvCase("edge-unquoted-trailing-backslash", EDGE, "A=x\\\nB=y\n", {}, {"A": "x\\", "B": "y"}),
    # --- multiline
    EnvCase(
        "cg-multiline-dq",
        CG + "godotenv_test.go TestVariableStringValueSeparator",
        'TEST_URLS="stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"',
        {},
        {"TEST_URLS": "stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"},
    ),
    EnvCase("doc-sq-multiline", DOCS_ENV, "KEY='SOME\nVALUE'", {}, {"KEY": "SOME\nVALUE"}),
    EnvCase(
        "cg-fixture-quoted",
        CG + "fixtures/quoted.env (TestLoadQuotedEnv)",
        (
            "OPTION_A='1'\n"
            "OPTION_B='2'\n"
            "OPTION_C=''\n"
            "OPTION_D='\\n'\n"
            'OPTION_E="1"\n'
            'OPTION_F="2"\n'
            'OPTION_G=""\n'
            'OPTION_H="\\n"\n'
            "OPTION_I = \"echo 'asd'\" # Inline comment\n"
            "OPTION_J = 'first line\n"
            "second line\n"
            "third line\n"
            "and so on'\n"
            "OPTION_K='Let\\'s go!'\n"
            'OPTION_Z = "last value"\n'
        ),
        {},
        {
            "OPTION_A": "1",
            "OPTION_B": "2",
            "OPTION_C": "",
            "OPTION_D": "\\n",
            "OPTION_E": "1",
            "OPTION_F": "2",
            "OPTION_G": "",
            "OPTION_H": "\n",
            "OPTION_I": "echo 'asd'",
            "OPTION_J": "first line\nsecond line\nthird line\nand so on",
            "OPTION_K": "Let's go!",
            "OPTION_Z": "last value",
        },
    ),
    EnvCase(
        "pd-parser-comment-multiline-dq",
        PD + "test_parser.py test_parse_stream",
        '# comment\na="b\nc"\nd=e\n',
        {},
        {"a": "b\nc", "d": "e"},
    ),
    # --- unterminated
    EnvCase(
        "cg-unterminated-1",
        CG + "godotenv_test.go TestUnterminatedQuotes",
        'KEY="',
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (line 1: unterminated quoted value)",
    ),
    EnvCase(
        "cg-unterminated-2",
        CG + "godotenv_test.go TestUnterminatedQuotes",
        'KEY="value',
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (line 1: unterminated quoted value)",
    ),
    EnvCase(
        "cg-unterminated-3",
        CG + "godotenv_test.go TestUnterminatedQuotes",
        'KEY="value\\"',
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (line 1: unterminated quoted value)",
    ),
    EnvCase(
        "edge-unterminated-sq-midfile",
        EDGE,
        "A=1\nB='x\nC=3\n",
        {},
        {"A": "1", "C": "3"},
        problems=(2,),
        differs=(
            "compose refuses the file at line 4, where its scan stopped; we name line 2, where the quote "
            "opens, and read the rest, as python-dotenv does"
        ),
    ),
    EnvCase(
        "edge-unterminated-dq-later-quote",
        EDGE,
        'A="abc\nB="def"\n',
        {},
        {"B": "def"},
        problems=(1,),
        differs=(
            "compose refuses the file (line 2); python-dotenv drops lines 1-2; we name line 1 and read line 2 anew"
        ),
    ),
    EnvCase(
        "pd-parser-unterminated-dq-then-line",
        PD + "test_parser.py test_parse_stream",
        'a="\nb=c',
        {},
        {"b": "c"},
        problems=(1,),
        differs="compose refuses the file (line 2); we name line 1 and keep b, as python-dotenv does",
    ),
    # --- export
    EnvCase("cg-parsing-export", CG + "godotenv_test.go TestParsing", "export OPTION_A=2", {}, {"OPTION_A": "2"}),
    EnvCase("cg-parsing-export-tab", CG + "godotenv_test.go TestParsing", "export\tOPTION_A=2", {}, {"OPTION_A": "2"}),
    EnvCase(
        "cg-parsing-export-leading-tab",
        CG + "godotenv_test.go TestParsing",
        "\texport OPTION_A=2",
        {},
        {"OPTION_A": "2"},
    ),
    EnvCase("edge-export-only", EDGE, "export\nA=1\n", {}, {"A": "1"}),
    EnvCase("edge-export-eq", EDGE, "export=1\n", {}, {"export": "1"}),
    EnvCase("edge-export-bare-name", EDGE, "export NAME\n", {"NAME": "v"}, {"NAME": "v"}),
    # --- keys
    EnvCase(
        "cg-fixture-special",
        CG + "fixtures/special.env (TestDash)",
        "VAR.WITH.DOTS=dots\nVAR_WITH_UNDERSCORES=underscores\nVAR-WITH-DASHES=dashes\n",
        {},
        {"VAR-WITH-DASHES": "dashes", "VAR.WITH.DOTS": "dots", "VAR_WITH_UNDERSCORES": "underscores"},
    ),
    EnvCase(
        "cg-parser-bytes",
        CG + "parser_test.go TestParseBytes",
        "\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\n",
        {},
        {"a": "b", "a.propertyKey": "d", "a[1]": "c", "árvíztűrő-TÜKÖRFÚRÓGÉP": "ÁRVÍZTŰRŐ-tükörfúrógép"},
    ),
    EnvCase(
        "cg-parsing-empty-key",
        CG + "godotenv_test.go TestParsing",
        '="value"',
        {},
        {},
        problems=(1,),
        differs="compose sets the key ''; python-dotenv cannot parse the line; a name is needed, so a problem",
    ),
    EnvCase(
        "cg-parsing-bad-line",
        CG + "godotenv_test.go TestParsing",
        "lol$wut",
        {},
        {},
        problems=(1,),
        differs="compose refuses the file ('$' in a name); python-dotenv gives the bare key 'lol$wut'",
    ),
    EnvCase(
        "cg-parser-bad-key-char",
        CG + "parser_test.go TestParseVariable",
        "%!(EXTRA string)=foo",
        {},
        {},
        problems=(1,),
        differs="compose refuses the file ('%' in a name); python-dotenv cannot parse the line",
    ),
    EnvCase("edge-key-digit-start", EDGE, "1KEY=x\n", {}, {"1KEY": "x"}),
    EnvCase(
        "edge-key-space-inside",
        EDGE,
        "MY KEY=x\n",
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (a space in a name); python-dotenv cannot parse the line",
    ),
    EnvCase(
        "edge-key-quoted-compose",
        EDGE,
        "'a'=b\n",
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (a quote in a name); python-dotenv gives a=b",
    ),
    EnvCase(
        "pd-parser-ugly-key",
        PD + "test_parser.py test_parse_stream",
        'uglyKey[%$="S3cr3t_P4ssw#rD" #\na=b',
        {},
        {"a": "b"},
        problems=(1,),
        differs=(
            "compose refuses the file ('%' in a name); python-dotenv keeps the key 'uglyKey[%$'; we name "
            "line 1 and keep a=b"
        ),
    ),
    # --- bare-name
    EnvCase(
        "cg-fixture-inherited-multi",
        CG + "fixtures/inherited-multi-var.env (TestInheritedEnvVariableSameSize)",
        "foo=bar\nVAR_TO_BE_LOADED_FROM_OS_ENV\nbar=baz\n",
        {"VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE"},
        {"VAR_TO_BE_LOADED_FROM_OS_ENV": "SOME_RANDOM_VALUE", "bar": "baz", "foo": "bar"},
    ),
    EnvCase(
        "cg-fixture-inherited-not-found",
        CG + "fixtures/inherited-not-found.env (TestInheritedEnvVariableNotFound)",
        "VARIABLE_NOT_FOUND\n",
        {},
        {},
    ),
    EnvCase(
        "pd-parser-no-value",
        PD + "test_parser.py test_parse_stream",
        "no_value_var",
        {},
        {},
        differs=(
            "compose: {'': 'no_value_var'}, an accident of its scanner at the end of a file without a line "
            "break; we read a bare NAME as compose does when a line break follows (unset: nothing); "
            "python-dotenv: None"
        ),
    ),
    EnvCase(
        "edge-bare-name-eof-env",
        EDGE,
        "NAME",
        {"NAME": "fromenv"},
        {"NAME": "fromenv"},
        differs=(
            "compose: {'': 'NAME'} at the end of a file without a line break; we read a bare NAME as "
            "compose does when a line break follows"
        ),
    ),
    EnvCase(
        "edge-bare-name-eof-after-line",
        EDGE,
        "A=1\nNAME",
        {"NAME": "fromenv"},
        {"A": "1", "NAME": "fromenv"},
        differs=(
            "compose: {'': 'NAME', 'A': '1'} at the end of a file without a line break; we read a bare "
            "NAME as compose does when a line break follows"
        ),
    ),
    EnvCase("edge-bare-name-nl-env-empty", EDGE, "NAME\n", {"NAME": ""}, {"NAME": ""}),
    EnvCase("edge-bare-name-from-earlier-line", EDGE, "NAME=file\nNAME\n", {}, {"NAME": "file"}),
    EnvCase("edge-bare-name-trailing-space", EDGE, "NAME  \n", {"NAME": "v"}, {"NAME": "v"}),
    EnvCase("edge-crlf-bare-name", EDGE, "NAME\r\nA=1\r\n", {"NAME": "v"}, {"A": "1", "NAME": "v"}),
    # --- yaml-colon
    EnvCase("cg-parsing-yaml-style", CG + "godotenv_test.go TestParsing", "OPTION_A: 1", {}, {"OPTION_A": "1"}),
    EnvCase(
        "cg-parsing-yaml-style-with-eq",
        CG + "godotenv_test.go TestParsing",
        "OPTION_A: Foo=bar",
        {},
        {"OPTION_A": "Foo=bar"},
    ),
    EnvCase("doc-colon", DOCS_ENV, "VAR: VAL", {}, {"VAR": "VAL"}),
    EnvCase("edge-yaml-nospace", EDGE, "K:v\n", {}, {"K": "v"}),
    EnvCase("edge-yaml-url", EDGE, "URL: http://x:80/y\n", {}, {"URL": "http://x:80/y"}),
    EnvCase("edge-yaml-interp", EDGE, "A: 1\nB: ${A}\n", {}, {"A": "1", "B": "1"}),
    # --- bom-crlf
    EnvCase(
        "cg-fixture-utf8-bom",
        CG + "fixtures/utf8-bom.env (TestUTF8BOM)",
        (
            "\ufeffOPTION_A=1\n"
            "OPTION_B=2\n"
            "OPTION_C= 3\n"
            "OPTION_D =4\n"
            "OPTION_E = 5\n"
            "456 = ABC\n"
            "OPTION_F =\n"
            "OPTION_G=\n"
            "OPTION_H = my string # Inline comment\n"
        ),
        {},
        {
            "456": "ABC",
            "OPTION_A": "1",
            "OPTION_B": "2",
            "OPTION_C": "3",
            "OPTION_D": "4",
            "OPTION_E": "5",
            "OPTION_F": "",
            "OPTION_G": "",
            "OPTION_H": "my string",
        },
    ),
    EnvCase("edge-bom-then-comment", EDGE, "\ufeff# c\nA=1\n", {}, {"A": "1"}),
    EnvCase("edge-crlf-unquoted", EDGE, "A=1\r\nB=two words \r\n", {}, {"A": "1", "B": "two words"}),
    EnvCase(
        "edge-crlf-multiline-dq",
        EDGE,
        'A="l1\r\nl2"\r\n',
        {},
        {"A": "l1\nl2"},
        differs=("follows python-dotenv reading a path (universal newlines); compose keeps '\\r\\n' inside the quotes"),
    ),
    EnvCase(
        "pd-parser-cr-only",
        PD + "test_parser.py test_parse_stream",
        "a=b\rc=d",
        {},
        {"a": "b", "c": "d"},
        differs="follows python-dotenv: a lone CR ends a line; compose: {'a': 'b\\rc=d'}",
    ),
    # --- interpolation
    EnvCase(
        "doc-default-env-set",
        DOCS_VARS + " (COMPOSE_DEBUG example)",
        ("## define COMPOSE_DEBUG based on DEV_MODE, defaults to false\nCOMPOSE_DEBUG=${DEV_MODE:-false}\n"),
        {"DEV_MODE": "true"},
        {"COMPOSE_DEBUG": "true"},
    ),
    EnvCase(
        "cg-expand-dollar-name",
        CG + "godotenv_test.go TestExpanding 'expands variables found in values'",
        "FOO=test\nBAR=$FOO",
        {},
        {"BAR": "test", "FOO": "test"},
    ),
    EnvCase(
        "cg-expand-undefined",
        CG + "godotenv_test.go TestExpanding 'expands undefined variables to an empty string'",
        "BAR=$FOO",
        {},
        {"BAR": ""},
    ),
    EnvCase(
        "cg-expand-in-dq",
        CG + "godotenv_test.go TestExpanding 'expands variables in double quoted strings'",
        'FOO=test\nBAR="quote $FOO"',
        {},
        {"BAR": "quote test", "FOO": "test"},
    ),
    EnvCase(
        "cg-expand-not-in-sq",
        CG + "godotenv_test.go TestExpanding 'does not expand variables in single quoted strings'",
        "BAR='quote $FOO'",
        {},
        {"BAR": "quote $FOO"},
    ),
    EnvCase("doc-sq-literal-braced", DOCS_ENV, "VAR='${OTHER}'", {"OTHER": "x"}, {"VAR": "${OTHER}"}),
    EnvCase(
        "pd-main-sq-braced", PD + "test_main.py test_dotenv_values_string_io", "a='${b}'", {"b": "c"}, {"a": "${b}"}
    ),
    EnvCase("edge-sq-no-interp-env", EDGE, "A='$B ${B}'", {"B": "x"}, {"A": "$B ${B}"}),
    EnvCase(
        "cg-expand-escaped-3",
        CG + "godotenv_test.go TestExpanding 'does not expand escaped variables 3'",
        'FOO=test\nBAR="foo\\${FOO} ${FOO}"',
        {},
        {"BAR": "foo${FOO} test", "FOO": "test"},
    ),
    EnvCase("edge-dq-escaped-dollar-unquoted", EDGE, "KEY=\\$FOO", {"FOO": "x"}, {"KEY": "\\x"}),
    EnvCase("edge-dq-backslash-dollar-braced-pd", EDGE, 'KEY="\\${FOO}"', {"FOO": "x"}, {"KEY": "${FOO}"}),
    EnvCase(
        "doc-double-dollar",
        DOCS_INTERP + " ($$ literal dollar)",
        "R=$$VAR_NOT_INTERPOLATED_BY_COMPOSE",
        {"VAR_NOT_INTERPOLATED_BY_COMPOSE": "x"},
        {"R": "$VAR_NOT_INTERPOLATED_BY_COMPOSE"},
    ),
    EnvCase("edge-double-dollar-braced", EDGE, "KEY=$${FOO}", {"FOO": "x"}, {"KEY": "${FOO}"}),
    EnvCase("edge-double-dollar-dq", EDGE, 'KEY="a$$b"', {}, {"KEY": "a$b"}),
    EnvCase("edge-dollar-name-adjacent", EDGE, "KEY=$FOO_bar", {"FOO": "x", "FOO_bar": "y"}, {"KEY": "y"}),
    EnvCase("edge-lowercase-interp", EDGE, "a=1\nb=$a\n", {}, {"a": "1", "b": "1"}),
    EnvCase(
        "doc-dollar-non-name",
        DOCS_INTERP + " ('$' not followed by a valid name is preserved)",
        "R=cost $5 and $ alone",
        {},
        {"R": "cost $5 and $ alone"},
    ),
    EnvCase(
        "cg-var-colon-dash-unset",
        CG + "godotenv_var_expansion_test.go TestExpandIfEmptyOrUnset UNSET_VAR (adapted)",
        "RESULT=${UNSET_VAR:-Default Value}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {"RESULT": "Default Value"},
    ),
    EnvCase(
        "cg-var-colon-dash-empty",
        CG + "godotenv_var_expansion_test.go TestExpandIfEmptyOrUnset EMPTY_VAR (adapted)",
        "RESULT=${EMPTY_VAR:-Default Value}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {"RESULT": "Default Value"},
    ),
    EnvCase(
        "cg-var-dash-unset",
        CG + "godotenv_var_expansion_test.go TestExpandIfUnset UNSET_VAR (adapted)",
        "RESULT=${UNSET_VAR-Default Value}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose: 'Default Value'; python-dotenv: ''; ${NAME-default} is not a form we expand",
    ),
    EnvCase(
        "cg-var-dash-empty",
        CG + "godotenv_var_expansion_test.go TestExpandIfUnset EMPTY_VAR (adapted)",
        "RESULT=${EMPTY_VAR-Default Value}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose: ''; ${NAME-default} is not a form we expand",
    ),
    EnvCase(
        "cg-var-colon-q-unset",
        CG + "godotenv_var_expansion_test.go TestErrorIfEmptyOrUnset UNSET_VAR (adapted)",
        "RESULT=${UNSET_VAR:?Test error}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose refuses the file (required variable); ${NAME:?error} is not a form we expand",
    ),
    EnvCase(
        "cg-var-colon-q-empty",
        CG + "godotenv_var_expansion_test.go TestErrorIfEmptyOrUnset EMPTY_VAR (adapted)",
        "RESULT=${EMPTY_VAR:?Test error}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose refuses the file (required variable); ${NAME:?error} is not a form we expand",
    ),
    EnvCase(
        "edge-colon-q-set-env",
        EDGE,
        "KEY=${FOO:?must be set}",
        {"FOO": "x"},
        {},
        problems=(1,),
        differs="compose: 'x'; python-dotenv keeps the text; ${NAME:?error} is not a form we expand",
    ),
    EnvCase(
        "cg-var-q-unset",
        CG + "godotenv_var_expansion_test.go TestErrorIfUnset UNSET_VAR (adapted)",
        "RESULT=${UNSET_VAR?Test error}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose refuses the file (required variable); ${NAME?error} is not a form we expand",
    ),
    EnvCase(
        "cg-var-q-empty",
        CG + "godotenv_var_expansion_test.go TestErrorIfUnset EMPTY_VAR (adapted)",
        "RESULT=${EMPTY_VAR?Test error}",
        {"EMPTY_VAR": "", "TEST_VAR": "Test Value"},
        {},
        problems=(1,),
        differs="compose: ''; ${NAME?error} is not a form we expand",
    ),
    EnvCase(
        "doc-alt-colon-plus-set",
        DOCS_INTERP + " (${VAR:+replacement})",
        "R=${VAR:+replacement}",
        {"VAR": "x"},
        {},
        problems=(1,),
        differs="compose: 'replacement'; python-dotenv keeps the text; ${NAME:+value} is not a form we expand",
    ),
    EnvCase(
        "doc-alt-plus-empty",
        DOCS_INTERP + " (${VAR+replacement})",
        "R=${VAR+replacement}",
        {"VAR": ""},
        {},
        problems=(1,),
        differs="compose: 'replacement'; python-dotenv: ''; ${NAME+value} is not a form we expand",
    ),
    EnvCase(
        "doc-nested-default-default",
        DOCS_INTERP + " (nested ${VARIABLE:-${FOO:-default}})",
        "R=${VARIABLE:-${FOO:-default}}",
        {},
        {},
        problems=(1,),
        differs="compose: 'default'; python-dotenv: '${FOO:-default}'; a nested ${...} is not a form we expand",
    ),
    EnvCase(
        "doc-nested-required-msg",
        DOCS_INTERP + " (nested ${VARIABLE?$FOO})",
        "R=${VARIABLE?$FOO}",
        {"FOO": "foo is the reason"},
        {},
        problems=(1,),
        differs="compose refuses the file (required variable); ${NAME?error} is not a form we expand",
    ),
    EnvCase("edge-default-refs-file", EDGE, "A=1\nB=${X:-$A}\n", {}, {"A": "1", "B": "1"}),
    EnvCase(
        "doc-unsupported-pattern-subst",
        DOCS_INTERP + " (${VARIABLE/foo/bar} not supported)",
        "R=${VARIABLE/foo/bar}",
        {"VARIABLE": "foo"},
        {},
        problems=(1,),
        differs="compose refuses the file (invalid template)",
    ),
    EnvCase(
        "edge-braced-unclosed",
        EDGE,
        "KEY=${FOO",
        {"FOO": "x"},
        {},
        problems=(1,),
        differs="compose refuses the file (invalid template)",
    ),
    EnvCase(
        "edge-braced-empty",
        EDGE,
        "KEY=${}",
        {},
        {},
        problems=(1,),
        differs="compose refuses the file (invalid template); python-dotenv gives ''",
    ),
    EnvCase(
        "edge-braced-dot-name",
        EDGE,
        "KEY=${A.B}",
        {"A.B": "x"},
        {},
        problems=(1,),
        differs="compose refuses the file (invalid template); python-dotenv gives 'x'",
    ),
    EnvCase("edge-dq-interp-multiline", EDGE, 'A="${B}\n$B"', {"B": "x"}, {"A": "x\nx"}),
    # --- precedence
    EnvCase(
        "cg-fixture-substitutions-env-precedence",
        CG + "fixtures/substitutions.env (TestSubstitutionsWithEnvFilePrecedence)",
        (
            "OPTION_A=1\n"
            "OPTION_B=${OPTION_A}\n"
            "OPTION_C=$OPTION_B\n"
            "OPTION_D=${OPTION_A}_${OPTION_B}\n"
            "OPTION_E=${OPTION_NOT_DEFINED}\n"
        ),
        {"OPTION_A": "5"},
        {"OPTION_A": "1", "OPTION_B": "5", "OPTION_C": "5", "OPTION_D": "5_5", "OPTION_E": ""},
    ),
    EnvCase(
        "cg-fixture-substitutions-default-env",
        CG + "fixtures/substitutions-default.env (TestSubstitutionsWithEnvFileDefaultValuePrecedence)",
        (
            "OPTION_A=${OPTION_A:-1}\n"
            "OPTION_B=${OPTION_A}\n"
            "OPTION_C=$OPTION_B\n"
            "OPTION_D=${OPTION_A}_${OPTION_B}\n"
            "OPTION_E=${OPTION_NOT_DEFINED}\n"
        ),
        {"OPTION_A": "5"},
        {"OPTION_A": "5", "OPTION_B": "5", "OPTION_C": "5", "OPTION_D": "5_5", "OPTION_E": ""},
    ),
    EnvCase(
        "cg-multifile-base-osenv",
        CG + "godotenv_test.go TestMultipleFiles (base.env alone, osEnv ENV_HOSTNAME=host.local)",
        '\nENV_HOSTNAME=localhost\nENV_MY_URL="http://${ENV_HOSTNAME}"\n',
        {"ENV_HOSTNAME": "host.local"},
        {"ENV_HOSTNAME": "localhost", "ENV_MY_URL": "http://host.local"},
    ),
    EnvCase("edge-env-vs-file-precedence", EDGE, "B=file\nA=${B}\n", {"B": "env"}, {"A": "env", "B": "file"}),
    EnvCase(
        "pd-main-redefined",
        PD + "test_main.py test_dotenv_values_string_io",
        "b=d\na=${b}",
        {"b": "c"},
        {"a": "c", "b": "d"},
    ),
    EnvCase("edge-forward-ref", EDGE, "A=${B}\nB=1\n", {}, {"A": "", "B": "1"}),
    EnvCase(
        "pd-main-duplicate-key",
        PD + "test_main.py test_dotenv_values_string_io",
        "a=b\na=c\nd=${a}",
        {},
        {"a": "c", "d": "c"},
    ),
    # --- errors
    EnvCase(
        "cg-fixture-invalid1",
        CG + "fixtures/invalid1.env (TestErrorParsing)",
        '# some comments\nfoo="\n  a\n  multine\n  value\n"\nINVALID LINE\nzot=qix',
        {},
        {"foo": "\n  a\n  multine\n  value\n", "zot": "qix"},
        problems=(7,),
        differs=(
            "compose refuses the file (line 7: key cannot contain a space); we name line 7 and keep the "
            "rest, as python-dotenv does"
        ),
    ),
]


@pytest.mark.parametrize("row", ENV_CASES, ids=[row.name for row in ENV_CASES])
def test_env_files_read_as_docker_compose_reads_them(tmp_path: Path, row: EnvCase) -> None:
    """A .env file gives compose's values, or the deviation its case notes, and problems on the listed lines."""
    path = tmp_path / ".env"
    path.write_bytes(row.text.encode())
    read = read_env_file(str(path), row.env)
    why = f"{row.source} {row.differs}"
    assert {name: value.value for name, value in read.values.items()} == row.values, why
    assert tuple(problem.origin.line for problem in read.problems if problem.origin) == row.problems, why
    assert all(
        problem.field == "file" and problem.origin.path == str(path) for problem in read.problems if problem.origin
    )


def test_the_table_covers_every_category_of_the_research() -> None:
    """The table holds cases of every kind the brief names, each with its source."""
    ids = [row.name for row in ENV_CASES]
    assert len(ids) == len(set(ids)) >= 100
    for needle in ("\ufeff", "\r\n", "export\t", "VAR.WITH.DOTS", ": ", "${", "$$", "\\n", "'", "# "):
        assert any(needle in row.text for row in ENV_CASES), needle
    assert all(row.source for row in ENV_CASES)
    assert all(row.differs for row in ENV_CASES if row.problems)


# --- .env files: lines, problems, secrets -------------------------------------------------------------


def write(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` byte for byte (no newline translation); return the path as a string."""
    path.write_bytes(text.encode())
    return str(path)


def test_each_value_names_the_line_its_statement_starts_on(tmp_path: Path) -> None:
    """A value's origin is the file, the variable and the line where its statement starts, past blank lines."""
    text = "# llm\n\n\nA=1\r\n\r\nB: 2\nC=\"multi\nline\"\n\n  export D='x'\nE\n"
    path = write(tmp_path / ".env", text)
    read = read_env_file(path, {"E": "from the environment"})
    assert read.values == {
        "A": Sourced("1", Origin("file", "A", path, 4)),
        "B": Sourced("2", Origin("file", "B", path, 6)),
        "C": Sourced("multi\nline", Origin("file", "C", path, 7)),
        "D": Sourced("x", Origin("file", "D", path, 10)),
        "E": Sourced("from the environment", Origin("env", "E")),
    }
    assert read.problems == ()
    assert read.notices == ()


def test_each_problem_names_the_file_and_its_line(tmp_path: Path) -> None:
    """A problem names the file and the line of the statement at fault, not the blank lines before it."""
    path = write(tmp_path / "bad.env", "A=1\n\n\n\nMY KEY=x\n\n\nB='open\n")
    read = read_env_file(path, {})
    assert [(p.origin, p.message) for p in read.problems] == [
        (Origin("file", "", path, 5), "has a space in its variable name"),
        (Origin("file", "B", path, 8), "opens a quoted value with ' and never closes it"),
    ]
    assert str(read.problems[1].origin) == f"file:{path}:8 B"


def test_a_bad_line_hides_no_other_value_or_problem(tmp_path: Path) -> None:
    """Every statement that can be read is read, and every one that cannot is reported, whatever comes between."""
    text = (
        "A=1\nnot an assignment\nB=2\nC=\"open\nD=3\nE='x'y\nF=4\n='nameless'\nG=${X:?unset}\nH=5\nI=\"abc\nJ=\"6\"\n"
    )
    read = read_env_file(write(tmp_path / ".env", text), {})
    assert {name: value.value for name, value in read.values.items()} == {
        "A": "1",
        "B": "2",
        "D": "3",
        "F": "4",
        "H": "5",
        "J": "6",
    }
    assert [problem.origin.line for problem in read.problems if problem.origin] == [2, 4, 6, 8, 9, 11]


@pytest.mark.parametrize(
    "text",
    [
        'K="abc\n',
        "K='abc\n",
        'K="abc',
        'K: "abc\n',
        'K:"abc\n',
        'export K="abc\n',
        '  K = "abc\nL=1\n',
        'K="abc\nL="def" more\n',
        'K="abc\\"\n',
    ],
)
def test_an_unterminated_quote_is_a_problem_never_a_value(tmp_path: Path, text: str) -> None:
    """A value whose quote is not closed is a problem at its line: K is not set, and no value holds a quote."""
    read = read_env_file(write(tmp_path / ".env", text), {})
    assert "K" not in read.values
    assert not any(q in value.value for value in read.values.values() for q in "'\"")
    assert read.problems[0].origin == Origin("file", "K", str(tmp_path / ".env"), 1)
    assert "quote" in read.problems[0].message or "closing" in read.problems[0].message


def test_no_problem_or_notice_holds_a_value(tmp_path: Path) -> None:
    """Problems and notices never show a value from the file, nor a name that may be a pasted key."""
    secret = key()
    lines = [
        f'ANTHROPIC_API_KEY="{secret}',
        f"ANTHROPIC_API_KEY='{secret}'{secret}",
        f"{secret}",
        f"{secret}+/= x",
        f"{secret}%=1",
        f"OPENAI_API_KEY={secret}${{X:?{secret}}}",
        f'OPENAI_API_KEY="{secret}\nX="{secret}" {secret}',
        f"K: '{secret}",
        f"{secret} {secret}",
        f"={secret}",
    ]
    read = read_env_file(write(tmp_path / ".env", "\n".join(lines) + "\n"), {})
    assert len(read.problems) + len(read.notices) >= len(lines)
    for finding in (*read.problems, *read.notices):
        shown = (str(finding), finding.explain("cli"), repr(finding))
        assert not any(secret in text or secret[:24] in text for text in shown), finding


def test_a_missing_file_or_a_directory_is_a_problem_naming_the_error_type(tmp_path: Path) -> None:
    """A file that cannot be read is one problem naming the file and the error's type, not an exception."""
    for path, error in ((tmp_path / "missing.env", "FileNotFoundError"), (tmp_path, "IsADirectoryError")):
        read = read_env_file(str(path), {})
        assert read.values == {} and [(p.field, p.origin) for p in read.problems] == [
            ("file", Origin("file", "", str(path)))
        ]
        assert read.problems[0].message == f"cannot be read ({error})"


def test_a_file_that_is_not_utf8_is_a_problem_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are a problem naming the line they are on; the value is not shown."""
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\nB=caf\xe9\n")
    read = read_env_file(str(path), {})
    assert read.values == {} and read.problems[0].origin == Origin("file", "", str(path), 2)
    assert read.problems[0].message == "is not UTF-8 text (UnicodeDecodeError at byte 9)"


def test_a_bare_name_takes_the_environment_first_then_an_earlier_line(tmp_path: Path) -> None:
    """A bare NAME keeps the environment's value and origin, else the earlier line's, as compose reads it."""
    path = write(tmp_path / ".env", "A=file\nA\nB=file\nB\n")
    read = read_env_file(path, {"A": "env"})
    assert read.values == {
        "A": Sourced("env", Origin("env", "A")),
        "B": Sourced("file", Origin("file", "B", path, 3)),
    }


def test_a_bare_name_set_nowhere_is_a_notice_that_does_not_name_it(tmp_path: Path) -> None:
    """A bare NAME found nowhere sets nothing and is a notice at its line, without the name (it may be a key)."""
    secret = key()
    path = write(tmp_path / ".env", f"ANTHROPIC_API_KEY=\n{secret}\n")
    read = read_env_file(path, {})
    assert read.values == {"ANTHROPIC_API_KEY": Sourced("", Origin("file", "ANTHROPIC_API_KEY", path, 1))}
    assert [notice.origin for notice in read.notices] == [Origin("file", "", path, 2)]
    assert secret not in str(read.notices[0])


def test_a_reference_to_an_unset_variable_reads_empty_and_is_a_notice(tmp_path: Path) -> None:
    """${X} and $X of an unset X read as empty, as in compose, and a notice names X once per statement."""
    path = write(tmp_path / ".env", "A=${X}/$X/${Y:-d}\nB=${Z:-$X}\n")
    read = read_env_file(path, {})
    assert {name: value.value for name, value in read.values.items()} == {"A": "//d", "B": ""}
    assert [(n.origin.line if n.origin else 0, n.message) for n in read.notices] == [
        (1, "refers to X, which is not set; it reads as an empty string"),
        (2, "refers to X, which is not set; it reads as an empty string"),
    ]


def test_importing_the_file_readers_imports_neither_yaml_nor_dotenv() -> None:
    """Importing stigmer_resolve.files stays cheap: python-dotenv and PyYAML load only when a file is read."""
    code = (
        "import sys, stigmer_resolve.files;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'dotenv', 'tomllib')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- .env files, end to end --------------------------------------------------------------------------


def test_an_env_file_value_is_the_source_of_its_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A setting read from a .env file names the file, the line and the variable as its source."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".env", "# the worker's model\nSTIGMER_LLM_PROVIDER=ollama\nSTIGMER_LLM_MODEL=llama3.1:8b\n")
    config = resolve("local", {**read_env_file(".env", {}).values})
    assert isinstance(config, LLMConfig)
    assert (config.model, config.sources["model"]) == ("llama3.1:8b", "file:.env:3 STIGMER_LLM_MODEL")
    assert config.sources["provider"] == "file:.env:2 STIGMER_LLM_PROVIDER"


def test_an_error_in_an_env_file_value_names_its_line_and_says_to_edit_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error about a value from a .env file names the file and line, and its hint edits that line."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".env", "# the worker's model\n\nSTIGMER_LLM_MODEL=qwen 2.5\n")
    result = resolve("local", {**read_env_file(".env", {}).values})
    assert isinstance(result, tuple)
    (problem,) = result
    assert problem.source == "file:.env:3 STIGMER_LLM_MODEL"
    assert problem.hint == "edit .env line 3: STIGMER_LLM_MODEL=qwen2.5-coder:7b"


# --- Stigmer's config file ---------------------------------------------------------------------------

#: The file Stigmer's CLI writes on first run (stigmer.md section 3.2: config.go GetDefault() and Save(),
#: yaml.v3's 4-space indent; the header is verbatim from config.go:130-134).
STIGMER_DEFAULT = """\
# Stigmer CLI Configuration
# For configuration options and examples, see:
# https://github.com/stigmer/stigmer/blob/main/docs/cli/configuration.md

backend:
    type: local
    local:
        llm:
            provider: ollama
            model: qwen2.5-coder:7b
            base_url: http://localhost:11434
        temporal:
            managed: true
        execution:
            mode: local
            auto_pull: true
            cleanup: true
            ttl: 3600
"""


def llm_file(tmp_path: Path, body: str, name: str = "config.yaml") -> str:
    """Write a config.yaml whose backend.local.llm section holds ``body`` (lines 4 on); return its path."""
    indented = "".join(f"            {line}\n" for line in body.splitlines())
    return write(tmp_path / name, f"backend:\n    local:\n        llm:\n{indented}")


def test_stigmers_default_config_resolves_to_its_ollama_defaults_with_file_sources(tmp_path: Path) -> None:
    """The file Stigmer's CLI writes resolves to ollama, qwen2.5-coder:7b at localhost:11434, each from its line."""
    path = write(tmp_path / "config.yaml", STIGMER_DEFAULT)
    loaded = load_stigmer_config(path)
    assert loaded.problems == ()
    config = ok("local", {}, file=loaded.settings)
    assert (config.provider, config.model, config.base_url) == ("ollama", "qwen2.5-coder:7b", "http://localhost:11434")
    assert {name: config.sources[name] for name in ("provider", "model", "base_url")} == {
        "provider": f"file:{path}:9 backend.local.llm.provider",
        "model": f"file:{path}:10 backend.local.llm.model",
        "base_url": f"file:{path}:11 backend.local.llm.base_url",
    }
    assert ok("local", {"STIGMER_LLM_MODEL": "llama3.1:8b"}, file=loaded.settings).model == "llama3.1:8b"


def test_anthropic_with_the_ollama_url_left_in_the_file_is_an_error_never_a_key_sent_to_ollama(tmp_path: Path) -> None:
    """provider: anthropic beside the default base_url and an Anthropic key is an error naming the file's line."""
    path = llm_file(tmp_path, "provider: anthropic\nmodel: qwen2.5-coder:7b\nbase_url: http://localhost:11434")
    loaded = load_stigmer_config(path)
    secret = key()
    found = errors("local", {"ANTHROPIC_API_KEY": secret}, file=loaded.settings)
    assert [(p.field, p.source) for p in found] == [("base_url", f"file:{path}:6 backend.local.llm.base_url")]
    assert "would send the anthropic key in ANTHROPIC_API_KEY to port 11434" in found[0].message
    assert found[0].hint.startswith(f"remove backend.local.llm.base_url from {path} line 6")
    (without_model,) = errors(
        "local",
        {"ANTHROPIC_API_KEY": secret},
        file=load_stigmer_config(llm_file(tmp_path, "provider: anthropic\nbase_url: http://localhost:11434")).settings,
    )
    assert without_model.field == "base_url" and "port 11434" in without_model.message
    assert not any(secret in str(problem) for problem in (*found, without_model))


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("backend:\n  local:\n    llm:\n      model: [qwen\n", 5, "expected ',' or ']', but got '<stream end>'"),
        ("backend:\n  local: x\n    llm: y\n", 3, "mapping values are not allowed here"),
        ("backend:\n\tlocal: {}\n", 2, "found character '\\t' that cannot start any token"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document in the stream but found another document"),
        (
            "backend:\n  local:\n    llm:\n      model: !secret x\n",
            4,
            "could not determine a constructor for the tag '!secret'",
        ),
    ],
)
def test_malformed_yaml_is_a_problem_at_the_line_the_yaml_library_gives(
    tmp_path: Path, text: str, line: int, said: str
) -> None:
    """YAML that does not parse is one problem: the line PyYAML names, and its words, never the file's text."""
    path = write(tmp_path / "config.yaml", text)
    loaded = load_stigmer_config(path)
    assert loaded.settings == {}
    assert [(p.field, p.origin, p.message) for p in loaded.problems] == [
        ("file", Origin("file", "", path, line), f"is not valid YAML: {said}")
    ]


@pytest.mark.parametrize(
    ("value", "type_name"),
    [("7", "int"), ("1.5", "float"), ("true", "bool"), ("[a, b]", "list"), ("{a: b}", "dict"), ("2025-01-01", "date")],
)
def test_a_value_of_the_wrong_type_is_a_problem_naming_its_key_path_and_line(
    tmp_path: Path, value: str, type_name: str
) -> None:
    """A number, boolean, list, mapping or date where a string belongs is a problem at its key, never a setting."""
    path = llm_file(tmp_path, f"provider: ollama\nmodel: {value}")
    loaded = load_stigmer_config(path)
    assert set(loaded.settings) == {"provider"}
    (problem,) = loaded.problems
    assert (problem.field, problem.origin) == ("model", Origin("file", "backend.local.llm.model", path, 5))
    assert problem.message == f"must be a string, got type {type_name}"
    assert problem.hint.startswith(f"edit {path} line 5: model: <model>, or write one string")


def test_an_empty_or_null_value_in_the_config_file_is_unset(tmp_path: Path) -> None:
    """model: '' and api_key: (null) set nothing and are no problem."""
    loaded = load_stigmer_config(llm_file(tmp_path, "provider: ollama\nmodel: ''\napi_key:\nbase_url: ~"))
    assert set(loaded.settings) == {"provider"} and loaded.problems == ()


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("modle: x", "is not a key of Stigmer's LLM settings; did you mean 'model'?", "or rename it to model"),
        ("apikey: x", "is not a key of Stigmer's LLM settings; did you mean 'api_key'?", "or rename it to api_key"),
        ("baseurl: x", "is not a key of Stigmer's LLM settings; did you mean 'base_url'?", "or rename it to base_url"),
        (
            "max_tokens: 5",
            "is not a key of Stigmer's LLM settings",
            "or use one of: provider, model, api_key, base_url",
        ),
    ],
)
def test_an_unknown_llm_key_is_a_problem_with_did_you_mean(
    tmp_path: Path, written: str, message: str, hint: str
) -> None:
    """A key under backend.local.llm that Stigmer has not is a problem at its line, with the key it resembles."""
    path = llm_file(tmp_path, f"provider: ollama\n{written}")
    loaded = load_stigmer_config(path)
    (problem,) = loaded.problems
    name = written.partition(":")[0]
    assert (problem.field, problem.origin) == ("file", Origin("file", f"backend.local.llm.{name}", path, 5))
    assert problem.message == message
    assert problem.hint == f"remove backend.local.llm.{name} from {path} line 5, {hint}"
    assert set(loaded.settings) == {"provider"}


@pytest.mark.parametrize(
    ("text", "where", "line", "type_name"),
    [
        ("- backend\n", "", 1, "list"),
        ("just text\n", "", 1, "str"),
        ("backend: local\n", "backend", 1, "str"),
        ("backend:\n  local: [llm]\n", "backend.local", 2, "list"),
        ("backend:\n  type: local\n  local:\n    llm: ollama\n", "backend.local.llm", 4, "str"),
    ],
)
def test_a_section_that_is_not_a_mapping_is_a_problem_naming_its_key_path(
    tmp_path: Path, text: str, where: str, line: int, type_name: str
) -> None:
    """The file, backend, backend.local or backend.local.llm holding something else than a mapping is a problem."""
    path = write(tmp_path / "config.yaml", text)
    (problem,) = load_stigmer_config(path).problems
    assert problem.origin == Origin("file", where, path, line)
    assert problem.message.endswith(f"must be a mapping{' with a backend section' * (not where)}, got type {type_name}")


@pytest.mark.parametrize(
    "text", ["", "# nothing yet\n", "---\n", "~\n", "backend:\n", "backend:\n  local:\n    llm:\n"]
)
def test_an_empty_config_file_gives_no_settings_and_no_problem(tmp_path: Path, text: str) -> None:
    """An empty file, or one without LLM settings, sets nothing and is no problem."""
    loaded = load_stigmer_config(write(tmp_path / "config.yaml", text))
    assert (loaded.settings, loaded.problems) == ({}, ())


def test_yaml_anchors_and_merge_keys_are_read_as_safe_load_reads_them(tmp_path: Path) -> None:
    """A merged (<<) key is read with the line where it is written; a self-referring anchor elsewhere is no problem."""
    text = (
        "base: &b\n  provider: openai\nloop: &l {self: *l}\n"
        "backend:\n  local:\n    llm:\n      <<: *b\n      model: gpt-5\n"
    )
    path = write(tmp_path / "config.yaml", text)
    loaded = load_stigmer_config(path)
    assert loaded.problems == ()
    assert loaded.settings == {
        "provider": Sourced("openai", Origin("file", "backend.local.llm.provider", path, 2)),
        "model": Sourced("gpt-5", Origin("file", "backend.local.llm.model", path, 8)),
    }


def test_a_toml_config_is_read_like_the_yaml_one_without_lines(tmp_path: Path) -> None:
    """A .toml file of the same shape gives the same settings, with line 0; its problems are reported alike."""
    path = write(
        tmp_path / "config.toml",
        '[backend]\ntype = "local"\n\n[backend.local.llm]\nprovider = "ollama"\nmodel = "qwen2.5-coder:7b"\n'
        'base_url = "http://localhost:11434"\nmodle = "x"\napi_key = 5\n',
    )
    loaded = load_stigmer_config(path)
    assert loaded.settings == {
        name: Sourced(value, Origin("file", f"backend.local.llm.{name}", path))
        for name, value in (
            ("provider", "ollama"),
            ("model", "qwen2.5-coder:7b"),
            ("base_url", "http://localhost:11434"),
        )
    }
    assert [(p.field, str(p.origin), p.message) for p in loaded.problems] == [
        (
            "file",
            f"file:{path}:backend.local.llm.modle",
            "is not a key of Stigmer's LLM settings; did you mean 'model'?",
        ),
        ("api_key", f"file:{path}:backend.local.llm.api_key", "must be a string, got type int"),
    ]
    config = ok("local", {}, file=loaded.settings)
    assert config.sources["model"] == f"file:{path}:backend.local.llm.model"
    broken = load_stigmer_config(write(tmp_path / "bad.toml", '[backend.local.llm]\nmodel = "x\nprovider = 1\n'))
    assert [(p.origin, p.message) for p in broken.problems] == [
        (Origin("file", "", str(tmp_path / "bad.toml"), 2), "is not valid TOML: Illegal character '\\n'")
    ]


def test_the_config_files_api_key_is_the_workers_under_rule_6(tmp_path: Path) -> None:
    """A request's base_url never gets the key from the file; with its own api_key it may."""
    secret = plain_key()
    loaded = load_stigmer_config(
        llm_file(tmp_path, f"provider: openai\napi_key: {secret}\nbase_url: https://gw.example/v1")
    )
    assert ok("local", {}, file=loaded.settings).api_key.get_secret_value() == secret  # type: ignore[union-attr]
    (problem,) = errors("local", {}, {"base_url": "https://evil.example/v1"}, file=loaded.settings)
    assert (problem.field, problem.source) == ("base_url", "override:base_url")
    assert problem.message == "would send the worker's API key (backend.local.llm.api_key) to a host the request chose"
    own = plain_key()
    assert ok("local", {}, {"base_url": "https://evil.example/v1", "api_key": own}, file=loaded.settings)


def test_the_config_files_api_key_never_appears_in_any_output(tmp_path: Path) -> None:
    """For a random key in the file, no problem, warning, table, dict or repr shows it, whatever else is wrong."""
    secret = key()
    bodies = [
        f"provider: anthropic\napi_key: {secret}",
        f"provider: anthropic\napi_key: {secret}\nbase_url: http://localhost:11434",
        f"provider: ollama\napi_key: {secret}\nmodel: {secret}",
        f"provider: openai\napi_key: {secret}\nbase_url: http://{secret}.example/v1\napikey: {secret}",
        f"provider: anthropic\napi_key: [{secret}]\n{secret}: {secret}",
    ]
    for body in bodies:
        loaded = load_stigmer_config(llm_file(tmp_path, body))
        outputs = [repr(loaded.problems), *(p.explain("cli") for p in loaded.problems)]
        for override in (None, {"base_url": "https://evil.example"}, {"max_tokens": "lots"}):
            result = resolve("cloud", {}, override, file=loaded.settings)
            if isinstance(result, LLMConfig):
                outputs += [repr(result), result.explain(), json.dumps(result.to_dict())]
            else:
                outputs += [repr(result), *(p.explain() for p in result)]
        assert not any(secret in text for text in outputs), body


def test_a_missing_config_file_is_a_problem_and_the_default_path_is_under_home(tmp_path: Path) -> None:
    """A config file named but missing is a problem; Stigmer's is <home>/.stigmer/config.yaml."""
    path = default_config_path(str(tmp_path))
    assert path == str(tmp_path / ".stigmer" / "config.yaml")
    loaded = load_stigmer_config(path)
    assert loaded.settings == {}
    assert loaded.problems == (
        Problem(
            "file",
            Origin("file", "", path),
            "cannot be read (FileNotFoundError)",
            advice="give the path of a readable file",
        ),
    )
