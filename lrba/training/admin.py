"""Training in the back office (Unfold): programmes and runs, certificates, records.

Certificates are never edited by hand: issuing, revoking and re-issuing go through
`lrba.training.services.certificates` (actions below), decisions on external training
through `lrba.training.services.records`.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.widgets import UnfoldAdminTextareaWidget

from lrba.core.admin_actions import apply_to_each
from lrba.training import selectors, tasks
from lrba.training.dashboard import programme_run_certificates_due
from lrba.training.forms import ReasonForm
from lrba.training.models import (
    Certificate,
    Programme,
    ProgrammeRun,
    TrainingRecord,
    YearlyTarget,
)
from lrba.training.services import certificates as certificate_services
from lrba.training.services import records as record_services


def _reason_step(
    admin_obj: ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    action: str,
    title: str,
    button: str,
    apply: Callable[[Any, str], Any],
    done: str,
) -> HttpResponse | None:
    """An action that asks for a reason first, then applies `apply(obj, reason)` to each."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    form.fields["reason"].widget = UnfoldAdminTextareaWidget(attrs={"rows": 3})
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        apply_to_each(
            request,
            queryset,
            lambda obj: apply(obj, reason),
            done=done,
            # A certificate that is no longer valid is refused with a ValueError.
            refusals=(ValidationError, ValueError),
        )
        return None
    context = {
        **admin_obj.admin_site.each_context(request),
        "title": title,
        "opts": admin_obj.model._meta,
        "form": form,
        "objects": queryset,
        "action": action,
        "button": button,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


class CertificatesDueListFilter(admin.SimpleListFilter):
    """Runs that have ended without certificates: the back office's home links here."""

    title = _("certificates")
    parameter_name = "certificates"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("due", gettext("Still to issue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != "due":
            return queryset
        due = programme_run_certificates_due(now=timezone.now())
        return queryset.filter(pk__in=due.values("pk"))


class ProgrammeRunInline(TabularInline):
    model = ProgrammeRun
    extra = 0
    fields = ("event", "certificates_issued_at")
    readonly_fields = ("certificates_issued_at",)
    # raw ids: the events admin need not offer autocomplete for this to work.
    raw_id_fields = ("event",)
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("title", "code", "hours", "is_active", "approval_number")
    list_filter = ("is_active",)
    search_fields = ("title", "code")
    prepopulated_fields = {"code": ("title",)}
    inlines = [ProgrammeRunInline]
    fieldsets = (
        (None, {"fields": ("title", "code", "hours", "is_active", "description")}),
        (_("Content"), {"fields": ("topics", "competences", "target_audience")}),
        (_("Approval"), {"fields": ("approved_by", "approval_number", "approved_on")}),
    )


@admin.register(ProgrammeRun)
class ProgrammeRunAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("event", "programme", "certificates_issued_at")
    list_filter = ("programme", CertificatesDueListFilter)
    search_fields = ("event__title", "programme__title")
    raw_id_fields = ("event",)
    autocomplete_fields = ("programme",)
    readonly_fields = ("certificates_issued_at", "progress")
    actions = ["issue_certificates"]

    @admin.display(description=_("certificates"))
    def progress(self, run: ProgrammeRun) -> str:
        if not run.pk:
            return "—"
        progress = selectors.run_progress(run=run)
        zip_url = reverse("training:run_certificates_zip", kwargs={"run_id": run.pk})
        pdfs = gettext("PDFs ready") if progress.pdfs_ready else gettext("PDFs being drawn")
        return format_html(
            '{} / {} · {} ({}/{}) · <a href="{}">ZIP</a>',
            progress.issued,
            progress.attended,
            pdfs,
            progress.with_pdf,
            progress.issued,
            zip_url,
        )

    def has_issue_permission(self, request: HttpRequest) -> bool:
        # Issuing creates certificates (numbered, legally kept): the certificate's add
        # permission, which the auditor's view-only role never holds.
        return request.user.has_perm("training.add_certificate")

    @admin.action(description=_("Issue certificates to those present"), permissions=["issue"])
    def issue_certificates(self, request: HttpRequest, queryset: QuerySet[ProgrammeRun]) -> None:
        user_id = request.user.pk
        for run in queryset:
            transaction.on_commit(
                partial(tasks.issue_certificates_task.enqueue, run_id=run.pk, user_id=user_id)
            )
        messages.success(
            request,
            gettext(
                "Certificates are being issued in the background for %(count)d runs. "
                "Open a run to see how far it has come."
            )
            % {"count": queryset.count()},
        )


@admin.register(Certificate)
class CertificateAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("number", "full_name", "programme", "issued_on", "status", "verification_code")
    list_filter = ("status", "issued_on", "programme")
    date_hierarchy = "issued_on"
    search_fields = ("number", "verification_code", "full_name", "person__last_name")
    list_select_related = ("programme",)
    readonly_fields = [f.name for f in Certificate._meta.fields]
    actions = ["revoke_selected", "reissue_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected certificates…"), permissions=["change"])
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[Certificate]
    ) -> HttpResponse | None:
        return _reason_step(
            self,
            request,
            queryset,
            action="revoke_selected",
            title=gettext("Revoke certificates"),
            button=gettext("Revoke"),
            apply=lambda c, reason: certificate_services.certificate_revoke(
                certificate=c, by=request.user, reason=reason
            ),
            done=gettext("Certificates revoked: %(count)d."),
        )

    @admin.action(description=_("Re-issue the selected certificates…"), permissions=["change"])
    def reissue_selected(
        self, request: HttpRequest, queryset: QuerySet[Certificate]
    ) -> HttpResponse | None:
        return _reason_step(
            self,
            request,
            queryset,
            action="reissue_selected",
            title=gettext("Re-issue certificates"),
            button=gettext("Re-issue"),
            apply=lambda c, reason: certificate_services.certificate_reissue(
                certificate=c, by=request.user, reason=reason
            ),
            done=gettext("Certificates re-issued: %(count)d."),
        )


@admin.register(TrainingRecord)
class TrainingRecordAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("person", "title", "provider", "completed_on", "hours", "source", "status")
    list_filter = ("status", "source", "completed_on")
    search_fields = ("title", "provider", "person__last_name", "person__first_name")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)
    readonly_fields = (
        "certificate",
        "submitted_by",
        "decided_by",
        "decided_at",
        "rejection_reason",
        "created_at",
    )
    actions = ["approve_selected", "reject_selected"]

    @admin.action(description=_("Approve the selected training"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[TrainingRecord]) -> None:
        apply_to_each(
            request,
            queryset,
            lambda record: record_services.training_record_approve(record=record, by=request.user),
            done=gettext("Training approved: %(count)d."),
        )

    @admin.action(description=_("Reject the selected training…"), permissions=["change"])
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[TrainingRecord]
    ) -> HttpResponse | None:
        return _reason_step(
            self,
            request,
            queryset,
            action="reject_selected",
            title=gettext("Reject training"),
            button=gettext("Reject"),
            apply=lambda r, reason: record_services.training_record_reject(
                record=r, by=request.user, reason=reason
            ),
            done=gettext("Training rejected: %(count)d."),
        )


@admin.register(YearlyTarget)
class YearlyTargetAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("year", "hours")
