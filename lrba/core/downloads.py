"""Download responses: a safe Content-Disposition, and uploaded files sent only after an
access check.

Uploaded files live in the default storage (MEDIA_ROOT, or a private S3 bucket with
LRBA_STORAGE=s3), which no URL serves: a view fetches the object through its `access_*`
helper and returns `file_download(...)`. Files on the local file system can be sent by
the proxy (`LRBA_SENDFILE_HEADER = "X-Accel-Redirect"` and an `internal` location at
`LRBA_SENDFILE_PREFIX`, see docs/deploy.md); otherwise, and always for object storage,
Django streams them through the storage API. Streaming rather than redirecting to a
signed bucket address keeps the bucket private and unreachable from browsers, and keeps
the response's cache headers (a public image for a day, a private file never) ours: a
signed address cached for a day would outlive its signature.
"""

import mimetypes
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase


def _ascii_fallback(filename: str) -> str:
    # "Šiaulių ataskaita.pdf" -> "Siauliu ataskaita.pdf" for clients that ignore filename*.
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_name = decomposed.encode("ascii", "ignore").decode()
    return "".join(c if c.isprintable() and c not in '"\\/' else "_" for c in ascii_name)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An RFC 6266 header value: a plain ASCII `filename` for old clients and the exact
    UTF-8 name in `filename*` (RFC 8187), so Lithuanian letters survive and no quote,
    slash or line break from a title can break out of the header."""
    filename = "".join(c for c in filename.rsplit("/", 1)[-1] if c.isprintable()) or "file"
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """Bytes made on the fly (a PDF, a spreadsheet, an .ics) as a named download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def _is_local(file: FieldFile) -> bool:
    # isinstance sees through default_storage's lazy proxy to the storage it stands for.
    return isinstance(file.storage, FileSystemStorage)


def file_download(
    file: FieldFile, *, filename: str | None = None, private: bool = True
) -> HttpResponseBase:
    """An uploaded file, sent as an attachment. Call only after the access check.

    `private` files (anything not public) must not be kept by shared caches. Http404 when
    the file is missing from storage."""
    stored_name = file.name
    if not stored_name:
        raise Http404
    name = filename or stored_name.rsplit("/", 1)[-1]
    # The proxy can only send what lies on its own disk: never a file in object storage.
    header = settings.LRBA_SENDFILE_HEADER if _is_local(file) else ""
    response: HttpResponseBase
    if header:
        if not file.storage.exists(stored_name):
            raise Http404
        # The proxy reads the file from its internal location; Django sends no body.
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        response[header] = settings.LRBA_SENDFILE_PREFIX.rstrip("/") + "/" + quote(stored_name)
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle)
    response["Content-Disposition"] = content_disposition(name)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
