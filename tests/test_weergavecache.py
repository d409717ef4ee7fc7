# ruff: noqa: F811
"""The cache of the meeting pages (bijeenkomsten/weergavecache.py, portal/cacheversie.py): the
calendar feed and the meeting cards of a participant's page come from the shared cache, every
change is visible on the next request, and nothing of one visitor reaches another."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import deelname, links, weergavecache
from bijeenkomsten.deelname_views import _seconden_tot_voorbij
from bijeenkomsten.models import (
    Bijeenkomst,
    Deelnemer,
    PersoonlijkeLink,
    Uitnodiging,
)
from portal import privacy
from portal.cacheversie import Versie
from portal.models import User

# The fixture "opzet" of the participant tests; ruff takes the test arguments for redefinitions.
from .factories import UserFactory
from .test_deelname import _bijeenkomst, _link_url, opzet  # noqa: F401

pytestmark = pytest.mark.django_db
B = Bijeenkomst
JA, NEE = Uitnodiging.Antwoord.JA.label, Uitnodiging.Antwoord.NEE.label
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(url: str) -> str:
    return url.split("/")[2]


def _tekst(client, url) -> str:
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    return antwoord.content.decode()


# --- The version --------------------------------------------------------------------------------


def test_versie_stijgt_meteen_en_na_de_commit_en_begint_nooit_opnieuw_bij_0(
    django_capture_on_commit_callbacks,
):
    versie = Versie("test:versie", bronnen={"bijeenkomsten"})
    cache.delete("test:versie")
    eerste = versie.lezen()
    assert eerste > 1_000_000  # from the clock, above any number an earlier run reached
    with django_capture_on_commit_callbacks(execute=True) as na_commit:
        versie.verhogen()
        assert versie.lezen() == eerste + 1
    assert len(na_commit) == 1
    assert versie.lezen() == eerste + 2


def test_zonder_redis_werkt_de_pagina_zonder_cache_en_gaat_de_wijziging_door(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    gemaakt = []
    assert weergavecache.ophalen("iets", lambda: gemaakt.append(1) or "vers") == "vers"
    assert weergavecache.ophalen("iets", lambda: gemaakt.append(1) or "vers") == "vers"
    assert len(gemaakt) == 2
    weergavecache.vernieuwen()  # logs, does not raise


# --- The calendar feed --------------------------------------------------------------------------


def test_feed_komt_uit_de_cache_en_toont_een_wijziging_bij_het_volgende_verzoek(opzet):
    editie, praktijk = opzet["editie"], opzet["praktijken"][0]
    lokaal = _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijk, titel="Lokaal")
    url = _link_url(opzet["inwoner"], "agenda")
    client = Client()
    assert "SUMMARY:Lokaal" in _tekst(client, url)

    # A write that sends no signal is not seen: the feed really comes from the cache.
    B.objects.filter(pk=lokaal.pk).update(titel="Stil veranderd")
    assert "SUMMARY:Lokaal" in _tekst(client, url)
    with CaptureQueriesContext(connection) as queries:
        _tekst(client, url)
    assert len(queries) == 1  # only the link

    # A save through the model is seen at once.
    lokaal.refresh_from_db()
    lokaal.titel = "Verplaatst"
    lokaal.save()
    assert "SUMMARY:Verplaatst" in _tekst(client, url)
    # So is a meeting of the practice added or cancelled.
    _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijk, titel="Erbij", dagen=20)
    assert "SUMMARY:Erbij" in _tekst(client, url)


def test_feed_van_een_uitgezette_deelnemer_werkt_meteen_niet_meer(opzet):
    inwoner = opzet["inwoner"]
    url = _link_url(inwoner, "agenda")
    client = Client()
    _tekst(client, url)
    versie = weergavecache.VERSIE.lezen()
    deelname.deelnemer_uitzetten(deelnemer=inwoner, door=opzet["ambtenaren"][0])
    assert weergavecache.VERSIE.lezen() > versie
    assert client.get(url).status_code == 404


# --- The participant's page ---------------------------------------------------------------------


def test_antwoord_staat_bij_het_volgende_verzoek_op_de_pagina(opzet):
    editie = opzet["editie"]
    start = _bijeenkomst(editie, titel="Start")
    url = _link_url(opzet["inwoner"])
    client = Client()
    assert "Nog geen antwoord" in _tekst(client, url)
    pad = reverse("deelname:link-antwoord", kwargs={"token": _token(url), "pk": start.pk})
    client.post(pad, {f"b{start.pk}-antwoord": "ja"})
    # With the confirmation in the card (not from the cache), then from the cache.
    for _keer in range(2):
        kaart = _tekst(client, url).split(f'id="b{start.pk}"')[1].split("</li>")[0]
        assert f"<dd>{JA}</dd>" in kaart
    assert "Uw antwoord is opgeslagen." not in _tekst(client, url)


def test_de_kaarten_komen_uit_de_cache_en_een_wijziging_is_er_meteen(opzet):
    editie = opzet["editie"]
    start = _bijeenkomst(editie, titel="Start", locatie="Stadhuis")
    url = _link_url(opzet["inwoner"])
    client = Client()
    assert "Stadhuis" in _tekst(client, url)
    B.objects.filter(pk=start.pk).update(locatie="Bibliotheek")  # no signal: still cached
    assert "Stadhuis" in _tekst(client, url)
    start.refresh_from_db()
    start.locatie = "Buurthuis"
    start.save()
    assert "Buurthuis" in _tekst(client, url)


def test_gecachte_kaarten_dragen_het_eigen_csrf_token_en_niets_van_een_ander(opzet):
    editie = opzet["editie"]
    start = _bijeenkomst(editie, titel="Start")
    inwoner, buur = opzet["inwoner"], opzet["buur"]
    url_inwoner, url_buur = _link_url(inwoner), _link_url(buur)
    Client().get(url_inwoner)  # another visitor fills the cache
    Client().post(
        reverse("deelname:link-antwoord", kwargs={"token": _token(url_buur), "pk": start.pk}),
        {f"b{start.pk}-antwoord": "nee"},
    )
    Client().get(url_buur)

    streng = Client(enforce_csrf_checks=True)
    tekst = _tekst(streng, url_inwoner)
    assert _token(url_buur) not in tekst and buur.naam not in tekst
    assert f"<dd>{NEE}</dd>" not in tekst  # the neighbour's answer
    tokens = set(CSRF.findall(tekst))
    assert tokens and "@@" not in tekst
    # The forms in the cached cards work with this visitor's own CSRF cookie.
    pad = reverse("deelname:link-antwoord", kwargs={"token": _token(url_inwoner), "pk": start.pk})
    antwoord = streng.post(
        pad, {f"b{start.pk}-antwoord": "ja", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert antwoord.status_code == 302
    assert f'action="{pad}"' in _tekst(streng, url_inwoner)

    tekst_buur = _tekst(Client(), url_buur)
    assert _token(url_inwoner) not in tekst_buur and inwoner.naam not in tekst_buur
    assert f"<dd>{NEE}</dd>" in tekst_buur


def test_de_pagina_in_het_engels_komt_niet_uit_de_nederlandse_cache(opzet, settings):
    _bijeenkomst(opzet["editie"], titel="Start")
    url = _link_url(opzet["inwoner"])
    assert "Wat komt eraan" in _tekst(Client(), url)
    engels = Client()
    engels.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    assert "Wat komt eraan" not in _tekst(engels, url)


def test_ingetrokken_agenda_link_verdwijnt_meteen_van_de_pagina(opzet):
    inwoner = opzet["inwoner"]
    url, feed = _link_url(inwoner), _link_url(inwoner, "agenda")
    client = Client()
    assert _token(feed) in _tekst(client, url)
    links.link_intrekken(link=inwoner.links.get(soort="agenda", ingetrokken_op__isnull=True))
    tekst = _tekst(client, url)
    assert _token(feed) not in tekst
    assert "Agenda-link maken" in tekst


def test_agenda_links_in_bulk_staan_meteen_op_de_pagina(opzet):
    inwoner = opzet["inwoner"]
    url = _link_url(inwoner)
    client = Client()
    assert "Agenda-link maken" in _tekst(client, url)
    nieuw = links.links_geven(deelnemer_ids=[inwoner.pk], soort=PersoonlijkeLink.Soort.AGENDA)
    assert links.link_token(nieuw[inwoner.pk]) in _tekst(client, url)


def test_een_nieuwe_deelnemer_met_uitnodiging_ziet_de_bijeenkomst_meteen(opzet):
    _bijeenkomst(opzet["editie"], titel="Start")
    url = _link_url(opzet["inwoner"])
    _tekst(Client(), url)
    nieuw = deelname.deelnemer_toevoegen(
        praktijk=opzet["praktijken"][0],
        naam="Nina Nieuw",
        email="nina@example.net",
        rol=Deelnemer.Rol.INWONER,
        door=opzet["ambtenaren"][0],
    )
    assert "Start" in _tekst(Client(), _link_url(nieuw))


def test_een_bijeenkomst_die_voorbij_is_gaat_naar_geweest_zodra_hij_eindigt(opzet):
    nu = timezone.now()
    bijna = _bijeenkomst(
        opzet["editie"],
        titel="Bijna klaar",
        start=nu - timedelta(hours=1),
        eind=nu + timedelta(seconds=90),
    )
    later = _bijeenkomst(opzet["editie"], titel="Later", dagen=3)
    assert 89 <= _seconden_tot_voorbij([bijna, later]) <= 91
    assert _seconden_tot_voorbij([]) == 24 * 3600 + 1


def test_na_wissen_van_een_persoon_staat_de_naam_niet_meer_in_een_gecachte_feed(opzet):
    """Erasure rewrites texts with updates (no signal) and must not leave the name in a cache."""
    adviseur = opzet["adviseur"]  # no participant record: no save of ours in the erasure
    _bijeenkomst(opzet["editie"], titel="Start", agenda=f"Welkom door {adviseur.naam}")
    url = _link_url(opzet["inwoner"], "agenda")
    client = Client()
    assert adviseur.naam in _tekst(client, url)
    privacy.persoon_wissen(
        persoon=privacy.persoon_zoeken(email=adviseur.email),
        door=UserFactory(rol=User.Rol.BEHEERDER),
    )
    assert adviseur.naam not in _tekst(client, url)


def test_geraakte_paden_kosten_niet_meer_queries_dan_zonder_cache(opzet):
    _bijeenkomst(opzet["editie"], titel="Start")
    url, feed = _link_url(opzet["inwoner"]), _link_url(opzet["inwoner"], "agenda")
    client = Client()
    for pad in (url, feed):
        weergavecache.vernieuwen()
        with CaptureQueriesContext(connection) as zonder:
            _tekst(client, pad)
        with CaptureQueriesContext(connection) as met:
            _tekst(client, pad)
        assert len(met) < len(zonder), pad
