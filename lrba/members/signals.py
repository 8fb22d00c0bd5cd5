"""Cache invalidation (a cross-cutting concern, hence signals): any write to the
register's public content makes its cached renderings stale. See lrba.core.cache."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from lrba.core.cache import REGISTER, content_changed
from lrba.core.models import County, Municipality
from lrba.members.models import Employment, Library, Membership, Person

PUBLIC_MODELS = (Library, Membership, Person, Employment, County, Municipality)


def _register_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    content_changed(REGISTER)


for model in PUBLIC_MODELS:
    post_save.connect(_register_changed, sender=model, dispatch_uid=f"register-{model.__name__}")
    post_delete.connect(
        _register_changed, sender=model, dispatch_uid=f"register-del-{model.__name__}"
    )
