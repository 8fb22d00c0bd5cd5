"""Representation in the back office.

The work itself happens on the secretariat's pages (consultations and their question
builder, the summary, the positions' workflow): opening a consultation announces it to
the members, sending a position numbers it and draws its PDF, and those steps go through
the services that check and lock. So here:

- consultations are plain records while drafts (the questions inline, their choices on
  the consultation's own page); once opened the questions are read-only (members answer
  them), and the status never changes here;
- responses are the members' answers: read-only, with their answers;
- positions: the text is editable while a draft; the workflow fields (adoption, number,
  sending, PDF, reply, outcome) are written by the services only; who sees a position
  may change at any time;
- delegations and delegates' reports are the secretariat's records, kept here;
- programme proposals were made from a survey's summary: read-only.

No action of ours: the steps that write more than one record live on the staff pages.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from lrba.representation import models


class ReadOnlyAdmin(ModelAdmin):
    """What members answered or a service wrote: looked up, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _site_link(url_name: str, pk: Any, text: str) -> str:
    """A link to the object's page on the site, or "—" while that page does not exist."""
    if pk is None:
        return "—"
    try:
        url = reverse(url_name, args=[pk])
    except NoReverseMatch:
        return "—"
    return format_html('<a href="{}">{}</a>', url, text)


# Consultations ---------------------------------------------------------------------------


def _is_draft(obj: Any) -> bool:
    return obj is None or obj.status == models.Consultation.Status.DRAFT


class QuestionInline(TabularInline):
    model = models.Question
    extra = 0
    fields = ("position", "kind", "text", "help_text", "required", "scale_min", "scale_max")
    ordering = ("position", "pk")

    # Once opened, members answer these questions: changing one would change the meaning
    # of the answers already given (the staff page refuses it for the same reason).
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(models.Consultation)
class ConsultationAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "kind", "subject", "status", "institution", "deadline", "answered")
    list_filter = ("kind", "status", "subject")
    search_fields = ("title", "institution", "summary")
    date_hierarchy = "deadline"
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("kind", "subject", "title", "slug", "status", "page_link")}),
        (
            _("What is asked"),
            {"fields": ("institution", "summary", "document", "document_url")},
        ),
        (
            _("Who answers and until when"),
            {
                "fields": (
                    "libraries_answer",
                    "individuals_answer",
                    "deadline",
                    "remind_days_before",
                )
            },
        ),
        (
            _("Record"),
            {
                "fields": (
                    "opened_at",
                    "closed_at",
                    "reminded_at",
                    "announcement",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [QuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Consultation]:
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    @admin.display(description=_("answers"), ordering="response_count")
    def answered(self, obj: models.Consultation) -> int:
        return getattr(obj, "response_count", 0)

    @admin.display(description=_("On the site"))
    def page_link(self, obj: models.Consultation) -> str:
        return _site_link(
            "representation:consultation_staff", obj.pk, gettext("The consultation's page")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The status and its dates move only through the staff pages (opening announces
        # the consultation to the members; closing stops the answers).
        fixed = (
            "status",
            "page_link",
            "opened_at",
            "closed_at",
            "reminded_at",
            "announcement",
            "created_by",
            "created_at",
            "updated_at",
        )
        if _is_draft(obj):
            return fixed
        # Who answers cannot change once members are answering.
        return (*fixed, "kind", "slug", "libraries_answer", "individuals_answer")

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict:
        return self.prepopulated_fields if _is_draft(obj) else {}  # the slug is fixed then

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not _is_draft(obj):
            return False  # members were told of it and may have answered
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: models.Consultation, form: Any, change: bool
    ) -> None:
        if not change and getattr(request.user, "is_authenticated", False):
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class AnswerInline(ReadOnlyInline):
    model = models.Answer
    fields = ("question", "text", "scale_value", "chosen")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Answer]:
        return (
            super()
            .get_queryset(request)
            .select_related("question")
            .prefetch_related("choices")
            .order_by("question__position", "question__pk")
        )

    @admin.display(description=_("choices"))
    def chosen(self, obj: models.Answer) -> str:
        return "; ".join(choice.text for choice in obj.choices.all()) or "—"


class AnsweredByFilter(admin.SimpleListFilter):
    title = _("who answered")
    parameter_name = "member"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("library", _("a member library")), ("person", _("an individual member"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "library":
            return queryset.filter(library__isnull=False)
        if self.value() == "person":
            return queryset.filter(person__isnull=False)
        return queryset


@admin.register(models.Response)
class ResponseAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = ("consultation", "library", "person", "submitted_by", "updated_at")
    list_filter = (AnsweredByFilter, "consultation")
    search_fields = ("consultation__title", "library__name", "person__last_name")
    list_select_related = ("consultation", "library", "person", "submitted_by")
    readonly_fields = (
        "consultation",
        "library",
        "person",
        "submitted_by",
        "submitted_at",
        "updated_at",
    )
    fields = readonly_fields
    inlines = [AnswerInline]


# Positions -------------------------------------------------------------------------------


class PositionDocumentInline(TabularInline):
    model = models.PositionDocument
    extra = 0
    fields = ("kind", "title", "file", "public", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(models.Position)
class PositionAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = (
        "title",
        "addressee_name",
        "status",
        "number",
        "sent_on",
        "outcome",
        "visibility",
    )
    list_filter = ("status", "outcome", "visibility")
    search_fields = ("title", "number", "addressee_name", "summary")
    date_hierarchy = "sent_on"
    list_select_related = ("consultation", "decision")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "visibility", "page_link")}),
        (
            _("The letter"),
            {
                "fields": (
                    "addressee",
                    "addressee_name",
                    "consultation",
                    "summary",
                    "body",
                    "signatory_name",
                    "signatory_title",
                )
            },
        ),
        (_("Adoption"), {"fields": ("adopted_on", "decision")}),
        (_("Sending"), {"fields": ("number", "sent_on", "sent_to", "sent_by", "pdf")}),
        (_("Follow-up"), {"fields": ("reply_received_on", "reply_summary", "outcome")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )
    inlines = [PositionDocumentInline]

    # Adopting, sending (the number and the PDF) and recording the reply are the staff
    # page's steps, through the services; here they are shown, never typed.
    WORKFLOW = (
        "status",
        "page_link",
        "adopted_on",
        "decision",
        "number",
        "sent_on",
        "sent_to",
        "sent_by",
        "pdf",
        "reply_received_on",
        "reply_summary",
        "outcome",
        "created_by",
        "created_at",
        "updated_at",
    )
    LETTER = (
        "title",
        "slug",
        "addressee",
        "addressee_name",
        "consultation",
        "body",
        "signatory_name",
        "signatory_title",
    )

    @admin.display(description=_("On the site"))
    def page_link(self, obj: models.Position) -> str:
        return _site_link("representation:position_staff", obj.pk, gettext("The position's page"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or obj.status == models.Position.Status.DRAFT:
            return self.WORKFLOW
        return (*self.WORKFLOW, *self.LETTER)  # the text as adopted (and sent) stays

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict:
        if obj is None or obj.status == models.Position.Status.DRAFT:
            return self.prepopulated_fields
        return {}  # the slug is fixed once adopted

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != models.Position.Status.DRAFT:
            return False  # adopted by the Board (and perhaps sent)
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: models.Position, form: Any, change: bool
    ) -> None:
        if not change and getattr(request.user, "is_authenticated", False):
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        documents = formset.save(commit=False)
        for document in documents:
            if document.pk is None and getattr(request.user, "is_authenticated", False):
                document.uploaded_by = request.user
            document.save()
        for document in formset.deleted_objects:
            document.delete()
        formset.save_m2m()


# Delegations -----------------------------------------------------------------------------


class CurrentFilter(admin.SimpleListFilter):
    title = _("period")
    parameter_name = "period"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("current", _("current")), ("past", _("ended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        current = Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
        if self.value() == "current":
            return queryset.filter(current)
        if self.value() == "past":
            return queryset.exclude(current)
        return queryset


class DelegateReportInline(StackedInline):
    model = models.DelegateReport
    extra = 0
    fields = ("reported_on", "title", "text", "file", "submitted_by", "created_at")
    readonly_fields = ("submitted_by", "created_at")


@admin.register(models.Delegation)
class DelegationAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("person", "body_name", "body_kind", "role", "starts_on", "ends_on", "public")
    list_filter = (CurrentFilter, "body_kind", "public")
    search_fields = ("body_name", "convened_by", "person__first_name", "person__last_name")
    list_select_related = ("person",)
    autocomplete_fields = ("person", "decision")
    date_hierarchy = "starts_on"
    fieldsets = (
        (None, {"fields": ("body_name", "body_kind", "convened_by")}),
        (_("Delegate"), {"fields": ("person", "role", "starts_on", "ends_on", "public")}),
        (_("Mandate"), {"fields": ("mandate_document", "decision", "notes")}),
    )
    inlines = [DelegateReportInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        reports = formset.save(commit=False)
        for report in reports:
            if report.pk is None and getattr(request.user, "is_authenticated", False):
                report.submitted_by = request.user
            report.save()
        for report in formset.deleted_objects:
            report.delete()
        formset.save_m2m()


@admin.register(models.DelegateReport)
class DelegateReportAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "delegation", "reported_on", "submitted_by", "created_at")
    list_filter = ("delegation__body_kind",)
    search_fields = ("title", "text", "delegation__body_name", "delegation__person__last_name")
    list_select_related = ("delegation__person", "submitted_by")
    autocomplete_fields = ("delegation",)
    date_hierarchy = "reported_on"
    fields = ("delegation", "reported_on", "title", "text", "file", "submitted_by", "created_at")
    readonly_fields = ("submitted_by", "created_at")

    def save_model(
        self, request: HttpRequest, obj: models.DelegateReport, form: Any, change: bool
    ) -> None:
        if not change and getattr(request.user, "is_authenticated", False):
            obj.submitted_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


# Survey results ----------------------------------------------------------------------------


@admin.register(models.ProgrammeProposal)
class ProgrammeProposalAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = ("programme", "consultation", "demand", "created_by", "created_at")
    list_filter = ("consultation",)
    search_fields = ("programme__title", "consultation__title")
    list_select_related = ("programme", "consultation", "created_by")
    readonly_fields = (
        "consultation",
        "choice",
        "programme",
        "programme_link",
        "demand",
        "created_by",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description=_("Programme in the back office"))
    def programme_link(self, obj: models.ProgrammeProposal) -> str:
        return _site_link(
            "admin:training_programme_change", obj.programme_id, gettext("Open the programme")
        )
