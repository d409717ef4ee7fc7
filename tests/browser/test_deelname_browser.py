"""An official adds a resident to the local practice and sends the personal link; the resident
opens it without an account, answers the invitation and makes a calendar link. Real Chromium,
axe-core on every page, also at 320 px."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from bijeenkomsten.models import Bijeenkomst, Uitnodiging
from portal.models import Mail

from ..test_deelname import _bijeenkomst, opzet  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _smal_en_toegankelijk(pagina, axe_controle):
    assert axe_controle(pagina) == []
    pagina.set_viewport_size({"width": 320, "height": 800})
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_controle(pagina) == []
    pagina.set_viewport_size({"width": 1280, "height": 900})


def test_inwoner_krijgt_link_geeft_antwoord_en_ziet_de_agenda_link(
    pagina,
    axe_controle,
    opzet,  # noqa: F811
    tmp_path,
):
    praktijk = opzet["praktijken"][0]
    bijeenkomst = _bijeenkomst(
        opzet["editie"],
        soort=Bijeenkomst.Soort.LOKAAL,
        praktijk=praktijk,
        titel="Buurtavond over eenzaamheid",
        locatie="Buurthuis De Linde",
        drempelvrij=True,
        ringleiding=True,
        agenda="Welkom\nIn gesprek\nAfspraken",
    )
    ambtenaar = opzet["ambtenaren"][0]
    EmailAddress.objects.create(user=ambtenaar, email=ambtenaar.email, verified=True, primary=True)
    pagina.goto("/accounts/login/")
    pagina.get_by_label("E-mailadres").fill("oss@example.org")
    pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()

    pagina.wait_for_url(lambda url: "/accounts/login/" not in url)
    pagina.goto("/mijn/bijeenkomsten/")
    pagina.get_by_role("link", name="Deelnemers van Oss").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Lokale praktijk Oss"
    _smal_en_toegankelijk(pagina, axe_controle)

    pagina.get_by_label("Naam").fill("Wim Bewoner")
    pagina.get_by_label("E-mailadres").fill("wim@example.net")
    pagina.get_by_label("Rol").select_option(label="Inwoner")
    pagina.get_by_label("Wat heeft deze deelnemer nodig?").fill("Eenvoudige taal")
    pagina.get_by_role("button", name="Deelnemer toevoegen").click()
    assert pagina.get_by_text("Wim Bewoner doet nu mee.").is_visible()
    # The meeting was fixed before Wim joined: his invitation already brought his personal
    # link, so the button offers to send it again.
    pagina.get_by_role("button", name="Link opnieuw sturen aan Wim Bewoner").click()
    assert pagina.get_by_text("De link is verstuurd naar wim@example.net.").is_visible()
    _smal_en_toegankelijk(pagina, axe_controle)
    link_mail = Mail.objects.get(aan__icontains="wim@", sleutel__startswith="deelname:link:")
    pad = re.search(r"/p/[0-9a-f]{64}/", link_mail.tekst)[0]

    # The resident has no account.
    pagina.context.clear_cookies()
    pagina.goto(pad)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Mijn bijeenkomsten"
    assert pagina.get_by_text("Buurtavond over eenzaamheid").is_visible()
    assert pagina.get_by_text("Er is een ringleiding").is_visible()
    _smal_en_toegankelijk(pagina, axe_controle)
    pagina.screenshot(path=tmp_path / "link.png", full_page=True)

    pagina.get_by_label("Ja, ik kom").check()
    pagina.get_by_role("button", name="Antwoord opslaan").click()
    assert pagina.get_by_text("Uw antwoord is opgeslagen.").is_visible()
    assert Uitnodiging.objects.get(bijeenkomst=bijeenkomst).antwoord == "ja"
    _smal_en_toegankelijk(pagina, axe_controle)

    # Sending the link also made the calendar link; the resident can replace it.
    agenda = pagina.get_by_role("link", name="Zet in mijn agenda")
    oud = agenda.get_attribute("href")
    pagina.get_by_role("button", name="Nieuwe agenda-link maken").click()
    assert pagina.get_by_text("De oude link werkt niet meer.").is_visible()
    assert agenda.get_attribute("href") != oud
    assert agenda.get_attribute("href").startswith("webcal://")
    assert agenda.get_attribute("href").endswith("/agenda.ics")
    _smal_en_toegankelijk(pagina, axe_controle)
    pagina.set_viewport_size({"width": 320, "height": 800})
    pagina.screenshot(path=tmp_path / "link_320.png", full_page=True)
    print("screenshots in", tmp_path)
