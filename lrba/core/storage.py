"""Where uploaded files and generated PDFs are kept: the settings of the default storage,
read from the environment by config.settings (kept here so they can be tested).

`LRBA_STORAGE=local` (the default) keeps them under MEDIA_ROOT; `LRBA_STORAGE=s3` in an
S3-compatible bucket (AWS S3, MinIO, Ceph…) through django-storages, so every app server
and worker sees the same files (docs/scale-out.md). Nothing in this module may import
models: settings import it.

The bucket stays private. Objects are written with the "private" ACL and `.url` is a plain
unsigned address the bucket refuses: files reach a browser only through the app's
access-checked views, which stream them (lrba.core.downloads.file_download). Credentials
come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile or an
instance role), never from the settings.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
ADDRESSING_STYLES = {"", "auto", "path", "virtual"}


def default_storage_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """The STORAGES["default"] entry for `environ`; ImproperlyConfigured for a value that
    cannot work (the site refuses to start rather than lose uploads)."""
    kind = environ.get("LRBA_STORAGE", "").strip().lower() or "local"
    if kind == "local":
        return dict(FILE_SYSTEM)
    if kind != "s3":
        raise ImproperlyConfigured(f"LRBA_STORAGE={kind!r}: use 'local' or 's3'.")

    def value(name: str) -> str:
        return environ.get(name, "").strip()

    bucket = value("LRBA_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("LRBA_STORAGE=s3 needs LRBA_S3_BUCKET (the bucket's name).")
    endpoint = value("LRBA_S3_ENDPOINT_URL")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"LRBA_S3_ENDPOINT_URL={endpoint!r} is not an address (https://s3.example.lt)."
        )
    style = value("LRBA_S3_ADDRESSING_STYLE").lower()
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"LRBA_S3_ADDRESSING_STYLE={style!r}: use 'path', 'virtual' or 'auto'."
        )
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            # None: AWS itself; else the provider's address.
            "endpoint_url": endpoint or None,
            "region_name": value("LRBA_S3_REGION") or None,
            # "path" for MinIO and most self-hosted stores; None lets boto3 choose.
            "addressing_style": style if style not in {"", "auto"} else None,
            # Objects under a prefix, so one bucket can hold several sites (or test runs).
            "location": value("LRBA_S3_PREFIX").strip("/"),
            "default_acl": "private",
            "querystring_auth": False,
            # As on the file system: a second upload of one name gets a name of its own
            # instead of replacing the first (django-storages overwrites by default).
            "file_overwrite": False,
            # A file streamed to a visitor is buffered in memory up to 2 MB, beyond that on
            # disk (django-storages' default, 0, would hold a whole 15 MB upload in memory).
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
