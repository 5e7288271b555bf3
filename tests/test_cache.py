"""The per-process copy in front of the shared cache (magnesium_site.cache)."""

import time

import pytest
from django.core.cache import caches

from magnesium_site.cache import ProcessCopyCache


def other_process():
    """Another app server: its own copies, the same shared cache."""
    return ProcessCopyCache("default", {})


@pytest.fixture
def kept():
    return caches["pages"]


def test_a_value_is_shared_through_the_shared_cache(kept):
    kept.set("k", b"page", 60)

    assert other_process().get("k") == b"page"


def test_a_copy_answers_without_the_shared_cache(kept):
    kept.set("k", b"page", 60)
    caches["default"].clear()

    assert kept.get("k") == b"page"  # the copy
    assert other_process().get("k") is None  # nothing shared any more


def test_copies_expire_with_the_value(kept, monkeypatch):
    import magnesium_site.cache as module

    kept.set("k", b"page", 60)
    assert other_process().get("k") == b"page"
    later = module.time.time() + 61
    monkeypatch.setattr(module.time, "time", lambda: later)

    assert kept.get("k") is None


def test_a_copy_fetched_later_keeps_the_original_expiry(kept, monkeypatch):
    import magnesium_site.cache as module

    kept.set("k", b"page", 60)
    second = other_process()
    later = module.time.time() + 30
    monkeypatch.setattr(module.time, "time", lambda: later)
    assert second.get("k") == b"page"

    monkeypatch.setattr(module.time, "time", lambda: later + 31)
    assert second.get("k") is None


def test_copies_are_bounded():
    cache = ProcessCopyCache("default", {"OPTIONS": {"MAX_ENTRIES": 10}})
    for number in range(25):
        cache.set(f"k{number}", number, 60)
        assert cache.get(f"k{number}") == number

    assert len(cache._copies) <= 10


def test_timeout_zero_keeps_nothing(kept):
    kept.set("k", b"old", 60)
    kept.set("k", b"new", 0)

    assert kept.get("k") is None
    assert other_process().get("k") is None


def test_delete_removes_the_copy_and_the_shared_value(kept):
    kept.set("k", b"page", 60)
    kept.delete("k")

    assert kept.get("k") is None
    assert other_process().get("k") is None


def test_add_and_touch(kept):
    assert kept.add("k", 1, 60) is True
    assert kept.add("k", 2, 60) is False
    assert kept.get("k") == 1
    assert kept.touch("k", 120) is True
    assert kept.touch("missing", 120) is False


def test_no_timeout_means_no_expiry(kept):
    kept.set("k", b"page", None)

    assert other_process().get("k") == b"page"


@pytest.fixture
def redis_cache(settings):
    """The production set-up on REDIS_TEST_URL (set by .ci/run), under a key prefix of its own."""
    import os
    import uuid

    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "magnesium_site.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
        "pages": {"BACKEND": "magnesium_site.cache.ProcessCopyCache", "LOCATION": "default"},
    }
    cache = caches["default"]
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def test_redis_backend_behaves_as_djangos(redis_cache):
    redis_cache.set("page", {"html": b"x" * 50_000}, 60)
    assert redis_cache.get("page") == {"html": b"x" * 50_000}
    assert redis_cache.add("page", 1, 60) is False
    with pytest.raises(ValueError):
        redis_cache.incr("counter")
    assert redis_cache.add("counter", 1, 60) is True
    assert redis_cache.incr("counter") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_redis_backend_reuses_one_client(redis_cache):
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)


def test_process_copies_over_redis_are_shared_between_servers(redis_cache):
    caches["pages"].set("fragment", "<p>tekst</p>", 60)

    assert other_process().get("fragment") == "<p>tekst</p>"
    assert redis_cache.get(caches["pages"].make_key("fragment")) is not None  # in Redis itself


@pytest.fixture
def file_caches(tmp_path):
    """This site's file cache and Django's, on the same directory."""
    from django.core.cache.backends.filebased import FileBasedCache

    from magnesium_site.cache import FileCache

    return FileCache(str(tmp_path), {}), FileBasedCache(str(tmp_path), {})


def test_file_cache_reads_what_djangos_file_cache_writes_and_the_other_way(file_caches):
    ours, djangos = file_caches
    djangos.set("scope:article:1", "v1", None)
    ours.set("page", {"html": b"x" * 200_000}, 60)  # more than one os.read()

    assert ours.get("scope:article:1") == "v1"
    assert djangos.get("page") == ours.get("page") == {"html": b"x" * 200_000}
    assert ours.get_many(["scope:article:1", "page", "absent"]) == {
        "scope:article:1": "v1",
        "page": {"html": b"x" * 200_000},
    }
    assert ours.get("absent", "standaard") == "standaard"


def test_file_cache_sees_a_change_made_by_another_process_at_once(file_caches):
    ours, djangos = file_caches
    djangos.set("scope:article:1", "v1", None)
    assert ours.get("scope:article:1") == "v1"

    djangos.set("scope:article:1", "v2", None)  # another worker retires the scope

    assert ours.get("scope:article:1") == "v2"
    assert ours.get_many(["scope:article:1"]) == {"scope:article:1": "v2"}


def test_file_cache_drops_an_expired_value_as_django_does(file_caches, monkeypatch):
    ours, djangos = file_caches
    ours.set("count", 3, 60)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)

    assert ours.get("count") is None
    assert not djangos.has_key("count")  # the file is gone
