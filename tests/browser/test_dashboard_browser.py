"""The advisor's start page and edition dashboard in real Chromium: log in, open the dashboard,
filter and sort with the keyboard only, axe-core without violations, and a narrow screen."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from intake.models import Aanmelding, AanmeldingGemeente, Intakegesprek
from portal.models import User

from ..factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    ProvincieFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Aanmelding.Status


@pytest.fixture
def adviseur():
    adviseur = AdviseurFactory(
        email="adviseur.dashboard@example.org",
        naam="Anouk Adviseur",
        organisatie=OrganisatieFactory(naam="Movisie test"),
    )
    # The factory sets the password after its save; store it for the login form.
    adviseur.set_password(settings.DEMO_PASSWORD)
    adviseur.save()
    EmailAddress.objects.create(user=adviseur, email=adviseur.email, verified=True, primary=True)
    return adviseur


@pytest.fixture
def editie(adviseur):
    editie = EditieFactory(
        traject__organisaties=[adviseur.organisatie],
        traject__code="A",
        traject__titel="Inclusief werken",
        naam="Voorjaar 2030",
        plaatsen=6,
    )
    provincies = [
        ProvincieFactory(code="PV26", naam="Utrecht"),
        ProvincieFactory(code="PV21", naam="Fryslân"),
        ProvincieFactory(code="PV30", naam="Noord-Brabant"),
    ]
    maker = User.objects.create(email="maker@example.org")
    statussen = [S.INGEDIEND, S.INTAKE_GEPLAND, S.TOEGELATEN, S.WACHTLIJST, S.AFGEWEZEN]
    for nummer in range(12):
        status = statussen[nummer % len(statussen)]
        aanmelding = AanmeldingFactory(
            editie=editie,
            gemeente=GemeenteFactory(
                naam=f"Gemeente {chr(65 + nummer)}", provincie=provincies[nummer % 3]
            ),
            status=status,
            aangemaakt_door=maker,
            adviseur=adviseur if nummer % 2 else None,
        )
        if nummer == 0:
            AanmeldingGemeente.objects.create(
                aanmelding=aanmelding, gemeente=GemeenteFactory(naam="Partnerdorp"), editie=editie
            )
        if status == S.INTAKE_GEPLAND:
            start = timezone.now() + datetime.timedelta(days=nummer + 1)
            intake = Intakegesprek.objects.create(
                aanmelding=aanmelding,
                start=start,
                eind=start + datetime.timedelta(hours=1),
                adres="Stadhuisplein 1",
            )
            intake.adviseurs.add(adviseur)
    AanmeldingFactory(editie=editie, status=S.CONCEPT, aangemaakt_door=maker)
    return editie


def _inloggen(pagina, adviseur):
    pagina.goto("/accounts/login/")
    pagina.locator("[name=login]").fill(adviseur.email)
    pagina.locator("[name=password]").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url("**/adviseur/")


def test_adviseur_opent_dashboard_en_filtert_met_het_toetsenbord(
    pagina, adviseur, editie, axe_controle
):
    _inloggen(pagina, adviseur)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Overzicht voor adviseurs"
    assert pagina.get_by_role("heading", name="Mijn intakes").is_visible()
    assert pagina.get_by_role("link", name="Gemeente B").is_visible()  # a coming intake
    assert axe_controle(pagina) == []

    pagina.get_by_role("link", name="A: Voorjaar 2030").click()
    pagina.wait_for_url(f"**/adviseur/edities/{editie.pk}/")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Aanmeldingen A: Voorjaar 2030"
    assert pagina.get_by_role("heading", name="12 aanmeldingen gevonden").is_visible()
    assert pagina.get_by_text("Samen met Partnerdorp").is_visible()
    grafiek = pagina.get_by_role("img", name="Aanmeldingen per provincie")
    assert grafiek.is_visible()
    assert pagina.get_by_role("table", name="Aantal aanmeldingen per provincie en status")
    assert axe_controle(pagina) == []

    # Filter with the keyboard only: tick a status with the space bar, submit with Enter.
    pagina.get_by_role("checkbox", name="Op de wachtlijst").focus()
    pagina.keyboard.press("Space")
    # A closed select changes with typed letters: "N" chooses Noord-Brabant.
    pagina.get_by_role("combobox", name="Provincie").focus()
    pagina.keyboard.type("N")
    pagina.get_by_role("button", name="Toon aanmeldingen").focus()
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**status=wachtlijst*")
    assert "provincie=PV30" in pagina.url
    assert pagina.get_by_role("heading", name="1 aanmelding gevonden").is_visible()
    rijen = pagina.locator(".portal-dashboard-tabel tbody tr")
    assert rijen.all_inner_texts()[0].split("\t")[:3] == [
        "Gemeente I",
        "Noord-Brabant",
        "Op de wachtlijst",
    ]
    assert pagina.get_by_role("checkbox", name="Op de wachtlijst").is_checked()
    assert axe_controle(pagina) == []

    # Sort by a column header link, with Enter; the column announces its order.
    pagina.get_by_role("link", name="Gemeente (sorteer andersom)").focus()
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**sortering=-gemeente*")
    assert "status=wachtlijst" in pagina.url  # the filter stays
    kop = pagina.locator("th[aria-sort]")
    assert kop.get_attribute("aria-sort") == "descending"
    assert axe_controle(pagina) == []


def test_dashboard_past_op_een_smal_scherm(pagina, adviseur, editie, axe_controle):
    _inloggen(pagina, adviseur)
    pagina.set_viewport_size({"width": 320, "height": 800})
    for pad in ("/adviseur/", f"/adviseur/edities/{editie.pk}/"):
        pagina.goto(pad)
        breedte = pagina.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 320, (pad, breedte)
        assert axe_controle(pagina) == [], pad
    # The wide table scrolls inside its own region, which the keyboard can reach.
    tabel = pagina.locator(".portal-dashboard-tabel")
    assert tabel.get_attribute("tabindex") == "0"
    assert tabel.get_attribute("role") == "region"
    assert pagina.evaluate(
        "() => { const e = document.querySelector('.portal-dashboard-tabel');"
        " return e.scrollWidth > e.clientWidth; }"
    )
