"""Uploaded files and generated PDFs on S3-compatible object storage (LRBA_STORAGE=s3).

The bucket is moto's S3 emulator in server mode on a loopback port (18500–18599): real
HTTP requests through boto3 and django-storages, as against MinIO or AWS, with no network
beyond this machine. Each test gets a bucket of its own.
"""

import datetime
import socket
import uuid
from decimal import Decimal

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lrba.core.downloads import file_download
from lrba.core.storage import S3_BACKEND, default_storage_from_env

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%S3 bandymas\n"
PORTS = range(18500, 18600)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18500–18599 for the S3 emulator")


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, made the default storage exactly as LRBA_STORAGE=s3 does."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_CONFIG_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    name = f"lrba-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_from_env(
            {
                "LRBA_STORAGE": "s3",
                "LRBA_S3_BUCKET": name,
                "LRBA_S3_ENDPOINT_URL": s3_endpoint,
                "LRBA_S3_REGION": "us-east-1",
                "LRBA_S3_ADDRESSING_STYLE": "path",
                "LRBA_S3_PREFIX": "media/",
            }
        ),
    }
    # Nothing may fall back to the file system: a MEDIA_ROOT that cannot be written.
    settings.MEDIA_ROOT = "/nonexistent/media"
    return client, name


def _objects(bucket) -> dict[str, bytes]:
    client, name = bucket
    listed = client.list_objects_v2(Bucket=name).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# Settings -------------------------------------------------------------------------------


def test_the_file_system_is_the_default():
    assert default_storage_from_env({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert default_storage_from_env({"LRBA_STORAGE": " Local "})["BACKEND"].endswith(
        "FileSystemStorage"
    )


def test_s3_keeps_the_bucket_private_and_never_overwrites():
    storage = default_storage_from_env(
        {"LRBA_STORAGE": "s3", "LRBA_S3_BUCKET": "lrba-media", "LRBA_S3_REGION": "eu-north-1"}
    )
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == S3_BACKEND
    assert options["bucket_name"] == "lrba-media"
    assert options["region_name"] == "eu-north-1"
    assert options["endpoint_url"] is None  # AWS itself
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    # No credentials in the settings: boto3 reads its own environment or instance role.
    assert not {"access_key", "secret_key"} & options.keys()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"LRBA_STORAGE": "ftp"}, "use 'local' or 's3'"),
        ({"LRBA_STORAGE": "s3"}, "needs LRBA_S3_BUCKET"),
        (
            {"LRBA_STORAGE": "s3", "LRBA_S3_BUCKET": "b", "LRBA_S3_ENDPOINT_URL": "minio:9000"},
            "is not an address",
        ),
        (
            {"LRBA_STORAGE": "s3", "LRBA_S3_BUCKET": "b", "LRBA_S3_ADDRESSING_STYLE": "dns"},
            "use 'path', 'virtual' or 'auto'",
        ),
    ],
)
def test_a_setting_that_cannot_work_stops_the_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage_from_env(environ)


# Uploads through a page, downloads through the access check ------------------------------


def test_an_attachment_asked_with_lands_in_the_bucket_and_only_its_library_downloads_it(
    bucket, client_for, alice, carol, library_a, django_capture_on_commit_callbacks
):
    from lrba.knowledge.models import HelpAttachment

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            reverse("knowledge:help_create"),
            {
                "library": library_a.pk,
                "subject": "Vasaros skaitymo iššūkis",
                "description": "Nuo ko pradėti?",
                "attachments": [SimpleUploadedFile("Šiaulių planas.pdf", PDF, "application/pdf")],
            },
        )
    assert response.status_code == 302
    attachment = HelpAttachment.objects.get()
    assert _objects(bucket) == {f"media/{attachment.file.name}": PDF}
    url = reverse(
        "knowledge:help_attachment",
        args=[attachment.message.request.number, attachment.pk],
    )

    download = client_for(alice).get(url)
    assert download.status_code == 200
    assert _body(download) == PDF
    assert download["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''%C5%A0iauli%C5%B3%20planas.pdf" in download["Content-Disposition"]
    # Another library's representative is refused, a stranger is sent to sign in.
    assert client_for(carol).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_the_bucket_objects_are_private_and_their_address_carries_no_signature(bucket):
    from django.core.files.storage import default_storage

    client, name = bucket
    stored = default_storage.save("knowledge/slaptas.pdf", ContentFile(PDF))
    grants = client.get_object_acl(Bucket=name, Key=f"media/{stored}")["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, nobody else
    assert "Signature" not in default_storage.url(stored)


def test_a_second_upload_of_one_name_keeps_the_first(bucket):
    from django.core.files.storage import default_storage

    first = default_storage.save("knowledge/planas.pdf", ContentFile(PDF))
    second = default_storage.save("knowledge/planas.pdf", ContentFile(b"%PDF-1.4\n%antras\n"))
    assert first != second
    assert _objects(bucket)[f"media/{first}"] == PDF


def test_a_file_gone_from_the_bucket_is_not_found_and_the_proxy_is_never_asked(
    bucket, settings, alice
):
    from django.http import Http404

    from lrba.knowledge.models import HelpAttachment
    from lrba.knowledge.tests.factories import HelpRequestFactory

    settings.LRBA_SENDFILE_HEADER = "X-Accel-Redirect"  # the proxy cannot read a bucket
    help_request = HelpRequestFactory(asked_by=alice)
    attachment = HelpAttachment.objects.create(
        message=help_request.messages.create(author=alice, body="Planas"),
        file=SimpleUploadedFile("planas.pdf", PDF, "application/pdf"),
        original_name="planas.pdf",
    )
    response = file_download(attachment.file)
    assert "X-Accel-Redirect" not in response
    assert _body(response) == PDF

    client, name = bucket
    client.delete_object(Bucket=name, Key=f"media/{attachment.file.name}")
    with pytest.raises(Http404):
        file_download(HelpAttachment.objects.get(pk=attachment.pk).file)


# A generated PDF ------------------------------------------------------------------------


def test_a_certificate_pdf_is_stored_in_the_bucket_and_served_from_it_to_its_holder(
    bucket, client_for, dave, carol, staff_user, django_capture_on_commit_callbacks
):
    from lrba.events.tests.factories import RegistrationFactory
    from lrba.members.tests.factories import PersonFactory
    from lrba.training.models import Certificate
    from lrba.training.services.certificates import certificates_issue_for_run
    from lrba.training.tests.factories import ProgrammeRunFactory

    run = ProgrammeRunFactory(
        programme__hours=Decimal("8"),
        event__starts_at=datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC),
        event__ends_at=datetime.datetime(2026, 10, 5, 16, tzinfo=datetime.UTC),
    )
    person = PersonFactory(user=dave, email=dave.email)
    RegistrationFactory(event=run.event, person=person, status="attended")
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_issue_for_run(run=run, by=staff_user) == 1
    certificate = Certificate.objects.get()
    key = f"media/{certificate.pdf.name}"
    stored = _objects(bucket)
    assert list(stored) == [key]
    assert stored[key].startswith(b"%PDF-")

    # What the holder downloads is the bucket's object (replaced here by a marked copy),
    # not a PDF drawn again on the spot.
    client, name = bucket
    marked = stored[key] + b"%bucket\n"
    client.put_object(Bucket=name, Key=key, Body=marked)
    url = reverse("training:certificate_download", args=[certificate.pk])
    response = client_for(dave).get(url)
    assert response.status_code == 200
    assert _body(response) == marked
    assert response["Content-Type"] == "application/pdf"
    assert client_for(carol).get(url).status_code in {403, 404}
