"""The catalogue: every error and warning a user can meet, word for word, in tests/findings.golden.

The messages and hints are the interface a user reads, so they are pinned in one
place. A change to one is a change to the product: run ``pytest
tests/test_findings.py --update-golden`` and review the diff of the golden file.
Nothing else in the suite asserts wording.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from stigmer_resolve import LLMConfig, Problem, resolve
from stigmer_resolve.config import Finding

GOLDEN = Path(__file__).with_name("findings.golden")

# Random keys of fixed lengths: no message may depend on a key, so the catalogue holds for any.
KEYS = {
    "<ANTHROPIC_KEY>": "sk-ant-" + secrets.token_hex(20),
    "<OPENAI_KEY>": "sk-proj-" + secrets.token_hex(20),
    "<PLAIN_KEY>": "gw-" + secrets.token_hex(20),
}
A, OAI, P = KEYS.values()

#: id -> (mode, env, override)
CASES: dict[str, tuple[object, dict[str, object], object]] = {
    "mode_unknown": ("cluod", {}, None),
    "mode_none": (None, {}, None),
    "mode_wrong_type": (3, {}, None),
    "mode_blank": ("  ", {}, None),
    "mode_bad_hides_nothing_else": ("prod", {"STIGMER_LLM_MAX_TOKENS": "many", "STIGMER_LLM_MODEL": "a b"}, None),
    "mode_bad_hides_no_providers_own_variable": ("prod", {"OLLAMA_HOST": "ftp://x", "ANTHROPIC_API_KEY": "a b"}, None),
    "env_not_a_mapping": ("local", None, None),  # type: ignore[dict-item]
    "env_a_list": ("local", ["STIGMER_LLM_MODEL"], None),  # type: ignore[dict-item]
    "env_bytes_environ": ("local", os.environb, None),  # type: ignore[dict-item]
    "mode_bad_beside_a_mistyped_override_key": ("prod", {}, {"modle": "llama3", "max_tokens": "lots"}),
    "env_wrong_type": ("local", {"STIGMER_LLM_MODEL": 5}, None),
    "override_wrong_type": ("local", {}, 7),
    "override_unknown_key": ("local", {}, {"modle": "x"}),
    "override_unknown_non_str_key": ("local", {}, {3: "x"}),
    "override_value_wrong_type": ("local", {}, {"model": 3}),
    "override_conflict": ("local", {}, {"model": "a", "model_name": "b"}),
    "override_unknown_key_no_guess": ("local", {}, {"xyz": 1}),
    "override_unknown_long_key": ("local", {}, {"k" * 60: 1}),
    "override_policy_key": ("local", {}, {"request_fields": "model"}),
    "override_every_error_at_once": (
        "local",
        {},
        {3: "y", "modle": "x", "max_tokens": [1], "model": "a", "model_name": "b", "zzz": 1},
    ),
    "url_space": ("local", {"OLLAMA_HOST": "http://a b"}, None),
    "url_two_ats": ("local", {"OLLAMA_HOST": "http://a@b@h"}, None),
    "url_two_closing_brackets": ("local", {"OLLAMA_HOST": "[::1]]:80"}, None),
    "url_expect_v1_keeps_the_port": (
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OAI, "OPENAI_BASE_URL": "https://api.example.com:8443"},
        None,
    ),
    "provider_unknown": ("local", {"STIGMER_LLM_PROVIDER": "antropic"}, None),
    "provider_unknown_no_guess": ("local", {"STIGMER_LLM_PROVIDER": "zzz"}, None),
    "model_prefix_empty": ("local", {"STIGMER_LLM_MODEL": "openai:"}, None),
    "model_prefix_conflict": (
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_MODEL": "openai:gpt-6-luna"},
        None,
    ),
    "model_family_mismatch": (
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_MODEL": "claude-sonnet-5-5"},
        None,
    ),
    "shadowed_key": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_API_KEY": A + "x"}, None),
    "shadowed_url": ("local", {"OLLAMA_HOST": "localhost:1", "STIGMER_LLM_BASE_URL": "localhost:2"}, None),
    "rule6": ("cloud", {"ANTHROPIC_API_KEY": A}, {"base_url": "https://evil.example"}),
    "missing_key": ("cloud", {}, None),
    "missing_key_openai": ("cloud", {"STIGMER_LLM_PROVIDER": "openai"}, None),
    "missing_key_after_a_request_switch": (
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_API_KEY": P},
        {"model_name": "claude-opus-5-5"},
    ),
    "tokens_wrong_type_env_int": ("local", {}, {"max_tokens": True}),
    "tokens_not_digits": ("local", {"STIGMER_LLM_MAX_TOKENS": "1e3"}, None),
    "tokens_huge": ("local", {"STIGMER_LLM_MAX_TOKENS": "9" * 40}, None),
    "tokens_out_of_range": ("local", {"STIGMER_LLM_MAX_TOKENS": "0"}, None),
    "tokens_override_out_of_range": ("cloud", {"ANTHROPIC_API_KEY": A}, {"max_tokens": 1000000000}),
    "tokens_override_too_large_to_print": ("cloud", {"ANTHROPIC_API_KEY": A}, {"max_tokens": 10**5000}),
    "tokens_hint_is_the_providers": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_MAX_TOKENS": "lots"}, None),
    "temp_not_decimal": ("local", {"STIGMER_LLM_TEMPERATURE": "1e-1"}, None),
    "temp_wrong_type": ("local", {}, {"temperature": True}),
    "temp_inf": ("local", {}, {"temperature": float("inf")}),
    "temp_out_of_range": (
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OAI},
        {"temperature": 2.5},
    ),
    "temp_huge_int": ("local", {}, {"temperature": 10**400}),
    "temp_huge_negative_int": ("local", {}, {"temperature": -(10**400)}),
    "tokens_huge_negative_int": ("local", {}, {"max_tokens": -(10**400)}),
    "temp_dropped_env": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_TEMPERATURE": "0.5"}, None),
    "temp_dropped_override": ("cloud", {"ANTHROPIC_API_KEY": A}, {"temperature": 0.5}),
    "timeout_zero": ("local", {"STIGMER_LLM_TIMEOUT": "0"}, None),
    "timeout_too_long": ("local", {}, {"timeout": 3601}),
    "retries_out_of_range": ("local", {"STIGMER_LLM_MAX_RETRIES": "11"}, None),
    "num_ctx_too_small": ("local", {"STIGMER_LLM_NUM_CTX": "64"}, None),
    "num_ctx_dropped": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_NUM_CTX": "32768"}, None),
    "model_retiring": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_MODEL": "claude-sonnet-4-5"}, None),
    "tokens_override_text": ("local", {}, {"max_tokens": "12k"}),
    "tokens_override_float": ("local", {}, {"max_tokens": 1.5}),
    "url_non_ascii": ("local", {"OLLAMA_HOST": "hösts"}, None),
    "url_no_scheme": (
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OAI, "OPENAI_BASE_URL": "api.example.com/v1"},
        None,
    ),
    "url_bad_scheme": ("local", {"OLLAMA_HOST": "ftp://h"}, None),
    "url_credentials_query": ("local", {"OLLAMA_HOST": "http://u:pw@h/?q#f"}, None),
    "url_credentials_scheme_typo": ("local", {"OLLAMA_HOST": "http:/svc:S3cretPw@gateway.corp/v1"}, None),
    "url_credentials_scheme_typo_no_colon": ("local", {"OLLAMA_HOST": "http//svc:S3cretPw@gateway.corp/v1"}, None),
    "url_credentials_hash_in_password": (
        "cloud",
        {"ANTHROPIC_API_KEY": A, "ANTHROPIC_BASE_URL": "https://svc:Hunter2Secret#7@gateway.corp/v1"},
        None,
    ),
    "url_credentials_no_scheme": (
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_BASE_URL": "svc:Whole?Passw0rd@gateway.corp"},
        None,
    ),
    "url_no_host": ("local", {"OLLAMA_HOST": "http://"}, None),
    "url_ipv6_malformed": ("local", {"OLLAMA_HOST": "[::1"}, None),
    "url_ipv6_zone": ("local", {"OLLAMA_HOST": "[fe80::1%eth0]:1"}, None),
    "url_ipv6_not": ("local", {"OLLAMA_HOST": "[zz]:1"}, None),
    "url_ipv6_unbracketed": ("cloud", {"ANTHROPIC_API_KEY": A, "ANTHROPIC_BASE_URL": "https://::1:8/"}, None),
    "url_bad_host_chars": ("local", {"OLLAMA_HOST": "ho_st!"}, None),
    "url_bad_port": ("local", {"OLLAMA_HOST": "h:65536"}, None),
    "url_listen": ("local", {"OLLAMA_HOST": "0.0.0.0"}, None),
    "url_strip_v1_anthropic": (
        "cloud",
        {"ANTHROPIC_API_KEY": A, "ANTHROPIC_BASE_URL": "https://api.example.com/v1"},
        None,
    ),
    "url_strip_v1_ollama": ("local", {"OLLAMA_HOST": "localhost/v1"}, None),
    "url_expect_v1": (
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OAI, "OPENAI_BASE_URL": "https://api.example.com"},
        None,
    ),
    "url_clear_text_plain_key": (
        "cloud",
        {"ANTHROPIC_API_KEY": P, "ANTHROPIC_BASE_URL": "http://api.example.com"},
        None,
    ),
    "url_clear_text_vendor_key": (
        "cloud",
        {"ANTHROPIC_API_KEY": A, "ANTHROPIC_BASE_URL": "http://api.example.com"},
        None,
    ),
    "url_of_another_vendor": (
        "cloud",
        {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_BASE_URL": "https://api.openai.com/v1"},
        None,
    ),
    "url_ollama_port_for_a_claude_model": (
        "cloud",
        {"ANTHROPIC_API_KEY": P, "STIGMER_LLM_BASE_URL": "http://localhost:11434"},
        None,
    ),
    "url_ollama_port_with_a_vendor_key": (
        "local",
        {
            "STIGMER_LLM_PROVIDER": "openai",
            "STIGMER_LLM_MODEL": "qwen2.5-coder:7b",
            "OPENAI_API_KEY": "sk-" + "x" * 40,
            "STIGMER_LLM_BASE_URL": "http://localhost:11434",
        },
        None,
    ),
    "key_of_another_vendor_for_ollama": (
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_API_KEY": A, "STIGMER_LLM_BASE_URL": "http://localhost:11434"},
        None,
    ),
    "model_of_another_family_at_the_providers_own_host": (
        "local",
        {"STIGMER_LLM_PROVIDER": "anthropic", "STIGMER_LLM_MODEL": "qwen2.5-coder:7b", "ANTHROPIC_API_KEY": A},
        None,
    ),
    "short_sk_key_is_no_vendor_key": (
        "local",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": "sk-local", "OPENAI_BASE_URL": "http://gpu-box:8080/v1"},
        None,
    ),
    "key_vendor_to_another_vendor": ("local", {"STIGMER_LLM_PROVIDER": "openai", "STIGMER_LLM_API_KEY": A}, None),
    "key_bad_chars": ("cloud", {"ANTHROPIC_API_KEY": "sk-ant-abc def"}, None),
    "key_other_provider": ("cloud", {"ANTHROPIC_API_KEY": OAI, "ANTHROPIC_BASE_URL": "https://gw.example"}, None),
    "key_legacy_openai_shape": (
        "cloud",
        {"ANTHROPIC_API_KEY": "sk-" + "L" * 40, "ANTHROPIC_BASE_URL": "https://gw.example"},
        None,
    ),
    "key_short": (
        "local",
        {
            "STIGMER_LLM_PROVIDER": "openai",
            "OPENAI_API_KEY": "lm-studio",
            "OPENAI_BASE_URL": "http://localhost:1234/v1",
        },
        None,
    ),
    "key_pasted_into_the_model": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_MODEL": A}, None),
    "key_pasted_into_the_url": ("cloud", {"ANTHROPIC_API_KEY": A, "ANTHROPIC_BASE_URL": f"https://{A}.example"}, None),
    "model_too_long": ("local", {"STIGMER_LLM_MODEL": "m" * 300}, None),
    "model_whitespace": ("local", {"STIGMER_LLM_MODEL": "a b"}, None),
    "model_dotted": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_MODEL": "claude-sonnet-5.5"}, None),
    "model_near": ("cloud", {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_MODEL": "claude-opus-5-6"}, None),
    "url_without_scheme_every_problem_at_once": (
        "cloud",
        {"ANTHROPIC_API_KEY": A},
        {"base_url": "u:pw@api.example.com"},
    ),
    "request_switch": ("local", {"ANTHROPIC_API_KEY": A}, {"model_name": "claude-opus-5-5"}),
    "request_provider_not_allowed": (
        "local",
        {"ANTHROPIC_API_KEY": A, "STIGMER_LLM_REQUEST_PROVIDERS": "ollama"},
        {"model_name": "claude-opus-5-5"},
    ),
    "request_field_not_allowed": (
        "local",
        {"STIGMER_LLM_REQUEST_FIELDS": "model"},
        {"model": "llama3", "temperature": 1},
    ),
    "request_policy_unknown_names": (
        "local",
        {"STIGMER_LLM_REQUEST_PROVIDERS": "ollama,antropic", "STIGMER_LLM_REQUEST_FIELDS": "model_nme"},
        None,
    ),
}


def _render(mode: object, env: dict[str, object], override: object) -> str:
    result = resolve(mode, env, override)  # type: ignore[arg-type]
    findings: tuple[Finding, ...] = result.warnings if isinstance(result, LLMConfig) else result
    lines = []
    for finding in findings:
        kind = "error" if isinstance(finding, Problem) else "warning"
        lines.append(f"{kind} {finding.source or finding.field}: {finding.message}")
        lines.append(f"    python: {finding.hint_for('python')}")
        lines.append(f"    cli:    {finding.hint_for('cli')}")
    return "\n".join(lines) if lines else "(nothing)"


def _mask(text: str) -> str:
    for name, value in KEYS.items():
        text = text.replace(value, name)
    return text


def _input(value: object) -> str:
    """repr(), but a huge int (whose repr raises) is shown by its size."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"<{'negative ' if value < 0 else ''}int of {value.bit_length()} bits>"
    if value is os.environb:
        return "os.environb"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_input(k)}: {_input(v)}" for k, v in value.items()) + "}"
    return repr(value)


def render_all() -> str:
    blocks = [
        f"## {case_id}\n{_mask(_input(mode))}, {_mask(_input(env))}, {_mask(_input(override))}\n"
        f"{_render(mode, env, override)}\n"
        for case_id, (mode, env, override) in CASES.items()
    ]
    return "\n".join(blocks)


def test_every_finding_reads_as_the_golden_file_says(request: pytest.FixtureRequest) -> None:
    """Each catalogue input gives exactly the findings, words and hints of tests/findings.golden."""
    text = render_all()
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert all(value not in text for value in KEYS.values()), "a key reached a message"
    assert text == GOLDEN.read_text(encoding="utf-8"), "run pytest tests/test_findings.py --update-golden and review"
