"""No sentence glues a nominative name into a case slot (issue 8): every e-mail template
and the pages, rendered in Lithuanian on the demo data, are read for the patterns of
a name left in the nominative where the sentence needs another case:

- a library's name before a word that needs it in the genitive ("Gavome Kuršėnų miesto
  bendruomenės biblioteka stojimo prašymą", "… centrinė biblioteka filialas");
- a greeting or an address with a first name in the nominative ("Laba diena, Žydrūnė,",
  "Jonas, dėkojame"), where the vocative is due (lrba.core.grammar).
"""

import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.core.mail import mail_render
from tests.test_page_language import (
    MEMBER_URLS,
    _admin_urls,
    _client,
    _member,
    _public_urls,
    visible_text,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
UPPER = "A-ZĄČĘĖĮŠŲŪŽ"
# Head nouns (and their adjectives) in the nominative, as an institution's name ends.
NOMINATIVE_HEAD = r"(?:biblioteka|filialas|centras|skyrius|muziejus|asociacija|bendruomenė)"
# Words that need the name before them in the genitive: "X stojimo prašymas",
# "X filialas", "X darbuotojai", "X atstovas", "X registracijos kodas".
NEEDS_GENITIVE = r"(?:stojimo|prašym\w*|filial\w*|darbuotoj\w*|atstov\w*|narystės|registracijos)"
# A first name whose nominative differs from its vocative (Jonas/Jonai, Žydrūnė/Žydrūne).
NOMINATIVE_FIRST_NAME = rf"[{UPPER}][\w-]*(?:as|is|ys|us|ė)"
GREETING = r"(?:Laba diena|Sveiki|Sveika|Sveikas|Gerb\.|Gerbiam\w+|Mielas|Miela|Labas)"
PATTERNS = {
    "a name in the nominative before a word that needs its genitive": re.compile(
        rf"\b\w*{NOMINATIVE_HEAD}\s+{NEEDS_GENITIVE}", re.IGNORECASE
    ),
    "a greeting with a first name in the nominative": re.compile(
        rf"\b{GREETING},?\s+{NOMINATIVE_FIRST_NAME}\s*[,!]"
    ),
    "an address with a first name in the nominative": re.compile(
        rf"(?:^|[.!?]\s+)({NOMINATIVE_FIRST_NAME}),\s+(?:dėkojame|kviečiame|sveikiname|prašome)"
    ),
}


def grammar_problems(text: str) -> list[str]:
    """Each nominative glued into a case slot in `text`: the pattern's name and the words."""
    return [
        f"{label}: {match.group(0).strip()!r} in {text.strip()[:160]!r}"
        for label, pattern in PATTERNS.items()
        for match in pattern.finditer(text)
    ]


# The checker itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gavome Kuršėnų miesto bendruomenės biblioteka stojimo prašymą",
        "Laba diena, Žydrūnė,",
        "Šiaulių miesto savivaldybės centrinė biblioteka filialas",
        "Sprendimas dėl Kauno apskrities viešoji biblioteka stojimo prašymo",
        "Sveiki, Jonas!",
        "Jonas, dėkojame, kad dalyvavote.",
        "Lietuvos bibliotekų informacijos centras darbuotojai",
    ],
)
def test_the_checker_finds_a_nominative_in_a_case_slot(text):
    assert grammar_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gavome Kuršėnų miesto bendruomenės bibliotekos stojimo prašymą",
        "Laba diena, Žydrūne,",
        "Laba diena, Rūta,",
        "Laba diena,",
        "Šiaulių miesto savivaldybės centrinės bibliotekos filialas",
        "Jonai, dėkojame, kad dalyvavote.",
        "Naujas stojimo prašymas: Kuršėnų miesto bendruomenės biblioteka",
        "Biblioteka: Kuršėnų miesto bendruomenės biblioteka",
    ],
)
def test_the_checker_passes_the_right_cases(text):
    assert grammar_problems(text) == []


# The e-mails ---------------------------------------------------------------------------


def _email_templates() -> set[str]:
    """Every e-mail of the project, as mail_render names it ("members/email/invitation")."""
    names = set()
    for body in ROOT.glob("lrba/*/templates/**/email/*_body.txt"):
        relative = body.as_posix().split("/templates/", 1)[1]
        names.add(relative.removesuffix("_body.txt"))
    return names


def _first_name_variety(records: list[Any], first_name: Callable[[Any], str]) -> list[Any]:
    """One record per first-name ending (Jonas, Jurgis, Paulius, Kazys, Žydrūnė, Rūta),
    so every declension the greeting meets is read."""
    chosen: dict[str, Any] = {}
    for record in records:
        name = first_name(record)
        ending = next(
            (e for e in ("ius", "as", "is", "us", "ys", "ė", "a") if name.endswith(e)), ""
        )
        chosen.setdefault(ending, record)
    return list(chosen.values())


def _applications() -> list[Any]:
    from lrba.members.models import MembershipApplication

    applications = list(MembershipApplication.objects.select_related("municipality"))
    assert applications, "the demo data have applications"
    return applications


def _application_contexts(status: str = "") -> Iterator[dict[str, Any]]:
    for application in _applications():
        if status:
            application.status = status
            application.decision_reason = "Valdybos 2026-03-01 nutarimas Nr. 3."
        yield {"application": application, "admin_url": "https://lrba.lt/admin/"}


def _registration_contexts(status: str) -> Iterator[dict[str, Any]]:
    from lrba.events.models import Registration
    from lrba.events.tasks import registration_context

    registrations = list(Registration.objects.select_related("event")[:400])
    assert registrations, "the demo data have registrations"
    for registration in _first_name_variety(registrations, lambda r: r.first_name):
        registration.status = status
        context = registration_context(registration)
        context["event"].cancelled_reason = "Lektorė susirgo."
        yield {**context, "qr_attached": status == "confirmed"}


def _people() -> list[Any]:
    from lrba.members.models import Person

    return _first_name_variety(list(Person.objects.order_by("pk")[:600]), lambda p: p.first_name)


def _record_contexts() -> Iterator[dict[str, Any]]:
    from lrba.training.models import TrainingRecord

    for person in _people():
        for status in ("approved", "rejected"):
            record = TrainingRecord(
                person=person,
                title="Skaitmeninis raštingumas",
                provider="Lietuvos nacionalinė Martyno Mažvydo biblioteka",
                hours=6,
                status=status,
                rejection_reason="Nepridėtas pažymėjimas.",
            )
            yield {"record": record, "person": person, "my_learning_url": "https://lrba.lt/"}


def _invitation_contexts() -> Iterator[dict[str, Any]]:
    from lrba.members.models import Invitation, Library

    expires = timezone.now() + datetime.timedelta(days=7)
    for library in Library.objects.filter(parent__isnull=False).order_by("pk")[:3]:
        for role in Invitation.Role.values:
            invitation = Invitation(library=library, role=role, email="a@b.lt", expires_at=expires)
            yield {"invitation": invitation, "accept_url": "https://lrba.lt/kvietimas/"}


def _erasure_contexts() -> Iterator[dict[str, Any]]:
    from lrba.accounts.models import ErasureRequest

    for status in ("confirmed", "rejected"):
        request = ErasureRequest(status=status, rejection_reason="Vyksta ginčas.")
        yield {"request": request}


def _notice_contexts() -> Iterator[dict[str, Any]]:
    from lrba.governance.models import Notice
    from lrba.governance.tasks import notice_context

    notices = list(Notice.objects.filter(person__isnull=False).select_related("meeting")[:400])
    assert notices, "the demo data have convened meetings"
    for notice in _first_name_variety(notices, lambda n: n.person.first_name):
        yield {**notice_context(notice), "qr_attached": True}


def _minutes_contexts(**extra: Any) -> Iterator[dict[str, Any]]:
    from lrba.governance.models import Minutes

    minutes = Minutes.objects.select_related("meeting__body").order_by("pk").first()
    assert minutes is not None, "the demo data have minutes"
    for person in _people():
        yield {"person": person, "minutes": minutes, "meeting": minutes.meeting, **extra}


def _follow_up_contexts() -> Iterator[dict[str, Any]]:
    from lrba.governance.models import FollowUp

    for follow_up in FollowUp.objects.select_related("decision")[:5]:
        for overdue in (True, False):
            yield {"follow_up": follow_up, "overdue": overdue, "due_today": not overdue}


def _consultation_reminder_contexts() -> Iterator[dict[str, Any]]:
    from lrba.members.models import Library
    from lrba.representation.models import Consultation
    from lrba.representation.selectors.consultations import ReminderRecipient

    libraries = list(Library.objects.order_by("pk").values_list("name", flat=True)[:2])
    for consultation in Consultation.objects.order_by("pk")[:3]:
        for names, for_self in ((libraries, False), ([], True), (libraries[:1], True)):
            yield {
                "consultation": consultation,
                "recipient": ReminderRecipient(
                    email="a@example.lt",
                    language="lt",
                    name="Ona Onaitė",
                    libraries=names,
                    for_self=for_self,
                ),
                "url": "https://lrba.lt/atstovavimas/",
            }


def _transfer_contexts() -> Iterator[dict[str, Any]]:
    import datetime as dt

    from lrba.governance.models import VotingRightsTransfer
    from lrba.members.models import Membership

    membership = Membership.objects.filter(library__isnull=False).select_related("library")[0]
    for person in _people():
        transfer = VotingRightsTransfer(
            transferor=membership,
            transferee=person,
            basis="Sutartis",
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 1, 1),
            notified_on=dt.date(2026, 1, 1),
        )
        yield {"transfer": transfer, "first_name": person.first_name}


def _procedure_contexts() -> Iterator[dict[str, Any]]:
    from lrba.governance.models import WrittenProcedure

    procedure = WrittenProcedure.objects.order_by("pk").first()
    assert procedure is not None, "the demo data have written procedures"
    for person in _people():
        yield {"procedure": procedure, "person": person, "procedure_url": "https://lrba.lt/"}


def _invoice_contexts() -> Iterator[dict[str, Any]]:
    from lrba.finance.models import Invoice

    documents = [
        Invoice.objects.invoices().issued().select_related("series").order_by("pk").first(),
        Invoice.objects.credit_notes()
        .select_related("series", "credited_invoice__series")
        .order_by("pk")
        .first(),
    ]
    assert all(documents), "the demo data have an invoice and a credit note"
    for document in documents:
        for person in _people():
            yield {"invoice": document, "first_name": person.first_name, "url": "https://lrba.lt/"}


def _reminder_contexts() -> Iterator[dict[str, Any]]:
    from lrba.finance.models import Invoice

    invoice = Invoice.objects.invoices().issued().select_related("series").order_by("pk").first()
    assert invoice is not None, "the demo data have invoices"
    for person in _people():
        for days in (1, 7, 12, 21, 30):
            yield {
                "invoice": invoice,
                "number": invoice.display_number,
                "days": days,
                "balance": "120,00 €",
                "total": "120,00 €",
                "reference": invoice.reference,
                "due_date": invoice.due_date,
                "first_name": person.first_name,
            }


def _article_contexts() -> Iterator[dict[str, Any]]:
    from lrba.knowledge.models import PracticeArticle
    from lrba.members.models import Library

    library = Library.objects.order_by("pk")[0]
    for person in _people():
        for audience in ("public", "members"):
            article = PracticeArticle(
                title="Skaitymo klubai kaimo bibliotekose",
                library=library,
                audience=audience,
                review_note="Pridėkite bent vieną nuotrauką.",
            )
            yield {
                "article": article,
                "library": library,
                "first_name": person.first_name,
                "article_url": "https://lrba.lt/geroji-patirtis/skaitymo-klubai/",
            }


def _help_request():
    import datetime

    from lrba.knowledge.models import HelpRequest
    from lrba.members.models import Library

    library = Library.objects.order_by("pk")[0]
    return HelpRequest(
        number="MP-2026-0001",
        subject="Kaip surengti skaitymo iššūkį?",
        library=library,
        due_on=datetime.date(2026, 12, 9),
    )


def _help_message_contexts() -> Iterator[dict[str, Any]]:
    from lrba.knowledge.models import HelpMessage

    help_request = _help_request()
    for to_library in (True, False):
        for first_name in ("Žydrūnė", "Jonas", ""):
            yield {
                "help_request": help_request,
                "library": help_request.library,
                "message": HelpMessage(body="Pradėkite nuo taisyklių ir prizų."),
                "attachments": ["planas.pdf"],
                "request_url": "https://lrba.lt/metodine-pagalba/MP-2026-0001/",
                "to_library": to_library,
                "first_name": first_name,
            }


def _help_closed_contexts() -> Iterator[dict[str, Any]]:
    help_request = _help_request()
    for may_reopen in (True, False):
        yield {
            "help_request": help_request,
            "library": help_request.library,
            "request_url": "https://lrba.lt/metodine-pagalba/MP-2026-0001/",
            "may_reopen": may_reopen,
            "reopen_days": 30,
            "ask_url": "https://lrba.lt/metodine-pagalba/klausti/",
        }


def _newsletter_contexts() -> Iterator[dict[str, Any]]:
    yield {
        "subject": "Lapkričio naujienlaiškis",
        "text": "Regionų bibliotekose – naujos paslaugos.",
        "newsletter": True,
        "unsubscribe_url": "https://lrba.lt/naujienlaiskiai/atsisakyti/x/",
        "archive_url": "https://lrba.lt/naujienlaiskiai/",
        "test": False,
    }
    yield {
        "subject": "Pranešimas",
        "text": "Sekretoriatas nedirbs penktadienį.",
        "newsletter": False,
        "unsubscribe_url": "",
        "archive_url": "",
        "test": True,
    }


CONTEXTS: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
    "members/email/application_received": _application_contexts,
    "members/email/new_application_notice": _application_contexts,
    "members/email/application_decision": lambda: (
        context for status in ("admitted", "rejected") for context in _application_contexts(status)
    ),
    "members/email/invitation": _invitation_contexts,
    "events/email/registration_confirmation": lambda: (
        context
        for status in ("confirmed", "waitlisted")
        for context in _registration_contexts(status)
    ),
    "events/email/promotion_notice": lambda: _registration_contexts("confirmed"),
    "events/email/cancellation_notice": lambda: _registration_contexts("cancelled"),
    "events/email/event_cancelled_notice": lambda: _registration_contexts("cancelled"),
    "events/email/feedback_request": lambda: _registration_contexts("confirmed"),
    "training/email/record_decision": _record_contexts,
    "accounts/privacy/email/erasure_outcome": _erasure_contexts,
    "governance/email/meeting_notice": _notice_contexts,
    "governance/email/meeting_cancelled": _notice_contexts,
    "governance/email/minutes_open": lambda: _minutes_contexts(url="https://lrba.lt/"),
    "governance/email/minutes_signing_reminder": lambda: (
        context
        for overdue in (True, False)
        for context in _minutes_contexts(overdue=overdue, url="https://lrba.lt/")
    ),
    "governance/email/follow_up_reminder": _follow_up_contexts,
    "governance/email/transfer_recorded": _transfer_contexts,
    "governance/email/procedure_circulated": _procedure_contexts,
    "finance/email/invoice": _invoice_contexts,
    "finance/email/reminder": _reminder_contexts,
    "knowledge/email/article_returned": _article_contexts,
    "knowledge/email/article_published": _article_contexts,
    "communications/email/message": _newsletter_contexts,
    "knowledge/email/help_new": _help_message_contexts,
    "knowledge/email/help_reply": _help_message_contexts,
    "knowledge/email/help_closed": _help_closed_contexts,
    "representation/email/consultation_reminder": _consultation_reminder_contexts,
}


def test_every_email_template_is_read_by_the_grammar_test():
    assert _email_templates() == set(CONTEXTS)


def test_no_email_glues_a_nominative_name_into_a_case_slot(demo_loaded):
    problems = []
    rendered = 0
    for template, contexts in CONTEXTS.items():
        for context in contexts():
            subject, body = mail_render(template=template, context=context, language="lt")
            rendered += 1
            for text in (subject, *body.splitlines()):
                problems += [f"{template}: {found}" for found in grammar_problems(text)]
    assert rendered > len(CONTEXTS)
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_issue_s_application_e_mail_takes_the_genitive_and_the_vocative(demo_loaded):
    from lrba.members.models import MembershipApplication

    application = MembershipApplication(
        library_name="Kuršėnų miesto bendruomenės biblioteka",
        representative_first_name="Žydrūnė",
    )

    subject, body = mail_render(
        template="members/email/application_received",
        context={"application": application},
        language="lt",
    )

    assert subject == "Gavome Kuršėnų miesto bendruomenės bibliotekos stojimo prašymą"
    assert body.startswith("Laba diena, Žydrūne,\n")


# The pages -----------------------------------------------------------------------------


def _branch_urls() -> list[str]:
    from lrba.members.models import Library

    branch = Library.objects.filter(parent__isnull=False, parent__memberships__isnull=False)
    urls = [reverse("members:library_list") + "?kind=branch"]
    first = branch.order_by("pk").first()
    if first is not None:
        urls += [first.get_absolute_url(), first.parent.get_absolute_url()]
    return urls


def _feedback_urls() -> list[str]:
    """The survey pages of attended registrations, one per first-name ending: the page
    thanks the participant by name."""
    from lrba.events.models import Event, Registration

    registrations = Registration.objects.filter(
        status=Registration.Status.ATTENDED,
        event__ends_at__lt=timezone.now(),
        feedback__isnull=True,
    ).exclude(event__status=Event.Status.CANCELLED)
    chosen = _first_name_variety(list(registrations[:400]), lambda r: r.first_name)
    return [reverse("events:feedback_form", args=[r.token]) for r in chosen]


def _representative():
    from lrba.accounts.models import User
    from lrba.members.demo import REPRESENTATIVE_EMAIL

    return User.objects.get(email=REPRESENTATIVE_EMAIL)


def _page_texts(client, urls: list[str]) -> list[tuple[str, str]]:
    """(url, visible text) of every text a person sees on the pages."""
    texts = []
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        texts += [(url, text) for text in visible_text(response.content.decode(), "lt")]
    return texts


def test_no_page_glues_a_nominative_name_into_a_case_slot(demo_loaded, client, staff_user):
    from lrba.accounts.tests.factories import totp_activate

    totp_activate(staff_user)
    public = _public_urls() + _branch_urls() + _feedback_urls()
    texts = _page_texts(_client(client, None, "lt"), public)
    texts += _page_texts(_client(client, _member(), "lt"), [reverse(n) for n in MEMBER_URLS])
    representative = _client(client, _representative(), "lt")
    texts += _page_texts(representative, [reverse("members:my_library")])
    texts += _page_texts(_client(client, staff_user, "lt"), _admin_urls())

    problems = [f"{url}: {found}" for url, text in texts for found in grammar_problems(text)]
    assert not problems, "\n".join(sorted(set(problems)))
    # The directory's branch cards and a survey's thanks by name were read.
    assert any(text.endswith("bibliotekos filialas") for _url, text in texts)
    assert any(", dėkojame, kad dalyvavote" in text for _url, text in texts)


def test_the_demo_data_store_every_library_s_genitive_and_name_branches_properly(demo_loaded):
    from lrba.members.models import Library, MembershipApplication

    libraries = Library.objects.values_list("name", "name_genitive", "parent_id", "short_name")
    assert all(genitive for _name, genitive, _parent, _short in libraries)
    applications = MembershipApplication.objects.exclude(library_name="")
    assert all(a.library_name_genitive for a in applications)
    branches = [(name, short) for name, _genitive, parent, short in libraries if parent]
    assert branches
    # "Šiaulių … centrinės bibliotekos Kuršėnų filialas", short "Kuršėnų filialas".
    assert all(short and name.endswith(short) for name, short in branches)
    assert not [name for name, _short in branches if grammar_problems(name)]
