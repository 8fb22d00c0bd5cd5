"""The API's personal data (see lrba.accounts.privacy.declarations for the contract).

A person's access tokens are theirs: "My data" lists them (name, beginning, scope, dates;
never the hash) and erasure deletes them, so no program can act for an erased person.
"""

from django.db.models import QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject
from lrba.api.models import AccessToken


def _tokens(subject: Subject) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user_id=subject.user_id).order_by("created_at", "pk")


TABLES = (
    PersonalTable(
        name="api_access_tokens",
        model=AccessToken,
        fields=(
            "user_id",
            "name",
            "prefix",
            "scope",
            "staff",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ),
        rows=_tokens,
        about=(
            "jūsų API prieigos raktai (be pačių raktų, kurie nesaugomi)",
            "your API access tokens (without the tokens themselves, which are not stored)",
        ),
    ),
)

NOT_EXPORTED = {
    "AccessToken.key_hash": "a one-way hash of the token, of no use to the person",
}


def erase(erasure: Erasure) -> None:
    if erasure.subject.user_id:
        AccessToken.objects.filter(user_id=erasure.subject.user_id).delete()
