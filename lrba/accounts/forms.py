"""Forms for a user's own account: validation and normalisation only."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lrba.core import validators


class ProfileForm(forms.Form):
    """ "My account": the user's name and language, and the linked person's names and
    phone when the user is someone the register knows (`with_person`)."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=24,  # typed numbers may carry spaces; normalised below
        required=False,
        help_text=_("For example +37061234567."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site and of the e-mails you receive."),
    )

    def __init__(self, *args: Any, with_person: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        if with_person:
            self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
            self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        else:
            for name in ("first_name", "last_name", "phone"):
                del self.fields[name]

    def clean_phone(self) -> str:
        phone = validators.normalize_phone(self.cleaned_data["phone"])
        if phone:
            validators.validate_phone(phone)
        return phone
