"""The file readers (the edge that does file I/O): --env-file's NAME=VALUE files."""

from __future__ import annotations

__all__ = ["EnvFileError", "read_env_file"]


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
