"""The cache namespaces of the news, project and partner pages (see lrba.core.cache).

A write to a news item, its pictures or tags makes every news rendering stale (`NEWS`): the
list, the archive and the tag pages show each item's title, lead, date and first picture, so
narrower counters would buy little. Projects and partners have their own counters. Scheduled
publication needs no counter at all: the keys hold the publication time of the newest item
visible now (`news_visible_state`), which changes exactly when a scheduled item comes out.
"""

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from lrba.core.cache import content_changed
from lrba.events.models import Event
from lrba.members.models import Library
from lrba.website.models import NewsImage, NewsItem, Partner, Project, ProjectImage, Tag

NEWS = "news"
PROJECTS = "projects"
PARTNERS = "partners"


def _news_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    content_changed(NEWS)


def _project_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    # A news item names and links its project.
    content_changed(NEWS, PROJECTS)


def _partner_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    content_changed(PARTNERS, PROJECTS)


def _relation_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        content_changed(NEWS, PROJECTS)


def _named_object_changed(sender: Any, instance: Library | Event, **kwargs: Any) -> None:
    # News items name their library or event; projects their partner libraries.
    if kwargs.get("raw") or instance.pk is None:
        return
    linked = NewsItem.objects.filter(**{sender._meta.model_name: instance}).exists()
    if linked or (
        isinstance(instance, Library)
        and Project.objects.filter(partner_libraries=instance).exists()
    ):
        content_changed(NEWS, PROJECTS)


def connect() -> None:
    news_models: tuple[type[Model], ...] = (NewsItem, NewsImage, Tag)
    project_models: tuple[type[Model], ...] = (Project, ProjectImage)
    for signal in (post_save, post_delete):
        suffix = "" if signal is post_save else "-del"
        for model in news_models:
            uid = f"news-{model.__name__}{suffix}"
            signal.connect(_news_changed, sender=model, dispatch_uid=uid)
        for model in project_models:
            uid = f"news-{model.__name__}{suffix}"
            signal.connect(_project_changed, sender=model, dispatch_uid=uid)
        signal.connect(_partner_changed, sender=Partner, dispatch_uid=f"news-partner{suffix}")
    for relation in (
        NewsItem.tags.through,
        Project.partner_libraries.through,
        Project.partners.through,
        Project.documents.through,
    ):
        uid = f"news-{relation.__name__}"
        m2m_changed.connect(_relation_changed, sender=relation, dispatch_uid=uid)
    named_models: tuple[type[Model], ...] = (Library, Event)
    for model in named_models:
        uid = f"news-{model.__name__}"
        post_save.connect(_named_object_changed, sender=model, dispatch_uid=uid)


connect()
