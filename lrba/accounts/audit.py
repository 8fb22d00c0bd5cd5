"""Which account models keep a change history in django-auditlog.

(Shared file: the personal-data work may add its own models here.)

Only the fields a person or the secretariat edits: not the password hash, and not
`last_login`, which changes on every sign-in (those are `AuthEvent`s).
"""

from auditlog.registry import auditlog

from lrba.accounts.models import (
    Anonymisation,
    ConsentRecord,
    ErasureRequest,
    ProcessingActivity,
    User,
)

auditlog.register(
    User,
    include_fields=["email", "full_name", "language", "is_active", "is_staff", "is_superuser"],
    m2m_fields={"groups"},
)

# Personal data (lrba.accounts.privacy).
auditlog.register(ConsentRecord)
# The outcome address is held only until the e-mail goes out: keep it out of the history.
auditlog.register(ErasureRequest, exclude_fields=["notify_email"])
auditlog.register(Anonymisation)
auditlog.register(ProcessingActivity)
