"""Thin item-model adapters over core data."""
