"""Headless subcommands of ``cockpit``. Each module here has ``register(subparsers)``, which adds
its parser(s) with ``set_defaults(run=...)``; ``run(args) -> int`` does the work.

Modules must import only the standard library at module level (``cockpit --help`` stays instant);
heavy imports go inside ``run``. Errors a person can cause raise ``CockpitError`` (or OSError):
``ui.main`` turns them into exit status 2 and one line on stderr.

Every command that takes a plan takes a plan file or a team plan's address (``common.plan_argument``).
"""

#: listed in the order they appear in ``cockpit --help``
COMMANDS = ("ui.cli.files", "ui.cli.importing", "ui.cli.check", "ui.cli.brief", "ui.cli.progress",
            "ui.cli.record", "ui.cli.calendar", "ui.cli.team")
