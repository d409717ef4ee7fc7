"""Every route with a personal-link token in its URL is rate limited, answers with the plain
Dutch 429 page and is never cached. Built from the URL configuration: a new ``/p/<token>/`` view
without ``persoonlijke_pagina`` makes this test fail."""

import pytest
from django.urls import reverse

from .routes import portal_routes

pytestmark = pytest.mark.django_db


def _link_routes():
    return [r for r in portal_routes() if "token" in r.parameters]


def test_er_zijn_routes_met_een_token():
    namen = {r.naam for r in _link_routes()}
    assert {"deelname:link", "deelname:agenda-feed", "bewijs:link"} <= namen


@pytest.mark.parametrize("route", _link_routes(), ids=lambda r: r.naam)
def test_elke_link_route_heeft_een_limiet(client, settings, route):
    settings.DEELNAME_LIMIET_PER_MINUUT = 0  # the first request is already one too many
    kwargs = {p: ("f" * 64 if p == "token" else 1) for p in route.parameters}
    antwoord = client.get(reverse(route.naam, kwargs=kwargs))
    assert antwoord.status_code == 429
    assert antwoord["Retry-After"] == "60"
    assert "no-store" in antwoord["Cache-Control"]
    assert "Wacht een minuut" in antwoord.content.decode()
