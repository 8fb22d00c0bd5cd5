"""Backups of uploaded files kept on S3-compatible object storage (LRBA_STORAGE=s3).

moto's S3 emulator in server mode (the fixtures of test_storage_s3): the archive is made
from the bucket and restored into another prefix of it, through the storage API only.
"""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.module_loading import import_string

from lrba.core.backup import backup_create, backup_restore, storage_files
from lrba.core.tests.test_backup import _target_is_empty, target  # noqa: F401 (fixture)
from lrba.core.tests.test_storage_s3 import bucket, s3_endpoint  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_data_restored"),
]

FILES = {
    "documents/2026/ataskaita.pdf": b"%PDF-1.4\n%metine\n",
    "events/attachments/programa-šiauliai.txt": "Šiaulių seminaras".encode(),
}


def _sha(storage, name: str) -> str:
    with storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_files_on_object_storage_are_backed_up_and_restored_through_the_storage_api(
    bucket,  # noqa: F811
    target,  # noqa: F811
    tmp_path,
    settings,
):
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    made = backup_create(
        directory=tmp_path / "archives", keep=0, connection=connection, storage=default_storage
    )
    entry = settings.STORAGES["default"]
    restored = import_string(entry["BACKEND"])(**{**entry["OPTIONS"], "location": "restored"})
    assert list(storage_files(restored)) == []

    result = backup_restore(
        archive=made.path, settings_dict=target, storage=restored, close=lambda: None
    )

    assert result.media_written == len(FILES)
    assert sorted(storage_files(restored)) == sorted(FILES)
    assert {name: _sha(restored, name) for name in FILES} == {
        name: hashlib.sha256(content).hexdigest() for name, content in FILES.items()
    }
    assert not _target_is_empty(target)
