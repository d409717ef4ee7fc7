"""The advisor plans an exchange meeting in real Chromium: date options, fixing the date (which
invites the group) and moving it, with axe-core on every page."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst
from intake.demo import demo_laden as intake_demo_laden
from intake.models import Aanmelding
from portal.models import Mail, User


def _foto(pagina, naam):
    """A full-page screenshot when SCREENSHOT_DIR is set, for a person to look at."""
    if map_ := os.environ.get("SCREENSHOT_DIR"):
        pagina.screenshot(path=str(Path(map_) / f"planning_{naam}.png"), full_page=True)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adviseur_zet_datums_klaar_legt_vast_en_verplaatst(pagina, demo, axe_controle):
    intake_demo_laden()
    editie = Aanmelding.objects.get(gemeente__naam="Someren", traject__code="A").editie
    adviseur = User.objects.get(email="adviseur.movisie@example.org")
    ids = list(services.plaatsbare_aanmeldingen(editie).values_list("pk", flat=True))
    samenstelling, _problemen = services.samenstelling_opslaan(
        editie=editie, groepen=[ids], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=samenstelling.versie, door=adviseur)
    groep = editie.leergroepen.get()

    pagina.goto("/accounts/login/")
    pagina.get_by_label("E-mailadres").fill(adviseur.email)
    pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()

    pagina.goto(f"/adviseur/edities/{editie.pk}/leergroepen/")
    pagina.get_by_role("link", name="Bijeenkomsten van deze editie plannen").click()
    assert pagina.get_by_role("heading", level=1).inner_text().startswith("Bijeenkomsten")
    assert axe_controle(pagina) == []

    pagina.get_by_role("link", name="Nieuwe bijeenkomst").click()
    # Forgetting the group: the error is in the summary and next to the field.
    pagina.get_by_label("Uitwisselingsbijeenkomst").check()
    pagina.get_by_label("Titel").fill("Eerste uitwisseling")
    pagina.get_by_role("button", name="Bijeenkomst aanmaken").click()
    assert pagina.get_by_role("heading", name="Er ging iets mis").is_visible()
    assert pagina.get_by_role("link", name="Leergroep: Kies de leergroep").is_visible()
    _foto(pagina, "fout")
    assert axe_controle(pagina) == []
    pagina.get_by_role("combobox", name="Leergroep").select_option(label=groep.naam)
    pagina.get_by_label("Plaats").fill("Gemeentehuis Someren")
    pagina.get_by_label("Ringleiding").check()
    pagina.get_by_label("Agenda").fill("Welkom\nWat werkt bij u?")
    pagina.get_by_role("button", name="Bijeenkomst aanmaken").click()
    assert pagina.get_by_text("De bijeenkomst is aangemaakt.").is_visible()
    assert axe_controle(pagina) == []

    for datum in ("2027-03-27", "2027-03-29"):
        pagina.get_by_label("Datum", exact=True).fill(datum)
        pagina.get_by_label("Begintijd").fill("10:00")
        pagina.get_by_label("Eindtijd").fill("12:00")
        pagina.get_by_role("button", name="Datumoptie toevoegen").click()
        assert pagina.get_by_text("De datumoptie is toegevoegd.").is_visible()
    assert pagina.get_by_role("row", name="zaterdag 27 maart 2027").is_visible()
    _foto(pagina, "opties")
    assert axe_controle(pagina) == []

    pagina.get_by_role("button", name=re.compile(r"^Deze datum vastleggen\W+27 maart")).click()
    assert pagina.get_by_text("De datum staat vast.").is_visible()
    _foto(pagina, "vastgesteld")
    assert pagina.get_by_role("heading", name="Uitgenodigd").is_visible()
    assert axe_controle(pagina) == []
    bijeenkomst = Bijeenkomst.objects.get(titel="Eerste uitwisseling")
    assert bijeenkomst.status == Bijeenkomst.Status.VASTGESTELD
    uitgenodigd = bijeenkomst.uitnodigingen.count()
    assert uitgenodigd > 0
    assert Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:0:").count() == (
        uitgenodigd
    )

    pagina.get_by_role("link", name="Wijzigen of verplaatsen").click()
    assert axe_controle(pagina) == []
    pagina.get_by_label("Datum", exact=True).fill("2027-04-03")
    pagina.get_by_label("Begintijd").fill("13:30")
    pagina.get_by_label("Eindtijd").fill("15:30")
    pagina.get_by_role("button", name="Wijzigingen opslaan").click()
    assert pagina.get_by_text("De deelnemers krijgen bericht.").is_visible()
    assert pagina.get_by_text("zaterdag 3 april 2027, 13:30 - 15:30").is_visible()
    assert axe_controle(pagina) == []
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.sequence == 1
    assert Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:1:").count() == (
        uitgenodigd
    )

    pagina.get_by_role("link", name="Bijeenkomsten", exact=True).click()
    assert pagina.get_by_role("link", name="Eerste uitwisseling").is_visible()
    _foto(pagina, "kalender")
    assert axe_controle(pagina) == []
