"""Rich text that editors write in the back office: one field, one editor, one sanitiser.

The editor is django-prose-editor (Tiptap/ProseMirror, MIT, its assets ship inside the
package, no licence key). It offers only what `lrba.core.sanitize` keeps — paragraphs,
headings of levels 2 and 3, bold, italic, links, lists, quotes and line breaks — and the
field runs that sanitiser (nh3) on every save, so a script or an event handler pasted or
posted around the editor never reaches a page.
"""

from typing import Any

from django_prose_editor.fields import ProseEditorField

from lrba.core.sanitize import sanitize_html

EDITOR_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


class RichTextField(ProseEditorField):
    """A TextField holding sanitised HTML, edited with the prose editor in the back office.

    Migrations see a plain TextField (ProseEditorField deconstructs as one).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)
