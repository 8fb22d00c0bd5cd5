"""Good practice's panel on the back office's home (lrba.core.dashboard): articles the
librarians submitted and the secretariat has not decided on yet, the longest-waiting first.

The knowledge app's `dashboard.py` (the help desk's) adds `PANELS` from here to its own.
"""

import datetime

from django.utils.translation import gettext

from lrba.core.dashboard import Panel, PanelSource, waiting_panel
from lrba.knowledge.models import PracticeArticle


def submitted_articles_panel(*, now: datetime.datetime) -> Panel:
    return waiting_panel(
        PracticeArticle.objects.filter(status=PracticeArticle.Status.SUBMITTED).select_related(
            "library"
        ),
        since="submitted_at",
        now=now,
        filters={"status__exact": PracticeArticle.Status.SUBMITTED},
        text=lambda article: (
            f"{article.title} ({article.library.short_name or article.library.name})"
        ),
        title=gettext("Good practice to review"),
        icon="menu_book",
        link_text=gettext("All submitted articles"),
        empty=gettext("No article waits for review."),
    )


PANELS = (
    PanelSource(
        permission="knowledge.view_practicearticle", build=submitted_articles_panel, order=79
    ),
)
