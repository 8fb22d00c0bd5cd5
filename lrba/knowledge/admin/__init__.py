"""The back office of good practice, the help desk and onboarding, one module each."""

from lrba.knowledge.admin import help, onboarding, practice  # noqa: F401
