"""Where a team plan lives: a libpq connection string or URI, plus the plan's name.

Any libpq connection string works (``host=db dbname=plans sslmode=verify-full``, ``service=cockpit``,
``postgresql://ana@db.example.com/plans``). The plan is named by one more parameter of our own, ``plan``
(``postgresql://db/plans?plan=atlas``, ``service=cockpit plan=atlas``), which is taken off before libpq
sees the rest. Passwords come from libpq (``PGPASSWORD``, ``.pgpass``) or are given at open; ``shown``
is the address without any password, the form recent plans and the window keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from cockpit.errors import PlanFileError

_URI = re.compile(r"^postgres(ql)?://", re.I)
_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")
#: parameters never shown or remembered
_SECRET = ("password", "sslpassword")
#: keys that make a text a key=value connection string rather than a file name
_KEYS = {"host", "hostaddr", "dbname", "service", "port", "user"}


def looks_like_address(text: str) -> bool:
    """Whether ``text`` names a team plan (a PostgreSQL URI or a key=value connection string), not a file."""
    text = text.strip()
    if _URI.match(text):
        return True
    pairs = _PAIR.findall(text)
    return bool(pairs) and any(key in _KEYS for key, _ in pairs) and "=" in text.split()[0]


@dataclass(frozen=True)
class Address:
    """A parsed team-plan address: ``conninfo`` for libpq (maybe with a password) and the plan's name."""

    conninfo: str = field(repr=False)  # may hold a password: never printed
    plan: str | None
    #: the address as given, with any password taken out (what is shown and remembered)
    shown: str

    def with_password(self, password: str) -> str:
        """libpq's connection string with ``password`` added (kept in memory only)."""
        from psycopg.conninfo import make_conninfo

        return make_conninfo(self.conninfo, password=password)

    def with_plan(self, plan: str) -> Address:
        """The same server, database and credentials, naming ``plan``."""
        return replace(self, plan=plan, shown=_with_plan(self.shown, plan))

    def server(self) -> dict[str, Any]:
        """libpq's view of the parameters (host, port, dbname, user, ...) without the password."""
        from psycopg.conninfo import conninfo_to_dict

        found = conninfo_to_dict(self.conninfo)
        found.pop("password", None)
        return found

    def label(self) -> str:
        """``atlas on plans at db.example.com``: the plan, its database and its server, for people."""
        params = self.server()
        host = str(params.get("host") or params.get("hostaddr") or "")
        where = " at " + ("this computer" if host.startswith("/") or not host else host)
        db = params.get("dbname") or params.get("service") or params.get("user") or ""
        return f"{self.plan or '(a plan)'} on {db}{where}" if db else f"{self.plan or '(a plan)'}{where}"

    def stands_for(self, folder: Path) -> Path:
        """A local path that stands for the plan where a file name is wanted (a copy's default name)."""
        return folder / f"{self.plan or 'team-plan'}.cockpit"


def _unsplit(parts: SplitResult, query: list[tuple[str, str]]) -> str:
    """``urlunsplit`` that keeps ``//`` when the host is empty (``postgresql:///db``: the local socket)."""
    text = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return text + (f"?{urlencode(query)}" if query else "")


def _with_plan(text: str, plan: str) -> str:
    if _URI.match(text):
        parts = urlsplit(text)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "plan"]
        query.append(("plan", plan))
        return _unsplit(parts, query)
    kept = " ".join(f"{k}={v}" for k, v in _PAIR.findall(text) if k != "plan")
    return f"{kept} plan={plan}".strip()


def parse(text: str) -> Address:
    """Parse a team-plan address; ``PlanFileError`` naming what is wrong with it."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    text = text.strip()
    plan: str | None = None
    if _URI.match(text):
        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
        plan = next((v for k, v in query if k == "plan"), None)
        rest = _unsplit(parts, [(k, v) for k, v in query if k != "plan"])
    else:
        pairs = _PAIR.findall(text)
        plan = next((v.strip("'") for k, v in pairs if k == "plan"), None)
        rest = " ".join(f"{k}={v}" for k, v in pairs if k != "plan")
    try:
        params = conninfo_to_dict(rest)
    except ProgrammingError:  # libpq's words may quote the text, password and all: not repeated
        raise PlanFileError("That is not a PostgreSQL address that libpq can read: check its spelling (a URI "
                            "such as postgresql://host/database?plan=NAME, or host=… dbname=… plan=NAME).") from None
    shown_params = {k: v for k, v in params.items() if k not in _SECRET}
    if _URI.match(text):
        parts = urlsplit(text)
        netloc = parts.netloc
        if "@" in netloc:  # user:password@host: the password goes, whatever characters it has
            userinfo, host = netloc.rsplit("@", 1)
            netloc = userinfo.split(":", 1)[0] + "@" + host
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in _SECRET]
        shown = _unsplit(parts._replace(netloc=netloc), query)
    else:
        shown = make_conninfo("", **shown_params) + (f" plan={plan}" if plan else "")
    return Address(conninfo=make_conninfo(rest), plan=plan or None, shown=shown)
