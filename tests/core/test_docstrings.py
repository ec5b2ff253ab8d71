"""Every public module, class, function and method in cockpit/ has a docstring.

Public means a name that does not start with ``_``; properties count as methods. Functions
nested inside functions are helpers of their parent and need none.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _missing_in(node: ast.AST, where: str, prefix: str = "") -> list[str]:
    missing = []
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, Definition) or child.name.startswith("_"):
            continue
        if not ast.get_docstring(child):
            missing.append(f"{where}:{child.lineno}: {prefix}{child.name}")
        if isinstance(child, ast.ClassDef):
            missing += _missing_in(child, where, f"{prefix}{child.name}.")
    return missing


def missing_docstrings() -> list[str]:
    """Every public definition in cockpit/ without a docstring, as ``path:line: name``."""
    missing = []
    for path in sorted((ROOT / "cockpit").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=where)
        if not ast.get_docstring(tree):
            missing.append(f"{where}: module")
        missing += _missing_in(tree, where)
    return missing


def test_every_public_definition_in_cockpit_has_a_docstring() -> None:
    missing = missing_docstrings()
    assert not missing, f"{len(missing)} public definitions without a docstring:\n" + "\n".join(missing)
