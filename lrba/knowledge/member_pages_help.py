"""The help desk's and onboarding's sections of a library's "My library" page.

`lrba.knowledge.member_pages` (the module the knowledge app declares as its
`member_pages_module`) adds these to its own: the library's help requests not closed yet,
and its onboarding checklist while it runs. "My library" opens for the library's
representatives and the secretariat (lrba.members.access), who may read both.
"""

from django.http import HttpRequest

from lrba.knowledge.selectors.helpdesk import asking_libraries, library_open_requests
from lrba.knowledge.selectors.onboarding import library_onboarding
from lrba.members.models import Library


def my_library_sections(request: HttpRequest, library: Library) -> list[tuple[str, dict]]:
    """The library's open help requests (always, so the way to ask is on the page) and
    its onboarding progress (while it is not completed)."""
    sections: list[tuple[str, dict]] = [
        (
            "knowledge/_my_library_help.html",
            {
                "library": library,
                "help_requests": list(library_open_requests(library)[:20]),
                "may_ask": asking_libraries(request.user).filter(pk=library.pk).exists(),
            },
        )
    ]
    progress = library_onboarding(library)
    if progress is not None:
        sections.append(
            ("knowledge/_my_library_onboarding.html", {"library": library, "progress": progress})
        )
    return sections
