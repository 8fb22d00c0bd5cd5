import pytest
from django.utils import translation

from lrba.core.cache import cached, content_changed, content_version
from lrba.core.models import ContentVersion

pytestmark = pytest.mark.django_db


def counting(value: str):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def compute() -> str:
        calls.append(value)
        return value

    return compute, calls


def test_a_value_is_computed_once_per_content_version():
    compute, calls = counting("ok")

    assert cached("test", ("a",), compute) == "ok"
    assert cached("test", ("a",), compute) == "ok"
    assert calls == ["ok"]

    content_changed("test")
    assert cached("test", ("a",), compute) == "ok"
    assert calls == ["ok", "ok"]


def test_keys_and_languages_are_cached_apart():
    compute_a, calls_a = counting("a")
    compute_b, calls_b = counting("b")

    cached("test", ("a",), compute_a)
    cached("test", ("b",), compute_b)
    with translation.override("en"):
        cached("test", ("a",), compute_a)

    assert (calls_a, calls_b) == (["a", "a"], ["b"])


def test_content_changed_creates_the_counter_when_missing_and_then_counts_up():
    assert content_version("new") == 0
    content_changed("new")
    first = content_version("new")
    content_changed("new")

    assert first > 0
    assert content_version("new") == first + 1
    assert ContentVersion.objects.filter(namespace="new").count() == 1


def test_saving_a_library_makes_the_register_stale():
    from lrba.core.cache import REGISTER
    from lrba.members.tests.factories import LibraryFactory

    before = content_version(REGISTER)
    LibraryFactory()
    assert content_version(REGISTER) > before
