"""The catalogue: every error and warning a user can meet, word for word.

The messages and hints are the interface a user reads, so they are pinned here
exactly; a change to one is a change to the product and shows up in review.
"""

from __future__ import annotations

import secrets

import pytest

from stigmer_resolve import resolve

# Random keys: no message may depend on a key, so the catalogue holds for any.
ANTHROPIC_KEY = "sk-ant-" + secrets.token_urlsafe(24)
OPENAI_KEY = "sk-proj-" + secrets.token_urlsafe(24)

Finding = tuple[str, str, str | None, str, str]

CATALOGUE = [
    pytest.param(
        "cluod",
        {},
        None,
        [
            (
                "error",
                "mode",
                None,
                "must be 'local' or 'cloud', got 'cluod'; did you mean 'cloud'?",
                "export MODE=local   (or pass --mode cloud)",
            ),
        ],
        id="mode_unknown",
    ),
    pytest.param(
        None,
        {},
        None,
        [
            (
                "error",
                "mode",
                None,
                "must be 'local' or 'cloud', got nothing",
                "export MODE=local   (or pass --mode cloud)",
            ),
        ],
        id="mode_none",
    ),
    pytest.param(
        3,
        {},
        None,
        [
            (
                "error",
                "mode",
                None,
                "must be 'local' or 'cloud', got type int",
                "export MODE=local   (or pass --mode cloud)",
            ),
        ],
        id="mode_wrong_type",
    ),
    pytest.param(
        "  ",
        {},
        None,
        [
            (
                "error",
                "mode",
                None,
                "must be 'local' or 'cloud', got nothing",
                "export MODE=local   (or pass --mode cloud)",
            ),
        ],
        id="mode_blank",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MODEL": 5},
        None,
        [
            ("error", "model", "env:STIGMER_LLM_MODEL", "must be a string, got type int", "export STIGMER_LLM_MODEL=…"),
        ],
        id="env_wrong_type",
    ),
    pytest.param(
        "local",
        {},
        7,
        [
            (
                "error",
                "override",
                None,
                "must be an Override or a mapping, got type int",
                "override=Override(model='fast')",
            ),
        ],
        id="override_wrong_type",
    ),
    pytest.param(
        "local",
        {},
        {"modle": "x"},
        [
            (
                "error",
                "override",
                "override:'modle'",
                "unknown key 'modle'; did you mean 'model'?",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
        ],
        id="override_unknown_key",
    ),
    pytest.param(
        "local",
        {},
        {3: "x"},
        [
            (
                "error",
                "override",
                None,
                "has a key of type int; keys are setting names",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
        ],
        id="override_unknown_non_str_key",
    ),
    pytest.param(
        "local",
        {},
        {"model": 3},
        [
            ("error", "model", "override:model", "must be a string, got type int", "override={'model': '…'}"),
        ],
        id="override_value_wrong_type",
    ),
    pytest.param(
        "local",
        {},
        {"model": "a", "model_name": "b"},
        [
            (
                "error",
                "model",
                "override:model_name",
                "conflicts with model; give one of them",
                "drop 'model_name' from the override",
            ),
        ],
        id="override_conflict",
    ),
    pytest.param(
        "local",
        {},
        {"xyz": 1},
        [
            (
                "error",
                "override",
                "override:'xyz'",
                "unknown key 'xyz'",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
        ],
        id="override_unknown_key_no_guess",
    ),
    pytest.param(
        "local",
        {},
        {"k" * 60: 1},
        [
            (
                "error",
                "override",
                "override:'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…'",
                "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…'",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
        ],
        id="override_unknown_long_key",
    ),
    pytest.param(
        "local",
        {},
        {3: "y", "modle": "x", "max_tokens": [1], "model": "a", "model_name": "b", "zzz": 1},
        [
            (
                "error",
                "override",
                None,
                "has a key of type int; keys are setting names",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
            (
                "error",
                "override",
                "override:'modle'",
                "unknown key 'modle'; did you mean 'model'?",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
            (
                "error",
                "override",
                "override:'zzz'",
                "unknown key 'zzz'",
                "use one of: provider, model, base_url, api_key, max_tokens, temperature",
            ),
            (
                "error",
                "model",
                "override:model_name",
                "conflicts with model; give one of them",
                "drop 'model_name' from the override",
            ),
            (
                "error",
                "max_tokens",
                "override:max_tokens",
                "must be a whole number, got type list",
                "override={'max_tokens': 8192}",
            ),
        ],
        id="override_every_error_at_once",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "http://a b"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "must be printable ASCII without spaces (write a non-ASCII host in its xn-- form)",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_space",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "http://a@b@h"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "holds a user name or password; pass the key as the API key instead",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_two_ats",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "[::1]]:80"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has a malformed [IPv6] host",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_two_closing_brackets",
    ),
    pytest.param(
        "cloud",
        {
            "STIGMER_LLM_PROVIDER": "openai",
            "OPENAI_API_KEY": OPENAI_KEY,
            "OPENAI_BASE_URL": "https://api.example.com:8443",
        },
        None,
        [
            (
                "warning",
                "base_url",
                "env:OPENAI_BASE_URL",
                "the path does not end in /v1, where OpenAI-compatible servers serve their API",
                "export OPENAI_BASE_URL=https://api.example.com:8443/v1",
            ),
        ],
        id="url_expect_v1_keeps_the_port",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_PROVIDER": "antropic"},
        None,
        [
            (
                "error",
                "provider",
                "env:STIGMER_LLM_PROVIDER",
                "unknown provider 'antropic'; did you mean 'anthropic'?",
                "export STIGMER_LLM_PROVIDER=anthropic",
            ),
        ],
        id="provider_unknown",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_PROVIDER": "zzz"},
        None,
        [
            (
                "error",
                "provider",
                "env:STIGMER_LLM_PROVIDER",
                "unknown provider 'zzz'",
                "export STIGMER_LLM_PROVIDER=anthropic",
            ),
        ],
        id="provider_unknown_no_guess",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MODEL": "openai:"},
        None,
        [
            (
                "error",
                "model",
                "env:STIGMER_LLM_MODEL",
                "names provider 'openai' but no model after the colon",
                "export STIGMER_LLM_MODEL=openai:gpt-6.2-sol",
            ),
        ],
        id="model_prefix_empty",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_MODEL": "openai:gpt-6-luna"},
        None,
        [
            (
                "error",
                "model",
                "env:STIGMER_LLM_MODEL",
                "is prefixed 'openai' but env:STIGMER_LLM_PROVIDER says 'ollama'",
                "export STIGMER_LLM_MODEL=gpt-6-luna",
            ),
        ],
        id="model_prefix_conflict",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_PROVIDER": "ollama", "STIGMER_LLM_MODEL": "claude-sonnet-5-5"},
        None,
        [
            (
                "warning",
                "model",
                "env:STIGMER_LLM_MODEL",
                "'claude-sonnet-5-5' looks like a model for anthropic, but the provider is ollama",
                "export STIGMER_LLM_MODEL=qwen2.5-coder:7b",
            ),
        ],
        id="model_family_mismatch",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "STIGMER_LLM_API_KEY": ANTHROPIC_KEY + "x"},
        None,
        [
            (
                "warning",
                "api_key",
                "env:ANTHROPIC_API_KEY",
                "ANTHROPIC_API_KEY is also set and differs; using STIGMER_LLM_API_KEY",
                "unset ANTHROPIC_API_KEY, or make it equal to STIGMER_LLM_API_KEY",
            ),
        ],
        id="shadowed_key",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "localhost:1", "STIGMER_LLM_BASE_URL": "localhost:2"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:OLLAMA_HOST",
                "OLLAMA_HOST is also set and differs; using STIGMER_LLM_BASE_URL",
                "unset OLLAMA_HOST, or make it equal to STIGMER_LLM_BASE_URL",
            ),
        ],
        id="shadowed_url",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY},
        {"base_url": "https://evil.example"},
        [
            (
                "error",
                "base_url",
                "override:base_url",
                "would send the worker's API key (ANTHROPIC_API_KEY) to a host the request chose",
                "pass api_key in the same override, or leave base_url out of it",
            ),
        ],
        id="rule6",
    ),
    pytest.param(
        "cloud",
        {},
        None,
        [
            (
                "error",
                "api_key",
                "env:ANTHROPIC_API_KEY",
                "anthropic needs an API key and none is set",
                "export ANTHROPIC_API_KEY=<your key>   (or STIGMER_LLM_API_KEY)",
            ),
        ],
        id="missing_key",
    ),
    pytest.param(
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai"},
        None,
        [
            (
                "error",
                "api_key",
                "env:OPENAI_API_KEY",
                "openai needs an API key and none is set",
                "export OPENAI_API_KEY=<your key>   (or STIGMER_LLM_API_KEY)",
            ),
        ],
        id="missing_key_openai",
    ),
    pytest.param(
        "local",
        {},
        {"max_tokens": True},
        [
            (
                "error",
                "max_tokens",
                "override:max_tokens",
                "must be a whole number, got type bool",
                "override={'max_tokens': 8192}",
            ),
        ],
        id="tokens_wrong_type_env_int",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MAX_TOKENS": "1e3"},
        None,
        [
            (
                "error",
                "max_tokens",
                "env:STIGMER_LLM_MAX_TOKENS",
                "must be a whole number written in ASCII digits, got '1e3'",
                "export STIGMER_LLM_MAX_TOKENS=8192",
            ),
        ],
        id="tokens_not_digits",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MAX_TOKENS": "9" * 40},
        None,
        [
            (
                "error",
                "max_tokens",
                "env:STIGMER_LLM_MAX_TOKENS",
                "must be from 1 to 1000000, got '9999999999999999999999999999999999999999'",
                "export STIGMER_LLM_MAX_TOKENS=1000000",
            ),
        ],
        id="tokens_huge",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MAX_TOKENS": "0"},
        None,
        [
            (
                "error",
                "max_tokens",
                "env:STIGMER_LLM_MAX_TOKENS",
                "must be from 1 to 1000000, got 0",
                "export STIGMER_LLM_MAX_TOKENS=8192",
            ),
        ],
        id="tokens_out_of_range",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY},
        {"max_tokens": 1000000000},
        [
            (
                "error",
                "max_tokens",
                "override:max_tokens",
                "must be from 1 to 1000000, got 1000000000",
                "override={'max_tokens': 8192}",
            ),
        ],
        id="tokens_override_out_of_range",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_TEMPERATURE": "1e-1"},
        None,
        [
            (
                "error",
                "temperature",
                "env:STIGMER_LLM_TEMPERATURE",
                "must be a plain decimal number such as 0.7, got '1e-1'",
                "export STIGMER_LLM_TEMPERATURE=0.7",
            ),
        ],
        id="temp_not_decimal",
    ),
    pytest.param(
        "local",
        {},
        {"temperature": True},
        [
            (
                "error",
                "temperature",
                "override:temperature",
                "must be a number, got type bool",
                "override={'temperature': 0.7}",
            ),
        ],
        id="temp_wrong_type",
    ),
    pytest.param(
        "local",
        {},
        {"temperature": float("inf")},
        [
            (
                "error",
                "temperature",
                "override:temperature",
                "must be a finite number, got inf",
                "override={'temperature': 0.7}",
            ),
        ],
        id="temp_inf",
    ),
    pytest.param(
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OPENAI_KEY},
        {"temperature": 2.5},
        [
            (
                "error",
                "temperature",
                "override:temperature",
                "must be from 0.0 to 2.0 for openai, got 2.5",
                "override={'temperature': 0.7}",
            ),
        ],
        id="temp_out_of_range",
    ),
    pytest.param(
        "local",
        {},
        {"temperature": 10**400},
        [
            (
                "error",
                "temperature",
                "override:temperature",
                "must be a finite number, got inf",
                "override={'temperature': 0.7}",
            ),
        ],
        id="temp_huge_int",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "STIGMER_LLM_TEMPERATURE": "0.5"},
        None,
        [
            (
                "warning",
                "temperature",
                "env:STIGMER_LLM_TEMPERATURE",
                "anthropic takes no temperature; 0.5 was dropped and none will be sent",
                "unset STIGMER_LLM_TEMPERATURE",
            ),
        ],
        id="temp_dropped_env",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY},
        {"temperature": 0.5},
        [
            (
                "warning",
                "temperature",
                "override:temperature",
                "anthropic takes no temperature; 0.5 was dropped and none will be sent",
                "leave temperature out of the override",
            ),
        ],
        id="temp_dropped_override",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "STIGMER_LLM_MODEL": "claude-sonnet-4-5"},
        None,
        [
            (
                "warning",
                "model",
                "env:STIGMER_LLM_MODEL",
                "'claude-sonnet-4-5' is scheduled for retirement on November 30th, 2026",
                "export STIGMER_LLM_MODEL=claude-sonnet-5-5",
            ),
        ],
        id="model_retiring",
    ),
    pytest.param(
        "local",
        {},
        {"max_tokens": "12k"},
        [
            (
                "error",
                "max_tokens",
                "override:max_tokens",
                "must be a whole number written in ASCII digits, got '12k'",
                "override={'max_tokens': 8192}",
            ),
        ],
        id="tokens_override_text",
    ),
    pytest.param(
        "local",
        {},
        {"max_tokens": 1.5},
        [
            (
                "error",
                "max_tokens",
                "override:max_tokens",
                "must be a whole number, got type float",
                "override={'max_tokens': 8192}",
            ),
        ],
        id="tokens_override_float",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "hösts"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "must be printable ASCII without spaces (write a non-ASCII host in its xn-- form)",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_non_ascii",
    ),
    pytest.param(
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OPENAI_KEY, "OPENAI_BASE_URL": "api.example.com/v1"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OPENAI_BASE_URL",
                "has no scheme: 'api.example.com/v1' is not an absolute URL",
                "export OPENAI_BASE_URL=https://api.example.com/v1",
            ),
        ],
        id="url_no_scheme",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "ftp://h"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "must start with http:// or https://, not 'ftp://'",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_bad_scheme",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "http://u:pw@h/?q#f"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has a query or fragment, which an endpoint cannot carry",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "holds a user name or password; pass the key as the API key instead",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_credentials_query",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "http://"},
        None,
        [
            ("error", "base_url", "env:OLLAMA_HOST", "has no host", "export OLLAMA_HOST=http://localhost:11434"),
        ],
        id="url_no_host",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "[::1"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has a malformed [IPv6] host",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_ipv6_malformed",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "[fe80::1%eth0]:1"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has an IPv6 zone id, which HTTP clients do not accept",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_ipv6_zone",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "[zz]:1"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has '[zz]', which is not an IPv6 address",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_ipv6_not",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": "https://::1:8/"},
        None,
        [
            (
                "error",
                "base_url",
                "env:ANTHROPIC_BASE_URL",
                "has an IPv6 address without brackets: write it as [addr]:port",
                "export ANTHROPIC_BASE_URL=https://api.anthropic.com",
            ),
        ],
        id="url_ipv6_unbracketed",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "ho_st!"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has a host name with characters a host name cannot hold: 'ho_st!'",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_bad_host_chars",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "h:65536"},
        None,
        [
            (
                "error",
                "base_url",
                "env:OLLAMA_HOST",
                "has port '65536'; a port is a number from 1 to 65535",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_bad_port",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "0.0.0.0"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:OLLAMA_HOST",
                "0.0.0.0 is a listen address, not one to connect to; using 127.0.0.1",
                "export OLLAMA_HOST=http://127.0.0.1:11434",
            ),
        ],
        id="url_listen",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": "https://api.example.com/v1"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:ANTHROPIC_BASE_URL",
                "the trailing /v1 was dropped: the SDK appends /v1/messages itself",
                "export ANTHROPIC_BASE_URL=https://api.example.com",
            ),
        ],
        id="url_strip_v1_anthropic",
    ),
    pytest.param(
        "local",
        {"OLLAMA_HOST": "localhost/v1"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:OLLAMA_HOST",
                "the trailing /v1 was dropped: /v1 is Ollama's OpenAI-compatible API, not its native one",
                "export OLLAMA_HOST=http://localhost:11434",
            ),
        ],
        id="url_strip_v1_ollama",
    ),
    pytest.param(
        "cloud",
        {"STIGMER_LLM_PROVIDER": "openai", "OPENAI_API_KEY": OPENAI_KEY, "OPENAI_BASE_URL": "https://api.example.com"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:OPENAI_BASE_URL",
                "the path does not end in /v1, where OpenAI-compatible servers serve their API",
                "export OPENAI_BASE_URL=https://api.example.com/v1",
            ),
        ],
        id="url_expect_v1",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": "http://api.example.com"},
        None,
        [
            (
                "warning",
                "base_url",
                "env:ANTHROPIC_BASE_URL",
                "plain http to a remote host: the API key travels in clear text",
                "export ANTHROPIC_BASE_URL=https://api.example.com",
            ),
        ],
        id="url_clear_text",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": "sk-ant-abc def"},
        None,
        [
            (
                "error",
                "api_key",
                "env:ANTHROPIC_API_KEY",
                "must be printable ASCII without spaces or line breaks inside",
                "export ANTHROPIC_API_KEY=<your key, on one line>",
            ),
        ],
        id="key_bad_chars",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": OPENAI_KEY},
        None,
        [
            (
                "warning",
                "api_key",
                "env:ANTHROPIC_API_KEY",
                "looks like a key for openai, but the provider is anthropic",
                "export ANTHROPIC_API_KEY=<your anthropic key>",
            ),
        ],
        id="key_other_provider",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MODEL": "m" * 300},
        None,
        [
            (
                "error",
                "model",
                "env:STIGMER_LLM_MODEL",
                "is 300 characters long; a model id has at most 256",
                "export STIGMER_LLM_MODEL=qwen2.5-coder:7b",
            ),
        ],
        id="model_too_long",
    ),
    pytest.param(
        "local",
        {"STIGMER_LLM_MODEL": "a b"},
        None,
        [
            (
                "error",
                "model",
                "env:STIGMER_LLM_MODEL",
                "must not hold whitespace or control characters: 'a b'",
                "export STIGMER_LLM_MODEL=qwen2.5-coder:7b",
            ),
        ],
        id="model_whitespace",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "STIGMER_LLM_MODEL": "claude-sonnet-5.5"},
        None,
        [
            (
                "warning",
                "model",
                "env:STIGMER_LLM_MODEL",
                "'claude-sonnet-5.5' is not an API id; using 'claude-sonnet-5-5'",
                "export STIGMER_LLM_MODEL=claude-sonnet-5-5",
            ),
        ],
        id="model_dotted",
    ),
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "STIGMER_LLM_MODEL": "claude-opus-5-6"},
        None,
        [
            (
                "warning",
                "model",
                "env:STIGMER_LLM_MODEL",
                "'claude-opus-5-6' is not a known anthropic model; did you mean 'claude-opus-4-6'?",
                "export STIGMER_LLM_MODEL=claude-opus-4-6",
            ),
        ],
        id="model_near",
    ),
    # Every problem at once: a URL without scheme is still read for credentials, and rule 6 still applies.
    pytest.param(
        "cloud",
        {"ANTHROPIC_API_KEY": ANTHROPIC_KEY},
        {"base_url": "u:pw@api.example.com"},
        [
            (
                "error",
                "base_url",
                "override:base_url",
                "has no scheme: 'api.example.com' is not an absolute URL",
                "override={'base_url': 'https://api.example.com'}",
            ),
            (
                "error",
                "base_url",
                "override:base_url",
                "holds a user name or password; pass the key as the API key instead",
                "override={'base_url': 'https://api.anthropic.com'}",
            ),
            (
                "error",
                "base_url",
                "override:base_url",
                "would send the worker's API key (ANTHROPIC_API_KEY) to a host the request chose",
                "pass api_key in the same override, or leave base_url out of it",
            ),
        ],
        id="url_without_scheme_every_problem_at_once",
    ),
]


@pytest.mark.parametrize(("mode", "env", "override", "expected"), CATALOGUE)
def test_each_finding_reads_exactly_as_catalogued(
    mode: object, env: dict[str, str], override: object, expected: list[Finding]
) -> None:
    """Each input gives exactly these errors (or, when it resolves, these warnings): field, source, message, hint."""
    result = resolve(mode, env, override)
    found = (
        [("error", e.field, e.source, e.message, e.hint) for e in result]
        if isinstance(result, tuple)
        else [("warning", w.field, w.source, w.message, w.hint) for w in result.warnings]
    )
    assert found == expected
