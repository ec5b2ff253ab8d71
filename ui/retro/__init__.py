"""The retrospective and the next cycle."""
