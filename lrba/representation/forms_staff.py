"""The secretariat's forms for consultations and surveys: the details, one question (with
its choices one a line), a new deadline, and the list's filters. Validation and
normalisation only; the rules that need the database are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lrba.representation.models import Consultation, Question
from lrba.representation.services.consultations import EDITABLE_FIELDS, FIXED_ONCE_OPEN

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "deadline": DATETIME_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = DATETIME_FORMATS  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.status != Consultation.Status.DRAFT:
            # Who is asked was announced: shown, not changed.
            for name in FIXED_ONCE_OPEN:
                self.fields[name].disabled = True
            # The deadline moves only through "extend" (later, never earlier).
            self.fields["deadline"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("libraries_answer") and not cleaned.get("individuals_answer"):
            self.add_error(
                "libraries_answer",
                _("Choose who answers: the member libraries, the individual members or both."),
            )
        return cleaned


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation"), max_length=500, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one choice a line, at least two."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"), initial=1, min_value=-10, max_value=10, required=False
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"), initial=5, min_value=-10, max_value=20, required=False
    )
    scale_min_label = forms.CharField(
        label=_("Label of the lowest"), max_length=100, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Label of the highest"), max_length=100, required=False
    )

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": question.kind,
                "text": question.text,
                "help_text": question.help_text,
                "required": question.required,
                "choices": "\n".join(choice.text for choice in question.choices.all()),
                "scale_min": question.scale_min,
                "scale_max": question.scale_max,
                "scale_min_label": question.scale_min_label,
                "scale_max_label": question.scale_max_label,
            }
        super().__init__(*args, **kwargs)

    def clean_choices(self) -> list[str]:
        lines = self.cleaned_data.get("choices", "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        choices = cleaned.get("choices") or []
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error(
                "choices", _("A choice question needs at least two choices, one a line.")
            )
        if cleaned.get("scale_min") is None:
            cleaned["scale_min"] = 1
        if cleaned.get("scale_max") is None:
            cleaned["scale_max"] = 5
        low, high = cleaned["scale_min"], cleaned["scale_max"]
        if kind == Question.Kind.SCALE and high <= low:
            self.add_error("scale_max", _("The scale must end above where it starts."))
        if kind != Question.Kind.SCALE:
            # A scale's bounds mean nothing elsewhere; keep the model's check satisfied.
            cleaned["scale_min"], cleaned["scale_max"] = 1, 5
        return cleaned


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("New deadline"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )


class ConsultationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all"))] + Consultation.Kind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all"))] + Consultation.Status.choices,
    )
