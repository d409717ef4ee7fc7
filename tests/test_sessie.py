"""The login's idle time-out and absolute maximum, and the way to stay logged in."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse

from portal import sessie

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingelogd(client):
    client.force_login(UserFactory())
    assert client.get("/mijn/").status_code == 200
    return client


def _zet(client, **waarden):
    sessie_ = client.session
    for sleutel, waarde in waarden.items():
        sessie_[sleutel] = waarde
    sessie_.save()


def test_eerste_pagina_start_de_klok_en_de_pagina_kent_de_resterende_tijd(ingelogd, settings):
    pagina = ingelogd.get("/mijn/")
    assert 29 * 60 < pagina.context["sessie_seconden"] <= 30 * 60
    inhoud = pagina.content.decode()
    assert 'data-sessie-seconden="' in inhoud
    assert 'id="sessie-dialoog"' in inhoud
    assert "js/sessie.js" in inhoud


def test_na_de_inactieve_tijd_volgt_uitloggen_met_uitleg(ingelogd, settings):
    _zet(ingelogd, **{sessie.ACTIEF: time.time() - settings.SESSIE_INACTIEF.total_seconds() - 1})
    antwoord = ingelogd.get("/mijn/", follow=True)
    assert antwoord.redirect_chain[0][0].startswith(f"{settings.LOGIN_URL}?next=/mijn/")
    assert "omdat u een tijd niets deed" in antwoord.content.decode()
    assert not antwoord.context["user"].is_authenticated


def test_na_het_maximum_volgt_uitloggen_ook_bij_activiteit(ingelogd, settings):
    _zet(
        ingelogd,
        **{sessie.BEGIN: time.time() - settings.SESSIE_MAXIMUM.total_seconds() - 1},
    )
    antwoord = ingelogd.get("/mijn/", follow=True)
    assert "omdat u 8 uur ingelogd was" in antwoord.content.decode()
    assert not antwoord.context["user"].is_authenticated


def test_verlengen_zet_de_inactieve_klok_terug_maar_niet_het_maximum(ingelogd, settings):
    begin = time.time() - 3600
    _zet(ingelogd, **{sessie.BEGIN: begin, sessie.ACTIEF: time.time() - 25 * 60})
    stand = ingelogd.get(reverse("sessie-stand"), HTTP_ACCEPT="application/json").json()
    assert stand["ingelogd"] and 4 * 60 < stand["seconden"] <= 5 * 60
    # Asking for the state is not activity.
    assert ingelogd.get(reverse("sessie-stand")).json()["seconden"] <= 5 * 60

    antwoord = ingelogd.post(reverse("sessie-verlengen"), HTTP_ACCEPT="application/json")
    assert antwoord.json()["seconden"] > 29 * 60
    assert ingelogd.session[sessie.BEGIN] == begin
    # Without the script: back to the page, never to another site.
    assert ingelogd.post(reverse("sessie-verlengen"), {"next": "/mijn/"})["Location"] == "/mijn/"
    assert (
        ingelogd.post(reverse("sessie-verlengen"), {"next": "https://evil.example/"})["Location"]
        == "/"
    )


def test_verlengen_vraagt_post_en_csrf(client):
    from django.test import Client

    streng = Client(enforce_csrf_checks=True)
    streng.force_login(UserFactory())
    assert streng.get(reverse("sessie-verlengen")).status_code == 405
    assert streng.post(reverse("sessie-verlengen")).status_code == 403
    assert (
        client.post(reverse("sessie-verlengen"), HTTP_ACCEPT="application/json").status_code == 401
    )


def test_niet_ingelogd_geen_klok_en_geen_dialoog(client):
    inhoud = client.get("/").content.decode()
    assert "sessie-dialoog" not in inhoud
    assert client.get(reverse("sessie-stand")).json() == {"ingelogd": False, "seconden": 0}


def test_instellingen_komen_uit_de_omgeving(settings):
    assert timedelta(minutes=30) == settings.SESSIE_INACTIEF
    assert settings.SESSIE_MAXIMUM.total_seconds() == settings.SESSION_COOKIE_AGE
