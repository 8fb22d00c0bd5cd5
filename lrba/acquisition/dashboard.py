"""The back office home's panels of the acquisition app (lrba.core.dashboard)."""

PANELS: tuple = ()
