"""Signals the members app sends for apps above it, which it must not import.

`library_admitted` is sent inside the admission's transaction, after the library's
membership is saved, with `membership` and `decided_by`: a receiver's writes (the
knowledge app starts the library's onboarding checklist) commit or roll back with the
admission. Receivers must not send e-mail themselves (enqueue after commit instead).
"""

from django.dispatch import Signal

library_admitted = Signal()
