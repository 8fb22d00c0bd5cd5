"""Shared by the tests that walk the site as the association's roles (test_url_access_roles,
test_admin_actions): a world of real objects every URL parameter can find,
and a fingerprint of the whole database to prove a request changed nothing."""

import datetime
import functools
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from lrba.accounts.tests.factories import (
    ConsentRecordFactory,
    ErasureRequestFactory,
    ProcessingActivityFactory,
)
from lrba.events.models import Event
from lrba.events.tests.factories import (
    AttachmentFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
)
from lrba.members.models import Invitation
from lrba.members.tests.factories import (
    EmploymentFactory,
    InvitationFactory,
    LibraryFactory,
    MandateFactory,
    MembershipApplicationFactory,
    MembershipFactory,
    PersonFactory,
    StaffAuthorisationFactory,
)
from lrba.training.models import TrainingRecord
from lrba.training.tests.factories import (
    CertificateFactory,
    ProgrammeRunFactory,
    TrainingRecordFactory,
    YearlyTargetFactory,
    attended,
)
from lrba.website.models import Document

# One value per URL parameter name, shared by every kind of object that the parameter can
# name: the library and the event have the same slug, the objects behind `<int:pk>` (and
# the back office's object ids) the same primary key, the registration and the invitation
# the same token. So each URL finds a real object instead of answering 404 before its
# access check runs.
SLUG = "bandymas"
PK = 4242
TOKEN = "bandymo-zetonas-4242"
HELP_NUMBER = "MP-2026-4242"

# Rows that change on every request whoever makes it (sessions, sign-in records, lockout
# counters, cached tasks): not the data a refused write would have touched.
VOLATILE_TABLES = {
    "django_session",
    "accounts_authevent",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "usersessions_usersession",
}


def database_fingerprint() -> dict[str, list[tuple]]:
    """Every row of every table (but the volatile ones), to compare before and after.

    The rows are read as the database stores them, with one prepared SELECT per table:
    the walks take a fingerprint before and after every request, and building ~200 ORM
    querysets each time cost most of their run time.
    """
    state = {}
    with connection.cursor() as cursor:
        for table, sql in _fingerprint_queries(connection.vendor):
            cursor.execute(sql)
            state[table] = sorted(cursor.fetchall(), key=repr)
    return state


@functools.cache
def _fingerprint_queries(vendor: str) -> tuple[tuple[str, str], ...]:
    """(table, SELECT of its columns) for every table the fingerprint reads."""
    quote = connection.ops.quote_name
    queries = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in VOLATILE_TABLES or model._meta.proxy or not model._meta.managed:
            continue
        columns = ", ".join(quote(field.column) for field in model._meta.local_concrete_fields)
        queries[table] = f"SELECT {columns} FROM {quote(table)}"
    return tuple(queries.items())


def fingerprint_diff(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]


def world() -> dict[str, Any]:
    """One real object of every kind a URL or a back-office action can name, in a state
    where a write would do something (a confirmed registration, an active membership, a
    pending training record, a valid certificate, an open invitation…)."""
    library = LibraryFactory(pk=PK, slug=SLUG)
    MembershipFactory(pk=PK, library=library)
    person = PersonFactory(pk=PK, user=None)
    employment = EmploymentFactory(pk=PK, person=person, library=library)
    MandateFactory(pk=PK, library=library)
    invitation = InvitationFactory(
        pk=PK, library=library, key="bandymas", token_hash=Invitation.hash_token(TOKEN)
    )
    MembershipApplicationFactory(pk=PK)
    event = EventFactory(pk=PK, slug=SLUG)
    SessionFactory(pk=PK, event=event)
    # A draft's attachment: only the back office's roles may open it (a staff page).
    AttachmentFactory(pk=PK, event=EventFactory(status=Event.Status.DRAFT))
    registration = RegistrationFactory(pk=PK, event=event, token=TOKEN, person=person)
    run = ProgrammeRunFactory(pk=PK)
    attended(run, count=1)
    certificate = CertificateFactory(pk=PK, person=person)
    record = TrainingRecordFactory(pk=PK, person=person, status=TrainingRecord.Status.PENDING)
    YearlyTargetFactory(pk=PK)
    ConsentRecordFactory(pk=PK, person=person)
    ErasureRequestFactory(pk=PK, person=person)
    ProcessingActivityFactory(pk=PK)
    document = Document.objects.create(
        pk=PK,
        title="Narių susirinkimo protokolas",
        access=Document.Access.MEMBERS,
        category=Document.Category.MINUTES,
        file=SimpleUploadedFile("protokolas.pdf", b"%PDF-1.4\n%test\n"),
        published_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    # A convened General Meeting: its page, control page, a document and a notice (its
    # token is the personal door pass).
    from lrba.governance.models import Meeting, MeetingDocument, Notice
    from lrba.governance.tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(
        pk=PK,
        reference=f"VNS-{PK}",
        status=Meeting.Status.CONVENED,
        convened_at=timezone.now(),
        projector_token=TOKEN,
    )
    AgendaItemFactory(pk=PK, meeting=meeting, position=1)
    MeetingDocument.objects.create(
        pk=PK,
        meeting=meeting,
        title="Nutarimo projektas",
        file=SimpleUploadedFile("projektas.pdf", b"%PDF-1.4\n%test\n"),
    )
    Notice.objects.create(
        pk=PK,
        meeting=meeting,
        person=person,
        language="lt",
        channel=Notice.Channel.POST,
        token=TOKEN,
    )
    # The member's advance written ballot registered it (the desk's row, the back office's
    # participant) and a voting-rights transfer not yet announced.
    from lrba.governance.models import Attendance
    from lrba.governance.tests.factories import VotingRightsTransferFactory

    Attendance.objects.create(
        pk=PK,
        meeting=meeting,
        membership_id=PK,
        person=person,
        capacity=Attendance.Capacity.MANDATE,
        channel=Attendance.Channel.ADVANCE_WRITTEN,
    )
    VotingRightsTransferFactory(pk=PK, transferor_id=PK, transferee=person)
    # A poll of that meeting open for advance voting: voting, opening or closing would write.
    from lrba.governance.models import Poll
    from lrba.governance.tests.factories import PollFactory

    PollFactory(
        pk=PK, item_id=PK, title="Dėl ataskaitos", allows_advance=True, status=Poll.Status.ADVANCE
    )
    # A circulated written procedure of the Board: answering or concluding would write.
    from lrba.governance.models import WrittenProcedure
    from lrba.governance.tests.factories import board, decision_kind

    WrittenProcedure.objects.create(
        pk=PK,
        body=board(),
        reference=f"V-RP-{PK}",
        title="Dėl narystės",
        decision_kind=decision_kind("ordinary"),
        draft_decision="Pritarti.",
        deadline=timezone.now() + datetime.timedelta(days=7),
        status=WrittenProcedure.Status.CIRCULATED,
        circulated_at=timezone.now(),
        entitled_count=5,
    )
    # A Board seat (the secretary's: no role to grant) and an old statute version with a
    # decision kind, for the back office's change pages.
    from lrba.governance.models import BoardSeat, DecisionKind, StatuteRules

    BoardSeat.objects.create(
        pk=PK,
        person=person,
        office=BoardSeat.Office.SECRETARY,
        start_date=datetime.date(2024, 1, 1),
    )
    old_rules = StatuteRules.objects.create(
        pk=PK, version="Senieji įstatai", in_force_from=datetime.date(2000, 1, 1)
    )
    DecisionKind.objects.create(
        pk=PK,
        rules=old_rules,
        code="ordinary",
        name="Įprastas",
        majority="for_over_against",
        clause="Įstatų 5 p.",
    )
    # Governance, minutes and the register: the minutes of a minuted meeting (with their
    # PDF) and a public decision with an open follow-up task.
    from lrba.governance.models import Decision, FollowUp, Meeting, Minutes
    from lrba.governance.tests.factories import MeetingFactory, decision_kind

    minuted = MeetingFactory(
        reference="VNS-2025-9",
        status=Meeting.Status.MINUTED,
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )
    Minutes.objects.create(
        pk=PK,
        meeting=minuted,
        number=minuted.reference,
        signing_deadline=minuted.date + datetime.timedelta(days=30),
        pdf=SimpleUploadedFile("protokolas-VNS-2025-9.pdf", b"%PDF-1.4\n%test\n"),
    )
    decision = Decision.objects.create(
        pk=PK,
        body=minuted.body,
        number="VNS-2025-1",
        year=2025,
        sequence=1,
        kind=decision_kind(),
        title="Dėl veiklos ataskaitos",
        text="Pritarti veiklos ataskaitai.",
        adopted_on=minuted.date,
        meeting=minuted,
        is_public=True,
    )
    FollowUp.objects.create(
        pk=PK, decision=decision, title="Paskelbti ataskaitą", due_on=minuted.date
    )
    # Content: a published page, news item, project and article with their pictures and
    # files, a partner, a menu item, an annual report, a help request with a message and
    # an attachment, a library's onboarding, a draft newsletter and a blocked address.
    from lrba.communications.models import Delivery, Suppression
    from lrba.communications.tests.factories import MessageFactory
    from lrba.knowledge.tests import factories as knowledge
    from lrba.website.tests import factories as website

    page = website.PageFactory(pk=PK, slug=SLUG, path=SLUG)
    website.PageImageFactory(pk=PK, page=page)
    news_item = website.NewsItemFactory(pk=PK, slug=SLUG, library=library, event=event)
    website.NewsImageFactory(pk=PK, news_item=news_item)
    website.TagFactory(pk=PK, slug=SLUG)
    project = website.ProjectFactory(pk=PK, slug=SLUG)
    website.ProjectImageFactory(pk=PK, project=project)
    website.PartnerFactory(pk=PK)
    website.MenuItemFactory(pk=PK)
    website.AnnualReportFactory(pk=PK)
    topic = knowledge.TopicFactory(pk=PK, slug=SLUG)
    knowledge.TopicConsultantFactory(pk=PK, topic=topic, person=person)
    article = knowledge.PracticeArticleFactory(pk=PK, slug=SLUG, library=library, topic=topic)
    knowledge.PracticeImageFactory(pk=PK, article=article)
    knowledge.PracticeAttachmentFactory(pk=PK, article=article)
    help_request = knowledge.HelpRequestFactory(
        pk=PK, number=HELP_NUMBER, library=library, topic=topic
    )
    message = knowledge.HelpMessageFactory(pk=PK, request=help_request)
    knowledge.HelpAttachmentFactory(pk=PK, message=message)
    onboarding = knowledge.OnboardingFactory(pk=PK, library=library)
    knowledge.OnboardingStepFactory(pk=PK, onboarding=onboarding)
    newsletter = MessageFactory(pk=PK)
    Delivery.objects.create(pk=PK, message=newsletter, email="skaitytoja@example.lt")
    Suppression.objects.create(pk=PK, email="atmesta@example.lt", reason="bounced")
    # Acquisition: a supplier's catalogue import with a rejected record, a title offered,
    # an open round the library orders in (a tier, its budget, a line), a closed round's
    # supplier order, the library's holdings upload and an employee authorised to order.
    from lrba.acquisition import models as acquisition
    from lrba.acquisition.tests import factories as acquisition_factories

    supplier = acquisition_factories.SupplierFactory(pk=PK, code=SLUG)
    acquisition_factories.ColumnMappingFactory(pk=PK, supplier=supplier)
    catalogue_import = acquisition.CatalogueImport.objects.create(
        pk=PK,
        supplier=supplier,
        file=SimpleUploadedFile("katalogas.csv", b"ISBN;Pavadinimas\n"),
        original_name="katalogas.csv",
        file_format=acquisition.CatalogueImport.Format.CSV,
        status=acquisition.CatalogueImport.Status.DONE,
    )
    acquisition.ImportRejection.objects.create(
        pk=PK, catalogue_import=catalogue_import, position=1, reason="Netinkamas ISBN."
    )
    offer = acquisition_factories.OfferFactory(
        pk=PK, supplier=supplier, title=acquisition_factories.TitleFactory(pk=PK)
    )
    buying_round = acquisition_factories.RoundFactory(pk=PK, suppliers=[supplier])
    acquisition_factories.DiscountTierFactory(pk=PK, round=buying_round)
    acquisition_factories.RoundBudgetFactory(pk=PK, round=buying_round, library=library)
    acquisition_factories.OrderLineFactory(
        pk=PK, round=buying_round, library=library, offer=offer, quantity=2
    )
    closed_round = acquisition_factories.RoundFactory(
        status=acquisition.Round.Status.CLOSED, suppliers=[supplier]
    )
    acquisition.SupplierOrder.objects.create(
        pk=PK, round=closed_round, supplier=supplier, number="KU-2026-4242"
    )
    acquisition.HoldingsImport.objects.create(
        pk=PK,
        library=library,
        file=SimpleUploadedFile("fondas.txt", b"9786090000007\n"),
        original_name="fondas.txt",
        status=acquisition.HoldingsImport.Status.DONE,
    )
    acquisition_factories.HoldingFactory(pk=PK, library=library)
    StaffAuthorisationFactory(pk=PK, library=library, person=person)
    # Representation: an open consultation with a choice question the library answered, a
    # sent position with its PDF and a public reply, a delegation with a report and its
    # file, and a programme proposed from a survey.
    from lrba.representation import models as representation
    from lrba.representation.tests import factories as representation_factories
    from lrba.training.tests.factories import ProgrammeFactory

    consultation = representation_factories.ConsultationFactory(
        pk=PK, slug=SLUG, document=SimpleUploadedFile("projektas.pdf", b"%PDF-1.4\n%test\n")
    )
    question = representation_factories.QuestionFactory(
        pk=PK, consultation=consultation, kind=representation.Question.Kind.SINGLE
    )
    choice = representation_factories.ChoiceFactory(pk=PK, question=question)
    response = representation_factories.ResponseFactory(
        pk=PK, consultation=consultation, library=library
    )
    representation_factories.AnswerFactory(
        pk=PK, response=response, question=question, text="", choices=[choice]
    )
    position = representation_factories.PositionFactory(
        pk=PK,
        slug=SLUG,
        status=representation.Position.Status.SENT,
        number="S-2026-4242",
        adopted_on=timezone.localdate(),
        sent_on=timezone.localdate(),
        sent_to="Kultūros ministerija",
        pdf=SimpleUploadedFile("S-2026-4242.pdf", b"%PDF-1.4\n%test\n"),
    )
    representation_factories.PositionDocumentFactory(pk=PK, position=position, public=True)
    delegation = representation_factories.DelegationFactory(pk=PK, person=person)
    representation_factories.DelegateReportFactory(
        pk=PK,
        delegation=delegation,
        file=SimpleUploadedFile("ataskaita.pdf", b"%PDF-1.4\n%test\n"),
    )
    representation.ProgrammeProposal.objects.create(
        pk=PK, consultation=consultation, choice=choice, programme=ProgrammeFactory(), demand=3
    )
    # The shared calendar: the library's published event, its feed and an import.
    from lrba.events import models as events
    from lrba.events.tests.factories import MemberCalendarSourceFactory, MemberEventFactory

    source = MemberCalendarSourceFactory(pk=PK, library=library)
    MemberEventFactory(pk=PK, library=library)
    events.MemberCalendarImport.objects.create(
        pk=PK, library=library, source=source, status=events.MemberCalendarImport.Status.DONE
    )
    events.MemberCalendarSettings.current()
    # A usable access token, for the back office's revoke action.
    from lrba.api.tests.factories import AccessTokenFactory

    AccessTokenFactory(pk=PK)
    return {
        "library": library,
        "person": person,
        "meeting": meeting,
        "employment": employment,
        "invitation": invitation,
        "event": event,
        "registration": registration,
        "run": run,
        "certificate": certificate,
        "record": record,
        "document": document,
    }


def url_samples(objects: dict[str, Any]) -> dict[str, str]:
    """A value for each URL parameter name, naming the objects of `world()`."""
    return {
        "slug": SLUG,
        "pk": str(PK),
        "run_id": str(PK),
        "object_id": str(PK),
        "id": str(PK),
        "token": TOKEN,
        "code": objects["certificate"].verification_code,
        "number": HELP_NUMBER,
        "step": str(PK),
        "page": str(PK),
        "width": "480",
        "year": str(timezone.localdate().year),
        "library_pk": str(PK),
        "line_pk": str(PK),
        "fmt": "xlsx",
        "question_pk": str(PK),
        "county": "siauliu",
        "filename": "S-2026-4242",
    }
