"""The form a person creates an access token with on My account.

The form only reads what was typed; the rules (a name, a future expiry within the allowed
days, staff tokens only for holders of the association's roles, the limit of usable tokens)
are the service's (`lrba.api.services.tokens.token_create`), and its refusals are shown on
this form.
"""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lrba.api.models import AccessToken
from lrba.api.services.tokens import token_max_days, token_staff_allowed

# The expiry a new token is offered (the person may choose a shorter or, within the
# maximum, a longer life).
DEFAULT_DAYS = 90


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use the token, e.g. “Library website” or “My calendar script”."),
    )
    scope = forms.ChoiceField(
        label=_("What the token may do"),
        choices=[
            (AccessToken.Scope.READ, _("Read only: see your registrations, learning and data")),
            (
                AccessToken.Scope.WRITE,
                _("Read and write: also register for events and cancel registrations"),
            ),
        ],
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    staff = forms.BooleanField(
        label=_("Acts with my back-office roles"),
        required=False,
        help_text=_(
            "The token may then also use the staff endpoints your roles allow, under the "
            "same rules as the back-office pages (two-factor authentication included)."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.staff_allowed = token_staff_allowed(user)
        if not self.staff_allowed:
            del self.fields["staff"]
        days = token_max_days(staff=False)
        staff_days = token_max_days(staff=True)
        longest = max(days, staff_days) if self.staff_allowed else days
        expires = self.fields["expires_on"]
        expires.initial = default_expiry(today=today)
        expires.widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(),
            max=(today + timedelta(days=longest)).isoformat(),
        )
        expires.help_text = _(
            "A token may live at most %(days)d days; it stops working at the end of that day."
        ) % {"days": days}
        if self.staff_allowed and staff_days != days:
            expires.help_text = _(
                "A token may live at most %(days)d days (a staff token %(staff_days)d); it "
                "stops working at the end of that day."
            ) % {"days": days, "staff_days": staff_days}


def default_expiry(*, today: date) -> date:
    """The expiry offered: `DEFAULT_DAYS` from today, or less when the maximum is shorter."""
    return today + timedelta(days=min(DEFAULT_DAYS, token_max_days(staff=False)))
