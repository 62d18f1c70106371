"""Write the README's generated parts from the package: the precedence rules and the SDK environment table.

Run after changing either, and review the diff:

    python tools/readme_tables.py

tests/test_readme.py fails when the README and the package disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def precedence() -> str:
    from stigmer_resolve.settings import PRECEDENCE

    return f"```text\n{PRECEDENCE}```\n"


def sdk_environment() -> str:
    from stigmer_resolve.environment import SDK_ENVIRONMENT

    rows = [f"| `{row.name}` | {row.kind} | {row.read_by} | {row.why} |" for row in SDK_ENVIRONMENT]
    header = "| variable | class | read by | what it would do, and what is done |\n|---|---|---|---|\n"
    return header + "\n".join(rows) + "\n"


#: marker -> the text that follows it, up to the next blank line.
PARTS = {"precedence": precedence, "sdk-environment": sdk_environment}


def render(text: str) -> str:
    """Return the README with every generated part written anew."""
    for marker, make in PARTS.items():
        pattern = re.compile(rf"(<!-- {marker}:[^\n]*-->\n)(.*?)(\n\n|\Z)", re.S)
        found = pattern.search(text)
        if found is None:
            raise SystemExit(f"README.md has no <!-- {marker}: ... --> marker")
        text = text[: found.start(2)] + make().rstrip("\n") + text[found.end(2) :]
    return text


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {README}", file=sys.stderr)
