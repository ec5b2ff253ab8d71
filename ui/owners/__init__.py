"""Owners: people, release roles, the ownership matrix and the ownership check-in."""
