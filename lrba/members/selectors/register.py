"""The yearly register report: who the members were at a year end, and the NGO test.

Read by the `register_report` command and the back-office page. Membership at a date is
rebuilt from the dates on `Membership` (joined on or before it, not yet ended), so a
membership that has ended since still counts for the years it was active. A suspended
member is still a member (it keeps its place in the register and its vote).

The NGO test (Facts §2.4): LRBA stops being an NGO when more than one third of its
members, or of the votes at the General Meeting, belong to legal persons that are not
NGOs, such as the public libraries, which are budgetary institutions. The test never
guesses: while a member library's legal form is unknown, it says it cannot be computed.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lrba.core.db import LithuanianOrder
from lrba.core.formatting import format_percent
from lrba.core.tables import Sheet, table_csv, table_xlsx
from lrba.members.models import Library, Membership

# The association was founded in 2012; no register exists before the law of 2004.
FIRST_REPORT_YEAR = 2004
# Facts §1.3: an association needs at least 3 members.
MINIMUM_MEMBERS = 3
# Facts §2.4: more than this share of non-NGO legal persons costs the NGO status.
NGO_THRESHOLD = Fraction(1, 3)


@dataclass(frozen=True)
class LegalPersonMember:
    name: str
    legal_form: str
    legal_entity_code: str
    municipality: str
    is_ngo: bool


@dataclass(frozen=True)
class RegisterReport:
    year: int
    as_of: datetime.date
    previous_as_of: datetime.date
    members: int
    members_previous: int
    legal_persons: int
    natural_persons: int
    legal_persons_previous: int
    natural_persons_previous: int
    non_ngo_legal_persons: int
    # One member has one vote (Facts §1.1), so the two shares agree today; they are kept
    # apart because the law tests them separately and the statutes could weigh votes.
    votes: int
    non_ngo_votes: int
    legal_person_members: list[LegalPersonMember] = field(default_factory=list)
    # Member libraries whose legal form nobody has recorded: whether they are NGOs is not
    # known, so the NGO test cannot be computed while there are any.
    unknown_legal_forms: int = 0

    @property
    def ngo_test_computable(self) -> bool:
        return self.unknown_legal_forms == 0

    @property
    def non_ngo_member_share(self) -> float:
        return self.non_ngo_legal_persons / self.members if self.members else 0.0

    @property
    def non_ngo_vote_share(self) -> float:
        return self.non_ngo_votes / self.votes if self.votes else 0.0

    @property
    def ngo_status_at_risk(self) -> bool | None:
        """None when the test cannot be computed (see `unknown_legal_forms`)."""
        if not self.ngo_test_computable:
            return None
        # Compared as fractions: 1/3 has no exact float.
        over_members = self.members and Fraction(self.non_ngo_legal_persons, self.members)
        over_votes = self.votes and Fraction(self.non_ngo_votes, self.votes)
        return bool(
            (over_members and over_members > NGO_THRESHOLD)
            or (over_votes and over_votes > NGO_THRESHOLD)
        )

    @property
    def below_minimum(self) -> bool:
        return self.members < MINIMUM_MEMBERS


def parse_report_year(value: str | int | None, *, default: int | None = None) -> int:
    """The year asked for, checked; raises ValueError with a message for the user."""
    last = timezone.localdate().year
    if value in (None, ""):
        if default is None:
            raise ValueError(_("Give the year of the report."))
        return default
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ValueError(_("“%(value)s” is not a year.") % {"value": value}) from None
    if not FIRST_REPORT_YEAR <= year <= last:
        raise ValueError(
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": FIRST_REPORT_YEAR, "last": last}
        )
    return year


def _member_at(date: datetime.date, prefix: str = "") -> Q:
    """Memberships that were in force at the end of `date`."""
    return Q(**{f"{prefix}joined_on__lte": date}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": date})
    )


def register_report(*, year: int) -> RegisterReport:
    """The register at 31 December of `year` and of the year before (two queries)."""
    as_of = datetime.date(year, 12, 31)
    previous_as_of = datetime.date(year - 1, 12, 31)
    now, before = _member_at(as_of), _member_at(previous_as_of)
    library = Q(library__isnull=False)
    person = Q(person__isnull=False)
    non_ngo = library & Q(library__is_ngo=False)
    # Distinct counts: a member who left and rejoined has two memberships, one vote.
    counts = Membership.objects.aggregate(
        legal_persons=Count("library", filter=now & library, distinct=True),
        natural_persons=Count("person", filter=now & person, distinct=True),
        legal_persons_previous=Count("library", filter=before & library, distinct=True),
        natural_persons_previous=Count("person", filter=before & person, distinct=True),
        non_ngo_legal_persons=Count("library", filter=now & non_ngo, distinct=True),
        unknown_legal_forms=Count(
            "library", filter=now & library & Q(library__legal_form=""), distinct=True
        ),
    )
    in_force = Membership.objects.filter(_member_at(as_of), library=OuterRef("pk"))
    libraries = (
        Library.objects.filter(Exists(in_force))
        .select_related("municipality")
        .order_by(LithuanianOrder("name"), "pk")
    )
    members = counts["legal_persons"] + counts["natural_persons"]
    return RegisterReport(
        year=year,
        as_of=as_of,
        previous_as_of=previous_as_of,
        members=members,
        members_previous=counts["legal_persons_previous"] + counts["natural_persons_previous"],
        legal_persons=counts["legal_persons"],
        natural_persons=counts["natural_persons"],
        legal_persons_previous=counts["legal_persons_previous"],
        natural_persons_previous=counts["natural_persons_previous"],
        non_ngo_legal_persons=counts["non_ngo_legal_persons"],
        votes=members,
        non_ngo_votes=counts["non_ngo_legal_persons"],
        unknown_legal_forms=counts["unknown_legal_forms"],
        legal_person_members=[
            LegalPersonMember(
                name=lib.name,
                legal_form=lib.get_legal_form_display() or _("unknown"),
                legal_entity_code=lib.legal_entity_code,
                municipality=lib.municipality.name,
                is_ngo=lib.is_ngo,
            )
            for lib in libraries
        ],
    )


# --- Exports -------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _ngo_verdict(at_risk: bool | None) -> str:
    return _("cannot be computed") if at_risk is None else _yes_no(at_risk)


def summary_rows(report: RegisterReport) -> list[tuple[str, str | int]]:
    """(label, value) pairs shared by the text, CSV and spreadsheet forms."""
    return [
        (_("Report year"), report.year),
        (_("Members on %(date)s") % {"date": report.as_of.isoformat()}, report.members),
        (
            _("Members on %(date)s") % {"date": report.previous_as_of.isoformat()},
            report.members_previous,
        ),
        (_("Legal persons"), report.legal_persons),
        (_("Natural persons"), report.natural_persons),
        (_("Legal persons a year before"), report.legal_persons_previous),
        (_("Natural persons a year before"), report.natural_persons_previous),
        (_("Legal persons that are not NGOs"), report.non_ngo_legal_persons),
        (
            _("Share of members held by non-NGO legal persons"),
            format_percent(report.non_ngo_member_share),
        ),
        (
            _("Share of votes held by non-NGO legal persons"),
            format_percent(report.non_ngo_vote_share),
        ),
        (_("Legal persons whose legal form is unknown"), report.unknown_legal_forms),
        (
            _("NGO status at risk (over one third)"),
            _ngo_verdict(report.ngo_status_at_risk),
        ),
        (_("Fewer than 3 members"), _yes_no(report.below_minimum)),
    ]


def legal_person_headers() -> list[str]:
    return [_("Name"), _("Legal form"), _("Legal-entity code"), _("Municipality"), _("NGO")]


def legal_person_rows(report: RegisterReport) -> list[list[str]]:
    return [
        [m.name, m.legal_form, m.legal_entity_code, m.municipality, _yes_no(m.is_ngo)]
        for m in report.legal_person_members
    ]


def register_report_warnings(report: RegisterReport) -> list[str]:
    warnings = []
    if not report.ngo_test_computable:
        warnings.append(
            ngettext(
                "The NGO test cannot be computed: the legal form of %(count)s member library "
                "is unknown. Record it on the library's card.",
                "The NGO test cannot be computed: the legal form of %(count)s member "
                "libraries is unknown. Record it on each library's card.",
                report.unknown_legal_forms,
            )
            % {"count": report.unknown_legal_forms}
        )
    if report.ngo_status_at_risk:
        warnings.append(
            _(
                "Non-NGO legal persons hold more than one third of the members or votes: "
                "the association does not meet the NGO definition."
            )
        )
    if report.below_minimum:
        warnings.append(
            _(
                "Fewer than 3 members remain: the Register of Legal Persons must be "
                "notified within 30 days."
            )
        )
    return warnings


def register_report_text(report: RegisterReport) -> str:
    rows = summary_rows(report)
    width = max(len(label) for label, _value in rows)
    lines = [_("Member register report for %(year)s") % {"year": report.year}, ""]
    lines += [f"{label:<{width}}  {value}" for label, value in rows]
    warnings = register_report_warnings(report)
    if warnings:
        lines += ["", *(f"! {warning}" for warning in warnings)]
    lines += ["", _("Legal persons (%(count)s)") % {"count": report.legal_persons}]
    for name, legal_form, code, municipality, ngo in legal_person_rows(report):
        details = ", ".join(part for part in (legal_form, code, municipality) if part)
        lines.append(f"- {name} ({details})" + (f" [{_('NGO')}]" if ngo == _("yes") else ""))
    return "\n".join(lines) + "\n"


def register_report_sheets(report: RegisterReport) -> list[Sheet]:
    """The summary, then the legal persons."""
    return [
        Sheet(title=_("Summary"), headers=(), rows=summary_rows(report), widths=(55, 14)),
        Sheet(
            title=_("Legal persons"),
            headers=legal_person_headers(),
            rows=legal_person_rows(report),
            widths=(70, 24, 16, 32, 8),
        ),
    ]


def register_report_csv(report: RegisterReport) -> str:
    """The summary, an empty line, then the legal persons, as one CSV document."""
    return table_csv(*register_report_sheets(report)).decode("utf-8-sig")


def register_report_xlsx(report: RegisterReport) -> bytes:
    """A workbook with a summary sheet and a legal-persons sheet."""
    return table_xlsx(*register_report_sheets(report))
