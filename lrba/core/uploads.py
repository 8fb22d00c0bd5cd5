"""One check for every uploaded file: size, extension and what the bytes really are.

The browser's content type and the file name are the uploader's claims; the first bytes
(the "magic number") are not. Office formats are ZIP files, told apart by the member that
names their type. No dependency beyond the standard library.
"""

import uuid
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_ALLOWED = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Extension → leading bytes of the genuine format.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}
# ZIP-based formats: what identifies each inside the archive.
OOXML_CONTENT_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_is(file: IO[bytes], extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            if extension in OOXML_CONTENT_TYPES:
                content_types = archive.read("[Content_Types].xml")
                return OOXML_CONTENT_TYPES[extension] in content_types
            if extension in ODF_MIMETYPES:
                return archive.read("mimetype").strip() == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return False


def _content_matches(file: Any, extension: str) -> bool:
    signatures = SIGNATURES.get(extension)
    if signatures is None:
        return False
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        return False
    if extension in OOXML_CONTENT_TYPES or extension in ODF_MIMETYPES:
        matches = _zip_is(file, extension)
        file.seek(0)
        return matches
    return True


def validate_upload(
    file: Any, *, allowed: Iterable[str] = DEFAULT_ALLOWED, max_bytes: int = DEFAULT_MAX_BYTES
) -> None:
    """Raise ValidationError unless `file` (an UploadedFile) is small enough and is what
    its name says, among the `allowed` extensions."""
    allowed = tuple(extension.lower().lstrip(".") for extension in allowed)
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    extension = _extension(file.name or "")
    if extension not in allowed:
        raise ValidationError(
            _("This kind of file is not accepted. Allowed: %(kinds)s.")
            % {"kinds": ", ".join(allowed)},
            code="file_type_not_allowed",
        )
    if not _content_matches(file, extension):
        raise ValidationError(
            _("The file's content does not match its type (.%(extension)s).")
            % {"extension": extension},
            code="file_content_mismatch",
        )


def upload_store(field_file: Any, uploaded_file: IO[bytes], *, name: str, prefix: str) -> None:
    """Save `uploaded_file` into the model's `field_file` (not saving the model) under
    "<prefix>-<8 random hex>-<safe name>", at most 100 characters: two uploads of one name
    never collide and nothing a user typed becomes a path. A name with nothing usable
    (e.g. "..") is stored as `prefix`."""
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files import File
    from django.utils.text import get_valid_filename

    try:
        stored_name = get_valid_filename(name)
    except SuspiciousFileOperation:
        stored_name = prefix
    field_file.save(
        f"{prefix}-{uuid.uuid4().hex[:8]}-{stored_name}"[-100:],
        File(uploaded_file, name=stored_name),
        save=False,
    )
