"""Filled by its owner (see /work/content-plan.md)."""
