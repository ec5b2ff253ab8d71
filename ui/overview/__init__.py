"""The Overview: the release at a glance, editable."""
