"""Settings: a working default without any environment, and a production mode that refuses to
start without its secrets and passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTIE = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "trajectportaal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/trajectportaal",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_HOST": "localhost",
}


def _django(code: str, omgeving: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings", **omgeving},
        capture_output=True,
        text=True,
        check=False,
    )


def test_zonder_omgeving_sqlite_taken_in_proces_en_mail_naar_bestanden():
    resultaat = _django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, "
        "s.CACHES['default']['BACKEND'])",
        {},
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_met_database_en_redis_url_postgres_en_een_echte_broker():
    resultaat = _django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'], s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])",
        {"DATABASE_URL": PRODUCTIE["DATABASE_URL"], "REDIS_URL": PRODUCTIE["REDIS_URL"]},
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://127.0.0.1:6379/1",
        "portal.rediscache.GedeeldeRedisCache",
        "True",
    ]


@pytest.mark.parametrize(
    "ontbrekend", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"]
)
def test_productie_weigert_te_starten_zonder_verplichte_instelling(ontbrekend):
    omgeving = {k: v for k, v in PRODUCTIE.items() if k != ontbrekend}
    resultaat = _django("", omgeving)
    assert resultaat.returncode != 0
    assert ontbrekend in resultaat.stderr
    assert "ImproperlyConfigured" in resultaat.stderr


def test_productie_slaagt_voor_check_deploy():
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTIE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr


def test_demodata_wordt_geweigerd_met_productie_instellingen():
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "demo_laden"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **PRODUCTIE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode != 0
    assert "productie" in resultaat.stderr


def test_wachtwoorden_met_een_sterke_hasher_ook_al_gebruiken_de_tests_een_snelle():
    """tests/conftest.py swaps in a fast hasher; the portal itself keeps Django's PBKDF2."""
    uitkomst = _django(
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])", PRODUCTIE
    )
    assert uitkomst.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher", (
        uitkomst.stderr
    )
