"""``{% hoofdmenu %}``: the main menu rendered once per language, login, role and current item,
with the right items and ``aria-current`` for every kind of visitor."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from portal.context_processors import basis_urls
from portal.models import User
from portal.templatetags.hoofdmenu import huidige_items

from .factories import AdviseurFactory, UserFactory

pytestmark = pytest.mark.django_db


def _menu(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'<nav class="portal-nav".*?</nav>', html, re.S)[0]


def _huidig(menu: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', menu)


def test_bezoeker_ziet_drie_items_en_het_huidige(client):
    menu = _menu(client, reverse("trajecten:catalogus"))
    assert _huidig(menu) == ["Trajecten"]
    assert "Kennisbibliotheek" in menu
    assert "Mijn overzicht" not in menu and "Adviseur" not in menu


def test_adviseur_ziet_het_adviseursitem_als_huidig(client):
    client.force_login(AdviseurFactory())
    menu = _menu(client, reverse("intake:adviseur-start"))
    assert _huidig(menu) == ["Adviseur"]
    assert "Mijn overzicht" in menu and "Mijn account" in menu
    assert "Beheer" not in menu


def test_ambtenaar_ziet_geen_adviseursitem_en_beheer_alleen_met_toegang(client):
    user = UserFactory(rol=User.Rol.AMBTENAAR)
    client.force_login(user)
    menu = _menu(client, reverse("portal:mijn"))
    assert _huidig(menu) == ["Mijn overzicht"]
    assert "Adviseur" not in menu and "Beheer" not in menu
    # Reused per combination: another user with other rights gets their own menu.
    staf = UserFactory(is_staff=True)
    client.force_login(staf)
    assert "Beheer" in _menu(client, reverse("portal:mijn"))


def test_menu_in_het_engels(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    menu = _menu(client, reverse("weergave:bibliotheek"))
    assert _huidig(menu) == ["Knowledge library"]
    assert "Kennisbibliotheek" not in menu


def test_huidige_items_volgen_het_pad():
    urls = basis_urls("/")
    assert huidige_items("/", urls) == {"home"}
    assert huidige_items(urls["catalogus"] + "a-traject/", urls) == {"catalogus"}
    assert huidige_items(urls["mijn_bijeenkomsten"], urls) == {"mijn_bijeenkomsten"}
    assert huidige_items("/accounts/password/change/", urls) == {"account"}
    assert huidige_items("/contact/", urls) == frozenset()
