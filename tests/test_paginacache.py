"""The cache of the public pages (portal/paginacache.py): a visitor without a session gets the
catalogue, track page and library from the cache without a query, each with their own working
CSRF token; a change to the data shows at once; a logged-in user never gets a cached page."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trajecten.models import Traject

from .factories import TrajectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject():
    return TrajectFactory(titel="Samen werken aan de wijk")


@pytest.mark.parametrize("pagina", ["catalogus", "traject"])
def test_tweede_bezoeker_krijgt_de_pagina_zonder_query_en_zonder_koekje(traject, pagina):
    url = (
        reverse("trajecten:catalogus")
        if pagina == "catalogus"
        else reverse("trajecten:traject-detail", kwargs={"slug": traject.slug})
    )
    eerste = Client(enforce_csrf_checks=True).get(url)
    assert "Samen werken aan de wijk" in eerste.content.decode()

    bezoeker = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        tweede = bezoeker.get(url)
    assert tweede.status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]
    inhoud = tweede.content.decode()
    assert "Samen werken aan de wijk" in inhoud
    # Nothing of the visitor: no form with a token, no cookie; the language is a link.
    assert "csrfmiddlewaretoken" not in inhoud and not tweede.cookies
    taal = re.search(r'href="([^"]+)" lang="en"', inhoud)[1].replace("&amp;", "&")
    wissel = bezoeker.get(taal)
    assert wissel.status_code == 302 and wissel["Location"] == url
    assert "Samen werken aan de wijk" in bezoeker.get(url).content.decode()
    assert '<html lang="en"' in bezoeker.get(url).content.decode()


def test_taalkeuze_gaat_alleen_terug_naar_een_adres_van_deze_site(client):
    for volgende in ("https://elders.example/", "//elders.example/", "javascript:alert(1)"):
        antwoord = client.get(reverse("taal-kiezen", kwargs={"taal": "en"}), {"volgende": volgende})
        assert antwoord.status_code == 302 and antwoord["Location"] == reverse("portal:home")
    assert client.get(reverse("taal-kiezen", kwargs={"taal": "fr"})).status_code == 404
    assert client.post(reverse("taal-kiezen", kwargs={"taal": "en"})).status_code == 405


def test_wijziging_van_een_traject_is_meteen_te_zien(client, traject):
    url = reverse("trajecten:catalogus")
    assert "Samen werken aan de wijk" in client.get(url).content.decode()
    traject.titel = "Inclusief werken in de buurt"
    traject.save()
    inhoud = client.get(url).content.decode()
    assert "Inclusief werken in de buurt" in inhoud
    assert "Samen werken aan de wijk" not in inhoud

    Traject.objects.get(pk=traject.pk).delete()
    assert "Inclusief werken in de buurt" not in client.get(url).content.decode()


def test_talen_en_filters_hebben_elk_hun_eigen_pagina(client, traject):
    url = reverse("trajecten:catalogus")
    nederlands = 'lang="en" hreflang="en" rel="nofollow">English</a>'
    assert nederlands in client.get(url).content.decode()
    gefilterd = client.get(url, {"q": "bestaatniet"}).content.decode()
    assert "Samen werken aan de wijk" not in gefilterd
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    engels = client.get(url).content.decode()
    assert nederlands not in engels and 'hreflang="nl" rel="nofollow">Nederlands</a>' in engels
    assert nederlands in Client().get(url).content.decode()


def test_ingelogde_gebruiker_krijgt_nooit_een_pagina_uit_de_cache(client, traject):
    url = reverse("trajecten:catalogus")
    Client().get(url)  # cached for visitors without a session
    client.force_login(UserFactory(naam="Fatima Jansen"))
    with CaptureQueriesContext(connection) as queries:
        inhoud = client.get(url).content.decode()
    assert len(queries) > 0
    assert "Fatima" in inhoud
