"""Governance: the General Meeting of members and the Board, from convening to signed
minutes and the decision register (DESIGN §4 "Governance", §5; Facts §1.1–1.2).

The outcome of a vote is never typed in: `lrba.governance.rules` computes it from the
ballots and the statute rules in force on the meeting's date. Records here are evidence
kept at least ten years (minutes, attendance, ballots): nothing cascades from the
register, and erasure keeps them (a legal hold, see `privacy.py`).

Secret polls keep who took part (`PollParticipation`) apart from what was chosen
(`SecretBallot`): no key, time or order links the two (docs/governance-secret-ballots.md).
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lrba.core.uploads import validate_upload
from lrba.members.models import Mandate, Membership, MembershipApplication, Person


def validate_governance_document(file: object) -> None:
    """Meeting documents, signed minutes and mandates: PDF, office files or scans."""
    validate_upload(file, allowed=("pdf", "docx", "odt", "xlsx", "ods", "jpg", "jpeg", "png"))


def validate_signed_minutes(file: object) -> None:
    """A signed copy of the minutes: a PDF (also one carrying a qualified e-signature),
    an ADOC/ASiC-E container or a scan."""
    validate_upload(file, allowed=("pdf", "adoc", "asice", "jpg", "jpeg", "png"))


# Bodies and terms -------------------------------------------------------------------------


class BoardSeatQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "BoardSeatQuerySet":
        """Seats running on `on` (today by default)."""
        on = timezone.localdate() if on is None else on
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def voting(self) -> "BoardSeatQuerySet":
        """The head and the Board members: the seats that hold a vote on the Board."""
        return self.filter(office__in=("head", "member"))


class StatuteRulesQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> "StatuteRules":
        """The statute version in force on `on`; StatuteRules.DoesNotExist before the
        first one."""
        return self.filter(in_force_from__lte=on).order_by("-in_force_from")[:1].get()


class Body(models.Model):
    """A governing body: the General Meeting (all members) or the Board. Their names are
    the statutes' own (configurable); `kind` is what the rules engine needs."""

    class Kind(models.TextChoices):
        GENERAL_MEETING = "general_meeting", _("General Meeting of members")
        BOARD = "board", _("Board")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    name_genitive = models.CharField(
        _("name in the genitive"),
        max_length=150,
        help_text=_("As in “… posėdis”: e.g. Valdybos, Visuotinio narių susirinkimo."),
    )
    # The prefix of the decision numbers (body, year, sequence), e.g. VNS-2026-3.
    code = models.CharField(_("code in decision numbers"), max_length=10, unique=True)

    class Meta:
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_board(self) -> bool:
        return self.kind == self.Kind.BOARD

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the statutes' Lithuanian name otherwise)."""
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class BoardSeat(models.Model):
    """A person's term on the Board (or as the association's secretary): who sat when,
    in which office, elected by which decision. The Board's composition on any date is
    the seats running then (`BoardSeat.objects.current(on=...)`).

    Board members are natural persons who are members themselves or are proposed by a
    member (Assoc. Law 9(6)); a library proposes its director or an employee."""

    class Office(models.TextChoices):
        HEAD = "head", _("head of the association (chair of the Board)")
        MEMBER = "member", _("Board member")
        SECRETARY = "secretary", _("secretary (without a vote)")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="board_seats"
    )
    office = models.CharField(_("office"), max_length=12, choices=Office.choices)
    proposed_by = models.ForeignKey(
        Membership,
        verbose_name=_("proposed by the member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member who proposed a person who is not a member themselves."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    elected_by = models.ForeignKey(
        "Decision",
        verbose_name=_("elected by the decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BoardSeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("Board seat")
        verbose_name_plural = _("Board composition")
        ordering = ["-start_date", "office"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="governance_seat_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_office_display()}"

    @property
    def votes(self) -> bool:
        """The secretary keeps the minutes and has no vote unless also a Board member."""
        return self.office in (self.Office.HEAD, self.Office.MEMBER)


# Statute rules ----------------------------------------------------------------------------


class StatuteRules(models.Model):
    """The rules of one statute version, in force from a date. A meeting is judged by the
    version in force on its date (`StatuteRules.objects.in_force(on=...)`). Defaults are
    the law's (DESIGN §5); every rule carries the clause it comes from."""

    version = models.CharField(_("statute version"), max_length=100)
    in_force_from = models.DateField(_("in force from"), unique=True)
    # General Meeting quorum: more than (strict) or at least numerator/denominator of
    # the members take part.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: numerator"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum: denominator"), default=2)
    quorum_strict = models.BooleanField(_("quorum: more than (not “at least”)"), default=True)
    quorum_clause = models.CharField(
        _("quorum: source"), max_length=200, default="Asociacijų įstatymo 8 str. 7 d."
    )
    repeat_meeting_needs_quorum = models.BooleanField(
        _("a repeat meeting needs a quorum"), default=False
    )
    repeat_meeting_clause = models.CharField(
        _("repeat meeting: source"), max_length=200, default="Asociacijų įstatymo 8 str. 8 d."
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period, days"),
        default=14,
        help_text=_("At least this many days between convening and the meeting."),
    )
    repeat_notice_days = models.PositiveSmallIntegerField(
        _("notice period of a repeat meeting, days"), default=7
    )
    notice_clause = models.CharField(_("notice period: source"), max_length=200, default="")
    allows_advance_written = models.BooleanField(_("advance written ballots allowed"), default=True)
    allows_electronic = models.BooleanField(_("electronic voting allowed"), default=True)
    channels_clause = models.CharField(_("voting channels: source"), max_length=200, default="")
    board_quorum_numerator = models.PositiveSmallIntegerField(
        _("Board quorum: numerator"), default=1
    )
    board_quorum_denominator = models.PositiveSmallIntegerField(
        _("Board quorum: denominator"), default=2
    )
    board_quorum_strict = models.BooleanField(
        _("Board quorum: more than (not “at least”)"), default=True
    )
    board_quorum_clause = models.CharField(
        _("Board quorum: source"), max_length=200, default="Asociacijų įstatymo 9 str. 7 d."
    )
    chair_casting_vote = models.BooleanField(_("the chair's casting vote on a tie"), default=True)
    casting_vote_clause = models.CharField(
        _("casting vote: source"), max_length=200, default="Civilinio kodekso 2.93 str. 2 d."
    )
    allows_written_procedure = models.BooleanField(
        _("the Board may decide by written procedure"), default=True
    )
    written_procedure_clause = models.CharField(
        _("written procedure: source"), max_length=200, default="Civilinio kodekso 2.93 str. 3 d."
    )
    minutes_signing_days = models.PositiveSmallIntegerField(
        _("minutes signed within, days"), default=30
    )
    minutes_clause = models.CharField(
        _("minutes: source"), max_length=200, default="Civilinio kodekso 2.90–2.92 str."
    )
    minutes_comment_days = models.PositiveSmallIntegerField(
        _("comments on the minutes within, days"), default=3
    )
    document = models.FileField(
        _("statutes"),
        upload_to="governance/statutes/",
        blank=True,
        validators=[validate_governance_document],
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = StatuteRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("statute rules")
        verbose_name_plural = _("statute rules")
        ordering = ["-in_force_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(board_quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & Q(board_quorum_numerator__lte=models.F("board_quorum_denominator")),
                name="governance_rules_fractions_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.in_force_from})"


class DecisionKind(models.Model):
    """A kind of decision and the majority it needs under one statute version. The law's
    kinds (ordinary, statute amendment, reorganisation or liquidation, Board election,
    annual statements, fees, admission, expulsion) come with the defaults; the
    secretariat may add others."""

    class Majority(models.TextChoices):
        # Art. 8(7): more "for" than "against"; abstentions do not count.
        FOR_OVER_AGAINST = "for_over_against", _("more votes for than against")
        # Art. 8(7): at least 2/3 of the votes of the members taking part in the meeting.
        SHARE_OF_PARTICIPANTS = (
            "share_of_participants",
            _("a share of the members taking part in the meeting"),
        )
        SHARE_OF_VOTES_CAST = "share_of_votes_cast", _("a share of the votes cast")
        SHARE_OF_ALL_MEMBERS = "share_of_all_members", _("a share of all members")
        # Elections: the candidates with the most votes take the seats.
        PLURALITY = "plurality", _("the most votes take the seats")

    rules = models.ForeignKey(
        StatuteRules,
        verbose_name=_("statute rules"),
        on_delete=models.CASCADE,
        related_name="decision_kinds",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    majority = models.CharField(_("majority"), max_length=30, choices=Majority.choices)
    numerator = models.PositiveSmallIntegerField(_("share: numerator"), default=1)
    denominator = models.PositiveSmallIntegerField(_("share: denominator"), default=2)
    strict = models.BooleanField(_("more than (not “at least”)"), default=False)
    clause = models.CharField(_("source"), max_length=200)
    # Adopting such a decision adds the 30-day filing with the Register of Legal
    # Entities to its follow-up (statutes, the Board: CK 2.66).
    needs_registry_filing = models.BooleanField(
        _("filed with the Register of Legal Entities"), default=False
    )
    # Only the General Meeting may take it (Art. 8(1)), or only the Board.
    body_kind = models.CharField(
        _("decided by"), max_length=20, choices=Body.Kind.choices, blank=True
    )

    class Meta:
        verbose_name = _("decision kind")
        verbose_name_plural = _("decision kinds")
        ordering = ["rules", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "code"], name="governance_kind_code_unique"),
            models.CheckConstraint(
                condition=Q(denominator__gt=0) & Q(numerator__lte=models.F("denominator")),
                name="governance_kind_share_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Meetings ---------------------------------------------------------------------------------


class Meeting(models.Model):
    """A meeting of a body: `draft → convened → open → closed → minuted`, or cancelled.
    A repeat meeting is created from one that had no quorum and carries only its agenda."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary")
        EXTRAORDINARY = "extraordinary", _("extraordinary")
        REPEAT = "repeat", _("repeat")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONVENED = "convened", _("convened")
        OPEN = "open", _("in progress")
        CLOSED = "closed", _("closed")
        MINUTED = "minuted", _("minuted")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.ORDINARY)
    repeat_of = models.OneToOneField(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
    )
    # Also what a one-meeting mandate names (members.Mandate.meeting_reference).
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("link for remote participants"), blank=True)
    notice_text = models.TextField(_("notice"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("secretary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("tellers"), blank=True, related_name="+"
    )
    # Snapshot at opening: how many held a vote (members; Board members with a vote).
    # The quorum and "of all members" majorities are computed against it.
    entitled_count = models.PositiveIntegerField(_("holders of a vote"), null=True, blank=True)
    # The projector's link (the room view without signing in): a secret of the meeting,
    # set when it is created or opened. The room view names no voter.
    projector_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # The room view's current item.
    current_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("item under discussion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        return timezone.localdate(self.starts_at)

    @property
    def is_editable(self) -> bool:
        """Its agenda and documents may change until it opens."""
        return self.status in (self.Status.DRAFT, self.Status.CONVENED)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    title = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("explanation"), blank=True)
    decision_kind = models.ForeignKey(
        DecisionKind,
        verbose_name=_("decision kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an item that is only heard (a report, information)."),
    )
    draft_decision = models.TextField(_("draft decision"), blank=True)
    # A repeat meeting's items come from the failed meeting's, and only from them.
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    # Links into the register: the application an admission item decides, the
    # membership an expulsion item ends.
    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("membership application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    discussion = models.TextField(_("discussion summary"), blank=True)
    decision_text = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="governance_item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingDocument(models.Model):
    """A document of a meeting (the agenda's materials, draft decisions, the annual
    statements): sent with the notice, readable by the members on the meeting's page."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"), upload_to="governance/documents/%Y/", validators=[validate_governance_document]
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


class Notice(models.Model):
    """Proof of convening: one row per member (and per person who received it for a
    library): who was notified, when and how. Annexed to the minutes."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        POST = "post", _("post")
        HAND = "hand", _("handed over")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="notices"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    board_seat = models.ForeignKey(
        BoardSeat,
        verbose_name=_("Board seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    channel = models.CharField(
        _("how"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    # The personal door pass: its QR code in the notice checks the holder in.
    token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("proof of convening")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting.reference} → {self.email or self.person}"


class VotingRightsTransfer(models.Model):
    """A voting-rights transfer agreement (Civil Code 2.89): a member transfers its vote
    to another person for a term of at most ten years. It takes effect once the
    association is told (`notified_on`); the association tells both parties and
    announces it at the next meeting."""

    transferor = models.ForeignKey(
        Membership,
        verbose_name=_("member transferring the vote"),
        on_delete=models.PROTECT,
        related_name="voting_transfers",
    )
    transferee = models.ForeignKey(
        Person,
        verbose_name=_("person receiving the vote"),
        on_delete=models.PROTECT,
        related_name="received_voting_transfers",
    )
    votes = models.PositiveSmallIntegerField(_("number of votes"), default=1)
    basis = models.CharField(_("basis"), max_length=255)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"))
    notified_on = models.DateField(_("the association was told on"))
    parties_notified_at = models.DateTimeField(_("parties told"), null=True, blank=True)
    announced_at = models.ForeignKey(
        Meeting,
        verbose_name=_("announced at the meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announced_transfers",
    )
    document = models.FileField(
        _("agreement"),
        upload_to="governance/transfers/%Y/",
        blank=True,
        validators=[validate_governance_document],
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("voting-rights transfer")
        verbose_name_plural = _("voting-rights transfers")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="governance_transfer_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(votes=1), name="governance_transfer_one_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.transferor} → {self.transferee}"

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until:
            if self.valid_until < self.valid_from:
                raise ValidationError({"valid_until": _("The term cannot end before it begins.")})
            try:
                limit = self.valid_from.replace(year=self.valid_from.year + 10)
            except ValueError:  # 29 February
                limit = self.valid_from.replace(year=self.valid_from.year + 10, day=28)
            if self.valid_until > limit:
                raise ValidationError(
                    {
                        "valid_until": _(
                            "A voting-rights transfer may last at most ten years (Civil Code 2.89)."
                        )
                    }
                )

    def is_effective(self, on: datetime.date) -> bool:
        return (
            self.revoked_at is None
            and self.notified_on <= on
            and self.valid_from <= on <= self.valid_until
        )


class Attendance(models.Model):
    """Who takes part in a meeting and for whom. One member, one vote: a member is
    registered once (a second person for the same library is refused). A Board member
    who is not a member attends without a vote and does not count toward the quorum."""

    class Capacity(models.TextChoices):
        MEMBER_IN_PERSON = "member_in_person", _("member in person")
        DIRECTOR = "director", _("director by office")
        MANDATE = "mandate", _("holder of a mandate")
        TRANSFER = "transfer", _("holder of transferred voting rights")
        BOARD_MEMBER = "board_member", _("Board member")
        WITHOUT_VOTE = "without_vote", _("without a vote")

    class Channel(models.TextChoices):
        IN_ROOM = "in_room", _("in the room")
        REMOTE = "remote", _("remotely")
        ADVANCE_WRITTEN = "advance_written", _("by advance written ballot")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendance"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    board_seat = models.ForeignKey(
        BoardSeat,
        verbose_name=_("Board seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendance",
    )
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    transfer = models.ForeignKey(
        VotingRightsTransfer,
        verbose_name=_("voting-rights transfer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(
        _("how"), max_length=20, choices=Channel.choices, default=Channel.IN_ROOM
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "registered_at"]
        constraints = [
            # One member, one vote; one Board seat, one vote.
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="governance_attendance_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "board_seat"],
                condition=Q(board_seat__isnull=False),
                name="governance_attendance_seat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting.reference}: {self.person or self.membership}"

    @property
    def votes(self) -> bool:
        return self.capacity != self.Capacity.WITHOUT_VOTE


# Polls and ballots --------------------------------------------------------------------------


class Poll(models.Model):
    """A vote on an agenda item (or a written procedure's draft): yes/no/abstain or an
    election of persons. The result is computed when it closes and kept in `result`."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("for, against, abstain")
        ELECTION = "election", _("election of persons")

    class Secrecy(models.TextChoices):
        OPEN = "open", _("open")
        SECRET = "secret", _("secret")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not yet open")
        ADVANCE = "advance", _("advance voting")
        OPEN = "open", _("voting in progress")
        CLOSED = "closed", _("closed")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="polls"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    secrecy = models.CharField(
        _("secrecy"), max_length=10, choices=Secrecy.choices, default=Secrecy.OPEN
    )
    allows_advance = models.BooleanField(_("advance written ballots"), default=False)
    allows_electronic = models.BooleanField(_("electronic voting"), default=True)
    allows_in_room = models.BooleanField(_("counted in the room"), default=True)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    choices_per_voter = models.PositiveSmallIntegerField(_("choices per voter"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What lrba.governance.rules computed at closing: base, threshold, counts, outcome
    # and the sentence stating them. Never typed in.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(choices_per_voter__gte=1) & Q(seats__gte=1),
                name="governance_poll_counts_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.secrecy == self.Secrecy.SECRET

    @property
    def adopted(self) -> bool | None:
        """Whether the computed result adopted the motion (or filled the election's
        seats); None until the poll closes."""
        return None if self.result is None else bool(self.result.get("adopted"))


class Candidate(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        Membership,
        verbose_name=_("proposed by the member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("no."), default=1)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["poll", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "person"], name="governance_candidate_once"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


class BallotChannel(models.TextChoices):
    ADVANCE_PORTAL = "advance_portal", _("advance, in the portal")
    ADVANCE_PAPER = "advance_paper", _("advance, on paper")
    ELECTRONIC = "electronic", _("electronic, during the meeting")


class Vote(models.Model):
    """A ballot in an open poll: who voted for which member (or Board seat), and what.
    Changing it replaces the choice (the last counts) until the poll closes."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="votes"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    board_seat = models.ForeignKey(
        BoardSeat,
        verbose_name=_("Board seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices, blank=True)
    candidates = models.ManyToManyField(
        Candidate, verbose_name=_("candidates"), blank=True, related_name="+"
    )
    channel = models.CharField(_("how"), max_length=20, choices=BallotChannel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["poll", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "membership"],
                condition=Q(membership__isnull=False),
                name="governance_vote_member_once",
            ),
            models.UniqueConstraint(
                fields=["poll", "board_seat"],
                condition=Q(board_seat__isnull=False),
                name="governance_vote_seat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.get_choice_display()}"


class PollParticipation(models.Model):
    """Who took part in a secret poll (one row per member or Board seat). Nothing here
    links to the ballot: no time, no receipt, and the ballot is stored elsewhere."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="participations"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    board_seat = models.ForeignKey(
        BoardSeat,
        verbose_name=_("Board seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("how"), max_length=20, choices=BallotChannel.choices)

    class Meta:
        verbose_name = _("participation in a secret poll")
        verbose_name_plural = _("participation in secret polls")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "membership"],
                condition=Q(membership__isnull=False),
                name="governance_participation_member_once",
            ),
            models.UniqueConstraint(
                fields=["poll", "board_seat"],
                condition=Q(board_seat__isnull=False),
                name="governance_participation_seat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.membership or self.board_seat}"


class SecretBallot(models.Model):
    """What was chosen in a secret poll, with the voter's receipt code and nothing else:
    a random primary key (no insertion order), no time, no voter. Changing a ballot needs
    its receipt code (only the voter has it); the published list of receipts and choices
    lets every voter check theirs after the poll closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="secret_ballots"
    )
    receipt = models.CharField(_("receipt code"), max_length=20, unique=True)
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices, blank=True)
    # Candidate ids for an election (a list; empty for a motion).
    candidate_ids = models.JSONField(_("candidates"), default=list, blank=True)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        ordering = ["poll", "receipt"]

    def __str__(self) -> str:
        return self.receipt


class RoomCount(models.Model):
    """The tellers' count of the hands (or paper ballots) in the room for one poll."""

    poll = models.OneToOneField(
        Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="room_count"
    )
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    # Votes per candidate id, for an election.
    candidate_votes = models.JSONField(_("votes per candidate"), default=dict, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("count in the room")
        verbose_name_plural = _("counts in the room")

    def __str__(self) -> str:
        return str(self.poll)


# Minutes ------------------------------------------------------------------------------------


class Minutes(models.Model):
    """The minutes of a meeting, generated from its record; signed by the chair and the
    secretary within the statutes' term (at most 30 days, CK 2.91); kept ten years."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    pdf = models.FileField(_("minutes (PDF)"), upload_to="governance/minutes/%Y/", blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    signing_deadline = models.DateField(_("to be signed by"))
    comments_open_from = models.DateTimeField(_("open for comments from"), null=True, blank=True)
    comments_open_until = models.DateTimeField(_("open for comments until"), null=True, blank=True)
    chair_signed_at = models.DateTimeField(_("signed by the chair"), null=True, blank=True)
    chair_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair's signature by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_signed_file = models.FileField(
        _("copy signed by the chair"),
        upload_to="governance/minutes/signed/%Y/",
        blank=True,
        validators=[validate_signed_minutes],
    )
    secretary_signed_at = models.DateTimeField(_("signed by the secretary"), null=True, blank=True)
    secretary_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary's signature by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary_signed_file = models.FileField(
        _("copy signed by the secretary"),
        upload_to="governance/minutes/signed/%Y/",
        blank=True,
        validators=[validate_signed_minutes],
    )
    # The last reminder to the signatories (lrba.governance.services.reminders).
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-signing_deadline"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_signed(self) -> bool:
        return self.chair_signed_at is not None and self.secretary_signed_at is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_signed and today > self.signing_deadline


class MinutesComment(models.Model):
    """A participant's comment on the minutes (CK 2.92): kept and annexed, with whether
    the signatories agree."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    signatories_agree = models.BooleanField(_("the signatories agree"), null=True, blank=True)
    response = models.TextField(_("the signatories' answer"), blank=True)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["minutes", "created_at"]

    def __str__(self) -> str:
        return f"{self.minutes}: {self.author}"


# Written procedure ----------------------------------------------------------------------------


class WrittenProcedure(models.Model):
    """The Board decides in writing (CK 2.93(3)): the secretariat circulates a draft
    decision with a deadline; each Board member answers in the portal. If any member
    objects to the written form, the procedure fails and a meeting is needed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")
        FAILED = "failed", _("failed: a meeting is needed")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="written_procedures"
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("question"), max_length=500)
    decision_kind = models.ForeignKey(
        DecisionKind, verbose_name=_("decision kind"), on_delete=models.PROTECT, related_name="+"
    )
    draft_decision = models.TextField(_("draft decision"))
    explanation = models.TextField(_("explanation"), blank=True)
    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("membership application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateTimeField(_("answers by"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    circulated_at = models.DateTimeField(_("circulated"), null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("circulated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    entitled_count = models.PositiveIntegerField(_("holders of a vote"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("written procedure")
        verbose_name_plural = _("written procedures")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:procedure_detail", args=[self.pk])


class WrittenAnswer(models.Model):
    procedure = models.ForeignKey(
        WrittenProcedure,
        verbose_name=_("written procedure"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    board_seat = models.ForeignKey(
        BoardSeat, verbose_name=_("Board seat"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("answer"), max_length=10, choices=Choice.choices, blank=True)
    objects_to_written_form = models.BooleanField(
        _("objects to deciding in writing"), default=False
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["procedure", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "board_seat"], name="governance_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(objects_to_written_form=True) | ~Q(choice=""),
                name="governance_answer_says_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.reference}: {self.board_seat}"


# Decision register --------------------------------------------------------------------------


class Decision(models.Model):
    """An adopted decision: numbered per body and year (e.g. V-2026-4), with its text,
    where it was taken and its follow-up. Members see the General Meeting's decisions,
    the Board its own; those marked public are published on the website."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.ForeignKey(
        DecisionKind, verbose_name=_("decision kind"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("question"), max_length=500)
    text = models.TextField(_("decision"))
    adopted_on = models.DateField(_("adopted on"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    procedure = models.OneToOneField(
        WrittenProcedure,
        verbose_name=_("written procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    poll = models.ForeignKey(
        Poll,
        verbose_name=_("poll"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_public = models.BooleanField(_("published on the website"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decision register")
        ordering = ["-adopted_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"], name="governance_decision_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(procedure__isnull=False),
                name="governance_decision_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])


class FollowUp(models.Model):
    """A task a decision sets: who, by when, status; reminded before and after the date."""

    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        DONE = "done", _("done")
        DROPPED = "dropped", _("no longer needed")

    class Kind(models.TextChoices):
        TASK = "task", _("task")
        REGISTRY_FILING = "registry_filing", _("filing with the Register of Legal Entities")
        STATEMENTS_APPROVAL = "statements_approval", _("approval of the annual statements")

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("task"), max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_follow_ups",
    )
    due_on = models.DateField(_("by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["status", "due_on"]
        constraints = [
            # The statements reminder (4 months after the year end) has no decision yet.
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(kind="statements_approval"),
                name="governance_follow_up_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title
