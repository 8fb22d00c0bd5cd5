"""Forms of good practice: validation and normalisation only (the services decide).

The body is a plain text box, not the back office's prose editor: the editor loads its
modules through an inline import map, which the public site's Content-Security-Policy
(no inline script, lrba.core.csp) refuses. Plain text becomes paragraphs; the few tags
the site allows may be typed; everything is sanitised on save (services.practice).
"""

import html
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lrba.core.images import validate_image
from lrba.core.models import County
from lrba.knowledge.models import PracticeArticle, Topic, validate_attachment
from lrba.knowledge.selectors.practice import article_counties, article_topics
from lrba.members.models import Library

_ONLY_PARAGRAPHS = re.compile(r"^(?:<p>|</p>|<br>|[^<])*$", re.S)


def body_for_editing(stored: str) -> str:
    """A stored body back in the text box: paragraphs and line breaks as plain text when
    that is all it has (a draft written here), the HTML as it is otherwise."""
    text = (stored or "").strip()
    if not _ONLY_PARAGRAPHS.match(text):
        return text
    text = text.replace("<br>", "\n").replace("</p>\n\n<p>", "\n\n").replace("</p><p>", "\n\n")
    return html.unescape(text.removeprefix("<p>").removesuffix("</p>"))


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: County) -> str:
        return obj.name


class ArticleForm(forms.Form):
    library = forms.ModelChoiceField(
        label=_("Library"),
        queryset=Library.objects.none(),  # the writer's libraries, set in __init__
        empty_label=None,
        help_text=_("The library whose practice this is."),
    )
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in the list and in search results."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Separate paragraphs with an empty line. You may use the tags <h2>, <h3>, "
            "<strong>, <em>, <ul>, <ol>, <li>, <blockquote> and <a href>; anything else "
            "is removed."
        ),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), empty_label=_("Choose a topic")
    )
    county = CountyChoiceField(
        label=_("County"),
        queryset=County.objects.all(),
        help_text=_("Where the practice comes from; the library's county unless you change it."),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (PracticeArticle.Audience.PUBLIC, _("Everyone")),
            (PracticeArticle.Audience.MEMBERS, _("Members of the association only")),
        ],
        initial=PracticeArticle.Audience.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("The secretariat may change this when it publishes the article."),
    )

    def __init__(self, *args: Any, libraries: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        library_field: Any = self.fields["library"]
        if libraries is None:
            del self.fields["library"]
        else:
            library_field.queryset = libraries
        topic_field: Any = self.fields["topic"]
        topic_field.queryset = article_topics()
        county_field: Any = self.fields["county"]
        county_field.choices = [("", _("Choose a county"))] + [
            (county.pk, county.name) for county in article_counties()
        ]
        if libraries is not None and not self.is_bound and not self.initial.get("county"):
            first = libraries.first()
            if first is not None:
                self.initial["county"] = first.municipality.county_id
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean_body(self) -> str:
        from lrba.knowledge.services.practice import article_body_clean

        body = self.cleaned_data["body"]
        if not article_body_clean(body).strip():
            raise ValidationError(_("Write the article's text."), code="required")
        return body

    @classmethod
    def initial_of(cls, article: PracticeArticle) -> dict[str, Any]:
        return {
            "title": article.title,
            "summary": article.summary,
            "body": body_for_editing(article.body),
            "topic": article.topic_id,
            "county": article.county_id,
            "audience": article.audience,
        }


class ArticleImageForm(forms.Form):
    image = forms.ImageField(
        label=_("Picture"),
        validators=[validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, at most 15 MB."),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    credit = forms.CharField(label=_("Author of the picture"), max_length=200, required=False)


class ArticleAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        validators=[validate_attachment],
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or a picture, at most 20 MB."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("As shown under the article; the file's name if left empty."),
    )


class ArticleReviewForm(forms.Form):
    PUBLISH_PUBLIC = "publish_public"
    PUBLISH_MEMBERS = "publish_members"
    RETURN = "return"
    WITHDRAW = "withdraw"
    DECISIONS = (
        (PUBLISH_PUBLIC, _("Publish for everyone")),
        (PUBLISH_MEMBERS, _("Publish for members only")),
        (RETURN, _("Return to the author for changes")),
        (WITHDRAW, _("Withdraw from the site")),
    )

    decision = forms.ChoiceField(
        label=_("What to do with the article"), choices=DECISIONS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return the article: say what to change."),
    )

    def __init__(self, *args: Any, article: PracticeArticle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed_by_status: dict[str, tuple[str, ...]] = {
            PracticeArticle.Status.SUBMITTED: (
                self.PUBLISH_PUBLIC,
                self.PUBLISH_MEMBERS,
                self.RETURN,
                self.WITHDRAW,
            ),
            PracticeArticle.Status.PUBLISHED: (self.WITHDRAW,),
            PracticeArticle.Status.WITHDRAWN: (self.PUBLISH_PUBLIC, self.PUBLISH_MEMBERS),
        }
        allowed = allowed_by_status.get(str(article.status), ())
        decision: Any = self.fields["decision"]
        decision.choices = [(value, label) for value, label in self.DECISIONS if value in allowed]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.RETURN and not cleaned.get("note", "").strip():
            self.add_error("note", _("Write the author a note saying what to change."))
        return cleaned
