"""The API's section on "My account": the person's usable access tokens, with the way to
create and revoke them (lrba.api.views)."""

from django.http import HttpRequest

from lrba.api.models import AccessToken


def my_account_sections(request: HttpRequest) -> list[tuple[str, dict]]:
    # My account is shown to signed-in people only.
    tokens = AccessToken.objects.filter(user_id=request.user.pk or 0).usable()
    return [("api/_my_account.html", {"tokens": list(tokens)})]
