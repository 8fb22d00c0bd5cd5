"""Tags base.html uses to make every page findable and shareable.

- `{% capture as name %}…{% endcapture %}` renders its content (a block such as the
  page's title) once, as plain text, so the title shows in <title> and in og:title;
- `{% alternate_links %}`: the canonical address and the hreflang alternates (lt, en
  through `?lang=en`, x-default), on the site's configured address;
- `{% page_url %}`: the canonical address itself (og:url);
- `{% absolute_url path %}`: a path on the site's configured address (og:image).
"""

import html
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.template.base import Node, NodeList, Parser, Token
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lrba.core.urls import absolute_url as site_url
from lrba.website.middleware import LANGUAGE_PARAMETER

register = template.Library()

# Query parameters that make another page of the same content (not filters or sorting,
# which would give search engines endless near-copies).
KEPT_PARAMETERS = ("page",)
OG_LOCALES = {"lt": "lt_LT", "en": "en_GB"}


class CaptureNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Any) -> str:
        text = html.unescape(strip_tags(self.nodelist.render(context)))
        context[self.name] = " ".join(text.split())
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """`{% capture as page_title %}{% block title %}{% endblock %}{% endcapture %}`"""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _language() -> str:
    return (get_language() or "lt").split("-")[0]


def language_url(request: HttpRequest, language: str) -> str:
    """The page's address for `language` on the site's configured address: the plain
    address is Lithuanian (and the default), `?lang=en` the English one."""
    kept = [(name, request.GET[name]) for name in KEPT_PARAMETERS if request.GET.get(name)]
    if language != "lt":
        kept.append((LANGUAGE_PARAMETER, language))
    query = f"?{urlencode(kept)}" if kept else ""
    return site_url(request.path + query)


@register.simple_tag(takes_context=True)
def page_url(context: Any) -> str:
    request = context.get("request")
    return language_url(request, _language()) if request is not None else ""


@register.simple_tag(takes_context=True)
def alternate_links(context: Any) -> SafeString | str:
    request = context.get("request")
    if request is None:
        return ""
    links = [("lt", language_url(request, "lt")), ("en", language_url(request, "en"))]
    links.append(("x-default", links[0][1]))
    return format_html(
        '<link rel="canonical" href="{}">\n  {}',
        language_url(request, _language()),
        format_html_join(
            "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
        ),
    )


@register.simple_tag
def absolute_url(path: str) -> str:
    """`path` on the site's configured address (an address already absolute is kept)."""
    path = str(path or "")
    return path if path.startswith(("http://", "https://")) or not path else site_url(path)


@register.simple_tag
def og_locales() -> SafeString:
    current = _language()
    return format_html(
        '<meta property="og:locale" content="{}">\n  {}',
        OG_LOCALES.get(current, "lt_LT"),
        format_html_join(
            "\n  ",
            '<meta property="og:locale:alternate" content="{}">',
            ((locale,) for code, locale in OG_LOCALES.items() if code != current),
        ),
    )
