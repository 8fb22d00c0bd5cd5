"""Which member-register models keep a change history in django-auditlog."""

from auditlog.registry import auditlog

from lrba.members import models

# The search column is derived from the name and address on every save: it would only
# repeat their changes, in lower case without accents.
auditlog.register(models.Library, exclude_fields=["search_text"])
auditlog.register(models.Person)
auditlog.register(models.Employment)
auditlog.register(models.Membership)
auditlog.register(models.MembershipApplication)
auditlog.register(models.Mandate)
# The key derives the invitation link: keep it out of the history, like a password.
auditlog.register(models.Invitation, exclude_fields=["key", "token_hash"])
auditlog.register(models.StaffAuthorisation)
