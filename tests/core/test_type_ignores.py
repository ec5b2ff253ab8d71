"""Every ``type: ignore`` left in cockpit/ and ui/ names its error code and says why (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[^\]]+\])?(?P<rest>.*)$")


def test_every_type_ignore_has_a_code_and_a_reason() -> None:
    bad = []
    for path in sorted([*(ROOT / "cockpit").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and (not found["code"] or not found["rest"].strip().lstrip("#").strip()):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "type: ignore without an error code and a reason:\n" + "\n".join(bad)
