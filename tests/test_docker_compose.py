"""docker-compose.yml cannot run on our machines, so these tests read it and check that it is
complete and consistent with the settings: services, health checks, volumes and environment."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "portal" / "settings.py").read_text()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _portal_env(compose, service="web"):
    return compose["services"][service]["environment"]


def _interpoleer(waarde: str) -> str:
    """Apply compose's ${VAR:-default} / ${VAR:?error} substitution with an empty environment."""

    def vervang(match):
        naam, rest = match.group(1), match.group(2) or ""
        if rest.startswith(":-"):
            return rest[2:]
        if rest.startswith(":?"):
            return {"SECRET_KEY": "compose-test-" + "x" * 50}.get(naam, "set")
        return ""

    return re.sub(r"\$\{([A-Z_]+)(:[-?][^}]*)?\}", vervang, str(waarde))


def test_alle_diensten_zijn_er_met_een_health_check(compose):
    diensten = compose["services"]
    assert set(diensten) == {"web", "worker", "beat", "postgres", "redis", "mailcatcher"}
    for naam, dienst in diensten.items():
        assert "healthcheck" in dienst, naam
        assert dienst["healthcheck"]["test"], naam


def test_web_draait_gunicorn_en_de_worker_celery(compose):
    diensten = compose["services"]
    assert "gunicorn portal.wsgi:application" in diensten["web"]["command"]
    assert "/health/" in " ".join(diensten["web"]["healthcheck"]["test"])
    assert diensten["worker"]["command"].startswith("celery -A portal worker")
    assert diensten["beat"]["command"].startswith("celery -A portal beat")


def test_afhankelijkheden_en_volumes_bestaan(compose):
    diensten = compose["services"]
    for naam, dienst in diensten.items():
        for afhankelijk in dienst.get("depends_on", {}):
            assert afhankelijk in diensten, (naam, afhankelijk)
            assert dienst["depends_on"][afhankelijk]["condition"] == "service_healthy"
        for volume in dienst.get("volumes", []):
            bron = volume.split(":")[0]
            if not bron.startswith((".", "/")):
                assert bron in compose["volumes"], (naam, bron)


def test_portaalprocessen_krijgen_elke_verplichte_productie_instelling(compose):
    verplicht = set(re.findall(r'required\(\s*"([A-Z_]+)"\s*\)', SETTINGS)) | {
        "EMAIL_HOST",
        "ALLOWED_HOSTS",
    }
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= verplicht
    gelezen = set(re.findall(r'(?:env|env_bool|env_list|required)\(\s*"([A-Z_]+)"', SETTINGS))
    for dienst in ("web", "worker", "beat"):
        omgeving = _portal_env(compose, dienst)
        assert omgeving["PORTAL_ENV"] == "production"
        assert verplicht <= set(omgeving), dienst
        onbekend = set(omgeving) - gelezen - {"PORTAL_ENV"}
        assert not onbekend, f"{dienst} zet variabelen die de settings niet lezen: {onbekend}"


def test_adressen_wijzen_naar_de_juiste_diensten(compose):
    omgeving = {k: _interpoleer(v) for k, v in _portal_env(compose).items()}
    database = urlparse(omgeving["DATABASE_URL"])
    postgres = compose["services"]["postgres"]["environment"]
    assert database.hostname == "postgres"
    assert database.username == postgres["POSTGRES_USER"]
    assert database.path.lstrip("/") == postgres["POSTGRES_DB"]
    assert database.password == _interpoleer(postgres["POSTGRES_PASSWORD"])
    assert urlparse(omgeving["REDIS_URL"]).hostname == "redis"
    assert omgeving["EMAIL_HOST"] == "mailcatcher"


def test_productie_instellingen_starten_met_de_omgeving_uit_compose(compose):
    omgeving = {k: _interpoleer(v) for k, v in _portal_env(compose).items()}
    resultaat = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['HOST'], settings.CELERY_BROKER_URL, "
            "settings.DEBUG)",
        ],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings", **omgeving},
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.split() == ["postgres", "redis://redis:6379/0", "False"]
