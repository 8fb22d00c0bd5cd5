"""Two reviewers deciding on one article at the same moment: one decision wins, the other
is refused with the article's new state, and the author gets one e-mail at most.
PostgreSQL only (lrba.core.tests.concurrency)."""

import pytest
from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.knowledge.models import PracticeArticle
from lrba.knowledge.services import practice as services
from lrba.knowledge.tests.factories import PracticeArticleFactory
from lrba.members.tests.factories import UserFactory

pytestmark = POSTGRES_RACE


@pytest.fixture
def submitted():
    return PracticeArticleFactory(
        status=PracticeArticle.Status.SUBMITTED, published_at=None, author=UserFactory()
    )


def test_publishing_and_returning_at_once_leaves_one_decision(submitted):
    first, second = UserFactory(), UserFactory()

    outcome = run_at_once(
        [
            lambda: services.article_publish(
                article=PracticeArticle.objects.get(pk=submitted.pk), by=first, audience="public"
            ),
            lambda: services.article_return(
                article=PracticeArticle.objects.get(pk=submitted.pk), by=second, note="Trumpiau."
            ),
        ]
    )

    submitted.refresh_from_db()
    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert isinstance(outcome.errors[0], ValidationError)
    assert submitted.status in (PracticeArticle.Status.PUBLISHED, PracticeArticle.Status.RETURNED)


def test_two_reviewers_publishing_at_once_publish_once(submitted):
    reviewers = [UserFactory(), UserFactory()]

    outcome = run_at_once(
        [
            lambda reviewer=reviewer: services.article_publish(
                article=PracticeArticle.objects.get(pk=submitted.pk),
                by=reviewer,
                audience="members",
            )
            for reviewer in reviewers
        ]
    )

    submitted.refresh_from_db()
    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert submitted.reviewed_by in reviewers
