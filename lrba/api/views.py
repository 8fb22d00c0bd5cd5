"""My account → access tokens: a person's own tokens, created and revoked here.

Only the signed-in person's tokens are ever shown or revoked (another's → 404). A new
token's key is shown once, on the answer to the form, and never stored: the page is
marked `no-store` so no cache or back button keeps it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.models import User
from lrba.api.forms import TokenCreateForm
from lrba.api.models import AccessToken
from lrba.api.services.tokens import token_create, token_revoke
from lrba.core.forms import form_errors_add


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets only signed-in people through.
    return request.user  # type: ignore[return-value]


def _token_of_user(request: HttpRequest, pk: int) -> AccessToken:
    """The signed-in person's token `pk`; anyone else's is "not found"."""
    return get_object_or_404(AccessToken, pk=pk, user=_user(request))


def _list_page(request: HttpRequest, form: TokenCreateForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/token_list.html",
        {
            "tokens": AccessToken.objects.filter(user=_user(request)),
            "form": form,
        },
        status=status,
    )


@require_GET
def token_list_view(request: HttpRequest) -> HttpResponse:
    return _list_page(request, TokenCreateForm(user=request.user))


@require_POST
@never_cache
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            token, key = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                staff=form.cleaned_data.get("staff", False),
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            # The one time the key exists outside the program that will use it.
            return render(
                request,
                "api/token_created.html",
                {
                    "token": token,
                    "key": key,
                    "api_root": request.build_absolute_uri(reverse("api:api-root")),
                },
            )
    return _list_page(request, form, status=400)


@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation (GET) and the revocation (POST) of one of the person's tokens."""
    token = _token_of_user(request, pk)
    if token.revoked_at is not None:
        messages.info(request, _("This token was already revoked."))
        return redirect("api_tokens:list")
    if request.method == "POST":
        token_revoke(token=token)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: programs using it are refused from now on.")
            % {"name": token.name},
        )
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
