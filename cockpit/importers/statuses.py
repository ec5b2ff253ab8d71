"""What a tracker's status means, decided by whole, known values — never by a substring.

Each tracker has its own known values: Jira's status categories (and its default status
names), GitHub's ``state``, Linear's workflow state types (and default state names). Board
lists (Trello, any CSV's status column) are matched by whole words and phrases, in English and
the common other languages, the longest phrase winning: "Ready to merge" is a phrase of its own,
not "ready" (to do); "activerecord" contains no word at all. A value matched by nothing, or by
two phrases that disagree, or qualified by a word such as "verified" or "needs", is not
recognised: the import lists it with its count and lets the person say what it means.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from cockpit.kinds import Status

TODO, DOING, DONE, BLOCKED = Status.TODO.value, Status.DOING.value, Status.DONE.value, Status.BLOCKED.value
#: how a status reads in messages ("to do", not "todo")
SAID = {TODO: "to do", DOING: "doing", DONE: "done", BLOCKED: "blocked"}
#: what ``--status VALUE=…`` (and the dialog) accept for each status
CHOICES = {"todo": TODO, "to do": TODO, "to-do": TODO, "doing": DOING, "done": DONE, "blocked": BLOCKED}

_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A status as compared: compatibility form, no accents, lower case, words only, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def _table(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(name): status for status, names in entries.items() for name in names}


#: board list names and generic status values, by status, in the languages teams commonly use
BOARD = _table({
    TODO: (
        "to do", "todo", "backlog", "open", "new", "next", "up next", "ready", "planned", "ideas", "icebox", "inbox",
        "not started", "queue", "queued", "wish list", "wishlist", "requests", "triage", "selected for development",
        "ready for development", "ready for dev", "reopened", "unstarted",
        "zu erledigen", "offen", "neu", "geplant", "ideen",  # de
        "a faire", "nouveau", "idees", "a traiter",  # fr
        "por hacer", "pendiente", "pendientes", "nuevo", "ideas", "cosas por hacer",  # es
        "a fazer", "por fazer", "pendente", "novo",  # pt
        "te doen", "nieuw",  # nl
        "da fare", "nuovo",  # it
        "未着手", "やること", "未対応", "新規", "待办", "待處理", "待处理", "할 일",  # ja, zh, ko
    ),
    DOING: (
        "doing", "in progress", "wip", "work in progress", "in review", "review", "code review", "in code review",
        "testing", "in testing", "in test", "qa", "in qa", "ready for qa", "ready for review", "ready to merge",
        "ready for testing", "ready to test", "in development", "development", "in dev", "started", "ongoing",
        "under review", "staging", "in staging", "peer review",
        "in arbeit", "in bearbeitung", "in prufung", "laufend",  # de
        "en cours", "en test", "en revue", "en validation",  # fr
        "haciendo", "en curso", "en progreso", "en proceso", "pruebas", "en pruebas", "en revision", "revision",  # es
        "fazendo", "em andamento", "em progresso", "em teste", "em revisao", "testes",  # pt
        "bezig", "mee bezig", "in behandeling", "in uitvoering",  # nl
        "in corso", "in lavorazione",  # it
        "作業中", "対応中", "進行中", "レビュー中", "確認中", "テスト中", "処理中",  # ja
        "进行中", "处理中", "진행 중", "진행중",  # zh, ko
    ),
    DONE: (
        "done", "closed", "complete", "completed", "finished", "shipped", "released", "deployed", "merged",
        "resolved", "archive", "archived", "cancelled", "canceled", "won t do", "wont do", "won t fix", "wontfix",
        "rejected", "declined", "duplicate", "live", "in production", "delivered", "fixed",
        "erledigt", "fertig", "abgeschlossen", "geschlossen",  # de
        "termine", "fait", "fini", "clos", "livre", "annule",  # fr
        "hecho", "terminado", "finalizado", "completado", "listo", "cerrado", "cancelado", "hechas",  # es
        "feito", "concluido", "pronto", "entregue", "fechado",  # pt
        "klaar", "gedaan", "afgerond",  # nl
        "fatto", "completato", "chiuso", "finito",  # it
        "完了", "終了", "済み", "完了済み", "クローズ", "中止", "対応済み", "リリース済み",  # ja
        "已完成", "完成", "已关闭", "완료",  # zh, ko
    ),
    BLOCKED: (
        "blocked", "on hold", "waiting", "impeded", "stuck", "paused", "waiting for customer", "waiting on customer",
        "blockiert", "wartet", "pausiert",  # de
        "bloque", "en attente",  # fr
        "bloqueado", "bloqueo", "en espera",  # es
        "aguardando", "em espera",  # pt
        "geblokkeerd",  # nl
        "bloccato", "in attesa",  # it
        "保留", "ブロック", "阻塞", "搁置",
    ),
})
#: words that change what the phrase after them means ("Verified by QA" is not "QA", "Needs review" not "review")
QUALIFIERS = frozenset(fold(word) for word in (
    "not", "no", "non", "verified", "needs", "need", "awaiting", "waiting", "after", "before", "pre", "post",
    "nicht", "pas", "sin", "sem", "niet"))
_LONGEST = max(len(phrase.split()) for phrase in BOARD)

#: Jira's status categories, by name (also localised), key and id; "No Category" means nothing
JIRA_CATEGORIES = {**_table({
    TODO: ("to do", "new", "2", "zu erledigen", "a faire", "por hacer", "a fazer", "te doen", "da fare"),
    DOING: ("in progress", "indeterminate", "4", "in arbeit", "en cours", "en curso", "em andamento", "in uitvoering",
            "in corso", "進行中"),
    DONE: ("done", "3", "fertig", "termine", "listo", "hecho", "concluido", "klaar", "fatto", "完了"),
}), fold("No Category"): "", fold("undefined"): "", "1": ""}
#: Jira's default workflow status names (whole values; every board name counts as well)
JIRA_NAMES = {**BOARD, **_table({
    TODO: ("open", "to do", "backlog", "selected for development", "reopened", "new", "ready for development"),
    DOING: ("in progress", "in review", "code review", "in testing", "under review", "in qa", "review"),
    DONE: ("done", "closed", "resolved", "won't do", "won't fix", "cancelled", "duplicate", "declined"),
    BLOCKED: ("blocked", "on hold", "waiting for customer", "impeded"),
})}
#: Linear's workflow state types
LINEAR_TYPES = _table({TODO: ("triage", "backlog", "unstarted"), DOING: ("started",),
                       DONE: ("completed", "canceled", "cancelled")})
#: Linear's default state names (whole values; every board name counts as well)
LINEAR_NAMES = {**BOARD, **_table({TODO: ("triage", "backlog", "todo"), DOING: ("in progress", "in review"),
                                   DONE: ("done", "canceled", "duplicate")})}
#: GitHub's issue ``state`` (the REST API says open/closed; ``gh`` says OPEN/CLOSED)
GITHUB_STATES = {"open": TODO, "closed": DONE}


def whole(value: str, known: dict[str, str]) -> str | None:
    """The status a whole value means in ``known`` (folded names), or None when it is not one of them."""
    return known.get(fold(value)) or None


@functools.lru_cache(maxsize=8192)
def board(value: str) -> str | None:
    """The status a board list (or a generic status value) names by whole words, or None.

    The longest known phrase in the value decides ("Sprint 4 – Done" is done, "Ready to merge"
    is doing); two phrases of that length that disagree, or a qualifying word outside the
    phrase ("Verified by QA"), leave the value not recognised.
    """
    words = fold(value).split()
    if not words:
        return None
    found: dict[int, set[str]] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for size in range(min(_LONGEST, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            status = BOARD.get(" ".join(words[start:start + size]))
            if status:
                found.setdefault(size, set()).add(status)
                spans.setdefault(size, []).append((start, start + size))
        if size in found:
            break
    if not found:
        return None
    size = max(found)
    if len(found[size]) != 1:
        return None
    covered = {i for start, end in spans[size] for i in range(start, end)}
    if any(word in QUALIFIERS for i, word in enumerate(words) if i not in covered):
        return None
    return next(iter(found[size]))


def choice(text: str) -> str | None:
    """The status a person named (``todo``, ``to do``, ``doing``, ``done``, ``blocked``), or None."""
    return CHOICES.get(" ".join(text.strip().casefold().split()))


def jira(name: str, category: str = "") -> str | None:
    """A Jira issue's status: its status category where the export has one, else its whole status name.

    Categories know no "blocked": a status named Blocked (or On Hold…) in a category that is not
    Done stays blocked.
    """
    by_name = whole(name, JIRA_NAMES) if name else None
    by_category = JIRA_CATEGORIES.get(fold(category)) if category else None
    if by_category:
        return BLOCKED if by_name == BLOCKED and by_category != DONE else by_category
    return by_name


def linear(name: str, state_type: str = "") -> str | None:
    """A Linear issue's status: its workflow state type where the export has one, else its whole state name."""
    by_type = whole(state_type, LINEAR_TYPES) if state_type else None
    return by_type or (whole(name, LINEAR_NAMES) if name else None)


def github(state: str) -> str | None:
    """A GitHub issue's status from its ``state`` alone (labels never decide it)."""
    return whole(state, GITHUB_STATES) if state else None
