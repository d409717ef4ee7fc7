"""The Redis cache backend shares one client per connection pool (portal.rediscache) and still
behaves as Django's: values round-trip, other processes see them, and a dead server is an error
the callers already handle."""

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from portal.rediscache import GedeeldeRedisCache

from .celery_worker import vrije_poort

URL = "redis://127.0.0.1:6379/9"


def _cache(location=URL):
    return GedeeldeRedisCache(location, {"KEY_PREFIX": "rediscache-test"})


def test_een_client_per_pool_en_dezelfde_waarden_als_django():
    eigen, django = _cache(), RedisCache(URL, {"KEY_PREFIX": "rediscache-test"})
    eigen.set("sleutel", {"lijst": [1, 2]}, 30)

    assert django.get("sleutel") == {"lijst": [1, 2]}  # same keys and serialisation
    assert eigen.get_many(["sleutel", "weg"]) == {"sleutel": {"lijst": [1, 2]}}
    assert eigen._cache.get_client() is eigen._cache.get_client(write=True)
    assert django._cache.get_client() is not django._cache.get_client()
    # Read over a connection of its own: the value is in Redis, not in this process.
    direct = redis.Redis.from_url(URL)
    assert direct.exists(eigen.make_and_validate_key("sleutel")) == 1
    eigen.delete("sleutel")


def test_een_onbereikbare_server_geeft_de_gewone_fout():
    dood = _cache(f"redis://127.0.0.1:{vrije_poort()}/0")
    with pytest.raises(redis.ConnectionError):
        dood.get("sleutel")
    with pytest.raises(redis.ConnectionError):  # the shared client does not hide a second one
        dood.set("sleutel", 1, 30)


def test_de_instellingen_gebruiken_hem():
    with override_settings(
        CACHES={"default": {"BACKEND": "portal.rediscache.GedeeldeRedisCache", "LOCATION": URL}}
    ):
        assert isinstance(caches.create_connection("default"), GedeeldeRedisCache)
