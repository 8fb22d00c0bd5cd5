"""The website's demo data: a year of news with pictures, projects, partners, the annual
reports of the last three years and a page with a picture — and the same content again
for the same seed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lrba.communications.models import Delivery, Message
from lrba.core.models import SearchEntry
from lrba.core.search import search_sources
from lrba.knowledge.demo_pictures import logo_draw, picture_draw
from lrba.knowledge.models import HelpRequest, PracticeArticle
from lrba.website import demo
from lrba.website.models import (
    AnnualReport,
    NewsImage,
    NewsItem,
    Page,
    Partner,
    Project,
    ProjectImage,
    Tag,
)
from lrba.website.selectors import annual_report_required_years, annual_reports_missing
from lrba.website.tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Tag,
    Partner,
    Project,
    NewsItem,
    NewsImage,
    AnnualReport,
    Page,
    PracticeArticle,
    HelpRequest,
    Message,
    Delivery,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _rendered(image) -> bool:
    """The image's renditions are listed and stored."""
    names = [name for key, name in image.renditions.items() if key.isdigit()]
    return bool(names) and all(image.image.storage.exists(name) for name in names)


def test_a_year_of_news_is_published_with_two_scheduled_and_a_draft(demo_loaded):
    now = timezone.now()
    published = NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED)
    visible = published.filter(publish_at__lte=now)
    assert 30 <= visible.count() <= 40
    assert published.filter(publish_at__gt=now).count() == 2  # scheduled
    assert NewsItem.objects.filter(status=NewsItem.Status.DRAFT).count() == 1
    oldest = visible.order_by("publish_at").first().publish_at
    assert now - datetime.timedelta(days=366) <= oldest <= now - datetime.timedelta(days=300)
    # Spread over the year: news in at least ten different months.
    months = {
        timezone.localdate(d).strftime("%Y-%m")
        for d in visible.values_list("publish_at", flat=True)
    }
    assert len(months) >= 10


def test_news_are_tagged_and_linked_to_libraries_events_and_projects(demo_loaded):
    news = NewsItem.objects.all()
    assert not news.filter(tags__isnull=True).exists()
    assert Tag.objects.count() >= 8
    assert news.filter(library__isnull=False).count() >= 5
    assert news.filter(event__isnull=False).count() >= 10
    assert news.filter(project__isnull=False).count() >= 4
    # A news item about a library names it in its title.
    item = news.filter(library__isnull=False).select_related("library").first()
    assert item.library.name in item.title or (item.library.name_genitive or "") in item.title
    # A report on an event appears after it.
    for item in news.filter(event__isnull=False, publish_at__lte=timezone.now()):
        assert item.publish_at.date() >= item.event.starts_at.date()


def test_every_news_item_has_a_described_picture_with_renditions(demo_loaded):
    assert not NewsItem.objects.filter(images__isnull=True).exists()
    pictures = NewsImage.objects.all()
    assert all(image.alt_text for image in pictures)
    assert all(_rendered(image) for image in pictures)
    # Each picture is drawn for its item: no two alike.
    sizes = {image.image.size for image in pictures}
    assert len(sizes) > len(pictures) // 2


def test_projects_in_every_state_with_funders_partner_libraries_and_pictures(demo_loaded):
    projects = Project.objects.all()
    assert 5 <= projects.count() <= 6
    assert set(projects.values_list("status", flat=True)) == set(Project.Status.values)
    for project in projects:
        assert project.is_published and project.funder and project.programme
        assert project.budget and project.budget > 0
        assert project.partner_libraries.exists() and project.partners.exists()
        assert project.ends_on is None or project.ends_on >= project.starts_on
        (image,) = ProjectImage.objects.filter(project=project)
        assert image.alt_text and _rendered(image)
    today = timezone.localdate()
    for project in projects.filter(status=Project.Status.COMPLETED):
        assert project.ends_on is not None and project.ends_on < today and project.results
    for project in projects.filter(status=Project.Status.RUNNING):
        assert project.ends_on is not None and project.starts_on <= today <= project.ends_on
    assert all(p.starts_on > today for p in projects.filter(status=Project.Status.PLANNED))


def test_partners_are_real_lithuanian_and_international_bodies_with_logos(demo_loaded):
    partners = Partner.objects.all()
    assert 8 <= partners.count() <= 10
    assert partners.filter(name="Lietuvos nacionalinė Martyno Mažvydo biblioteka").exists()
    assert partners.filter(name="Lietuvos kultūros taryba").exists()
    assert {"library", "public_body", "ngo", "international"} <= set(
        partners.values_list("kind", flat=True)
    )
    assert all(p.logo and p.website.startswith("https://") for p in partners)


def test_both_annual_reports_of_the_last_three_years_are_public_pdfs(demo_loaded):
    required = annual_report_required_years(timezone.localdate())
    assert len(required) == 3
    reports = AnnualReport.objects.select_related("document")
    assert set(reports.values_list("year", "kind")) == {
        (year, kind) for year in required for kind in AnnualReport.Kind.values
    }
    assert not annual_reports_missing(timezone.localdate())  # no warning in the back office
    for report in reports:
        assert report.without_personal_data and report.approved_on and report.approval
        assert report.document.access == "public" and report.document.category == "report"
        with report.document.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"


def test_the_history_page_sits_under_about_with_a_described_picture(demo_loaded):
    page = Page.objects.get(path="apie-asociacija/istorija")
    assert page.status == Page.Status.PUBLISHED and page.parent.path == "apie-asociacija"
    (image,) = page.images.all()
    assert image.alt_text and _rendered(image)


def test_the_site_search_knows_the_demo_content(demo_loaded):
    kinds = {source.kind for source in search_sources()}
    assert "news" in kinds
    expected = {"news": NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED).count()}
    if "project" in kinds:
        expected["project"] = Project.objects.count()
    if "practice" in kinds:
        expected["practice"] = PracticeArticle.objects.filter(status="published").count()
    for kind, count in expected.items():
        assert SearchEntry.objects.filter(kind=kind).count() == count, kind


def test_a_second_run_creates_no_content(demo_loaded):
    before = counts()
    call_command("demo_data", "--people", "600", stdout=io.StringIO())
    assert counts() == before


def test_the_demo_says_it_is_there_once_news_exist():
    assert not demo.demo_data_present()
    NewsItemFactory()
    assert demo.demo_data_present()


def _plan(seed: int) -> list[demo.PlannedNews]:
    when = datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)
    return demo.plan_news(
        seed=seed,
        today=datetime.date(2026, 11, 29),
        libraries={
            "municipal_public": [
                (f"biblioteka-{n}", f"Biblioteka {n}", f"Bibliotekos {n}") for n in range(12)
            ],
            "branch": [(f"filialas-{n}", f"Filialas {n}", f"Filialo {n}") for n in range(6)],
        },
        events={"Regionų bibliotekos – bendruomenės širdis": [("konferencija", when)]},
        projects={"zalioji-biblioteka"},
    )


def test_the_same_seed_plans_the_same_news_and_another_seed_other_ones():
    first, again, other = _plan(7), _plan(7), _plan(8)
    assert first == again
    assert [n.library_slug for n in first] != [n.library_slug for n in other]
    assert len({n.slug for n in first}) == len(first)
    conference = next(n for n in first if n.event_slug == "konferencija")
    assert conference.publish_at.date() == datetime.date(2026, 3, 7)  # two days after
    assert next(n for n in first if n.project_slug == "zalioji-biblioteka")


def test_a_picture_is_the_same_for_the_same_key_and_differs_for_another():
    picture = picture_draw(key="news:a", letter="Š")
    assert picture == picture_draw(key="news:a", letter="Š")
    assert picture != picture_draw(key="news:b", letter="Š")
    assert picture.startswith(b"\x89PNG")
    assert logo_draw(key="LNB", initials="LNB").startswith(b"\x89PNG")
