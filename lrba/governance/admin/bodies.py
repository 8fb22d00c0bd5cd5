"""Bodies, the Board's composition and the statute rules in the back office.

Seats are added and ended through `lrba.governance.services.bodies` (the eligibility
checks and the Board role follow them); every statute rule stands next to the clause of
the law or the statutes it comes from, and each version shows its rules in words.
"""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.enums import ActionVariant
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminTextInputWidget

from lrba.core.admin_actions import apply_to_each
from lrba.governance import rules as engine
from lrba.governance.models import BoardSeat, Body, DecisionKind, StatuteRules
from lrba.governance.selectors.bodies import majority_words, meetings_held_under, rules_summary
from lrba.governance.services import bodies as services
from lrba.governance.services import rules as rules_services

# Bodies ---------------------------------------------------------------------------------------


@admin.register(Body)
class BodyAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """The two bodies come with the system; their names are the statutes' own."""

    list_display = ("name", "name_en", "code", "kind")
    fields = ("kind", "name", "name_genitive", "name_en", "code")
    readonly_fields = ("kind",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Board seats ----------------------------------------------------------------------------------


class SeatPeriodFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "term"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("current", _("current")),
            ("upcoming", _("not started yet")),
            ("past", _("ended")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "current":
            return BoardSeat.objects.current(on=today).filter(pk__in=queryset.values("pk"))
        if self.value() == "upcoming":
            return queryset.filter(start_date__gt=today)
        if self.value() == "past":
            return queryset.filter(end_date__lt=today)
        return queryset


class BoardSeatForm(forms.ModelForm):
    """Adding runs the service's checks, so a refusal shows on the form; on an existing
    seat only its end may change (a change of office is a new seat)."""

    class Meta:
        model = BoardSeat
        fields = ("person", "office", "proposed_by", "elected_by", "start_date", "end_date")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        if self.instance.pk is None:
            try:
                services.board_seat_check(
                    person=data["person"],
                    office=data["office"],
                    start_date=data["start_date"],
                    end_date=data.get("end_date"),
                    proposed_by=data.get("proposed_by"),
                    elected_by=data.get("elected_by"),
                )
            except ValidationError as error:
                self._errors_add(error)
        elif "end_date" in self.changed_data:
            ended = self.initial.get("end_date")
            if ended and not data.get("end_date"):
                self.add_error(
                    "end_date",
                    gettext("An ended seat is not reopened: add a new seat for the new term."),
                )
            elif ended and ended < timezone.localdate():
                self.add_error(
                    "end_date",
                    gettext("This seat already ended on %(date)s.")
                    % {"date": formats.date_format(ended, "SHORT_DATE_FORMAT")},
                )
        return data

    def _errors_add(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)


@admin.register(BoardSeat)
class BoardSeatAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    form = BoardSeatForm
    list_display = ("person", "office", "start_date", "end_date", "is_current")
    list_filter = (SeatPeriodFilter, "office")
    search_fields = ("person__first_name", "person__last_name", "person__email")
    list_select_related = ("person",)
    autocomplete_fields = ("person", "proposed_by")
    raw_id_fields = ("elected_by",)
    actions = ["end_selected_today"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("person", "office", "proposed_by", "elected_by", "start_date")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The composition over time is a record: a seat ends, it is not deleted.
        return False

    def save_model(self, request: HttpRequest, obj: BoardSeat, form: Any, change: bool) -> None:
        if not change:
            seat = services.board_seat_add(
                person=obj.person,
                office=obj.office,
                start_date=obj.start_date,
                end_date=obj.end_date,
                proposed_by=obj.proposed_by,
                elected_by=obj.elected_by,
                added_by=request.user,
            )
            obj.pk = seat.pk
        elif "end_date" in form.changed_data and obj.end_date is not None:
            services.board_seat_end(seat=obj, end_date=obj.end_date, ended_by=request.user)

    @display(description=_("current"), boolean=True)
    def is_current(self, obj: BoardSeat) -> bool:
        today = timezone.localdate()
        return obj.start_date <= today and (obj.end_date is None or obj.end_date >= today)

    @admin.action(description=_("End the selected seats today"), permissions=["change"])
    def end_selected_today(self, request: HttpRequest, queryset: QuerySet[BoardSeat]) -> None:
        today = timezone.localdate()
        running = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        apply_to_each(
            request,
            running.select_related("person"),
            lambda seat: services.board_seat_end(seat=seat, end_date=today, ended_by=request.user),
            done=gettext("Seats ended: %(count)d."),
            label=lambda seat: seat.person.full_name,
        )


# Statute rules --------------------------------------------------------------------------------


def _share_error(numerator: Any, denominator: Any, strict: Any) -> str | None:
    if numerator is None or denominator is None:
        return None
    try:
        engine.Share(numerator, denominator, bool(strict))
    except ValueError:
        return gettext(
            "%(numerator)s/%(denominator)s is not a share that can be met: the numerator "
            "must be from 1 to the denominator, and “more than” all is impossible."
        ) % {"numerator": numerator, "denominator": denominator}
    return None


class DecisionKindForm(forms.ModelForm):
    class Meta:
        model = DecisionKind
        fields = (
            "code",
            "name",
            "majority",
            "numerator",
            "denominator",
            "strict",
            "body_kind",
            "needs_registry_filing",
            "clause",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("majority") not in (
            None,
            DecisionKind.Majority.FOR_OVER_AGAINST,
            DecisionKind.Majority.PLURALITY,
        ):
            problem = _share_error(
                data.get("numerator"), data.get("denominator"), data.get("strict")
            )
            if problem:
                self.add_error("numerator", problem)
        return data


def _held_under(rules: StatuteRules | None) -> bool:
    return rules is not None and rules.pk is not None and meetings_held_under(rules).exists()


class DecisionKindInline(TabularInline):
    model = DecisionKind
    form = DecisionKindForm
    extra = 0
    fields = (
        "code",
        "name",
        "majority",
        "numerator",
        "denominator",
        "strict",
        "body_kind",
        "needs_registry_filing",
        "clause",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Agenda items and decisions point at their kind: kinds are kept.
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and not _held_under(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _held_under(obj)


STATUTE_FIELDSETS = (
    (None, {"fields": ("version", "in_force_from", "document", "notes")}),
    (
        _("General Meeting quorum"),
        {
            "fields": (
                ("quorum_numerator", "quorum_denominator", "quorum_strict"),
                "quorum_clause",
            )
        },
    ),
    (
        _("Repeat meeting"),
        {"fields": ("repeat_meeting_needs_quorum", "repeat_meeting_clause")},
    ),
    (
        _("Notice period"),
        {"fields": (("notice_days", "repeat_notice_days"), "notice_clause")},
    ),
    (
        _("Voting channels"),
        {"fields": (("allows_advance_written", "allows_electronic"), "channels_clause")},
    ),
    (
        _("Board quorum"),
        {
            "fields": (
                ("board_quorum_numerator", "board_quorum_denominator", "board_quorum_strict"),
                "board_quorum_clause",
            )
        },
    ),
    (_("A tie on the Board"), {"fields": ("chair_casting_vote", "casting_vote_clause")}),
    (
        _("Written procedure of the Board"),
        {"fields": ("allows_written_procedure", "written_procedure_clause")},
    ),
    (
        _("Minutes"),
        {"fields": (("minutes_signing_days", "minutes_comment_days"), "minutes_clause")},
    ),
    (_("The rules in words"), {"fields": ("rules_in_words",)}),
)


def _flat(names: Any) -> list[str]:
    flat: list[str] = []
    for name in names:
        flat.extend(_flat(name) if isinstance(name, tuple) else [name])
    return flat


STATUTE_FORM_FIELDS = [
    name
    for _title, options in STATUTE_FIELDSETS
    for name in _flat(options["fields"])
    if name != "rules_in_words"
]


class NewVersionForm(forms.Form):
    version = forms.CharField(
        label=_("statute version"),
        max_length=100,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("E.g. the statutes as amended by the General Meeting of 2026-04-24."),
    )
    in_force_from = forms.DateField(
        label=_("in force from"),
        widget=UnfoldAdminDateWidget,
        help_text=_("The day the amended statutes are registered (they take effect then)."),
    )


class StatuteRulesForm(forms.ModelForm):
    class Meta:
        model = StatuteRules
        fields = STATUTE_FORM_FIELDS

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for prefix in ("quorum", "board_quorum"):
            problem = _share_error(
                data.get(f"{prefix}_numerator"),
                data.get(f"{prefix}_denominator"),
                data.get(f"{prefix}_strict"),
            )
            if problem:
                self.add_error(f"{prefix}_numerator", problem)
        adding = self.instance.pk is None
        if data.get("in_force_from") and (adding or "in_force_from" in self.changed_data):
            try:
                rules_services.rules_in_force_from_check(
                    in_force_from=data["in_force_from"], rules=None if adding else self.instance
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(StatuteRules)
class StatuteRulesAdmin(AuditlogHistoryAdminMixin, ModelAdmin):
    """One record per statute version, in force from a date; a meeting is judged by the
    version in force on its date. Each rule's fields sit next to its source clause."""

    form = StatuteRulesForm
    list_display = ("version", "in_force_from", "in_force_now")
    search_fields = ("version",)
    inlines = [DecisionKindInline]
    fieldsets = STATUTE_FIELDSETS

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Past meetings were judged by it: a version is superseded by a newer one, never
        # deleted.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _held_under(obj):
            # The results of the meetings held under it were computed by these rules.
            return ("held_under", *STATUTE_FORM_FIELDS, "rules_in_words")
        return ("held_under", "rules_in_words")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return STATUTE_FIELDSETS
        first, *rest = STATUTE_FIELDSETS
        title, options = first
        return ((title, {"fields": (*options["fields"], "held_under")}), *rest)

    @display(description=_("meetings held under these rules"))
    def held_under(self, obj: StatuteRules) -> str:
        held = list(meetings_held_under(obj)[:6])
        if not held:
            return gettext("none yet: the rules may still be changed")
        listed = ", ".join(meeting.reference for meeting in held[:5])
        if len(held) > 5:
            listed += ", …"
        return gettext(
            "%(meetings)s. Their results were computed by these rules, so the rules no "
            "longer change: start a new version from them for new statutes."
        ) % {"meetings": listed}

    actions_detail = ["new_version"]

    def has_new_version_permission(self, request: HttpRequest, object_id: Any = None) -> bool:
        return request.user.has_perm("governance.add_statuterules")

    @action(
        description=_("Start a new version from these rules"),
        url_path="new-version",
        permissions=["new_version"],
        icon="content_copy",
        variant=ActionVariant.PRIMARY,
    )
    def new_version(self, request: HttpRequest, object_id: str) -> HttpResponse:
        rules = self.get_object(request, unquote(object_id))
        if rules is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        change_url = reverse("admin:governance_statuterules_change", args=[rules.pk])
        form = NewVersionForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                new = rules_services.statute_rules_copy(
                    rules=rules,
                    version=form.cleaned_data["version"],
                    in_force_from=form.cleaned_data["in_force_from"],
                    created_by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("The new version is recorded; change what the new statutes change."),
                )
                return HttpResponseRedirect(
                    reverse("admin:governance_statuterules_change", args=[new.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("A new statute version"),
            "opts": self.model._meta,
            "original": rules,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/governance/statuterules/new_version.html", context)

    @display(description=_("in force today"), boolean=True)
    def in_force_now(self, obj: StatuteRules) -> bool:
        current = StatuteRules.objects.filter(in_force_from__lte=timezone.localdate()).first()
        return current is not None and current.pk == obj.pk

    @display(description=_("rules and their sources"))
    def rules_in_words(self, obj: StatuteRules) -> str:
        if obj.pk is None:
            return "—"
        rows = [(row.label, row.value, row.clause) for row in rules_summary(obj)]
        rows += [
            (kind.name, majority_words(kind), kind.clause) for kind in obj.decision_kinds.all()
        ]
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><strong>{}</strong>: {} <em>({})</em></li>", rows),
        )
