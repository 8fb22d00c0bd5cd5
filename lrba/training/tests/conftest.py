"""Fixtures for the training tests: files go to a temporary directory. The personas
(alice, bob, carol, dave) come from the project's conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
