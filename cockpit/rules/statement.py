"""The one-sentence check on the release's problem statement (DOMAIN.md "Release")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIST_WORDS = ("several", "improvements", "improvement", "cleanup", "clean-up", "clean up", "plus", "various",
               "misc", "miscellaneous", "etc")
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?](\s+|$)")


@dataclass(frozen=True)
class StatementCheck:
    """The verdict on a problem statement: ``ok`` plus one message per problem found."""

    words: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Did the statement pass (no problem found)?"""
        return not self.problems


def check_statement(text: str, max_words: int = 30) -> StatementCheck:
    """One short sentence that names one job; warn when it reads like a list."""
    text = text.strip()
    words = _WORD.findall(text)
    problems: list[str] = []
    if not text:
        return StatementCheck(0, ("Write the problem this release fixes, in one sentence.",))
    if len(words) > max_words:
        problems.append(f"{len(words)} words: keep it to {max_words} or fewer.")
    sentences = [s for s in _SENTENCE_END.split(text) if s and s.strip()]
    if len(sentences) > 1:
        problems.append("More than one sentence: say it in one.")
    lowered = [w.lower() for w in words]
    found = sorted({w for w in _LIST_WORDS if (" " in w and w in text.lower()) or w in lowered})
    if "and" in lowered:
        found.insert(0, "and")
    if found:
        problems.append(
            "Reads like a list (" + ", ".join(f"“{w}”" for w in found) + "): a list means scope is still too wide."
        )
    if text.count(",") >= 2 or ";" in text:
        problems.append("Commas join several jobs: name the one job a customer must finish.")
    return StatementCheck(len(words), tuple(problems))
