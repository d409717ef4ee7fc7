import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from portal.gemeenten import standaard_gemeenten_laden
from trajecten.catalogus import catalogus_laden

# The log scan: no test user's e-mail address or personal-link token in any log record.
from .logscan import _geen_persoonsgegevens_in_logs, signalen_koppelen  # noqa: F401

signalen_koppelen()


@pytest.fixture(autouse=True)
def _lege_cache():
    """Every test starts with an empty Redis cache: rate limits of one test (or an earlier run)
    must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _nederlands_na_elke_test():
    """A request in English leaves English active in this thread (LocaleMiddleware activates
    the language and does not put it back): every test starts and ends in Dutch."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    """Hashing with the production hasher costs about half a second per account; tests make
    hundreds. What the portal itself uses is checked in test_settings.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def gemeenten(db):
    """All current Dutch municipalities and the twelve provinces, as `make run` loads them."""
    return standaard_gemeenten_laden()


@pytest.fixture
def catalogus(db):
    """The track catalogue from the source documents: organisations, themes and seven tracks."""
    return catalogus_laden()


@pytest.fixture
def demo(gemeenten, catalogus):
    """Demo accounts and the open editions of tracks A and B."""
    from portal.demo import demo_laden

    return demo_laden()
