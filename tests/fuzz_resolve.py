"""Coverage-guided fuzzing of resolve() with atheris: no exception escapes, no key or URL password leaks.

Run for a bounded time (seconds), from the project root:

    pip install -e '.[fuzz]' && python tests/fuzz_resolve.py -max_total_time=300

Any exception, a result that is not a config or a non-empty tuple of errors, or a
planted key or URL password in any output stops the run and writes the input to
``crash-*``; replay it with ``python tests/fuzz_resolve.py crash-…``.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote

import atheris

with atheris.instrument_imports(include=["stigmer_resolve"]):
    from stigmer_resolve import READ, ConfigurationError, LLMConfig, Problem, resolve
    from stigmer_resolve.providers import PROVIDERS
    from stigmer_resolve.settings import OVERRIDE_SYNONYMS, SETTINGS

KEY_VARS = ("STIGMER_LLM_API_KEY", *(var for p in PROVIDERS.values() for var in p.key_vars))
URL_VARS = ("STIGMER_LLM_BASE_URL", *(var for p in PROVIDERS.values() for var in p.url_vars))
OVERRIDE_KEYS = (*(row.name for row in SETTINGS), *OVERRIDE_SYNONYMS)
WORDS = ("local", "cloud", "anthropic", "openai", "ollama", "fast", "balanced", "powerful", "http://", "https://")
#: How users break a URL that holds a password: scheme typos, no scheme, delimiters inside the password.
SCHEMES = ("https://", "http://", "http:/", "http//", "//", "", "HTTP://", "ftp://")
PASSWORD_TAILS = ("", "/", "?", "#", "@", "#7", ":x")
#: The characters escaping changes, in keys too.
KEY_TAILS = ("", '"', "\\", "%", "'")


def _text(fdp: atheris.FuzzedDataProvider) -> str:
    """A string: often a word resolve() knows, with fuzzed text around it, so the fuzzer gets past the first checks."""
    if fdp.ConsumeBool():
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 64))
    return fdp.ConsumeUnicode(4) + fdp.PickValueInList(list(WORDS)) + fdp.ConsumeUnicode(24)


def _value(fdp: atheris.FuzzedDataProvider) -> object:
    """Any value an override might hold."""
    kind = fdp.ConsumeIntInRange(0, 6)
    if kind == 0:
        return fdp.ConsumeInt(8)
    if kind == 1:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if kind == 2:
        return fdp.ConsumeBool()
    if kind == 3:
        return None
    if kind == 4:
        return fdp.ConsumeBytes(8)
    return _text(fdp)


def _outputs(result: object) -> list[str]:
    """Every text a caller can get from a result."""
    if isinstance(result, LLMConfig):
        texts = [repr(result), str(result), result.explain(), json.dumps(result.to_dict()), repr(result.to_dict())]
        texts.append(result.explain("cli"))
        return texts + [str(w) for w in result.warnings]
    assert isinstance(result, tuple) and result and all(isinstance(e, Problem) for e in result), result
    hints = [e.hint_for("cli") for e in result]
    return [repr(result), str(ConfigurationError(result)), *(str(e) for e in result), *hints]


def _encodings(secret: str) -> set[str]:
    return {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe=""), quote(secret)}


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode: object = fdp.PickValueInList(["local", "cloud"]) if fdp.ConsumeBool() else _value(fdp)
    env = {fdp.PickValueInList(list(READ)): _text(fdp) for _ in range(fdp.ConsumeIntInRange(0, 8))}
    override: object = None
    if fdp.ConsumeBool():
        override = {fdp.PickValueInList(list(OVERRIDE_KEYS)): _value(fdp) for _ in range(fdp.ConsumeIntInRange(0, 5))}

    # Plant a key and a URL password, in the environment or the override, where the fuzzer chooses.
    secret = "sk-" + fdp.ConsumeBytes(12).hex().upper().ljust(24, "7") + fdp.PickValueInList(list(KEY_TAILS))
    password = "pw" + fdp.ConsumeBytes(8).hex().upper().ljust(16, "3")
    tail = fdp.PickValueInList(list(PASSWORD_TAILS))
    url = f"{fdp.PickValueInList(list(SCHEMES))}{fdp.PickValueInList(['u:', '', ':'])}{password}{tail}@{_text(fdp)}"
    if isinstance(override, dict) and fdp.ConsumeBool():
        override["api_key" if fdp.ConsumeBool() else "base_url"] = secret if fdp.ConsumeBool() else url
    else:
        env[fdp.PickValueInList(list(KEY_VARS))] = secret
        env[fdp.PickValueInList(list(URL_VARS))] = url

    result = resolve(mode, env, override)

    # A secret may show only where the fuzzer also wrote it into some other input.
    others = repr((mode, {k: v for k, v in env.items() if v not in (secret, url)}, override))
    for text in _outputs(result):
        for planted in (secret, password):
            leaked = [form for form in _encodings(planted) if form in text]
            assert not leaked or planted in others, f"{planted!r} leaked into {text!r}"


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
