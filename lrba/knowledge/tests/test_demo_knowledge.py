"""The knowledge demo: topics with consultants who can sign in, good practice in every
state, help requests in every state with their conversations, and the newest member's
onboarding under way."""

import pytest
from django.utils import timezone

from lrba.knowledge import demo
from lrba.knowledge.models import (
    HelpMessage,
    HelpRequest,
    Onboarding,
    OnboardingCheck,
    PracticeArticle,
    PracticeAttachment,
    Topic,
    TopicConsultant,
)
from lrba.knowledge.tests.factories import PracticeArticleFactory
from lrba.members.demo import REPRESENTATIVE_EMAIL
from lrba.members.models import Employment, Library, Membership

pytestmark = pytest.mark.django_db

Status = PracticeArticle.Status


def test_topics_of_library_work_most_with_a_consultant_who_works_at_a_member(demo_loaded):
    assert 8 <= Topic.objects.count() <= 10
    assert Topic.objects.filter(name="Vaikų ir jaunimo skaitymas").exists()
    with_consultant = Topic.objects.filter(consultants__isnull=False).distinct()
    assert 5 <= with_consultant.count() < Topic.objects.count()  # some go to the secretariat
    for row in TopicConsultant.objects.select_related("person__user"):
        assert row.person.user is not None and row.is_active
        assert Employment.objects.current().at_member_libraries().filter(person=row.person)


def test_a_consultant_signs_in_with_the_demo_password(demo_loaded):
    row = TopicConsultant.objects.select_related("person__user").first()
    user = row.person.user
    assert user.check_password(demo.CONSULTANT_PASSWORD) and user.is_active
    assert user.emailaddress_set.filter(email=user.email, verified=True).exists()


def test_good_practice_in_every_state_mostly_published(demo_loaded):
    articles = PracticeArticle.objects.all()
    assert 15 <= articles.count() <= 20
    published = articles.filter(status=Status.PUBLISHED)
    assert published.count() >= 12
    assert published.filter(audience="members").count() >= 2
    assert published.filter(audience="public").count() >= 10
    assert articles.filter(status=Status.SUBMITTED).count() == 1
    returned = articles.get(status=Status.RETURNED)
    assert returned.review_note and returned.reviewed_by
    assert set(articles.values_list("status", flat=True)) == set(Status.values)
    for article in published:
        assert article.published_at is not None and article.submitted_at is not None
        assert article.submitted_at < article.published_at <= timezone.now()
        assert article.county == article.library.municipality.county
    assert len(set(published.values_list("topic", flat=True))) >= 6


def test_the_representatives_library_has_articles_of_its_own(demo_loaded):
    mine = PracticeArticle.objects.filter(author__email=REPRESENTATIVE_EMAIL)
    assert {"published", "returned", "draft"} <= set(mine.values_list("status", flat=True))


def test_published_articles_have_described_pictures_and_a_pdf_handout(demo_loaded):
    pictured = PracticeArticle.objects.filter(images__isnull=False).distinct()
    assert pictured.count() >= 5
    for article in pictured:
        for image in article.images.all():
            assert image.alt_text and image.renditions
    (attachment,) = PracticeAttachment.objects.filter(article__status=Status.PUBLISHED)
    with attachment.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_help_requests_in_every_state_with_conversations(demo_loaded):
    requests = HelpRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(HelpRequest.Status.values)
    for request in requests:
        assert request.number.startswith("MP-") and request.reply_token
        messages = list(request.messages.order_by("created_at"))
        assert messages[0].body == request.description and messages[0].author == request.asked_by
        if request.status in ("answered", "closed"):
            assert request.first_response_at and request.answered_at
        if request.status == "closed":
            assert request.closed_at
    assert requests.filter(assignee__isnull=True).exists()  # the secretariat's
    assert requests.filter(assignee__isnull=False).exists()  # a consultant's
    assert HelpMessage.objects.filter(is_internal=True).exists()
    assert HelpMessage.objects.filter(channel=HelpMessage.Channel.EMAIL).exists()
    overdue = requests.exclude(status__in=["answered", "closed"]).filter(
        due_on__lt=timezone.localdate()
    )
    assert overdue.exists()


def test_a_consultant_never_answers_their_own_library(demo_loaded):
    for request in HelpRequest.objects.filter(assignee__isnull=False):
        assert not Employment.objects.current().filter(
            person__user=request.assignee, library=request.library
        )


def test_an_answered_request_became_a_draft_article(demo_loaded):
    article = PracticeArticle.objects.get(help_request__isnull=False)
    assert article.status == Status.DRAFT
    assert article.help_request.status == HelpRequest.Status.ANSWERED


def test_the_newest_member_library_is_being_onboarded_with_a_mentor(demo_loaded):
    onboarding = Onboarding.objects.select_related("library", "mentor_library").get()
    newest = (
        Membership.objects.current()
        .filter(library__isnull=False)
        .order_by("-joined_on", "-pk")
        .first()
    )
    assert onboarding.library == newest.library
    assert onboarding.started_on == newest.joined_on
    assert onboarding.completed_on is None
    mentor = onboarding.mentor_library
    assert mentor != onboarding.library
    assert mentor.municipality.county_id == onboarding.library.municipality.county_id
    assert Library.objects.members().filter(pk=mentor.pk).exists()
    steps = onboarding.steps.all()
    assert steps.count() >= 5
    assert steps.filter(done_when=OnboardingCheck.MANUAL, done_at__isnull=False).exists()
    assert steps.filter(done_at__isnull=True).exists()


def test_the_demo_says_it_is_there_once_an_article_exists():
    assert not demo.demo_data_present()
    PracticeArticleFactory()
    assert demo.demo_data_present()
