"""The form a library's representative authorises an employee with ("My library" → who
may act for the library). Validation only: the service refuses what it must, and says why."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lrba.members.models import Person, StaffAuthorisation


class StaffAuthorisationForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Employee"),
        queryset=Person.objects.none(),
        empty_label=_("Choose an employee"),
        error_messages={
            "required": _("Choose the employee to authorise."),
            "invalid_choice": _("Choose one of the library's current employees."),
        },
    )
    scopes = forms.MultipleChoiceField(
        label=_("May act for the library in"),
        choices=StaffAuthorisation.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one kind of work."),
            "invalid_choice": _("Choose from the kinds of work listed."),
        },
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]
