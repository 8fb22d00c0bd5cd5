"""Forms of the member register: validation and normalisation only (writes live in services)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lrba.accounts.models import User
from lrba.core import validators
from lrba.core.db import LithuanianOrder
from lrba.core.grammar import genitive_suggestion
from lrba.core.models import Municipality
from lrba.members.models import Invitation, Library, Membership, MembershipApplication
from lrba.members.services import membership as services
from lrba.members.services.library_profile import PROFILE_FIELDS

# Typed codes may carry spaces or dashes ("190 020 587", "8 612 34567"); the form field
# accepts a longer value and the model checks the length after normalisation.
_LOOSE_LENGTH = 24


# The form's fields by section, in the order shown; the template lays out each section
# from these, and Meta.fields is their sum, so no field is validated without a place on the page.
_LIBRARY_FIELDS = (
    "library_name",
    "library_name_genitive",
    "library_kind",
    "library_legal_form",
    "legal_entity_code",
    "municipality",
    "street_address",
    "city",
    "postal_code",
    "library_email",
    "library_phone",
    "website",
    "motivation",
)
_REPRESENTATIVE_FIELDS = (
    "representative_first_name",
    "representative_last_name",
    "representative_position",
    "representative_email",
    "representative_phone",
)
_PERSON_FIELDS = ("workplace",)


class MembershipApplicationForm(forms.ModelForm):
    """The public application to join (/stoti/): by a library, filled in by its
    representative, or by a person for themselves. The library's fields are required
    only when a library applies, and are dropped when a person does."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the association processes these contact details to handle the application"
        ),
        required=True,
        error_messages={"required": _("Please agree so that we can handle the application.")},
    )
    # A honeypot: hidden from people, filled in by bots that fill in every field.
    website_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    library_fields = _LIBRARY_FIELDS
    representative_fields = _REPRESENTATIVE_FIELDS
    person_fields = _PERSON_FIELDS

    class Meta:
        model = MembershipApplication
        fields = ("applicant", *_LIBRARY_FIELDS, *_REPRESENTATIVE_FIELDS, *_PERSON_FIELDS)
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 4}),
            "applicant": forms.RadioSelect,
        }
        # The contact fields are the representative's, or the person's own.
        labels = {
            "representative_first_name": _("First name"),
            "representative_last_name": _("Last name"),
            "representative_email": _("E-mail"),
            "representative_phone": _("Phone"),
            "representative_position": _("Position in the library"),
        }
        help_texts = {
            "legal_entity_code": _("9 digits, as in the Register of Legal Entities."),
            "postal_code": _("For example LT-44309."),
            "library_phone": _("For example +37041523456."),
            "representative_phone": _("For example +37061234567."),
            "representative_position": _("Only when a library applies."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)
        municipality.queryset = Municipality.objects.order_by(LithuanianOrder("name"))
        applicant = self.fields["applicant"]
        assert isinstance(applicant, forms.ChoiceField)
        applicant.choices = [  # no empty choice: a radio button for each
            (MembershipApplication.Applicant.LIBRARY, _("A library (a legal person)")),
            (MembershipApplication.Applicant.PERSON, _("I apply myself (a natural person)")),
        ]
        # Marked required (the asterisk; the form is `novalidate`): the other kind of
        # applicant's fields are excused in clean().
        for name in MembershipApplication.LIBRARY_REQUIRED + MembershipApplication.PERSON_REQUIRED:
            self.fields[name].required = True
        for name in ("library_kind", "library_legal_form"):
            choice = self.fields[name]
            assert isinstance(choice, forms.ChoiceField)
            choice.choices = (
                [("", "—"), *Library.Kind.choices]
                if name == "library_kind"
                else [
                    ("", "—"),
                    *Library.LegalForm.choices,
                ]
            )
        for name in ("legal_entity_code", "postal_code", "library_phone", "representative_phone"):
            field = self.fields[name]
            assert isinstance(field, forms.CharField)
            field.max_length = _LOOSE_LENGTH
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs["maxlength"] = str(_LOOSE_LENGTH)
        self.fields["legal_entity_code"].widget.attrs["inputmode"] = "numeric"
        for name in ("library_phone", "representative_phone"):
            self.fields[name].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["library_email"].widget.attrs["autocomplete"] = "email"
        self.fields["representative_email"].widget.attrs["autocomplete"] = "email"
        self.fields["representative_first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["representative_last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"
        self._suggest_genitive()

    def _suggest_genitive(self) -> None:
        """Show the suggested genitive of the typed name in its field, for the applicant
        to keep or correct: when the form comes back (with errors, or without JavaScript),
        and as the name is typed (htmx asks the page again with `?library_name=` and takes
        the field from it; see `initial_from_query`)."""
        name_field = self.fields["library_name"]
        name_field.widget.attrs.update(
            {
                "hx-get": reverse("members:apply"),
                "hx-trigger": "change",
                "hx-include": "[name=library_name], [name=library_name_genitive]",
                "hx-select": "#id_library_name_genitive",
                "hx-target": "#id_library_name_genitive",
                "hx-swap": "outerHTML",
            }
        )
        if self.is_bound and not self.data.get("library_name_genitive", "").strip():
            name = self.data.get("library_name", "").strip()
            if name:
                # A mutable copy (the submitted QueryDict is not), keeping its lists.
                data = QueryDict(mutable=True)
                data.update(self.data)
                data["library_name_genitive"] = genitive_suggestion(name)
                self.data = data

    @staticmethod
    def initial_from_query(query: Any) -> dict[str, str]:
        """The initial name and its genitive (typed, or else suggested) from the query
        htmx sends when the name changes; {} when there is none."""
        name = query.get("library_name", "").strip()
        if not name:
            return {}
        genitive = query.get("library_name_genitive", "").strip()
        return {
            "library_name": name,
            "library_name_genitive": genitive or genitive_suggestion(name),
        }

    def clean_legal_entity_code(self) -> str:
        code = validators.normalize_legal_entity_code(self.cleaned_data["legal_entity_code"])
        if code:
            validators.validate_legal_entity_code(code)
        return code

    def clean_postal_code(self) -> str:
        return validators.normalize_postal_code(self.cleaned_data["postal_code"])

    def clean_library_phone(self) -> str:
        return validators.normalize_phone(self.cleaned_data["library_phone"])

    def clean_representative_phone(self) -> str:
        return validators.normalize_phone(self.cleaned_data["representative_phone"])

    def clean_library_email(self) -> str:
        return self.cleaned_data["library_email"].strip().lower()

    def clean_representative_email(self) -> str:
        return self.cleaned_data["representative_email"].strip().lower()

    def clean_library_name_genitive(self) -> str:
        # Most applicants leave it empty: the suggestion, shown in the back office for
        # the secretariat to correct, does for regular names.
        genitive = self.cleaned_data["library_name_genitive"].strip()
        name = self.cleaned_data.get("library_name", "")
        return genitive or (genitive_suggestion(name) if name else "")

    def clean_website_url(self) -> str:
        if self.cleaned_data.get("website_url"):
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    @property
    def is_person(self) -> bool:
        return self.cleaned_data.get("applicant") == MembershipApplication.Applicant.PERSON

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.is_person:
            # A person's application holds no library: what was typed there is dropped,
            # mistakes included.
            for name in self.library_fields + ("representative_position",):
                self.errors.pop(name, None)
                cleaned[name] = None if name == "municipality" else ""
        else:
            for name in self.person_fields:
                self.errors.pop(name, None)
                cleaned[name] = ""
        applicant = (
            MembershipApplication.Applicant.PERSON
            if self.is_person
            else MembershipApplication.Applicant.LIBRARY
        )
        field = services.application_identifying_field(applicant=applicant)
        if cleaned.get(field):
            try:
                services.application_check_not_duplicate(
                    applicant=applicant, identifier=cleaned[field]
                )
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        # The model's clean() checks what each applicant must fill in, for every caller;
        # here the required fields have said so already: one message per field.
        for name, errors in list(self.errors.items()):
            unique = list(dict.fromkeys(str(error) for error in errors))
            if len(unique) < len(errors):
                self.errors[name] = self.error_class(unique)

    @property
    def is_spam(self) -> bool:
        return "website_url" in self.errors

    def application_data(self) -> dict[str, Any]:
        """The cleaned values that go into the application, for `application_submit`."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def library_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.library_fields]

    def representative_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.representative_fields]

    def person_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.person_fields]


class ApplicationAdmitForm(forms.Form):
    """The back office's admission decision for one application."""

    decision = forms.CharField(
        label=_("Decision"),
        max_length=255,
        help_text=_("For example: Valdybos 2026-11-26 nutarimas Nr. 5."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        help_text=_("The date of the Board's decision; membership starts on it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ApplicationRejectForm(forms.Form):
    """The back office's refusal of one application; the reason is sent to the applicant."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicant in the e-mail."),
        error_messages={"required": _("Give the reason for the rejection.")},
    )


class MembershipEndForm(forms.Form):
    """Ending one or more memberships from the back office."""

    reason = forms.ChoiceField(label=_("End reason"))
    ended_on = forms.DateField(
        label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [
            choice
            for choice in Membership.EndReason.choices
            if choice[0] != Membership.EndReason.REJECTED
        ]


# "My library": what a representative changes ------------------------------------------


class LibraryProfileForm(forms.ModelForm):
    """The parts of a library's record its representatives keep up to date. The name,
    codes and kind are not here: the register's, changed by the secretariat."""

    class Meta:
        model = Library
        # The same fields the service changes: one list of what a representative may edit.
        fields = PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "postal_code": _("For example LT-44309."),
            "phone": _("For example +37041523456."),
            "description": _(
                "Shown on the library's public page. Paragraphs, lists, links and bold or "
                "italic text are kept; other formatting is removed."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("postal_code", "phone"):
            field = self.fields[name]
            assert isinstance(field, forms.CharField)
            field.max_length = _LOOSE_LENGTH
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs["maxlength"] = str(_LOOSE_LENGTH)
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})

    def clean_postal_code(self) -> str:
        return validators.normalize_postal_code(self.cleaned_data["postal_code"])

    def clean_phone(self) -> str:
        return validators.normalize_phone(self.cleaned_data["phone"])

    def _post_clean(self) -> None:
        # The service saves; the form only validates what was typed (no model write here).
        pass


class EmploymentAddForm(forms.Form):
    """Someone for the staff list: with an e-mail address they are invited (and give their
    own name when they accept); without one, the names and the start date make a new entry.
    """

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Optional. With an address, the person gets an invitation by e-mail and joins "
            "the staff list on the day they accept it."
        ),
    )
    position = forms.CharField(label=_("Position"), max_length=150)
    start_date = forms.DateField(
        label=_("Works here from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Without an e-mail address."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "staff")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email"):
            for name in ("first_name", "last_name", "start_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Enter this, or an e-mail address to invite them."))
        return data


class EmploymentEndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Last working day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class InvitationForm(forms.Form):
    """Invite a colleague; only the secretariat may choose the representative role."""

    email = forms.EmailField(label=_("E-mail"))
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=Invitation.Role.choices, initial="staff", required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="lt"
    )

    def __init__(self, *args: Any, may_invite_representatives: bool = False, **kwargs: Any):
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        if not may_invite_representatives:
            del self.fields["role"]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    @property
    def chosen_role(self) -> str:
        return self.cleaned_data.get("role") or Invitation.Role.STAFF


class InvitationAcceptForm(forms.Form):
    """Names and a password for a new account; the password meets AUTH_PASSWORD_VALIDATORS."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            candidate = User(
                email=self.email,
                full_name=f"{cleaned.get('first_name', '')} {cleaned.get('last_name', '')}",
            )
            try:
                password_validation.validate_password(one, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
