"""Accounts through django-allauth: sign-up with mandatory e-mail verification, login, logout,
the admin behind the same login, and the portal's response headers."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from portal.models import User

pytestmark = pytest.mark.django_db

WACHTWOORD = "Lang-genoeg-wachtwoord-2026"


def test_aanmelden_vraagt_bevestiging_van_het_e_mailadres(client):
    response = client.post(
        "/accounts/signup/",
        {
            "naam": "Iris Inwoner",
            "email": "Iris@Example.org",
            "password1": WACHTWOORD,
            "password2": WACHTWOORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="iris@example.org")
    assert user.naam == "Iris Inwoner"
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in until the address is confirmed.
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["iris@example.org"]
    assert bericht.subject == "[Trajectportaal] Bevestig uw e-mailadres"
    assert "Bevestig uw e-mailadres met deze link" in bericht.body
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", bericht.body).group(1)
    bevestig = client.post(link)
    assert bevestig.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_te_kort_wachtwoord_geeft_een_foutmelding_en_geen_account(client):
    response = client.post(
        "/accounts/signup/",
        {
            "naam": "Kees Kort",
            "email": "kees@example.org",
            "password1": "kort123",
            "password2": "kort123",
        },
    )
    assert response.status_code == 200
    inhoud = response.content.decode()
    assert "Fout:" in inhoud.split("</title>")[0]
    assert 'id="foutoverzicht"' in inhoud
    assert "12" in inhoud
    assert not User.objects.filter(email="kees@example.org").exists()


def test_demo_ambtenaar_kan_inloggen_en_uitloggen(client, demo):
    response = client.post(
        "/accounts/login/",
        {"login": "ambtenaar.someren@example.org", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    pagina = client.get("/")
    assert "Ingelogd als Sanne" in pagina.content.decode()
    assert "no-store" in pagina.headers["Cache-Control"]
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_fout_wachtwoord_geeft_een_melding(client, demo):
    response = client.post(
        "/accounts/login/", {"login": "ambtenaar.someren@example.org", "password": "fout"}
    )
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_beheer_loopt_via_de_gewone_inlogpagina(client, demo):
    response = client.get("/beheer/")
    assert response.status_code == 302
    vervolg = client.get(response.url)
    assert vervolg.status_code == 302
    assert vervolg.url.startswith("/accounts/login/")
    client.force_login(User.objects.get(email="beheerder@example.org"))
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/portal/gemeente/?q=Someren").status_code == 200
    assert client.get("/beheer/trajecten/traject/").status_code == 200


def test_een_ambtenaar_komt_niet_in_het_beheer(client, demo):
    client.force_login(User.objects.get(email="ambtenaar.someren@example.org"))
    response = client.get("/beheer/portal/gemeente/")
    assert response.status_code == 302


@pytest.mark.parametrize("pad", ["/", "/trajecten/", "/accounts/login/", "/privacy/"])
def test_elke_pagina_heeft_de_beveiligingskoppen(client, catalogus, pad):
    response = client.get(pad)
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_nederlands_is_de_standaard_ook_met_een_engelse_browser(client, catalogus):
    response = client.get("/trajecten/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()


def test_taalkeuze_schakelt_naar_engels(client, catalogus):
    client.post("/i18n/setlang/", {"language": "en", "next": "/trajecten/"})
    response = client.get("/trajecten/")
    inhoud = response.content.decode()
    assert '<html lang="en"' in inhoud
    assert "Tracks for municipalities" in inhoud
