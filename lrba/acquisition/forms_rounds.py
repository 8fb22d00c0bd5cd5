"""Forms of the secretariat's round pages: the confirmation before a round opens or closes
(both change what every participating library can do, and closing cannot be undone)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RoundOpenForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The suppliers, dates, tiers and budgets are right: open the round for orders"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class RoundCloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Close the round now: libraries can no longer order or change their orders, "
            "and the supplier orders are made"
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )
