"""Background jobs of good practice: the e-mails to an article's author when the
secretariat returns or publishes it.

Each task loads the article afresh (it may run later, on another machine) and writes only
if the article is still in the state the e-mail speaks of, in the author's language.
"""

from django_tasks import task

from lrba.core.mail import mail_send
from lrba.core.urls import absolute_url
from lrba.knowledge.models import PracticeArticle
from lrba.members.models import Person


def _send(*, article: PracticeArticle, template: str) -> None:
    author = article.author
    if author is None or not author.email:
        return
    person = Person.objects.filter(user=author).first()
    mail_send(
        to=author.email,
        template=f"knowledge/email/{template}",
        context={
            "article": article,
            "library": article.library,
            "first_name": person.first_name if person is not None else "",
            "article_url": absolute_url(article.get_absolute_url()),
        },
        language=author.language,
    )


def _article(article_id: int) -> PracticeArticle | None:
    return PracticeArticle.objects.select_related("author", "library").filter(pk=article_id).first()


@task()
def send_article_returned(article_id: int) -> None:
    """Tell the author what the secretariat asks them to change."""
    article = _article(article_id)
    if article is not None and article.status == PracticeArticle.Status.RETURNED:
        _send(article=article, template="article_returned")


@task()
def send_article_published(article_id: int) -> None:
    """Tell the author their article is on the site."""
    article = _article(article_id)
    if article is not None and article.status == PracticeArticle.Status.PUBLISHED:
        _send(article=article, template="article_published")
