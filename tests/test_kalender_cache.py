# ruff: noqa: F811
"""The edition calendar with its counts and filter choices from the shared cache, and the page
with the full "planned vs asked" tables: every change shows on the next request."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bijeenkomsten import planning
from bijeenkomsten.models import Bijeenkomst, Leergroep

# The fixture "opzet" of the planning tests; ruff takes the test arguments for redefinitions.
from .test_planning import opzet  # noqa: F401

pytestmark = pytest.mark.django_db
B = Bijeenkomst


def _rij(html: str, naam: str) -> str:
    """The text of the table row headed ``naam``."""
    rij = re.search(rf'scope="row">{re.escape(naam)}</th>(.*?)</tr>', html, re.S)
    assert rij, naam
    return " ".join(re.sub(r"<[^>]+>", " ", rij[1]).split())


def _lokaal(opzet, titel="Kring"):
    return planning.bijeenkomst_aanmaken(
        editie=opzet["editie"],
        soort=B.Soort.LOKAAL,
        praktijk=opzet["praktijken"]["Oss"],
        titel=titel,
        door=opzet["adviseur"],
    )


def test_tellingen_pagina_toont_elke_gemeente_en_wat_het_traject_vraagt(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("planning:tellingen", kwargs={"pk": opzet["editie"].pk})
    html = client.get(url).content.decode()
    for naam in ("Oss", "Best", "Breda", "Haren", "Stad"):
        assert _rij(html, naam) == "0 – nog te weinig"
    assert "Gevraagd per gemeente: 3 tot 5" in html
    assert "Gevraagd per leergroep: 2 tot 3" in html


def test_een_nieuwe_of_afgezegde_bijeenkomst_telt_meteen_mee(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("planning:tellingen", kwargs={"pk": opzet["editie"].pk})
    client.get(url)
    kring = _lokaal(opzet)
    assert _rij(client.get(url).content.decode(), "Oss") == "1 – nog te weinig"
    # A write without a signal is not seen: the counts really come from the cache.
    B.objects.filter(pk=kring.pk).update(status=B.Status.GEANNULEERD)
    assert _rij(client.get(url).content.decode(), "Oss") == "1 – nog te weinig"
    kring.refresh_from_db()
    kring.titel = "Kring (gewijzigd)"
    kring.save()
    assert _rij(client.get(url).content.decode(), "Oss") == "0 – nog te weinig"


def test_kalender_vat_samen_en_volgt_een_wijziging_meteen(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("planning:kalender", kwargs={"pk": opzet["editie"].pk})
    html = client.get(url).content.decode()
    assert _rij(html, "Lokale bijeenkomsten per gemeente") == "5 0 5 gemeenten"
    assert _rij(html, "Uitwisselingen per leergroep") == "2 0 2 leergroepen"
    assert reverse("planning:tellingen", kwargs={"pk": opzet["editie"].pk}) in html
    for i in range(6):
        _lokaal(opzet, titel=f"Kring {i}")
    html = client.get(url).content.decode()
    assert _rij(html, "Lokale bijeenkomsten per gemeente") == "4 1 5 gemeenten"


def test_filterkeuzes_volgen_een_nieuwe_naam_meteen_en_een_vreemde_keuze_filtert_niet(
    opzet, client
):
    client.force_login(opzet["adviseur"])
    editie = opzet["editie"]
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})
    _lokaal(opzet, titel="Kring Oss")
    brabant = opzet["brabant"]
    assert (
        f'<option value="{brabant.pk}">{brabant.naam}</option>' in client.get(url).content.decode()
    )
    Leergroep.objects.filter(pk=brabant.pk).update(naam="Stil")  # no signal: still cached
    assert ">Stil</option>" not in client.get(url).content.decode()
    brabant.refresh_from_db()
    brabant.naam = "Brabant-Oost"
    brabant.save()
    assert f'<option value="{brabant.pk}">Brabant-Oost</option>' in client.get(url).content.decode()

    oss = opzet["praktijken"]["Oss"]
    gefilterd = client.get(url, {"praktijk": oss.pk}).content.decode()
    assert f'<option value="{oss.pk}" selected>Oss</option>' in gefilterd
    assert "Kring Oss" in gefilterd
    # A practice of another edition is no choice: the page shows the whole edition.
    vreemd = client.get(url, {"praktijk": oss.pk + 10_000, "soort": B.Soort.START})
    assert "Kring Oss" in vreemd.content.decode()


def test_tellingen_pagina_heeft_een_vast_aantal_queries(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("planning:tellingen", kwargs={"pk": opzet["editie"].pk})
    client.get(url)
    with CaptureQueriesContext(connection) as gecachet:
        assert client.get(url).status_code == 200
    for i in range(10):
        _lokaal(opzet, titel=f"Kring {i}")
    with CaptureQueriesContext(connection) as vers:
        assert client.get(url).status_code == 200
    assert len(gecachet) < len(vers) <= 12


def test_kalender_inhoud_gedeeld_door_adviseurs_zonder_iets_van_de_een_bij_de_ander(opzet, client):
    """The calendar's content is cached per edition, language and query string: a colleague gets
    it from the cache, with their own name around it; a change shows on the next request."""
    from .factories import AdviseurFactory

    editie = opzet["editie"]
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})
    client.force_login(opzet["adviseur"])
    voornaam = opzet["adviseur"].naam.split()[0]
    assert f"Ingelogd als {voornaam}" in client.get(url).content.decode()

    collega = AdviseurFactory(organisatie=opzet["adviseur"].organisatie, naam="Cees Collega")
    client.force_login(collega)
    with CaptureQueriesContext(connection) as queries:
        tweede = client.get(url).content.decode()
    assert "Ingelogd als Cees" in tweede
    assert voornaam not in tweede
    # Only the session, the user and the access check: the content came from the cache.
    assert not any("bijeenkomsten_bijeenkomst" in q["sql"] for q in queries.captured_queries)

    kring = _lokaal(opzet, titel="Kring aan de Maas")
    assert "Kring aan de Maas" in client.get(url).content.decode()
    B.objects.filter(pk=kring.pk).update(titel="Stil gewijzigd")  # no signal: still cached
    assert "Stil gewijzigd" not in client.get(url).content.decode()
    # Another query string or language is another entry.
    assert "Stil gewijzigd" in client.get(url, {"soort": B.Soort.LOKAAL}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    engels = client.get(url).content.decode()
    assert "New meeting" in engels and "Nieuwe bijeenkomst" not in engels
