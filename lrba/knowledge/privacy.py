"""The knowledge app's personal data (see lrba.accounts.privacy.declarations).

A person is here as the asker of a library's help requests and an author of their
messages, as the author of good-practice articles, and as a consultant named for topics.
The requests and articles are the library's and the association's records of
methodological work: erasure keeps them but takes the person's account and name off them;
the messages they wrote lose their author too. Being a consultant ends.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import ERASED_NAME, Erasure, PersonalTable, Subject
from lrba.knowledge.models import HelpMessage, HelpRequest, PracticeArticle, TopicConsultant


def _requests(subject: Subject) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(asked_by_id=subject.user_id).order_by("created_at", "pk")


def _messages(subject: Subject) -> QuerySet[HelpMessage]:
    return HelpMessage.objects.filter(author_id=subject.user_id).order_by("created_at", "pk")


def _articles(subject: Subject) -> QuerySet[PracticeArticle]:
    return PracticeArticle.objects.filter(author_id=subject.user_id).order_by("created_at", "pk")


TABLES = (
    PersonalTable(
        name="knowledge_help_requests",
        model=HelpRequest,
        fields=(
            "number",
            "library__name",
            "topic__name",
            "subject",
            "description",
            "status",
            "asked_by_id",
            "created_at",
            "answered_at",
            "closed_at",
        ),
        rows=_requests,
        about=("jūsų pateikti metodinės pagalbos prašymai", "the help requests you asked"),
    ),
    PersonalTable(
        name="knowledge_help_messages",
        model=HelpMessage,
        fields=(
            "request__number",
            "author_id",
            "author_name",
            "body",
            "is_internal",
            "channel",
            "created_at",
        ),
        rows=_messages,
        about=("jūsų žinutės metodinės pagalbos pokalbiuose", "your messages in help requests"),
    ),
    PersonalTable(
        name="knowledge_articles",
        model=PracticeArticle,
        fields=(
            "title",
            "library__name",
            "author_id",
            "author_name",
            "status",
            "audience",
            "created_at",
            "published_at",
        ),
        rows=_articles,
        about=("jūsų parašyti gerosios patirties straipsniai", "good-practice articles you wrote"),
    ),
    PersonalTable(
        name="knowledge_consultant_topics",
        model=TopicConsultant,
        fields=("topic__name", "person_id", "is_active", "note"),
        rows=lambda s: TopicConsultant.objects.filter(person_id=s.person_id).order_by("pk"),
        about=(
            "temos, kurioms esate paskirtas konsultantu",
            "the topics you are named a consultant for",
        ),
    ),
)

NOT_EXPORTED = {
    "HelpRequest.assignee": "the staff member or consultant answering: their own data, "
    "exported as their messages",
    "HelpMessage.email_message_id": "a technical identifier of the e-mail a reply came in",
    "HelpAttachment.original_name": "the name of a file attached to the library's request",
    "PracticeArticle.reviewed_by": "the secretariat member who reviewed the article",
    "PracticeArticle.review_note": "the secretariat's note to the author about the article",
    "Topic.name": "the name of a field of library work",
    "Topic.description": "the description of a field of library work",
    "Topic.name_en": "as Topic.name",
    "Topic.position": "the topic's place in the list, not a job",
    "PracticeArticle.body": "the library's good practice, as the library publishes it; the "
    "author's articles are exported by title",
    "PracticeImage.alt_text": "what the article's picture shows",
    "PracticeImage.alt_text_en": "as PracticeImage.alt_text",
    "PracticeImage.position": "the picture's place in the gallery, not a job",
    "OnboardingTemplateStep.position": "the step's place in the checklist, not a job",
    "OnboardingStep.position": "as OnboardingTemplateStep.position",
    "OnboardingTemplate.name": "the name of a checklist template",
    "OnboardingTemplateStep.description": "what a checklist step asks the library to do",
    "OnboardingStep.description": "as OnboardingTemplateStep.description",
    "OnboardingStep.done_by": "the staff member who ticked the library's step",
    "OnboardingStep.note": "the secretariat's note on the library's step",
}


def erase(erasure: Erasure) -> None:
    """Requests, messages and articles stay (the library's and the association's records
    of methodological work) without the person's account or name; consultant rows go."""
    subject = erasure.subject
    if not subject.user_id and not subject.person_id:
        return
    requests = list(_requests(subject))
    messages = list(_messages(subject))
    articles = list(_articles(subject))
    for request in requests:  # one by one, so the change history records it
        request.asked_by = None
        request.save(update_fields=["asked_by"])
    for message in messages:
        message.author = None
        message.author_name = ERASED_NAME
        message.save(update_fields=["author", "author_name"])
    for article in articles:
        article.author = None
        article.author_name = ERASED_NAME if article.author_name else ""
        article.save(update_fields=["author", "author_name"])
    if messages:
        erasure.redact_history(HelpMessage, [m.pk for m in messages], names=["author_name"])
    if articles:
        erasure.redact_history(PracticeArticle, [a.pk for a in articles], names=["author_name"])
    TopicConsultant.objects.filter(Q(person_id=subject.person_id)).delete()
    if requests or articles:
        erasure.keep(
            "Metodinės pagalbos prašymai ir gerosios patirties straipsniai (bibliotekos ir "
            f"asociacijos metodinės veiklos įrašai) be jūsų vardo: {len(requests) + len(articles)}"
        )
