"""The weekly progress note: its one-page PDF and the dialog that drafts, edits and marks it sent."""
