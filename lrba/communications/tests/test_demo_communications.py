"""The communications demo: a year of sent newsletters with their deliveries (sent,
failed, blocked, unsubscribed), an announcement, a scheduled newsletter and a draft."""

import pytest
from django.utils import timezone

from lrba.accounts.models import ConsentRecord
from lrba.communications import demo
from lrba.communications.models import Delivery, Message, Suppression
from lrba.communications.tests.factories import MessageFactory
from lrba.members.demo import MEMBER_EMAIL

pytestmark = pytest.mark.django_db

Status = Message.Status


def test_newsletters_went_out_over_the_year_one_to_a_county(demo_loaded):
    sent = Message.objects.filter(kind=Message.Kind.NEWSLETTER, status=Status.SENT)
    assert 4 <= sent.count() <= 6
    first = sent.order_by("started_at").first()
    assert first is not None and first.started_at is not None
    assert (timezone.now() - first.started_at).days > 250
    assert sent.filter(segment=Message.Segment.COUNTY, county__isnull=False).count() == 1
    assert all(m.in_public_archive for m in sent)


def test_the_counters_agree_with_the_deliveries(demo_loaded):
    for message in Message.objects.filter(status=Status.SENT):
        deliveries = message.deliveries
        assert message.sent_count == deliveries.filter(status=Delivery.Status.SENT).count()
        assert message.failed_count == deliveries.filter(status=Delivery.Status.FAILED).count()
        assert (
            message.recipient_count == deliveries.exclude(status=Delivery.Status.SUPPRESSED).count()
        )
        started, finished = message.started_at, message.finished_at
        assert started is not None and finished is not None
        assert started < finished < timezone.now()
        assert message.sent_count > 0


def test_deliveries_are_sent_failed_blocked_or_unsubscribed(demo_loaded):
    statuses = set(Delivery.objects.values_list("status", flat=True))
    assert {"sent", "failed", "suppressed", "unsubscribed"} <= statuses
    assert not Delivery.objects.filter(status="pending").exists()
    assert Delivery.objects.filter(status="failed").exclude(error="").count() == (
        Delivery.objects.filter(status="failed").count()
    )


def test_bounced_and_complaining_addresses_are_blocked_after_their_report(demo_loaded):
    reasons = set(Suppression.objects.values_list("reason", flat=True))
    assert {"bounced", "complained"} <= reasons
    for blocked in Suppression.objects.all():
        later = Delivery.objects.filter(
            email=blocked.email,
            message__started_at__gt=blocked.created_at,
            message__kind=Message.Kind.NEWSLETTER,
        )
        assert later.exists()
        assert set(later.values_list("status", flat=True)) == {"suppressed"}


def test_newsletters_reach_only_consenting_people_and_the_leaver_no_more(demo_loaded):
    newsletters = Delivery.objects.filter(message__kind=Message.Kind.NEWSLETTER)
    consenting = ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.NEWSLETTER)
    assert not newsletters.exclude(person__in=consenting.values("person")).exists()
    assert consenting.filter(person__email=MEMBER_EMAIL, withdrawn_at__isnull=True).exists()
    left = Delivery.objects.get(status=Delivery.Status.UNSUBSCRIBED)
    withdrawn = consenting.get(person=left.person, withdrawn_at__isnull=False)
    assert not newsletters.filter(
        person=left.person, message__started_at__gt=withdrawn.withdrawn_at
    ).exists()


def test_one_announcement_one_scheduled_newsletter_and_one_draft(demo_loaded):
    announcement = Message.objects.get(kind=Message.Kind.ANNOUNCEMENT)
    assert announcement.status == Status.SENT and not announcement.in_public_archive
    assert announcement.segment == Message.Segment.REPRESENTATIVES
    scheduled = Message.objects.get(status=Status.SCHEDULED)
    assert scheduled.scheduled_at is not None and scheduled.scheduled_at > timezone.now()
    assert not scheduled.deliveries.exists()
    draft = Message.objects.get(status=Status.DRAFT)
    assert not draft.deliveries.exists()


def test_the_demo_says_it_is_there_once_a_message_exists():
    assert not demo.demo_data_present()
    MessageFactory()
    assert demo.demo_data_present()
