"""File → Import…: bring a backlog from Jira, Linear, GitHub, Trello or any CSV into the plan."""

from ui.importer.dialog import ImportDialog, open_import_dialog

__all__ = ["ImportDialog", "open_import_dialog"]
