"""From a resident's lesson to a published knowledge product, in real Chromium with axe-core on
every page a person sees.

A resident of Oss, without an account, shares a lesson through their personal link with the
keyboard only. The advisor logs in, approves it, starts the knowledge product, inserts the
approved lessons into "Lessen per thema" and asks the participants to read along. The resident
opens the review link from the mail, first sends an empty comment (error summary, link to the
field), then a real one. The advisor marks the comment as handled, fixes the text and publishes
through the confirmation page; the PDF is rendered at commit (Celery runs eagerly in the tests).
A visitor finds the product in the public library, reads the lesson and downloads the PDF.

Only the edition with its published groups, the resident and one fixed meeting are set up
through the services; every step a person takes goes through the pages. Screenshots of the main
pages go to /tmp/kennisreis/ (or KENNISREIS_SCREENSHOTS) for a person to look at.
"""

import datetime
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from bijeenkomsten import deelname, planning, services
from bijeenkomsten.links import link_geven, link_token
from bijeenkomsten.models import Bijeenkomst, LokalePraktijk, PersoonlijkeLink
from intake.models import Aanmelding
from kennis.models import Kennisproduct, Les, Opmerking, Sectie, Weergave
from portal.models import Mail, Provincie
from trajecten.models import Traject

from ..factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    ThemaFactory,
    TrajectFactory,
)
from .test_reis_browser import _focus_zichtbaar, _tab_naar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHERMAFDRUKKEN = Path(
    os.environ.get("KENNISREIS_SCREENSHOTS", Path(tempfile.gettempdir()) / "kennisreis")
)
LES = (
    "Vraag inwoners zelf wanneer zij kunnen. Een avond in het buurthuis werkte veel beter "
    "dan een middag op het gemeentehuis."
)
OPMERKING = "Zet erbij dat de koffie gratis was. Dat hielp ook."
HINT = (
    "Voeg hier de goedgekeurde lessen in met de knop 'Lessen invoegen'. Daarna kunt u ze aanpassen."
)
INLEIDING = "Dit leerden de deelnemers. De lessen staan per thema."
# Visually hidden text adds the section to the button's name (Playwright puts a space before it).
OPMERKING_OPSLAAN = re.compile(r"^Opmerking opslaan\W+Lessen per thema$")


def _opzet():
    """An edition whose two admitted municipalities (Oss and Best) are placed in one published
    learning group, a resident of Oss with a personal link, and an exchange meeting of the
    group that was held three days ago (fixed through the planning service)."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    inwoners = ThemaFactory(naam="Meedoen van inwoners")
    traject.themas.add(inwoners, ThemaFactory(naam="Armoede en schulden"))
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie, email="adviseur.kennis@example.org")
    EmailAddress.objects.create(user=adviseur, email=adviseur.email, verified=True, primary=True)
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    ids = [
        AanmeldingFactory(
            editie=editie,
            traject=traject,
            gemeente=GemeenteFactory(naam=naam, provincie=brabant),
            status=Aanmelding.Status.TOEGELATEN,
        ).pk
        for naam in ("Oss", "Best")
    ]
    samenstelling, problemen = services.samenstelling_opslaan(
        editie=editie, groepen=[ids], versie=0, door=adviseur
    )
    assert problemen == []
    services.samenstelling_publiceren(editie=editie, versie=samenstelling.versie, door=adviseur)
    oss = LokalePraktijk.objects.select_related("leergroep").get(
        aanmelding__editie=editie, aanmelding__gemeente__naam="Oss"
    )
    ina = deelname.deelnemer_toevoegen(
        praktijk=oss, naam="Ina Inwoner", email="ina@example.net", rol="inwoner", door=adviseur
    )
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=editie,
        soort=Bijeenkomst.Soort.UITWISSELING,
        titel="Eerste uitwisseling",
        leergroep=oss.leergroep,
        door=adviseur,
    )
    start = timezone.now() - datetime.timedelta(days=3)
    bijeenkomst = planning.datum_vastleggen(
        bijeenkomst=bijeenkomst,
        start=start,
        eind=start + datetime.timedelta(hours=2),
        versie=bijeenkomst.versie,
        door=adviseur,
    )
    link = link_geven(deelnemer=ina, soort=PersoonlijkeLink.Soort.ROOSTER)
    return {
        "editie": editie,
        "adviseur": adviseur,
        "ina": ina,
        "thema": inwoners,
        "bijeenkomst": bijeenkomst,
        "token": link_token(link),
    }


def _actief(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def test_inwoner_deelt_les_en_leest_mee_adviseur_publiceert_en_bibliotheek_toont_het(
    chromium, live_server, pagina, axe_controle, settings, tmp_path
):
    settings.SITE_URL = live_server.url  # links in the mails point at this test server
    settings.MEDIA_ROOT = tmp_path / "media"
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    opzet = _opzet()
    editie, adviseur, ina = opzet["editie"], opzet["adviseur"], opzet["ina"]
    schendingen: dict[str, list] = {}
    fouten: list[str] = []

    def controle(page, naam, *, foto=False):
        """axe-core on the page as it is now; violations are collected and asserted at the end
        so one run shows every page that needs work."""
        if gevonden := axe_controle(page):
            schendingen[naam] = gevonden
        assert page.locator("h1").count() == 1, f"{naam}: not exactly one h1"
        if foto:
            page.screenshot(path=str(SCHERMAFDRUKKEN / f"{naam}.png"), full_page=True)

    def nieuwe_context():
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nl-NL"
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda exc: fouten.append(f"{page.url}: {exc}"))
        return context, page

    inwoner_context, inwoner = nieuwe_context()
    bezoeker_context, bezoeker = nieuwe_context()
    try:
        # --- 1. The resident shares a lesson with the keyboard ------------------------------
        inwoner.goto(f"/p/{opzet['token']}/")
        assert inwoner.get_by_role("heading", level=1).inner_text() == "Mijn bijeenkomsten"
        controle(inwoner, "01_link_pagina")
        inwoner.get_by_role("link", name="Een les delen").click()
        assert inwoner.get_by_role("heading", level=1).inner_text() == "Een les delen"
        assert inwoner.get_by_text("Hallo Ina Inwoner.").is_visible()
        controle(inwoner, "02_les_delen_leeg")

        tekst = inwoner.get_by_role("textbox", name="De les")
        _tab_naar(inwoner, tekst)
        inwoner.keyboard.type(LES)
        # The kind: Tab enters the radio group on "Les"; the arrow key picks the next one.
        inwoner.keyboard.press("Tab")
        assert _actief(inwoner.get_by_role("radio", name="Les", exact=True))
        inwoner.keyboard.press("ArrowDown")
        assert inwoner.get_by_role("radio", name="Werkzaam element").is_checked()
        assert _focus_zichtbaar(inwoner)
        # The themes (ordered by name): Tab past "Armoede en schulden", Space on ours.
        inwoner.keyboard.press("Tab")
        inwoner.keyboard.press("Tab")
        thema = inwoner.get_by_role("checkbox", name="Meedoen van inwoners")
        assert _actief(thema) and _focus_zichtbaar(inwoner)
        inwoner.keyboard.press("Space")
        assert thema.is_checked()
        # The meeting: a closed select changes with the arrow key.
        inwoner.keyboard.press("Tab")
        keuze = inwoner.get_by_role("combobox", name="Bij welke bijeenkomst hoort de les?")
        assert _actief(keuze) and _focus_zichtbaar(inwoner)
        inwoner.keyboard.press("ArrowDown")
        assert keuze.input_value() == str(opzet["bijeenkomst"].pk)
        inwoner.keyboard.press("Tab")
        versturen = inwoner.get_by_role("button", name="Les versturen")
        assert _actief(versturen) and _focus_zichtbaar(inwoner)
        inwoner.screenshot(path=str(SCHERMAFDRUKKEN / "03_les_delen_ingevuld.png"), full_page=True)
        with inwoner.expect_navigation():
            inwoner.keyboard.press("Enter")
        assert inwoner.get_by_text("Bedankt! Uw les is verstuurd.").is_visible()
        assert inwoner.get_by_text("De adviseur kijkt nog naar deze les.").is_visible()
        assert inwoner.get_by_text("Bij bijeenkomst: Eerste uitwisseling").is_visible()
        controle(inwoner, "04_les_verstuurd", foto=True)
        les = Les.objects.get(ingediend_door_deelnemer=ina)
        assert les.status == Les.Status.VOORGESTELD
        assert les.soort == Les.Soort.WERKZAAM_ELEMENT
        assert les.bijeenkomst_id == opzet["bijeenkomst"].pk
        assert list(les.themas.all()) == [opzet["thema"]]

        # --- 2. The advisor logs in and approves the lesson ---------------------------------
        pagina.goto("/accounts/login/")
        pagina.get_by_label("E-mailadres").fill(adviseur.email)
        pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
        pagina.get_by_role("button", name="Inloggen").click()
        pagina.wait_for_url(lambda url: "/accounts/login/" not in url)
        pagina.get_by_role("link", name="Adviseur", exact=True).click()
        pagina.get_by_role("link", name=f"{editie.traject.code}: {editie.naam}").click()
        controle(pagina, "05_editie")
        pagina.get_by_role("link", name="Lessen", exact=True).click()
        assert pagina.get_by_role("heading", name="1 les gevonden").is_visible()
        kaart = pagina.locator(f"#les-{les.pk}")
        assert kaart.get_by_text(LES).is_visible()
        assert kaart.get_by_text("Status: Voorgesteld").is_visible()
        controle(pagina, "06_lessen_voorstel", foto=True)
        kaart.get_by_role("button", name=re.compile(r"^Goedkeuren")).click()
        assert pagina.get_by_text("De les is goedgekeurd.").is_visible()
        assert pagina.locator(f"#les-{les.pk}").get_by_text("Status: Goedgekeurd").is_visible()
        controle(pagina, "07_lessen_goedgekeurd")

        # --- 3. The advisor starts the product, inserts the lessons, asks for review ---------
        pagina.get_by_role("link", name=str(editie)).click()
        pagina.get_by_role("link", name="Kennisproduct", exact=True).click()
        controle(pagina, "08_kennisproduct_nieuw")
        pagina.get_by_role("button", name="Kennisproduct maken").click()
        assert pagina.get_by_text("Het kennisproduct is gemaakt.").is_visible()
        product = Kennisproduct.objects.get(editie=editie)
        assert pagina.get_by_role("heading", level=1).inner_text() == product.titel
        assert pagina.get_by_text("1 goedgekeurde les").is_visible()
        controle(pagina, "09_editor_concept", foto=True)

        pagina.get_by_role("link", name="Lessen per thema").click()
        assert pagina.get_by_role("heading", level=1).inner_text() == "Sectie: Lessen per thema"
        pagina.get_by_role("button", name="Lessen invoegen").click()
        assert pagina.get_by_text("1 les ingevoegd.").is_visible()
        tekstvak = pagina.get_by_role("textbox", name="Tekst")
        ingevoegd = tekstvak.input_value()
        assert "# Meedoen van inwoners" in ingevoegd and LES in ingevoegd
        # The writing tip stands next to the field, never in the text itself.
        assert pagina.get_by_text(HINT).is_visible()
        assert HINT not in ingevoegd
        tekstvak.fill(f"{INLEIDING}\n\n{ingevoegd}")
        pagina.get_by_role("button", name="Sectie opslaan").click()
        assert pagina.get_by_text("De sectie is opgeslagen.").is_visible()
        controle(pagina, "10_sectie_lessen", foto=True)
        lessen_sectie = product.secties.get(soort=Sectie.Soort.LESSEN)
        assert LES in lessen_sectie.tekst

        pagina.get_by_role("link", name="Kennisproduct", exact=True).click()
        pagina.get_by_role("button", name="Deelnemers laten meelezen").click()
        assert pagina.get_by_text("De deelnemers kunnen nu meelezen.").is_visible()
        controle(pagina, "11_editor_ter_review")

        # --- 4. The resident reads along from the mail and leaves a comment ----------------
        mail = Mail.objects.get(aan__contains=[ina.email], onderwerp__startswith="Lees mee")
        gevonden = re.search(
            rf"{re.escape(live_server.url)}/p/[0-9a-f]{{64}}/kennisproduct/{product.pk}/",
            mail.tekst,
        )
        assert gevonden, f"no review link in the mail:\n{mail.tekst}"
        inwoner.goto(gevonden[0])
        assert inwoner.get_by_role("heading", level=1).inner_text() == f"Meelezen: {product.titel}"
        sectie = inwoner.locator(f"section[aria-labelledby=s{lessen_sectie.pk}]")
        assert sectie.get_by_text(LES).is_visible()
        controle(inwoner, "12_meelezen")
        sectie.get_by_role("button", name=OPMERKING_OPSLAAN).click()
        foutoverzicht = inwoner.get_by_role("alert").filter(
            has=inwoner.get_by_role("heading", name="Er ging iets mis")
        )
        assert foutoverzicht.is_visible()
        naar_veld = foutoverzicht.get_by_role(
            "link", name="Uw opmerking over Lessen per thema: Schrijf uw opmerking in het tekstvak."
        )
        assert naar_veld.get_attribute("href") == f"#id_s{lessen_sectie.pk}-tekst"
        controle(inwoner, "13_meelezen_fout", foto=True)
        # After the failed submit, focus is on the summary; the title starts with "Fout:".
        expect(foutoverzicht).to_be_focused()
        assert inwoner.title().startswith("Fout:")
        # The link in the summary takes the keyboard to the field.
        inwoner.keyboard.press("Tab")
        expect(naar_veld).to_be_focused()
        assert _focus_zichtbaar(inwoner)
        inwoner.keyboard.press("Enter")
        veld = inwoner.get_by_role("textbox", name="Uw opmerking over Lessen per thema")
        expect(veld).to_be_focused()
        assert _focus_zichtbaar(inwoner)
        assert veld.get_attribute("aria-invalid") == "true"
        inwoner.keyboard.type(OPMERKING)
        inwoner.keyboard.press("Tab")
        opslaan = sectie.get_by_role("button", name=OPMERKING_OPSLAAN)
        assert _actief(opslaan) and _focus_zichtbaar(inwoner)
        with inwoner.expect_navigation():
            inwoner.keyboard.press("Enter")
        assert inwoner.get_by_text("Bedankt! Uw opmerking is opgeslagen.").is_visible()
        assert inwoner.url.endswith(f"#s{lessen_sectie.pk}")
        sectie = inwoner.locator(f"section[aria-labelledby=s{lessen_sectie.pk}]")
        assert sectie.get_by_role("heading", name="Uw opmerkingen").is_visible()
        assert sectie.get_by_text(OPMERKING).is_visible()
        controle(inwoner, "14_meelezen_opgeslagen", foto=True)
        opmerking = Opmerking.objects.get(sectie=lessen_sectie)
        assert (opmerking.deelnemer_id, opmerking.tekst) == (ina.pk, OPMERKING)

        # --- 5. The advisor handles the comment, fixes the text and publishes ---------------
        pagina.reload()
        assert pagina.get_by_text("1 open opmerking").is_visible()
        opmerkingen = pagina.locator("section[aria-labelledby=opmerkingen-titel]")
        assert opmerkingen.get_by_text(OPMERKING).is_visible()
        assert opmerkingen.get_by_text("Ina Inwoner", exact=False).is_visible()
        controle(pagina, "15_editor_opmerking", foto=True)
        opmerkingen.get_by_role("button", name=re.compile(r"^Afgehandeld\W+Zet erbij")).click()
        assert opmerkingen.get_by_role(
            "button", name=re.compile(r"^Weer openzetten\W+Zet erbij")
        ).is_visible()
        assert pagina.get_by_text("Er zijn geen open opmerkingen.").is_visible()
        assert pagina.get_by_text("0 open opmerkingen").is_visible()
        pagina.get_by_role("button", name="Tekst vaststellen").click()
        assert pagina.get_by_text("Het kennisproduct is vastgesteld.").is_visible()
        controle(pagina, "16_editor_vastgesteld")
        pagina.get_by_role("link", name="Publiceren", exact=True).click()
        assert pagina.get_by_role("heading", level=1).inner_text() == f"{product.titel} publiceren"
        controle(pagina, "17_publiceren_bevestigen", foto=True)
        pagina.get_by_role("button", name="Ja, kennisproduct publiceren").click()
        assert pagina.get_by_text("Het kennisproduct is gepubliceerd.").is_visible()
        controle(pagina, "18_editor_gepubliceerd")
        product.refresh_from_db()
        assert product.status == Kennisproduct.Status.GEPUBLICEERD
        assert Opmerking.objects.get(pk=opmerking.pk).afgehandeld

        pagina.get_by_role("link", name="PDF maken en bekijken").click()
        # Rendered at commit of the publication; the page polls in case it is still running.
        expect(pagina.locator('tr[data-nummer="1"] [role="status"]')).to_have_text(
            "Klaar", timeout=20_000
        )
        assert pagina.get_by_role("link", name="PDF downloaden (versie 1)").is_visible()
        controle(pagina, "19_pdf_klaar", foto=True)
        assert Weergave.objects.get(product=product).status == Weergave.Status.KLAAR

        # --- 6. A visitor reads the product in the library and downloads the PDF -----------
        bezoeker.goto("/kennisbibliotheek/")
        assert bezoeker.get_by_role("heading", name="1 kennisproduct gevonden").is_visible()
        assert bezoeker.get_by_role("heading", name=product.titel, level=3).is_visible()
        controle(bezoeker, "20_bibliotheek", foto=True)
        bezoeker.get_by_role(
            "link", name=re.compile(rf"^Online lezen\W+{re.escape(product.titel)}$")
        ).click()
        assert bezoeker.get_by_role("heading", level=1).inner_text() == product.titel
        lessen_kop = bezoeker.get_by_role("heading", name="Lessen per thema", level=2)
        assert lessen_kop.is_visible()
        lessen_tekst = bezoeker.locator("section", has=lessen_kop)
        assert lessen_tekst.get_by_text(LES).is_visible()
        assert lessen_tekst.get_by_text(INLEIDING).is_visible()
        assert HINT not in lessen_tekst.inner_text()
        controle(bezoeker, "21_bibliotheek_product", foto=True)
        download = bezoeker.get_by_role("link", name=re.compile(r"^PDF downloaden"))
        antwoord = bezoeker_context.request.get(download.get_attribute("href"))
        assert antwoord.ok, antwoord.status
        assert antwoord.headers["content-type"] == "application/pdf"
        inhoud = antwoord.body()
        assert inhoud.startswith(b"%PDF")
        pdf_tekst = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split()
        )
        assert LES in pdf_tekst
    finally:
        inwoner_context.close()
        bezoeker_context.close()

    assert not fouten, f"JavaScript errors on the resident's or visitor's pages: {fouten}"
    assert not schendingen, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        f"- {pagina_naam}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for pagina_naam, lijst in schendingen.items()
        for v in lijst
    )
