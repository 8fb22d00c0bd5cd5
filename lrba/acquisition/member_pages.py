"""Acquisition sections on 'My library' (lrba.core.plugins.member_pages_module)."""
