"""Public pages whose text the secretariat edits in the back office."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    """A page of plain text: paragraphs, `1.` numbered and `•`/`-` bulleted lines.

    The body is rendered as escaped text with its paragraphs and lists kept, so editors
    cannot put markup (or scripts) on the public site.
    """

    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text in English"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title
