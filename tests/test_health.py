"""/health/ reports which dependency is down, with the real PostgreSQL and Redis."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:6379/1")
def test_gezond_als_database_en_broker_bereikbaar_zijn(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "onderdelen": {
            "database": {"ok": True, "detail": "ok"},
            "broker": {"ok": True, "detail": "ok"},
        },
    }
    assert "no-cache" in response.headers["Cache-Control"]


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_503_en_de_naam_van_het_onderdeel_als_de_broker_onbereikbaar_is(client):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fout"
    assert body["onderdelen"]["broker"]["ok"] is False
    assert body["onderdelen"]["broker"]["detail"] == "ConnectionError"
    assert body["onderdelen"]["database"]["ok"] is True


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_zonder_broker_draaien_taken_in_het_proces(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["onderdelen"]["broker"]["detail"] == "in-process"


def test_health_accepteert_alleen_get(client):
    assert client.post("/health/").status_code == 405
