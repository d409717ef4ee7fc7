"""The whole journey in real Chromium, with axe-core on every page a person sees.

An advisor composes and publishes the learning groups, adds a resident to a local practice and
mails the personal link, plans an exchange meeting with two date options and fixes one. The
resident opens the link without an account, votes and answers the invitation with the keyboard
only, and takes the calendar feed. The advisor then moves the meeting and the feed shows the new
time: same UID, higher SEQUENCE.

Screenshots of the main pages go to /tmp/reis/ (or REIS_SCREENSHOTS) for a person to look at.
"""

import datetime
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.utils import dateformat, translation
from icalendar import Calendar

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk, Stem, Uitnodiging
from intake import services as intake_services
from intake.models import Aanmelding
from intake.services import Besluit
from portal.models import Mail, Provincie
from trajecten.models import Traject

from ..factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SCHERMAFDRUKKEN = Path(os.environ.get("REIS_SCREENSHOTS", Path(tempfile.gettempdir()) / "reis"))
TOEGEZEGD = {
    "toezegging_college": "toegezegd",
    "toezegging_raad": "toegezegd",
    "toezegging_ambtenaren": "toegezegd",
}


def _dag(datum: datetime.date, formaat: str) -> str:
    """The date as the Dutch pages write it, e.g. "j F" -> "27 maart"."""
    with translation.override("nl"):
        return dateformat.format(datum, formaat)


def _editie_met_vijf_toegelaten_gemeenten():
    """An edition of a track of the advisor's organisation, with five municipalities admitted
    through the intake service (as after their intakes): three in Brabant, two in Groningen."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie, email="adviseur.reis@example.org")
    EmailAddress.objects.create(user=adviseur, email=adviseur.email, verified=True, primary=True)
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    groningen = Provincie.objects.get_or_create(code="PV20", defaults={"naam": "Groningen"})[0]
    for naam, provincie in (
        ("Oss", brabant),
        ("Best", brabant),
        ("Breda", brabant),
        ("Haren", groningen),
        ("Stad", groningen),
    ):
        aanmelding = AanmeldingFactory(
            editie=editie,
            traject=traject,
            gemeente=GemeenteFactory(naam=naam, provincie=provincie),
            status=Aanmelding.Status.INTAKE_GEHOUDEN,
            **TOEGEZEGD,
        )
        intake_services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
        )
    assert editie.aanmeldingen.filter(status=Aanmelding.Status.TOEGELATEN).count() == 5
    return editie, adviseur


def _focus_zichtbaar(pagina) -> bool:
    """The focused element matches :focus-visible and draws a focus ring a person can see: the
    portal's 3px outline, Chromium's own ring (outline-style auto, where a component library
    reverts to it) or a box shadow."""
    return pagina.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body || !el.matches(':focus-visible')) return false;
            const stijl = getComputedStyle(el);
            const rand = stijl.outlineStyle === 'auto'
                || (stijl.outlineStyle !== 'none' && parseFloat(stijl.outlineWidth) >= 2)
                || stijl.boxShadow !== 'none';
            const rect = el.getBoundingClientRect();
            return rand && rect.width > 0 && rect.height > 0;
        }"""
    )


def _tab_naar(pagina, doel, *, max_stappen=40) -> list[str]:
    """Press Tab until ``doel`` (a locator) has the focus; every stop on the way must show a
    visible focus. Returns the stops, for a readable failure message."""
    stops = []
    for _ in range(max_stappen):
        pagina.keyboard.press("Tab")
        stop = pagina.evaluate(
            """() => {
                const el = document.activeElement;
                const naam = (el.labels?.[0]?.innerText || el.innerText || '').trim();
                return `${el.tagName.toLowerCase()} "${naam.slice(0, 40)}"`;
            }"""
        )
        stops.append(stop)
        assert _focus_zichtbaar(pagina), f"focus not visible on {stop}; path: {stops}"
        if doel.evaluate("el => el === document.activeElement"):
            return stops
    pytest.fail(f"Tab never reached {doel}; path: {stops}")


def test_reis_van_leergroep_tot_verplaatste_bijeenkomst_in_de_agenda(
    chromium, live_server, pagina, axe_controle, settings
):
    # Links in mails and on the personal page point at this test server.
    settings.SITE_URL = live_server.url
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    editie, adviseur = _editie_met_vijf_toegelaten_gemeenten()
    schendingen: dict[str, list] = {}

    def controle(page, naam, *, foto=False):
        """axe-core on the page as it is now; violations are collected and asserted at the end
        so one run shows every page that needs work."""
        if gevonden := axe_controle(page):
            schendingen[naam] = gevonden
        if foto:
            page.screenshot(path=str(SCHERMAFDRUKKEN / f"{naam}.png"), full_page=True)

    # --- 1. The advisor logs in, composes the learning groups and publishes them ---------------
    pagina.goto("/accounts/login/")
    controle(pagina, "01_inloggen")
    pagina.get_by_label("E-mailadres").fill(adviseur.email)
    pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(lambda url: "/accounts/login/" not in url)

    pagina.get_by_role("link", name="Adviseur", exact=True).click()
    controle(pagina, "02_adviseur_start")
    pagina.get_by_role("link", name=f"{editie.traject.code}: {editie.naam}").click()
    controle(pagina, "03_editie")
    pagina.get_by_role("link", name="Leergroepen samenstellen").click()
    assert pagina.get_by_role("heading", level=1).inner_text().startswith("Leergroepen")
    assert pagina.get_by_text("Er zijn 5 toegelaten gemeenten.").is_visible()
    controle(pagina, "04_leergroepen_leeg")

    pagina.get_by_role("button", name="Bereken een voorstel").click()
    assert pagina.get_by_role("heading", name="Voorstel (score", exact=False).is_visible()
    controle(pagina, "05_leergroepen_voorstel", foto=True)
    pagina.get_by_role("button", name="Dit voorstel overnemen").click()
    assert pagina.get_by_text("De leergroepen zijn opgeslagen.").is_visible()
    controle(pagina, "06_leergroepen_opgeslagen")
    pagina.get_by_role("button", name="Leergroepen publiceren").click()
    assert pagina.get_by_text("De leergroepen zijn gepubliceerd").is_visible()
    controle(pagina, "07_leergroepen_gepubliceerd", foto=True)
    assert editie.aanmeldingen.filter(status=Aanmelding.Status.GEPLAATST).count() == 5
    oss = LokalePraktijk.objects.select_related("leergroep").get(
        aanmelding__editie=editie, aanmelding__gemeente__naam="Oss"
    )
    groep = oss.leergroep
    assert groep is not None

    # --- 2. The advisor adds a resident to the practice of Oss and mails the personal link -----
    pagina.get_by_role("link", name="Mijn bijeenkomsten", exact=True).click()
    controle(pagina, "08_mijn_bijeenkomsten_adviseur")
    pagina.get_by_role("link", name="Deelnemers van Oss").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Lokale praktijk Oss"
    controle(pagina, "09_praktijk")
    pagina.get_by_label("Naam").fill("Wim Bewoner")
    pagina.get_by_label("E-mailadres").fill("wim@example.net")
    pagina.get_by_label("Rol").select_option(label="Inwoner")
    pagina.get_by_role("button", name="Deelnemer toevoegen").click()
    assert pagina.get_by_text("Wim Bewoner doet nu mee.").is_visible()
    pagina.get_by_role("button", name="Link sturen aan Wim Bewoner").click()
    assert pagina.get_by_text("De link is verstuurd naar wim@example.net.").is_visible()
    controle(pagina, "10_praktijk_link_verstuurd", foto=True)
    wim = Deelnemer.objects.get(praktijk=oss, email="wim@example.net")
    mail = Mail.objects.get(aan__icontains="wim@example.net")
    link = re.search(rf"{re.escape(live_server.url)}/p/[0-9a-f]{{64}}/", mail.tekst)
    assert link, f"no personal link in the mail:\n{mail.tekst}"
    persoonlijke_link = link[0]

    # --- 3. The advisor plans an exchange meeting for Oss's group with two date options --------
    pagina.goto(f"/adviseur/edities/{editie.pk}/leergroepen/")
    pagina.get_by_role("link", name="Bijeenkomsten van deze editie plannen").click()
    controle(pagina, "11_kalender_leeg")
    pagina.get_by_role("link", name="Nieuwe bijeenkomst").click()
    controle(pagina, "12_bijeenkomst_nieuw")
    pagina.get_by_label("Uitwisselingsbijeenkomst").check()
    pagina.get_by_role("combobox", name="Leergroep").select_option(label=groep.naam)
    pagina.get_by_label("Titel").fill("Eerste uitwisseling")
    pagina.get_by_label("Plaats").fill("Gemeentehuis Oss")
    pagina.get_by_label("Drempelvrij").check()
    pagina.get_by_role("button", name="Bijeenkomst aanmaken").click()
    assert pagina.get_by_text("De bijeenkomst is aangemaakt.").is_visible()
    controle(pagina, "13_bijeenkomst_zonder_opties")

    vandaag = datetime.date.today()
    eerste, tweede = vandaag + datetime.timedelta(days=45), vandaag + datetime.timedelta(days=47)
    for datum in (eerste, tweede):
        pagina.get_by_label("Datum", exact=True).fill(datum.isoformat())
        pagina.get_by_label("Begintijd").fill("10:00")
        pagina.get_by_label("Eindtijd").fill("12:00")
        pagina.get_by_role("button", name="Datumoptie toevoegen").click()
        assert pagina.get_by_text("De datumoptie is toegevoegd.").is_visible()
    controle(pagina, "14_bijeenkomst_opties", foto=True)
    bijeenkomst = Bijeenkomst.objects.get(titel="Eerste uitwisseling")
    assert bijeenkomst.status == Bijeenkomst.Status.IN_OVERLEG
    optie_1, optie_2 = bijeenkomst.datumopties.order_by("start")
    assert optie_1.start == datetime.datetime.combine(eerste, datetime.time(10), tzinfo=AMSTERDAM)

    # --- 4. The resident, without an account, opens the link and votes with the keyboard -------
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    fouten: list[str] = []
    try:
        inwoner = context.new_page()
        inwoner.set_default_timeout(10_000)
        inwoner.on("pageerror", lambda exc: fouten.append(str(exc)))
        inwoner.goto(persoonlijke_link)
        assert inwoner.get_by_role("heading", level=1).inner_text() == "Mijn bijeenkomsten"
        assert inwoner.get_by_text("Hallo Wim Bewoner.").is_visible()
        assert inwoner.get_by_role("heading", name="Eerste uitwisseling").is_visible()
        controle(inwoner, "15_link_stemmen", foto=True)

        stem_1 = inwoner.locator(f"#id_s{bijeenkomst.pk}-optie_{optie_1.pk}_0")
        stem_2_ja = inwoner.locator(f"#id_s{bijeenkomst.pk}-optie_{optie_2.pk}_0")
        stem_2_nee = inwoner.locator(f"#id_s{bijeenkomst.pk}-optie_{optie_2.pk}_2")
        opslaan = inwoner.get_by_role("button", name="Keuze opslaan")
        # Tab from the top of the page to the first choice: the first date, "Ja".
        _tab_naar(inwoner, stem_1)
        assert inwoner.get_by_role("group", name=_dag(eerste, "l j F Y")).is_visible()
        inwoner.keyboard.press("Space")
        assert stem_1.is_checked()
        # Tab goes to the next date's group; the arrow keys pick "Nee" there.
        inwoner.keyboard.press("Tab")
        assert stem_2_ja.evaluate("el => el === document.activeElement")
        inwoner.keyboard.press("ArrowDown")
        inwoner.keyboard.press("ArrowDown")
        assert stem_2_nee.is_checked()
        assert _focus_zichtbaar(inwoner)
        inwoner.keyboard.press("Tab")
        assert opslaan.evaluate("el => el === document.activeElement")
        assert _focus_zichtbaar(inwoner)
        with inwoner.expect_navigation():
            inwoner.keyboard.press("Enter")
        assert inwoner.get_by_text("Bedankt! Uw keuze is opgeslagen.").is_visible()
        assert stem_1.is_checked() and stem_2_nee.is_checked()
        # Back at the meeting (#b<pk>): the next Tab lands on the choice just made.
        assert inwoner.url.endswith(f"#b{bijeenkomst.pk}")
        inwoner.keyboard.press("Tab")
        assert stem_1.evaluate("el => el === document.activeElement")
        assert _focus_zichtbaar(inwoner)
        inwoner.screenshot(path=str(SCHERMAFDRUKKEN / "16_link_gestemd_focus.png"))
        controle(inwoner, "16_link_gestemd")
        assert dict(Stem.objects.filter(deelnemer=wim).values_list("optie_id", "antwoord")) == {
            optie_1.pk: "ja",
            optie_2.pk: "nee",
        }

        # --- 5. The advisor sees the tally and fixes the first date --------------------------
        pagina.reload()
        rij_1 = pagina.get_by_role("row", name=_dag(eerste, "l j F Y"))
        rij_2 = pagina.get_by_role("row", name=_dag(tweede, "l j F Y"))
        # Columns: Ja, Als het moet, Nee.
        assert rij_1.get_by_role("cell").all_inner_texts()[:3] == ["1", "0", "0"]
        assert rij_2.get_by_role("cell").all_inner_texts()[:3] == ["0", "0", "1"]
        controle(pagina, "17_bijeenkomst_telling", foto=True)
        rij_1.get_by_role(
            "button", name=re.compile(rf"^Deze datum vastleggen\W+{_dag(eerste, 'j F')} 10:00")
        ).click()
        assert pagina.get_by_text("De datum staat vast.").is_visible()
        assert pagina.get_by_role("row", name="Wim Bewoner").is_visible()
        controle(pagina, "18_bijeenkomst_vastgesteld", foto=True)
        bijeenkomst.refresh_from_db()
        assert bijeenkomst.status == Bijeenkomst.Status.VASTGESTELD

        # --- 6. The resident reloads, says yes with the keyboard and takes the calendar feed --
        inwoner.goto(persoonlijke_link)
        wanneer = f"{_dag(eerste, 'l j F Y')}, 10:00–12:00"
        assert inwoner.get_by_text(wanneer).is_visible()
        controle(inwoner, "19_link_uitnodiging", foto=True)
        ja = inwoner.get_by_role("radio", name="Ja, ik kom")
        _tab_naar(inwoner, ja)
        inwoner.keyboard.press("Space")
        assert ja.is_checked()
        inwoner.keyboard.press("Tab")
        antwoord_opslaan = inwoner.get_by_role("button", name="Antwoord opslaan")
        assert antwoord_opslaan.evaluate("el => el === document.activeElement")
        assert _focus_zichtbaar(inwoner)
        with inwoner.expect_navigation():
            inwoner.keyboard.press("Enter")
        assert inwoner.get_by_text("Uw antwoord is opgeslagen.").is_visible()
        assert Uitnodiging.objects.get(bijeenkomst=bijeenkomst, deelnemer=wim).antwoord == "ja"
        assert inwoner.url.endswith(f"#b{bijeenkomst.pk}")
        inwoner.keyboard.press("Tab")
        assert ja.is_checked() and ja.evaluate("el => el === document.activeElement")
        controle(inwoner, "20_link_geantwoord", foto=True)

        # The calendar link comes next in the tab order. Its webcal:// address opens a calendar
        # app, so the feed is fetched at the address the page shows beside it for copying.
        abonneren = inwoner.get_by_role("link", name="Zet in mijn agenda")
        assert _tab_naar(inwoner, abonneren) == [
            'button "Antwoord opslaan"',
            'a "Zet in mijn agenda"',
        ]
        webcal = abonneren.get_attribute("href")
        assert webcal.startswith("webcal://") and webcal.endswith("/agenda.ics")
        feed_url = inwoner.locator("section[aria-labelledby=agenda] code").inner_text()
        assert feed_url == live_server.url + urlsplit(webcal).path
        feed_pad = urlsplit(feed_url).path

        def feed_event():
            antwoord = context.request.get(feed_pad)
            assert antwoord.ok, antwoord.status
            assert antwoord.headers["content-type"].startswith("text/calendar")
            events = Calendar.from_ical(antwoord.body()).walk("VEVENT")
            assert len(events) == 1, [str(e.get("SUMMARY")) for e in events]
            return events[0]

        event = feed_event()
        assert str(event["SUMMARY"]) == "Eerste uitwisseling"
        assert event["DTSTART"].params.get("TZID") == "Europe/Amsterdam"
        assert event["DTSTART"].dt == optie_1.start
        assert event["DTSTART"].dt.astimezone(AMSTERDAM).time() == datetime.time(10)
        uid, sequence = str(event["UID"]), int(event["SEQUENCE"])

        # --- 7. The advisor moves the meeting; the feed shows the new time ------------------
        nieuw = vandaag + datetime.timedelta(days=52)
        pagina.get_by_role("link", name="Wijzigen of verplaatsen").click()
        controle(pagina, "21_bijeenkomst_wijzigen", foto=True)
        pagina.get_by_label("Datum", exact=True).fill(nieuw.isoformat())
        pagina.get_by_label("Begintijd").fill("13:30")
        pagina.get_by_label("Eindtijd").fill("15:30")
        pagina.get_by_role("button", name="Wijzigingen opslaan").click()
        assert pagina.get_by_text("De deelnemers krijgen bericht.").is_visible()
        assert pagina.get_by_text(f"{_dag(nieuw, 'l j F Y')}, 13:30 - 15:30").is_visible()
        controle(pagina, "22_bijeenkomst_verplaatst")

        event = feed_event()
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) > sequence
        assert event["DTSTART"].dt == datetime.datetime.combine(
            nieuw, datetime.time(13, 30), tzinfo=AMSTERDAM
        )
        assert event["DTEND"].dt == datetime.datetime.combine(
            nieuw, datetime.time(15, 30), tzinfo=AMSTERDAM
        )

        inwoner.goto(persoonlijke_link)
        assert inwoner.get_by_text(f"{_dag(nieuw, 'l j F Y')}, 13:30–15:30").is_visible()
        controle(inwoner, "23_link_verplaatst", foto=True)
    finally:
        context.close()

    assert not fouten, f"JavaScript errors on the resident's pages: {fouten}"
    assert not schendingen, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        f"- {pagina_naam}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for pagina_naam, lijst in schendingen.items()
        for v in lijst
    )
