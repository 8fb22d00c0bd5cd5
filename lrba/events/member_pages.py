"""The shared calendar on "My library" (lrba.core.plugins, `member_pages_module`): how many
upcoming events the library has in the association's calendar and links to publish more,
for whoever publishes for it (its representatives and the staff they authorise)."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from lrba.events.models import MemberEvent
from lrba.events.selectors.member_calendar import may_publish_for
from lrba.members.models import Library


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    if not may_publish_for(request.user, library):
        return []
    counts = MemberEvent.objects.filter(library=library, ends_at__gte=timezone.now()).aggregate(
        upcoming=Count("pk", filter=Q(status=MemberEvent.Status.PUBLISHED)),
        waiting=Count("pk", filter=Q(status=MemberEvent.Status.PENDING)),
    )
    return [("events/member/_my_library.html", {"library": library, **counts})]
