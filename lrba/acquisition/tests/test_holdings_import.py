"""A library's holdings upload: refused at once when the file is no holdings list, read
in the background (tasks run at once in tests), ISBNs normalised, bad ones reported,
replace or add, all or nothing; the pages around it."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from lrba.acquisition.isbn import isbn_normalise
from lrba.acquisition.models import Holding, HoldingsImport
from lrba.acquisition.services.holdings import holdings_import_run, holdings_import_start
from lrba.acquisition.tests.factories import HoldingFactory, isbn13, representative
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path("/work/shared/samples/marc")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def user(library):
    return representative(library)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def isbn_list(*lines: str) -> SimpleUploadedFile:
    return upload("fondas.txt", "\n".join(lines).encode())


def hyphenated(isbn: str) -> str:
    return f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:12]}-{isbn[12]}"


def held(library) -> set[str]:
    return set(Holding.objects.filter(library=library).values_list("isbn", flat=True))


def test_an_isbn_list_is_read_in_the_background_and_bad_isbns_are_reported(
    library, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = holdings_import_start(
            library=library,
            uploaded_file=isbn_list("ISBN", isbn13(1), "978-609-01-0002-?", hyphenated(isbn13(2))),
            replace=True,
            user=user,
        )

    done = HoldingsImport.objects.get(pk=started.pk)
    assert done.status == HoldingsImport.Status.DONE
    assert held(library) == {isbn13(1), isbn13(2)}
    assert (done.records_read, done.isbns_added, done.rejected) == (3, 2, 1)
    assert done.rejections[0]["reference"] == "978-609-01-0002-?"
    assert done.rejections[0]["reason"]
    assert done.created_by == user


def test_an_isbn_10_is_held_as_its_isbn_13(library, user):
    started = holdings_import_start(
        library=library,
        uploaded_file=isbn_list("0-306-40615-2"),
        replace=True,
        user=user,
        enqueue=False,
    )

    holdings_import_run(started)

    assert held(library) == {isbn_normalise("0306406152")}


def test_replace_drops_earlier_uploads_but_keeps_titles_bought_in_rounds(library, user):
    HoldingFactory(library=library, isbn=isbn13(50))
    HoldingFactory(library=library, isbn=isbn13(51), source=Holding.Source.ROUND)
    started = holdings_import_start(
        library=library, uploaded_file=isbn_list(isbn13(1)), replace=True, user=user, enqueue=False
    )

    holdings_import_run(started)

    assert held(library) == {isbn13(1), isbn13(51)}


def test_add_keeps_earlier_uploads_and_counts_only_new_isbns(library, user):
    HoldingFactory(library=library, isbn=isbn13(50))
    started = holdings_import_start(
        library=library,
        uploaded_file=isbn_list(isbn13(50), isbn13(1), isbn13(1)),
        replace=False,
        user=user,
        enqueue=False,
    )

    done = holdings_import_run(started)

    assert held(library) == {isbn13(1), isbn13(50)}
    assert done.isbns_added == 1


def test_other_libraries_holdings_are_untouched(library, user):
    other = HoldingFactory(isbn=isbn13(60))
    started = holdings_import_start(
        library=library, uploaded_file=isbn_list(isbn13(1)), replace=True, user=user, enqueue=False
    )

    holdings_import_run(started)

    assert Holding.objects.filter(pk=other.pk).exists()


def test_running_an_upload_twice_reads_it_once(library, user):
    started = holdings_import_start(
        library=library, uploaded_file=isbn_list(isbn13(1)), replace=False, user=user, enqueue=False
    )
    holdings_import_run(started)
    Holding.objects.filter(library=library).delete()

    again = holdings_import_run(started.pk)

    assert again.status == HoldingsImport.Status.DONE
    assert not Holding.objects.filter(library=library).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tuscias.txt", b""),
        ("knyga.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    ],
)
def test_a_file_that_is_no_holdings_list_is_refused_and_nothing_stored(
    library, user, name, content
):
    with pytest.raises(ValidationError) as refused:
        holdings_import_start(
            library=library, uploaded_file=upload(name, content), replace=True, user=user
        )

    assert refused.value.messages[0]
    assert not HoldingsImport.objects.exists()


def test_someone_who_does_not_order_for_the_library_cannot_upload(library):
    stranger = representative(LibraryFactory())

    with pytest.raises(PermissionDenied):
        holdings_import_start(
            library=library, uploaded_file=isbn_list(isbn13(1)), replace=True, user=stranger
        )

    assert not HoldingsImport.objects.exists()


def test_a_file_that_breaks_half_way_changes_nothing(library, user, monkeypatch):
    HoldingFactory(library=library, isbn=isbn13(50))
    started = holdings_import_start(
        library=library,
        uploaded_file=isbn_list(isbn13(1), isbn13(2)),
        replace=True,
        user=user,
        enqueue=False,
    )
    from lrba.acquisition.formats import FileRefused
    from lrba.acquisition.services import holdings as service

    def broken(file, name):
        yield (1, isbn13(1))
        raise FileRefused("The file breaks at line 2.")

    monkeypatch.setattr(service, "read_holdings", broken)

    done = holdings_import_run(started)

    assert done.status == HoldingsImport.Status.FAILED
    assert done.error == "The file breaks at line 2."
    assert held(library) == {isbn13(50)}  # the replace rolled back with the rest


@pytest.mark.parametrize(
    ("sample", "isbns"),
    [
        ("diacritic.dat", {"9780415782654", "9780203112021"}),  # MARC 21: both 020 $a
        ("testunimarc.dat", {isbn_normalise("88-04-40682-8")}),  # UNIMARC 010 $a, ISBN-10
    ],
)
def test_marc_records_give_their_isbns(library, user, sample, isbns):
    started = holdings_import_start(
        library=library,
        uploaded_file=upload(sample, (SAMPLES / sample).read_bytes()),
        replace=True,
        user=user,
        enqueue=False,
    )

    done = holdings_import_run(started)

    assert done.status == HoldingsImport.Status.DONE
    assert held(library) == isbns


def test_marc_records_without_an_isbn_are_reported(library, user):
    started = holdings_import_start(
        library=library,
        uploaded_file=upload("batch.xml", (SAMPLES / "batch.xml").read_bytes()),
        replace=True,
        user=user,
        enqueue=False,
    )

    done = holdings_import_run(started)

    assert (done.status, done.rejected, done.isbns_added) == ("done", 2, 0)
    # In the uploader's language (the test users' is Lithuanian).
    assert "neturi ISBN" in done.rejections[0]["reason"]


# The pages ---------------------------------------------------------------------------------


def test_the_holdings_page_uploads_and_shows_the_upload(
    client_for, alice, library_a, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    url = reverse("acquisition:holdings", args=[library_a.pk])
    HoldingFactory(library=library_a, isbn=isbn13(70), source=Holding.Source.ROUND)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": isbn_list(isbn13(1), "bad"), "mode": "add"})

    upload_ = HoldingsImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("acquisition:holdings_import", args=[library_a.pk, upload_.pk])
    assert upload_.status == HoldingsImport.Status.DONE  # the task ran at once
    detail = client.get(response.url).content.decode()
    assert "bad" in detail
    assert "hx-trigger" not in detail  # done: no more polling
    listing = client.get(url).content.decode()
    assert "fondas.txt" in listing


def test_a_refused_file_is_shown_with_its_reason(client_for, alice, library_a):
    response = client_for(alice).post(
        reverse("acquisition:holdings", args=[library_a.pk]),
        {"file": upload("knyga.pdf", b"%PDF-1.7\n%binary"), "mode": "replace"},
    )

    assert response.status_code == 400
    assert "field--error" in response.content.decode()
    assert not HoldingsImport.objects.exists()


def test_a_running_upload_polls_its_status(client_for, alice, library_a):
    started = holdings_import_start(
        library=library_a,
        uploaded_file=isbn_list(isbn13(1)),
        replace=True,
        user=alice,
        enqueue=False,
    )
    url = reverse("acquisition:holdings_import", args=[library_a.pk, started.pk])
    client = client_for(alice)

    page = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert "<html" not in fragment and 'id="holdings-import"' in fragment


def test_another_librarys_holdings_are_not_reachable(client_for, alice, library_b):
    client = client_for(alice)

    assert client.get(reverse("acquisition:holdings", args=[library_b.pk])).status_code == 404
