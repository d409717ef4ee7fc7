"""Sessions in the database with a copy in Redis (portal/sessies.py): a logged-in request reads
the copy instead of the row, ending a session removes the copy first, and with Redis unreachable
reading falls back to the row while ending fails and leaves the session whole."""

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.sessies import SessionStore

from .celery_worker import vrije_poort
from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _ingelogd(client):
    user = UserFactory()
    user.save(update_fields=["password"])
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_een_ingelogd_verzoek_leest_de_kopie_niet_de_rij(client):
    _ingelogd(client)
    client.get(reverse("portal:mijn"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:mijn")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_uitloggen_haalt_rij_en_kopie_weg(client):
    sleutel = _ingelogd(client)
    assert client.get(reverse("portal:mijn")).status_code == 200
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=sleutel).exists()
    assert SessionStore(sleutel).load() == {}  # no copy left either
    client.cookies[settings.SESSION_COOKIE_NAME] = sleutel
    assert client.get(reverse("portal:mijn")).status_code == 302  # the old cookie logs no one in


def test_zonder_redis_leest_de_rij_en_weigert_beeindigen(client, settings):
    sleutel = _ingelogd(client)
    dood = f"redis://127.0.0.1:{vrije_poort()}/0"  # nobody listens here
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dood}
    }
    assert SessionStore(sleutel).load()["_auth_user_id"]  # from the database
    assert client.get(reverse("portal:mijn")).status_code == 200  # still logged in
    with pytest.raises(redis.ConnectionError):
        SessionStore(sleutel).delete()
    # Logging out says plainly that it did not work now (503, "Even niet beschikbaar").
    assert client.post(reverse("account_logout")).status_code == 503
    # Not ended halfway: the row stays, so the copy that Redis may still hold is no lie.
    assert Session.objects.filter(session_key=sleutel).exists()
