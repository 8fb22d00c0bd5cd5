import pytest
from django.utils import translation

from lrba.core.cache import cached, content_changed, content_version, versions
from lrba.core.models import ContentVersion

pytestmark = pytest.mark.django_db


def counting(value: str):
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


def test_content_changed_creates_the_counter_when_missing_and_then_changes_it():
    assert content_version("new") == 0
    content_changed("new")
    first = content_version("new")
    content_changed("new")

    assert first != 0
    assert content_version("new") not in (0, first)
    assert ContentVersion.objects.filter(namespace="new").count() == 1


def test_a_rendering_cached_in_a_rolled_back_transaction_is_never_served():
    from django.db import transaction

    content_changed("test")
    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed("test")
        cached("test", ("a",), lambda: "never committed")
        raise RuntimeError("rolled back")
    content_changed("test")  # the next committed change

    compute, calls = counting("committed")
    assert cached("test", ("a",), compute) == "committed"


def test_a_rendering_begun_before_a_change_is_never_served_after_it():
    # A reader reads the counter, then the writer commits (data and counter together),
    # then the reader finishes and stores what it computed from the old data.
    def compute_while_a_write_commits() -> str:
        content_changed("test")
        return "old"

    assert cached("test", ("a",), compute_while_a_write_commits) == "old"

    compute, calls = counting("new")
    assert cached("test", ("a",), compute) == "new"
    assert calls == ["new"]


def test_a_key_of_several_counters_changes_with_each_of_them():
    compute, calls = counting("ok")
    cached(("one", "two"), ("a",), compute)

    content_changed("two")
    cached(("one", "two"), ("a",), compute)
    content_changed("three")  # not in the key
    cached(("one", "two"), ("a",), compute)

    assert calls == ["ok", "ok"]


def test_versions_are_read_in_one_query(django_assert_num_queries):
    content_changed("one")
    with django_assert_num_queries(1):
        one, never = versions("one", "never")
    assert (one != 0, never) == (True, 0)


def test_recent_values_are_served_from_memory_and_follow_the_counters(monkeypatch):
    from django.core.cache import cache

    from lrba.core import cache as content_cache

    monkeypatch.setattr(content_cache, "RECENT", content_cache._Recent(size=2))
    monkeypatch.setattr(content_cache._Recent, "enabled", True)
    compute, calls = counting("ok")

    cached("test", ("a",), compute)
    cache.clear()  # the shared cache forgets; this process still has it
    cached("test", ("a",), compute)
    content_changed("test")
    cached("test", ("a",), compute)

    assert calls == ["ok", "ok"]
    assert len(content_cache.RECENT.values) == 2
