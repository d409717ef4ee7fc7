"""Query budgets of the list pages that had none elsewhere: the official's enrolments, the
membership requests, a practice's participants and "Mijn bijeenkomsten". Each page costs the same
number of queries for a few rows as for many, and at most ``BUDGET``. (The other list pages have
their budget next to their other tests: catalogue, dashboards, calendar, lessons, library, PDF
versions, mail overview, personal link and feed; bench/ checks them at national scale.)"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import weergavecache
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk, Uitnodiging
from intake.models import Aanmelding
from portal.models import GemeenteLidmaatschap, User
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)

pytestmark = pytest.mark.django_db
BUDGET = 12


def _queries(client, url) -> int:
    client.get(url)  # the first request may fill a cache
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    return len(queries)


@pytest.fixture
def ambtenaar():
    return UserFactory(rol=User.Rol.AMBTENAAR)


def test_mijn_aanmeldingen_kost_evenveel_queries_voor_1_als_voor_8(client, ambtenaar):
    url = reverse("intake:mijn-aanmeldingen")
    client.force_login(ambtenaar)

    def aanmeldingen(aantal):
        for _ in range(aantal):
            gemeente = GemeenteFactory()
            maak_lid(ambtenaar, gemeente)
            AanmeldingFactory(
                gemeente=gemeente, aangemaakt_door=ambtenaar, status=Aanmelding.Status.INGEDIEND
            )

    aanmeldingen(1)
    een = _queries(client, url)
    aanmeldingen(7)
    acht = _queries(client, url)
    assert client.get(url).content.decode().count("Testgemeente") >= 8
    assert een == acht <= BUDGET, (een, acht)


def test_lidmaatschapsaanvragen_kosten_evenveel_queries_voor_1_als_voor_10(client):
    adviseur = AdviseurFactory()
    url = reverse("portal:lidmaatschappen")
    client.force_login(adviseur)

    def aanvragen(aantal):
        for _ in range(aantal):
            maak_lid(UserFactory(), GemeenteFactory(), GemeenteLidmaatschap.Status.AANGEVRAAGD)

    aanvragen(1)
    een = _queries(client, url)
    aanvragen(9)
    tien = _queries(client, url)
    assert client.get(url).content.decode().count("Testgemeente") >= 10
    assert een == tien <= BUDGET, (een, tien)


@pytest.fixture
def praktijk(ambtenaar):
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    gemeente = GemeenteFactory()
    maak_lid(ambtenaar, gemeente)
    aanmelding = AanmeldingFactory(
        editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.GEPLAATST
    )
    return LokalePraktijk.objects.create(aanmelding=aanmelding)


def _deelnemers(praktijk, aantal, begin):
    return Deelnemer.objects.bulk_create(
        Deelnemer(
            praktijk=praktijk,
            naam=f"Deelnemer {i}",
            email=f"deelnemer{i}@example.org",
            rol=Deelnemer.Rol.INWONER,
        )
        for i in range(begin, begin + aantal)
    )


def test_deelnemers_van_een_praktijk_kosten_evenveel_queries_voor_2_als_voor_20(
    client, ambtenaar, praktijk
):
    url = reverse("deelname:praktijk", kwargs={"pk": praktijk.pk})
    client.force_login(ambtenaar)
    _deelnemers(praktijk, 2, 0)
    twee = _queries(client, url)
    _deelnemers(praktijk, 18, 2)
    twintig = _queries(client, url)
    assert "deelnemer19@example.org" in client.get(url).content.decode()
    assert twee == twintig <= BUDGET, (twee, twintig)


def test_mijn_bijeenkomsten_kost_evenveel_queries_voor_1_als_voor_10(client, ambtenaar, praktijk):
    url = reverse("deelname:mijn-bijeenkomsten")
    client.force_login(ambtenaar)
    zelf = Deelnemer.objects.create(
        praktijk=praktijk,
        user=ambtenaar,
        naam="Ambtenaar",
        email=ambtenaar.email,
        rol=Deelnemer.Rol.AMBTENAAR,
    )
    start = timezone.now() + datetime.timedelta(days=10)

    def bijeenkomsten(aantal, begin):
        for i in range(begin, begin + aantal):
            bijeenkomst = Bijeenkomst.objects.create(
                editie=praktijk.aanmelding.editie,
                soort=Bijeenkomst.Soort.LOKAAL,
                praktijk=praktijk,
                titel=f"Lokaal {i}",
                status=Bijeenkomst.Status.VASTGESTELD,
                start=start + datetime.timedelta(days=i),
                eind=start + datetime.timedelta(days=i, hours=2),
            )
            Uitnodiging.objects.create(bijeenkomst=bijeenkomst, deelnemer=zelf)

    bijeenkomsten(1, 0)
    een = _queries(client, url)
    bijeenkomsten(9, 1)
    tien = _queries(client, url)
    assert "Lokaal 9" in client.get(url).content.decode()
    assert een == tien <= BUDGET, (een, tien)


def test_kalender_toont_50_per_pagina_met_evenveel_queries_voor_3_als_voor_120(client):
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    client.force_login(AdviseurFactory(organisatie=organisatie))
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})

    def bijeenkomsten(aantal, begin):
        Bijeenkomst.objects.bulk_create(
            Bijeenkomst(editie=editie, soort=Bijeenkomst.Soort.START, titel=f"Start {i:03d}")
            for i in range(begin, begin + aantal)
        )
        # bulk_create sends no signal: drop the cached calendar as a service's save would.
        weergavecache.VERSIE.verhogen()

    def gerenderd() -> int:
        """Queries of the page as rendered, not served from the shared cache."""
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    bijeenkomsten(3, 0)
    drie = _queries(client, url)
    drie_gerenderd = gerenderd()
    bijeenkomsten(117, 3)
    honderdtwintig = _queries(client, url)
    assert drie == honderdtwintig <= BUDGET, (drie, honderdtwintig)
    assert drie_gerenderd == gerenderd() <= BUDGET
    links = 'href="/adviseur/bijeenkomsten/'
    assert client.get(url).content.decode().count(links) == 50
    laatste = client.get(url, {"pagina": 3}).content.decode()
    assert laatste.count(links) == 20
    assert "Start 119" in laatste
