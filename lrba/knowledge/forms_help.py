"""Forms of the help desk and onboarding: validation and normalisation only."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lrba.core.db import LithuanianOrder
from lrba.knowledge.models import (
    ATTACHMENT_FILE_TYPES,
    HelpRequest,
    Topic,
    validate_attachment,
)
from lrba.knowledge.selectors.helpdesk import help_assignee_choices
from lrba.knowledge.services.helpdesk import DESK_REPLY_STATUSES, MANAGE_STATUSES
from lrba.members.models import Library

MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES files, each checked by the attachment rules (lrba.core.uploads)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _accept()}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text",
            _("Up to %(count)d files: PDF, office documents or pictures, each up to 20 MB.")
            % {"count": MAX_FILES},
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(items) > MAX_FILES:
            raise ValidationError(
                _("At most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many"
            )
        files = []
        errors = []
        for item in items:
            upload = super().clean(item, initial)
            try:
                validate_attachment(upload)
            except ValidationError as error:
                errors += [f"{upload.name}: {text}" for text in error.messages]
            else:
                files.append(upload)
        if errors:
            raise ValidationError(errors)
        return files


def _accept() -> str:
    return ",".join(f".{extension}" for extension in ATTACHMENT_FILE_TYPES)


class HelpRequestForm(forms.Form):
    library = forms.ModelChoiceField(
        label=_("For the library"), queryset=Library.objects.none(), empty_label=None
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=_("Not sure / other"),
        help_text=_("A question on a topic with a consultant goes to that consultant."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=250)
    description = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("What you want to achieve, what you tried, what the library has."),
    )
    attachments = AttachmentsField()

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = libraries.order_by(LithuanianOrder("name"))
        if len(field.queryset) == 1:
            field.initial = field.queryset[0].pk
            field.widget = forms.HiddenInput()


class HelpReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    attachments = AttachmentsField()
    internal = forms.BooleanField(
        label=_("Internal note: seen only by the secretariat and the consultant"),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("The reply"),
        choices=[
            (HelpRequest.Status.ANSWERED, _("answers the question")),
            (HelpRequest.Status.WAITING, _("asks the library something (waiting for the library)")),
            (HelpRequest.Status.IN_PROGRESS, _("says the work goes on (in progress)")),
        ],
        initial=HelpRequest.Status.ANSWERED,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, desk: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.desk = desk
        if not desk:
            del self.fields["internal"]
            del self.fields["status"]

    def clean_status(self) -> str:
        status = self.cleaned_data.get("status") or HelpRequest.Status.ANSWERED
        if status not in DESK_REPLY_STATUSES:
            raise ValidationError(_("Choose what the reply does."))
        return str(status)


class HelpStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status, HelpRequest.Status(status).label) for status in MANAGE_STATUSES],
    )


class HelpReassignForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("unchanged"),
        help_text=_("Needed to turn the answer into a good-practice article."),
    )
    assignee = forms.ModelChoiceField(
        label=_("Answered by"),
        queryset=help_assignee_choices(),
        required=False,
        empty_label=_("the secretariat"),
    )
    due_on = forms.DateField(
        label=_("Answer due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = help_assignee_choices()


class HelpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any")), ("open", _("not closed")), *HelpRequest.Status.choices],
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("any")
    )
    queue = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("all I may see")),
            ("mine", _("assigned to me")),
            ("unassigned", _("for the secretariat")),
            ("overdue", _("past the due date")),
        ],
    )


class MentorForm(forms.Form):
    mentor_library = forms.ModelChoiceField(
        label=_("Mentor library"),
        queryset=Library.objects.members().order_by(LithuanianOrder("name")),
        required=False,
        empty_label=_("none yet"),
    )


class StepForm(forms.Form):
    done = forms.BooleanField(required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
