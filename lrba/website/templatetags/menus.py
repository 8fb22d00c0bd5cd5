"""`{% site_menu "header" as links %}`: the menu's links for base.html, each with
`current` set when it leads to the page being shown (or the section it is in)."""

from dataclasses import dataclass
from typing import Any

from django import template

from lrba.website.menus import menu_links

register = template.Library()


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    external: bool
    current: bool


def link_is_current(url: str, path: str) -> bool:
    """The link leads to `path` or to the section `path` is in ("/naujienos/" for a
    news item); the home page's link only for the home page itself."""
    if not url.startswith("/") or url.startswith("//"):
        return False
    url = url.split("?", 1)[0].split("#", 1)[0]
    return path == url or (url != "/" and url.endswith("/") and path.startswith(url))


@register.simple_tag(takes_context=True)
def site_menu(context: Any, menu: str) -> list[ShownLink]:
    request = context.get("request")
    path = getattr(request, "path", "")
    return [
        ShownLink(
            label=link.label,
            url=link.url,
            external=link.external,
            current=link_is_current(link.url, path),
        )
        for link in menu_links(menu)
    ]
