"""The form a member answers a consultation with: one field per question (`q<pk>`), built
from the questions, prefilled from the response so far, and the moment that response was
last changed (`based_on`), so a save over a colleague's newer answers is noticed
(services/responses.py)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from lrba.representation.models import Question, Response


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _scale_choices(question: Question) -> list[tuple[int, str]]:
    points = []
    for value in range(question.scale_min, question.scale_max + 1):
        label = str(value)
        if value == question.scale_min and question.scale_min_label:
            label = f"{value} — {question.scale_min_label}"
        elif value == question.scale_max and question.scale_max_label:
            label = f"{value} — {question.scale_max_label}"
        points.append((value, label))
    return points


def _question_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(choice.pk, choice.text) for choice in question.choices.all()]
    if question.kind == Question.Kind.SINGLE:
        return forms.TypedChoiceField(
            choices=choices, coerce=int, widget=forms.RadioSelect, **common
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Question.Kind.SCALE:
        return forms.TypedChoiceField(
            choices=_scale_choices(question), coerce=int, widget=forms.RadioSelect, **common
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000, strip=True, **common
    )


def _initial(response: Response | None) -> dict[str, Any]:
    if response is None:
        return {"based_on": ""}
    initial: dict[str, Any] = {"based_on": response.updated_at.isoformat()}
    for answer in response.answers.all():
        name = f"q{answer.question_id}"
        choices = [choice.pk for choice in answer.choices.all()]
        if answer.scale_value is not None:
            initial[name] = answer.scale_value
        elif choices:
            initial[name] = choices
        else:
            initial[name] = answer.text
    return initial


class ResponseForm(forms.Form):
    """The answers to `questions` (in their order, choices prefetched). `read_only`
    shows them without a way to change them (after the deadline)."""

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    default_error_messages = {
        "stale_form": gettext_lazy("The form was changed on the way: open it again."),
    }

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        response: Response | None = None,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", _initial(response))
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = _question_field(question)
            if read_only:
                # Disabled inputs are not sent and cannot change; a text stays readable.
                attr = "readonly" if question.kind == Question.Kind.TEXT else "disabled"
                field.widget.attrs[attr] = True
            self.fields[field_name(question)] = field

    def clean_based_on(self) -> datetime.datetime | None:
        value = (self.cleaned_data.get("based_on") or "").strip()
        if not value:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                self.default_error_messages["stale_form"], code="stale_form"
            ) from None
        if moment.tzinfo is None:
            raise ValidationError(self.default_error_messages["stale_form"], code="stale_form")
        return moment

    def question_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(question, self[field_name(question)]) for question in self.questions]

    def answers(self) -> dict[int, Any]:
        """The cleaned answers by question pk, as `response_save` takes them."""
        return {
            question.pk: self.cleaned_data.get(field_name(question)) for question in self.questions
        }

    def add_service_error(self, error: ValidationError) -> None:
        """Put a refusal of `response_save` on the form: per question when it names them."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                name = f"q{key}" if key.isdigit() and f"q{key}" in self.fields else None
                for message in messages:
                    self.add_error(name, message)
        else:
            self.add_error(None, error)


def rebased(data: Any, response: Response | None) -> Any:
    """`data` (a POST) with `based_on` moved to `response` as saved now: after a refusal
    because a colleague saved meanwhile, a second save knowingly replaces their answers,
    and nothing typed is lost."""
    copy = data.copy()
    copy["based_on"] = response.updated_at.isoformat() if response is not None else ""
    return copy
