"""The Board's written procedures in the back office: the secretariat drafts one here;
circulating, concluding and the answers are on the procedure's own page
(`governance:procedure_detail`), where the Board members answer."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display

from lrba.governance.models import WrittenAnswer, WrittenProcedure
from lrba.governance.services import procedures

EDITABLE = (
    "title",
    "decision_kind",
    "draft_decision",
    "explanation",
    "application",
    "membership",
    "deadline",
)
RECORD = (
    "reference",
    "status",
    "page_link",
    "circulated_at",
    "circulated_by",
    "entitled_count",
    "concluded_at",
    "result_sentence",
)


class WrittenProcedureForm(forms.ModelForm):
    class Meta:
        model = WrittenProcedure
        fields = EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "decision_kind" in self.fields:
            try:
                self.fields["decision_kind"].queryset = procedures.procedure_kinds()  # type: ignore[attr-defined]
            except ValidationError:
                self.fields["decision_kind"].queryset = self.fields[  # type: ignore[attr-defined]
                    "decision_kind"
                ].queryset.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is not None:
            current = WrittenProcedure.objects.filter(pk=self.instance.pk).first()
            if current is not None and current.status != WrittenProcedure.Status.DRAFT:
                self.add_error(
                    None,
                    _("A circulated procedure cannot be changed: cancel it and start a new one."),
                )
        if self.instance.pk is None and data.get("decision_kind"):
            try:
                procedures.procedure_check(
                    decision_kind=data["decision_kind"],
                    deadline=data.get("deadline"),
                    application=data.get("application"),
                    membership=data.get("membership"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, errors)
                else:
                    self.add_error(None, error)
        return data


class WrittenAnswerInline(TabularInline):
    model = WrittenAnswer
    extra = 0
    can_delete = False
    fields = ("board_seat", "choice", "objects_to_written_form", "comment", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WrittenProcedure)
class WrittenProcedureAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = WrittenProcedureForm
    list_display = ("reference", "title", "decision_kind", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("reference", "title", "draft_decision")
    list_select_related = ("decision_kind",)
    autocomplete_fields = ("application", "membership")
    inlines = [WrittenAnswerInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return EDITABLE if obj is None else (*EDITABLE, *RECORD)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        if obj.status == WrittenProcedure.Status.DRAFT:
            # The subject and the kind decide the checks made at creation.
            return ("decision_kind", "application", "membership", *RECORD)
        return (*EDITABLE, *RECORD)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Once circulated, a procedure is the record of what the Board was asked.
        if obj is not None and obj.status != WrittenProcedure.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: WrittenProcedure, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            procedures.procedure_update(
                procedure=obj,
                updated_by=request.user,
                **{
                    name: data[name]
                    for name in ("title", "draft_decision", "explanation", "deadline")
                    if name in data
                },
            )
            return
        created = procedures.procedure_create(
            title=data["title"],
            decision_kind=data["decision_kind"],
            draft_decision=data["draft_decision"],
            deadline=data["deadline"],
            explanation=data.get("explanation", ""),
            application=data.get("application"),
            membership=data.get("membership"),
            created_by=request.user,
        )
        obj.pk = created.pk
        obj.body = created.body
        obj.reference = created.reference
        obj.status = created.status
        obj._state.adding = False

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list:
        return [] if obj is None else list(self.inlines)

    @display(description=_("page"))
    def page_link(self, obj: WrittenProcedure) -> str:
        if not obj.pk:
            return "—"
        url = reverse("governance:procedure_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Circulate, answers, result"))

    @display(description=_("result"))
    def result_sentence(self, obj: WrittenProcedure) -> str:
        sentences = (obj.result or {}).get("sentence") or {}
        return sentences.get(get_language() or "lt") or sentences.get("lt", "—")
