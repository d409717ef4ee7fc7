# ruff: noqa: F811
"""The participant's page under ``/p/<token>/`` as a whole from the shared cache: for a visitor
without a session it is one query and two round trips to Redis, shows every change at once,
and holds nothing of another visitor (no token at all is stored)."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from bijeenkomsten import deelname, links
from bijeenkomsten.models import Deelnemer, PersoonlijkeLink

# The fixture "opzet" of the participant tests; ruff takes the test arguments for redefinitions.
from .test_deelname import _bijeenkomst, _link_url, opzet  # noqa: F401
from .test_weergavecache import CSRF, _tekst, _token

pytestmark = pytest.mark.django_db


def _redis():
    backend = caches["default"]
    return backend._cache.get_client(write=True)


def test_gedeelde_pagina_is_gelijk_aan_de_pagina_zonder_cache(opzet):
    _bijeenkomst(opzet["editie"], titel="Start")
    inwoner = opzet["inwoner"]
    url, feed = _link_url(inwoner), _link_url(inwoner, "agenda")
    client = Client()
    _tekst(client, url)  # fills the cache
    uit_cache = _tekst(client, url)
    # A query string keeps the page out of the shared cache; the layout's language link goes
    # back to the full path.
    zonder_cache = _tekst(client, url + "?zonder").replace(f"{url}%3Fzonder", url)
    assert CSRF.sub("", uit_cache) == CSRF.sub("", zonder_cache)
    assert _token(feed) in uit_cache and "@@" not in uit_cache


def test_een_hit_kost_een_query(opzet, django_assert_num_queries):
    _bijeenkomst(opzet["editie"], titel="Start")
    url = _link_url(opzet["inwoner"], "rooster")
    _link_url(opzet["inwoner"], "agenda")
    client = Client()
    _tekst(client, url)
    with django_assert_num_queries(1):
        _tekst(client, url)


def test_naam_en_gemeente_veranderen_meteen_op_de_gedeelde_pagina(opzet):
    inwoner = opzet["inwoner"]
    gemeente = inwoner.praktijk.aanmelding.gemeente
    url = _link_url(inwoner)
    client = Client()
    assert "Hallo Ineke Inwoner." in _tekst(client, url)
    Deelnemer.objects.filter(pk=inwoner.pk).update(naam="Zonder signaal")
    assert "Hallo Ineke Inwoner." in _tekst(client, url)  # so it does come from the cache
    inwoner.refresh_from_db()
    inwoner.naam = "Ineke Nieuw"
    inwoner.save()
    gemeente.naam = "Oss-Nieuw"
    gemeente.save()
    tekst = _tekst(client, url)
    assert "Hallo Ineke Nieuw." in tekst and "Oss-Nieuw" in tekst


def test_ingetrokken_link_of_uitgezette_deelnemer_geeft_meteen_404(opzet):
    inwoner, buur = opzet["inwoner"], opzet["buur"]
    url_inwoner, url_buur = _link_url(inwoner), _link_url(buur)
    client = Client()
    _tekst(client, url_inwoner)
    _tekst(client, url_buur)
    links.link_intrekken(link=inwoner.links.get(soort="rooster", ingetrokken_op__isnull=True))
    assert client.get(url_inwoner).status_code == 404
    Deelnemer.objects.filter(pk=buur.pk).update(actief=False)  # no signal, no new version
    assert client.get(url_buur).status_code == 404


def test_nieuwe_agenda_link_staat_meteen_op_de_gedeelde_pagina(opzet):
    inwoner = opzet["inwoner"]
    url, oude_feed = _link_url(inwoner), _link_url(inwoner, "agenda")
    client = Client()
    assert _token(oude_feed) in _tekst(client, url)
    nieuw = deelname.agenda_vernieuwen(deelnemer=inwoner)
    tekst = _tekst(client, url)
    assert _token(oude_feed) not in tekst
    assert links.link_token(nieuw) in tekst


def test_gedeelde_pagina_draagt_eigen_tokens_en_niets_van_een_ander(opzet):
    _bijeenkomst(opzet["editie"], titel="Start")
    inwoner, buur = opzet["inwoner"], opzet["buur"]
    url_inwoner, url_buur = _link_url(inwoner), _link_url(buur)
    feed_inwoner, feed_buur = _link_url(inwoner, "agenda"), _link_url(buur, "agenda")
    _tekst(Client(), url_inwoner)
    _tekst(Client(), url_buur)

    streng = Client(enforce_csrf_checks=True)
    tekst = _tekst(streng, url_inwoner)
    assert _token(feed_inwoner) in tekst
    for vreemd in (_token(url_buur), _token(feed_buur), buur.naam):
        assert vreemd not in tekst
    tokens = set(CSRF.findall(tekst))
    assert tokens
    # The forms of the cached page work with this visitor's own CSRF cookie.
    antwoord = streng.post(
        reverse("deelname:link-agenda", kwargs={"token": _token(url_inwoner)}),
        {"csrfmiddlewaretoken": tokens.pop()},
    )
    assert antwoord.status_code == 302


def test_geen_token_in_de_cache(opzet):
    inwoner = opzet["inwoner"]
    url, feed = _link_url(inwoner), _link_url(inwoner, "agenda")
    client = Client(enforce_csrf_checks=True)
    tekst = _tekst(client, url)
    csrf = CSRF.search(tekst)[1]
    redis = _redis()
    waarden = b"".join(redis.get(sleutel) or b"" for sleutel in redis.scan_iter())
    assert waarden
    for geheim in (_token(url), _token(feed), csrf):
        assert geheim.encode() not in waarden


def test_ingelogde_bezoeker_krijgt_de_pagina_niet_uit_de_gedeelde_cache(opzet):
    inwoner, ambtenaar = opzet["inwoner"], opzet["ambtenaren"][0]
    url = _link_url(inwoner)
    assert "Uitloggen" not in _tekst(Client(), url)
    ingelogd = Client()
    ingelogd.force_login(ambtenaar)
    assert "Uitloggen" in _tekst(ingelogd, url)
    assert "Uitloggen" not in _tekst(Client(), url)


def test_bericht_na_een_nieuwe_agenda_link_staat_op_de_pagina(opzet):
    inwoner = opzet["inwoner"]
    url = _link_url(inwoner)
    client = Client()
    _tekst(client, url)
    client.post(reverse("deelname:link-agenda", kwargs={"token": _token(url)}))
    assert "U heeft een nieuwe agenda-link." in _tekst(client, url)
    assert "U heeft een nieuwe agenda-link." not in _tekst(client, url)


def test_teller_van_de_verzoeken_verloopt(opzet, settings):
    settings.DEELNAME_LIMIET_PER_MINUUT = 2
    url = _link_url(opzet["inwoner"])
    client = Client()
    assert [client.get(url).status_code for _keer in range(3)] == [200, 200, 429]
    redis = _redis()
    (sleutel,) = list(redis.scan_iter("*deelname:verzoeken:*"))
    assert redis.get(sleutel) == b"3"
    assert 0 < redis.ttl(sleutel) <= 90


def test_soort_van_de_link_telt(opzet):
    """A calendar link's token opens no page, also through the one-query lookup."""
    feed = _link_url(opzet["inwoner"], "agenda")
    assert links.pagina_link_zoeken(token=_token(feed)) is None
    pagina = reverse("deelname:link", kwargs={"token": _token(feed)})
    assert Client().get(pagina).status_code == 404
    assert opzet["inwoner"].links.get(soort=PersoonlijkeLink.Soort.AGENDA).ingetrokken_op is None
