"""The whole plan as JSON, with stable keys (documented in README "Export format").

Keys are the column names of the plan file's tables, grouped per cycle;
references to people also carry the person's name (``owner``, ``runner``,
``remover``, ``action_owner``) so the export reads well on its own. Dates are
ISO 8601 (``YYYY-MM-DD``), moments ISO 8601 in UTC. Lists stored as text in the
file (risk areas, drill laps, review answers, whys) are real lists here.

A pure function of the plan's snapshots (``cockpit.reader.read_plan``), its change log
(``reader.change_log``), its people and its stored rule values: no database, no clock.

Two renderings of one layout (``_layout``): ``export_plan`` gives the JSON-ready dict, and
``export_chunks`` gives the same document as text, piece by piece, exactly as
``json.dumps(export_plan(...), indent=2, ensure_ascii=False)`` writes it. The text is made row by row
by one generated function per record type (``_row_writer``), so a plan of 100,000 items is written
in well under a second and never held in memory as dicts or as one string (the standard library's
indenting encoder is pure Python: about 13 s and 700 MB for such a plan).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

import cockpit
from cockpit.fileformat import SCHEMA_VERSION
from cockpit.reports.record import as_json as record_json
from cockpit.reports.record import track_record
from cockpit.rules import thresholds
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.rules.scope import failed_checks
from cockpit.rules.session import parse_seconds
from cockpit.snapshot import ChangeLogEntry, Cycle, Person, ScopeItem

EXPORT_VERSION = 1
_JSON_TEXT = {"laps", "answers", "whys", "step_seconds"}
_PERSON_REFS = {"owner_id": "owner", "runner_id": "runner", "remover_id": "remover",
                "action_owner_id": "action_owner"}
#: (key in a cycle, the cycle's records, sort key): the order each list is exported in
_PER_CYCLE: tuple[tuple[str, Callable[[Cycle], Iterable[Any]], Callable[[Any], Any]], ...] = (
    ("scope_items", lambda c: c.items, attrgetter("lane", "position", "id")),
    ("release_tasks", lambda c: c.tasks, attrgetter("position", "id")),
    ("milestones", lambda c: c.milestones, attrgetter("date", "id")),
    ("check_ins", lambda c: c.check_ins, attrgetter("day", "id")),
    ("blockers", lambda c: c.blockers, attrgetter("raised_on", "id")),
    ("rollback_triggers", lambda c: c.triggers, attrgetter("position", "id")),
    ("runbook_steps", lambda c: c.steps, attrgetter("position", "id")),
    ("rollback_drills", lambda c: c.drills, attrgetter("started_at", "id")),
    ("go_no_go_reviews", lambda c: c.reviews, attrgetter("reviewed_at", "id")),
    ("retro_entries", lambda c: c.retro_entries, attrgetter("id")),
    ("reset_sessions", lambda c: c.sessions, attrgetter("started_at", "id")),
    ("parking_lot", lambda c: c.parking, attrgetter("added_at", "id")),
    ("freeze_commitment", lambda c: c.commitment, attrgetter("id")),
    ("progress_notes", lambda c: c.progress_notes, attrgetter("week", "id")),
)
#: rows per piece of text ``export_chunks`` yields
ROWS_PER_CHUNK = 500


def _value(name: str, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if name == "step_seconds" and isinstance(value, str):
        return parse_seconds(value)  # seconds per step; an unreadable entry is left out, as the app reads it
    if name in _JSON_TEXT and isinstance(value, str):
        return json.loads(value or "[]")
    return value


def row(record: Any, names: Mapping[int, str]) -> dict[str, Any]:
    """One record as plain JSON values, in the table's column order, people's names beside their ids."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        out[f.name] = _value(f.name, value)
        if f.name in _PERSON_REFS:
            out[_PERSON_REFS[f.name]] = names.get(value) if value is not None else None
    if isinstance(record, ScopeItem):
        out["risk_areas"] = [a for a in record.risk_areas.split(",") if a]
        out["failed_checks"] = failed_checks(record)
    return out


# -- the layout, shared by both renderings -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Rows:
    """Records exported as a list of rows, in this order."""

    records: Sequence[Any]


@dataclass(frozen=True, slots=True)
class _Row:
    """One record exported as a row."""

    record: Any


def _cycle(cycle: Cycle, names: Mapping[int, str]) -> dict[str, Any]:
    roles: dict[str, Any] = {role: None for role in SINGLE_ROLES}
    roles["verifier"] = []
    for assignment in sorted(cycle.roles, key=lambda a: a.id):
        if assignment.role == "verifier":
            roles["verifier"].append(names[assignment.person_id])
        else:
            roles[assignment.role] = names[assignment.person_id]
    out: dict[str, Any] = {"release": _Row(cycle.release), "roles": roles}
    for key, records, order in _PER_CYCLE:
        out[key] = _Rows(sorted(records(cycle), key=order))
    out["stable_kit"] = _Row(cycle.kit) if cycle.kit else None
    out["stakeholder_note"] = _Row(cycle.note) if cycle.note else None
    out["remediation_note"] = _Row(cycle.remediation) if cycle.remediation else None
    return out


def _layout(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], people: Sequence[Person],
            settings: Mapping[str, str], exported_at: dt.datetime, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "format": "release-cockpit-export",
        "export_version": EXPORT_VERSION,
        "file_format": SCHEMA_VERSION,
        "app_version": cockpit.__version__,
        "exported_at": _value("exported_at", exported_at),
        "settings": {key: thresholds.value(settings, key) for key in thresholds.DEFAULTS},
        "people": _Rows(people),
        "cycles": [_cycle(c, names) for c in sorted(cycles, key=lambda c: c.release.cycle)],
        "change_log": _Rows(sorted(change_log, key=attrgetter("id"))),
        # the track record's figures, as the page shows them (None where it shows "—")
        "track_record": record_json(track_record(cycles, exported_at.astimezone().date())),
    }


def _resolved(value: Any, names: Mapping[int, str]) -> Any:
    if isinstance(value, _Rows):
        return [row(r, names) for r in value.records]
    if isinstance(value, _Row):
        return row(value.record, names)
    if isinstance(value, dict):
        return {key: _resolved(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, names) for item in value]
    return value


def export_plan(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], *, people: Sequence[Person],
                settings: Mapping[str, str], exported_at: dt.datetime) -> dict[str, Any]:
    """Everything in the plan, every cycle, as one JSON-ready dict.

    Args:
        cycles: every cycle's snapshot, oldest first (``reader.read_plan``).
        change_log: the whole change log (``reader.change_log``).
        people: everyone in the plan (a plan with no cycle may still have people).
        settings: the stored rule values (``setting`` rows); unset rules export their defaults.
        exported_at: the moment of the export.
    """
    people = sorted(people, key=lambda p: p.id)
    names = {p.id: p.name for p in people}
    return _resolved(_layout(cycles, change_log, people, settings, exported_at, names), names)


def export_chunks(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], *, people: Sequence[Person],
                  settings: Mapping[str, str], exported_at: dt.datetime) -> Iterator[str]:
    """``export_plan`` as indented JSON text, in pieces of at most ``ROWS_PER_CHUNK`` rows, ending in a newline.

    Joined, the pieces are exactly ``json.dumps(export_plan(...), indent=2, ensure_ascii=False) + "\\n"``.
    A list stored as text that is not JSON raises ``ValueError`` before the first piece; a value JSON
    cannot hold (bytes from another tool) raises ``TypeError`` as ``json.dumps`` would, possibly after some.
    """
    people = sorted(people, key=lambda p: p.id)
    names = {p.id: p.name for p in people}
    for cycle in cycles:  # lists stored as text are read before the first piece: a broken one stops it at once
        for stored in ([d.laps for d in cycle.drills] + [r.answers for r in cycle.reviews]
                       + [e.whys for e in cycle.retro_entries]):
            _value("laps", stored)
    text = _RowText(names)
    yield from _chunks(_layout(cycles, change_log, people, settings, exported_at, names), "", text)
    yield "\n"


def export_json(cycles: Sequence[Cycle], change_log: Sequence[ChangeLogEntry], *, people: Sequence[Person],
                settings: Mapping[str, str], exported_at: dt.datetime) -> str:
    """``export_plan`` as indented UTF-8 JSON text, ending in a newline (``export_chunks`` joined)."""
    return "".join(export_chunks(cycles, change_log, people=people, settings=settings, exported_at=exported_at))


# -- the text rendering --------------------------------------------------------------------------
def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True or key is False or key is None:
        return encode_basestring(json.dumps(key))
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _dump(value: Any, pad: str) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, nested at indentation ``pad``."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    inner = pad + "  "
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _dump(item, inner) for item in value) + "\n" + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return ("{\n" + ",\n".join(f"{inner}{_key(key)}: {_dump(item, inner)}" for key, item in value.items())
                + "\n" + pad + "}")
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _chunks(value: Any, pad: str, text: _RowText) -> Iterator[str]:
    """The layout ``value`` as JSON text at indentation ``pad``; rows come from ``text``."""
    inner = pad + "  "
    if isinstance(value, _Rows):
        yield from text.rows(value.records, pad)
    elif isinstance(value, _Row):
        yield text.row(value.record, pad)
    elif isinstance(value, dict) and value:
        yield "{\n"
        for n, (key, item) in enumerate(value.items()):
            yield (",\n" if n else "") + inner + _key(key) + ": "
            yield from _chunks(item, inner, text)
        yield "\n" + pad + "}"
    elif isinstance(value, list) and value:
        yield "[\n"
        for n, item in enumerate(value):
            yield (",\n" if n else "") + inner
            yield from _chunks(item, inner, text)
        yield "\n" + pad + "]"
    else:
        yield _dump(value, pad)


#: a generated row writer: (record, person id → name as JSON, moment → JSON, text → JSON list) → the row's text
_Writer = Callable[[Any, Mapping[Any, str], dict[Any, str], dict[Any, str]], str]
_writers: dict[tuple[type, str], _Writer] = {}
#: the most values each per-export cache keeps (moments and risk-area lists repeat; a cap bounds memory)
_CACHE_LIMIT = 10_000


class _RowText:
    """Rows as JSON text for one export: the people's names, and caches of values that repeat."""

    def __init__(self, names: Mapping[int, str]) -> None:
        self.names = {person_id: encode_basestring(name) for person_id, name in names.items()}
        #: (record type, indentation) → (moment → text, risk areas or failed checks → text)
        self.caches: dict[tuple[type, str], tuple[dict[Any, str], dict[Any, str]]] = {}

    def _writer(self, record: type, pad: str) -> Callable[[Any], str]:
        write = _row_writer(record, pad)
        moments, lists = self.caches.setdefault((record, pad), ({}, {}))
        names = self.names
        return lambda r: write(r, names, moments, lists)

    def row(self, record: Any, pad: str) -> str:
        """One record as its row's text (the first line unindented, the rest at ``pad``)."""
        return self._writer(type(record), pad)(record)

    def rows(self, records: Sequence[Any], pad: str) -> Iterator[str]:
        """A list of rows, ``ROWS_PER_CHUNK`` rows per piece."""
        if not records:
            yield "[]"
            return
        inner = pad + "  "
        between = ",\n" + inner
        yield "[\n"
        for start in range(0, len(records), ROWS_PER_CHUNK):
            batch = records[start:start + ROWS_PER_CHUNK]
            kind = type(batch[0])
            if all(type(r) is kind for r in batch):
                write = self._writer(kind, inner)
                pieces = [write(r) for r in batch]
            else:
                pieces = [self.row(r, inner) for r in batch]
            yield (between if start else inner) + between.join(pieces)
        yield "\n" + pad + "]"


def _cached(cache: dict[Any, str], key: Any, make: Callable[[], str]) -> str:
    made = make()
    if len(cache) < _CACHE_LIMIT:
        cache[key] = made
    return made


def _row_writer(record: type, pad: str) -> _Writer:
    """One generated function per record type and indentation, writing a row as ``_dump(row(record))`` would.

    Each value is written by the expression its declared type calls for (the reader gives every value
    its declared type); a value of another type goes through ``_dump`` like ``row`` would send it, so
    the text never differs from the dict. Names and keys are ours: no text from a file goes in here.
    """
    writer = _writers.get((record, pad))
    if writer is not None:
        return writer
    hints = typing.get_type_hints(record)
    inner = pad + "  "
    env: dict[str, Any] = {"E": encode_basestring, "_dump": _dump, "_value": _value, "_cached": _cached,
                           "failed_checks": failed_checks, "P": inner}
    lines = ["def write(r, N, M, L):"]
    keys: list[tuple[str, str]] = []  # (JSON key, local holding the value's text)
    for n, f in enumerate(fields(record)):
        hint = hints[f.name]
        args = typing.get_args(hint)
        optional = type(None) in args
        base = next((a for a in args if a is not type(None)), hint) if optional else hint
        other = f"_dump(_value({f.name!r}, v), P)"
        if record is ScopeItem and f.name == "risk_areas":
            expr = ("L.get(v) or _cached(L, v, lambda: _dump([a for a in v.split(',') if a], P)) "
                    f"if v.__class__ is str else {other}")
        elif f.name in _JSON_TEXT:
            expr = other
        elif base is str:
            expr = f"E(v) if v.__class__ is str else {other}"
        elif base is bool:
            expr = f"'true' if v is True else 'false' if v is False else {other}"
        elif base is int:  # the number itself: the f-string writes it as json does, and faster than a call
            expr = f"v if v.__class__ is int else {other}"
        elif base is float:  # finite floats only: str(x) == repr(x) for a float; json spells the others
            expr = f"v if v.__class__ is float and v - v == 0 else {other}"
        elif base is dt.datetime:
            expr = f"M.get(v) or _cached(M, v, lambda: {other}) if v.__class__ is dt.datetime else {other}"
            env["dt"] = dt
        else:
            expr = other
        if optional:
            expr = f"'null' if v is None else {expr}"
        lines += [f"    v = r.{f.name}", f"    x{n} = {expr}"]
        keys.append((f.name, f"x{n}"))
        if f.name in _PERSON_REFS:
            lines.append(f"    p{n} = 'null' if v is None else N.get(v, 'null')")
            keys.append((_PERSON_REFS[f.name], f"p{n}"))
    if record is ScopeItem:
        lines += ["    v = tuple(failed_checks(r))",
                  "    failed = L.get(v) or _cached(L, v, lambda: _dump(list(v), P))"]
        keys.append(("failed_checks", "failed"))
    template = "{\n" + ",\n".join(f"{inner}{encode_basestring(key)}: \0{local}\0" for key, local in keys) + (
        "\n" + pad + "}")
    parts = template.replace("{", "{{").replace("}", "}}").split("\0")
    source = "".join(part if n % 2 == 0 else "{" + part + "}" for n, part in enumerate(parts))
    lines.append(f"    return f{source!r}")
    exec("\n".join(lines), env)  # field names and our own keys only, like the reader's makers
    writer = _writers[(record, pad)] = env["write"]
    return writer
