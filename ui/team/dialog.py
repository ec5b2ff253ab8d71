"""File ▸ Open Team Plan… and File ▸ Publish to a Team Plan…: where the plan lives on a PostgreSQL server.

Either the server's fields (host, port, database, user) or one libpq connection string or URI
(``service=cockpit``, ``postgresql://ana@db.example.com/plans?sslmode=verify-full``), plus the plan's name.
Passwords are libpq's (``PGPASSWORD``, ``.pgpass``) or asked when the server wants one, and kept in memory
only. A problem is said in the dialog in one line, and the dialog stays open to fix it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

#: asked for a password: (what the server said) → the password, or None when cancelled
AskPassword = Callable[[str], "str | None"]


def address_text(uri: str, fields: dict[str, str], plan: str) -> str:
    """The address the dialog's fields name: the connection string or URI if given (with ``plan`` added
    when it names none), else a libpq ``key=value`` string of the fields that are filled in."""
    from cockpit.team.address import looks_like_address, parse

    plan = plan.strip()
    uri = uri.strip()
    if uri:
        if not looks_like_address(uri):
            raise ValueError("That is not a PostgreSQL address: write a postgresql:// URI or key=value pairs "
                             "such as host=db dbname=plans (or service=NAME).")
        parse(uri)  # a readable PlanFileError when libpq cannot read it
        return _naming(uri, plan) if plan else uri
    given = {key: value.strip() for key, value in fields.items() if value.strip()}
    if not given:
        raise ValueError("Say where the plan is: a server and database, or a connection string or URI.")
    pairs = " ".join(f"{key}={_quoted(value)}" for key, value in given.items())
    return f"{pairs} plan={_quoted(plan)}" if plan else pairs


def _naming(text: str, plan: str | None) -> str:
    """``text`` (a URI or key=value pairs, kept as typed, password and all) naming ``plan`` (None: no plan)."""
    import re
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    if re.match(r"^postgres(ql)?://", text, re.I):
        parts = urlsplit(text)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "plan"]
        if plan:
            query.append(("plan", plan))
        return urlunsplit(parts._replace(query=urlencode(query)))
    kept = re.sub(r"(^|\s)plan\s*=\s*('(?:[^'\\]|\\.)*'|\S*)", "", text).strip()
    return f"{kept} plan={_quoted(plan)}" if plan else kept


def _quoted(value: str) -> str:
    """A libpq value, quoted when it holds a space or a quote."""
    if value and not any(ch in value for ch in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class TeamPlanDialog(QDialog):
    """Where a team plan is (to open it) or is to go (to publish a file there)."""

    def __init__(self, parent: QWidget | None, *, act: Callable[[str, str | None], str | None],
                 ask_password: AskPassword, publishing: bool = False, plan: str = "",
                 remembered: str = "") -> None:
        """``act(address, password)`` opens or publishes and returns None, or the problem in one line (the
        dialog then stays open and says it). ``ask_password`` asks for a password when listing the plans needs
        one; the password given then is passed on to ``act`` (kept in memory only), so it is asked once.
        ``publishing``: the plan is a new one (its name is typed; nothing is listed). ``remembered``: an
        address used before, to start from."""
        super().__init__(parent)
        self._act = act
        self._ask_password = ask_password
        #: the password given while listing the plans, for the same address (memory only)
        self._password: tuple[str, str] | None = None
        self.publishing = publishing
        self.setWindowTitle("Publish to a Team Plan" if publishing else "Open a Team Plan")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Publish this plan to a PostgreSQL server so the whole team works on it at once. The file stays as "
            "it is: the team plan is a new copy, checked row for row." if publishing else
            "A team plan lives on a PostgreSQL server: everyone who opens it sees the others' changes as "
            "they make them.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("this computer")
        self.port = QLineEdit()
        self.port.setPlaceholderText("5432")
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.user.setPlaceholderText("your login name")
        self.uri = QLineEdit()
        self.uri.setPlaceholderText("service=cockpit  or  postgresql://db.example.com/plans")
        self.plan = QComboBox()
        self.plan.setEditable(True)
        self.plan.setEditText(plan)
        for caption, field, name in (("&Server:", self.host, "Server"), ("P&ort:", self.port, "Port"),
                                     ("&Database:", self.database, "Database"), ("&User:", self.user, "User"),
                                     ("Or a connection &string or URI:", self.uri, "Connection string or URI"),
                                     ("&Plan:", self.plan, "Plan")):
            field.setAccessibleName(name)
            form.addRow(caption, field)
        layout.addLayout(form)
        self.list_button = QPushButton("&List the plans there")
        self.list_button.setToolTip("Connect and fill the list of plans this database holds")
        self.list_button.clicked.connect(self.list_plans)
        self.list_button.setVisible(not publishing)
        layout.addWidget(self.list_button, 0, QtCore.Qt.AlignmentFlag.AlignLeft)
        self.problem = QLabel()
        self.problem.setObjectName("teamDialogProblem")
        self.problem.setProperty("class", "warn")
        self.problem.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton("&Publish" if publishing else "&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.act)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if remembered:
            self.fill_from(remembered)
        self.resize(max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 70), self.sizeHint().height())

    def fill_from(self, text: str) -> None:
        """Start from an address used before: its plan in the plan field, the rest as a connection string."""
        from cockpit.errors import PlanFileError
        from cockpit.team.address import parse

        try:
            found = parse(text)
        except PlanFileError:
            return
        if found.plan and not self.publishing:
            self.plan.setEditText(found.plan)
        self.uri.setText(_naming(found.shown, None))

    def address(self) -> str:
        """The address the fields name (``ValueError`` with a sentence when they name none)."""
        fields = {"host": self.host.text(), "port": self.port.text(), "dbname": self.database.text(),
                  "user": self.user.text()}
        return address_text(self.uri.text(), fields, self.plan.currentText())

    def say(self, problem: str) -> None:
        """Show a problem in the dialog, in one line."""
        self.problem.setText(" ".join(problem.split()))
        self.problem.setVisible(bool(problem))

    def _password_for(self, text: str) -> str | None:
        """The password given while listing, when ``text`` names the same server, database and role."""
        from cockpit.errors import PlanFileError
        from cockpit.team.address import parse

        if self._password is None:
            return None
        try:
            same = parse(text).conninfo == self._password[0]
        except PlanFileError:
            return None
        return self._password[1] if same else None

    def act(self) -> None:
        """Open or publish; close when it worked, else say why and stay."""
        try:
            text = self.address()
        except ValueError as exc:
            self.say(str(exc))
            return
        problem = self._act(text, self._password_for(text))
        if problem is None:
            self.accept()
        else:
            self.say(problem)

    def list_plans(self) -> list[str]:
        """Connect with the fields as they are and offer the database's plans in the plan field."""
        from cockpit.errors import NeedsPassword, PlanFileError
        from cockpit.team.address import parse
        from cockpit.team.store import connect, plans_in

        try:
            found = parse(self.address())
        except (ValueError, PlanFileError) as exc:
            self.say(str(exc))
            return []
        password = None
        while True:
            try:
                conn = connect(found, password, timeout=5)
                break
            except NeedsPassword as exc:
                if password is not None:
                    self.say("The server refused that password.")
                    return []
                password = self._ask_password(str(exc))
                if password is None:
                    return []
            except PlanFileError as exc:
                self.say(str(exc))
                return []
        if password is not None:
            self._password = (found.conninfo, password)
        try:
            names = [name for name, _format in plans_in(conn)]
        finally:
            conn.close()
        typed = self.plan.currentText()
        self.plan.clear()
        self.plan.addItems(names)
        self.plan.setEditText(typed if typed in names or not names else names[0])
        self.say("" if names else "This database holds no team plan yet: publish one from a plan file.")
        return names


def ask_password(parent: QWidget | None, message: str) -> str | None:
    """Ask for the server's password (shown as dots, kept in memory only): None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Password")
    dialog.setLabelText(f"{message}\nIt is kept only while the plan is open, never written down.")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()
    return text if ok and text else None
