"""Onboarding in the back office: the templates new libraries' checklists are copied from
(one is the default), and the checklists themselves. Steps are ticked on the checklist's
page (`knowledge:onboarding_detail`) by the secretariat and the mentor library, where the
automatic checks are answered; here the secretariat corrects titles and dates."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from lrba.accounts.models import User
from lrba.knowledge.models import (
    Onboarding,
    OnboardingStep,
    OnboardingTemplate,
    OnboardingTemplateStep,
)
from lrba.knowledge.services import onboarding as services


class OnboardingTemplateStepInline(TabularInline):
    model = OnboardingTemplateStep
    extra = 0
    fields = ("position", "title", "title_en", "done_when", "due_days", "description")


@admin.register(OnboardingTemplate)
class OnboardingTemplateAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("name", "is_default")
    inlines = (OnboardingTemplateStepInline,)


class OnboardingStepInline(TabularInline):
    model = OnboardingStep
    extra = 0
    fields = ("position", "title", "done_when", "due_on", "done_at", "done_by", "note")
    readonly_fields = ("done_when", "done_at", "done_by")


@admin.register(Onboarding)
class OnboardingAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    list_display = ("library", "started_on", "mentor_library", "completed_on", "page_link")
    list_filter = (("completed_on", admin.EmptyFieldListFilter),)
    search_fields = ("library__name", "mentor_library__name")
    list_select_related = ("library", "mentor_library")
    autocomplete_fields = ("mentor_library",)
    fields = ("library", "template", "started_on", "mentor_library", "completed_on")
    readonly_fields = ("library", "template", "started_on", "completed_on")
    inlines = (OnboardingStepInline,)

    @admin.display(description=_("Checklist"))
    def page_link(self, obj: Onboarding) -> str:
        url = reverse("knowledge:onboarding_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Open"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started by the admission (lrba.knowledge.receivers)

    def save_model(self, request: HttpRequest, obj: Onboarding, form: Any, change: bool) -> None:
        assert isinstance(request.user, User)
        if "mentor_library" in form.changed_data:
            services.onboarding_mentor_set(
                onboarding=obj, mentor_library=obj.mentor_library, by=request.user
            )
