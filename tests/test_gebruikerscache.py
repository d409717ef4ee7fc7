"""The logged-in user read through the shared cache (portal/gebruikerscache.py): a logged-in
request after the first reads no user row, every change of the user reaches the next request,
reads inside a transaction are not stored, and with Redis unreachable the database answers.

Transactional tests: the cache stores only reads made outside a transaction, and Django's
ordinary test wraps every test in one."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import gebruikerscache
from portal.inloggen import factor_sleutel, heeft_tweede_factor
from portal.models import User

from .celery_worker import vrije_poort
from .factories import AdviseurFactory, UserFactory
from .test_inloggen import _met_totp

pytestmark = pytest.mark.django_db(transaction=True)


def _user_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "portal_user"' in q["sql"]]


def _ingelogd(client, **velden) -> User:
    user = UserFactory(**velden)
    client.force_login(user)
    return user


def test_na_het_eerste_verzoek_komt_de_gebruiker_uit_de_cache(client):
    _ingelogd(client)
    assert client.get(reverse("portal:mijn")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:mijn")).status_code == 200
    assert _user_queries(queries) == []


def test_een_gewijzigde_naam_staat_op_het_volgende_verzoek(client):
    user = _ingelogd(client, naam="Anna Jansen")
    assert "Anna" in client.get(reverse("portal:mijn")).content.decode()
    user.naam = "Bea de Vries"
    user.save()
    html = client.get(reverse("portal:mijn")).content.decode()
    assert "Bea" in html
    assert "Anna" not in html


def test_een_gedeactiveerde_gebruiker_is_meteen_uitgelogd(client):
    user = _ingelogd(client)
    assert client.get(reverse("portal:mijn")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    antwoord = client.get(reverse("portal:mijn"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("account_login"))


def test_een_nieuw_wachtwoord_beeindigt_andere_sessies(client):
    user = _ingelogd(client)
    assert client.get(reverse("portal:mijn")).status_code == 200
    user.set_password("een-heel-ander-wachtwoord-2026")
    user.save()
    # The session's hash of the old password no longer matches the user's.
    assert client.get(reverse("portal:mijn")).status_code == 302


def test_een_verwijderde_gebruiker_is_meteen_uitgelogd(client):
    user = _ingelogd(client)
    assert client.get(reverse("portal:mijn")).status_code == 200
    User.objects.filter(pk=user.pk).get().delete()
    assert client.get(reverse("portal:mijn")).status_code == 302


def test_binnen_een_transactie_wordt_niets_bewaard():
    user = UserFactory()
    with transaction.atomic():
        assert gebruikerscache.lezen(user.pk) == user
    with CaptureQueriesContext(connection) as queries:
        gebruikerscache.lezen(user.pk)
    assert len(_user_queries(queries)) == 1  # not stored inside the transaction: read again
    with CaptureQueriesContext(connection) as queries:
        gebruikerscache.lezen(user.pk)
    assert _user_queries(queries) == []  # stored by the read outside it


def test_een_teruggedraaide_wijziging_blijft_niet_in_de_cache():
    user = UserFactory(naam="Anna Jansen")
    gebruikerscache.lezen(user.pk)  # stored
    with pytest.raises(RuntimeError), transaction.atomic():
        user.naam = "Bea de Vries"
        user.save()
        assert gebruikerscache.lezen(user.pk).naam == "Bea de Vries"  # this transaction's view
        raise RuntimeError
    assert gebruikerscache.lezen(user.pk).naam == "Anna Jansen"


def test_de_tweede_factor_komt_mee_met_de_gebruiker_en_telt_een_keer():
    adviseur = _met_totp(AdviseurFactory())
    assert heeft_tweede_factor(adviseur)  # the answer is now cached
    user = gebruikerscache.lezen(adviseur.pk)
    assert gebruikerscache.meegelezen(user, factor_sleutel(adviseur.pk)) is True
    assert gebruikerscache.meegelezen(user, factor_sleutel(adviseur.pk)) is None  # once
    # What was read along is not stored with the user.
    assert "_meegelezen" not in vars(django_cache.get(f"gebruiker:{adviseur.pk}"))


def test_een_verwijderde_app_telt_meteen_ook_met_de_gebruiker_uit_de_cache(client, settings):
    settings.MFA_VERPLICHT = True
    adviseur = _met_totp(AdviseurFactory())
    client.force_login(adviseur)
    for _ in range(2):  # the second from the cache: user and answer in one round trip
        assert client.get(reverse("intake:adviseur-start")).status_code == 200
    Authenticator.objects.filter(user=adviseur).delete()
    antwoord = client.get(reverse("intake:adviseur-start"))
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("mfa_activate_totp")


def test_zonder_redis_antwoordt_de_database(client, settings):
    user = _ingelogd(client)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    dood = f"redis://127.0.0.1:{vrije_poort()}/0"  # nobody listens here
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dood}
    }
    assert gebruikerscache.lezen(user.pk) == user
    user.naam = "Bea de Vries"
    user.save()  # goes through; the entry that could not be removed expires within DUUR
    assert gebruikerscache.lezen(user.pk).naam == "Bea de Vries"


def test_de_backends_lezen_via_de_cache():
    namen = django_settings.AUTHENTICATION_BACKENDS
    assert "portal.gebruikerscache.ModelBackend" in namen
    assert "portal.gebruikerscache.AllauthBackend" in namen
    assert "django.contrib.auth.backends.ModelBackend" not in namen
