"""Planning meetings: scope per kind, fixing invites exactly the participants in scope (one mail
each, never twice), moving and cancelling update calendars (SEQUENCE only rises), conflicts on a
stale version, reminders once, the vote tally, access per role and the calendar's query budget."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bijeenkomsten import planning, services, tasks
from bijeenkomsten.links import link_zoeken
from bijeenkomsten.models import (
    Bijeenkomst,
    Deelnemer,
    Leergroep,
    LokalePraktijk,
    Stem,
    Uitnodiging,
)
from intake.models import Aanmelding
from portal.exceptions import PortaalFout
from portal.models import Mail, MailOpdracht, Provincie
from portal.tasks import mail_versturen
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
AMS = ZoneInfo("Europe/Amsterdam")
B = Bijeenkomst


def _tijd(jaar, maand, dag, uur, duur=2):
    start = datetime.datetime(jaar, maand, dag, uur, tzinfo=AMS)
    return start, start + datetime.timedelta(hours=duur)


@pytest.fixture
def opzet():
    """An edition of track-A-like rules with two published groups: Noord-Brabant (Oss, Best,
    Breda) and Groningen (Haren, Stad). Every practice has its official as participant; Oss has
    an extra resident and an inactive participant."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(
        soort=Traject.Soort.EDITIE,
        organisaties=[organisatie],
        lokale_bijeenkomsten_min=3,
        lokale_bijeenkomsten_max=5,
        uitwisselingen_min=2,
        uitwisselingen_max=3,
    )
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    groningen = Provincie.objects.get_or_create(code="PV20", defaults={"naam": "Groningen"})[0]
    ids = []
    for naam, provincie in (
        ("Oss", brabant),
        ("Best", brabant),
        ("Breda", brabant),
        ("Haren", groningen),
        ("Stad", groningen),
    ):
        gemeente = GemeenteFactory(naam=naam, provincie=provincie)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.TOEGELATEN
        )
        maak_lid(UserFactory(email=f"{naam.lower()}@example.org"), gemeente)
        ids.append(aanmelding.pk)
    adviseur = AdviseurFactory(organisatie=organisatie)
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    praktijken = {
        p.aanmelding.gemeente.naam: p
        for p in LokalePraktijk.objects.filter(aanmelding__editie=editie).select_related(
            "aanmelding__gemeente"
        )
    }
    Deelnemer.objects.create(
        praktijk=praktijken["Oss"],
        naam="Ina Inwoner",
        email="ina@example.org",
        rol=Deelnemer.Rol.INWONER,
    )
    Deelnemer.objects.create(
        praktijk=praktijken["Oss"],
        naam="Oud Lid",
        email="oud@example.org",
        rol=Deelnemer.Rol.INWONER,
        actief=False,
    )
    mail.outbox.clear()
    return {
        "editie": editie,
        "adviseur": adviseur,
        "brabant": Leergroep.objects.get(editie=editie, naam="Leergroep Noord-Brabant"),
        "groningen": Leergroep.objects.get(editie=editie, naam="Leergroep Groningen"),
        "praktijken": praktijken,
    }


def _uitwisseling(opzet, **velden):
    return planning.bijeenkomst_aanmaken(
        editie=opzet["editie"],
        soort=B.Soort.UITWISSELING,
        leergroep=opzet["brabant"],
        titel="Uitwisseling Brabant",
        door=opzet["adviseur"],
        locatie="Gemeentehuis Oss",
        adres="Raadhuislaan 1, Oss",
        agenda="Welkom\nWat werkt in uw gemeente?",
        drempelvrij=True,
        **velden,
    )


def _vastleggen(opzet, bijeenkomst, start, eind, capture):
    with capture(execute=True):
        return planning.datum_vastleggen(
            bijeenkomst=bijeenkomst,
            start=start,
            eind=eind,
            versie=bijeenkomst.versie,
            door=opzet["adviseur"],
        )


def _ics(bericht) -> Calendar:
    (naam, inhoud, mimetype), *_rest = bericht.attachments
    assert naam == "bijeenkomst.ics"
    agenda = Calendar.from_ical(inhoud)
    assert mimetype == f"text/calendar; method={agenda['METHOD']}"
    return agenda


def _event(bericht):
    return next(c for c in _ics(bericht).walk("VEVENT"))


def test_bereik_moet_passen_bij_soort_ook_in_de_database(opzet):
    editie = opzet["editie"]
    with pytest.raises(IntegrityError), transaction.atomic():
        B.objects.create(editie=editie, soort=B.Soort.UITWISSELING, titel="Zonder groep")
    with pytest.raises(IntegrityError), transaction.atomic():
        B.objects.create(
            editie=editie, soort=B.Soort.START, titel="Start", leergroep=opzet["brabant"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        B.objects.create(
            editie=editie,
            soort=B.Soort.LOKAAL,
            titel="Lokaal",
            praktijk=opzet["praktijken"]["Oss"],
            leergroep=opzet["brabant"],
        )


def test_aanmaken_weigert_een_groep_of_praktijk_van_een_andere_editie(opzet):
    andere = EditieFactory(traject=opzet["editie"].traject)
    vreemde_groep = Leergroep.objects.create(editie=andere, volgorde=1, naam="Elders")
    vreemde_praktijk = LokalePraktijk.objects.create(
        aanmelding=AanmeldingFactory(editie=andere, status=Aanmelding.Status.GEPLAATST)
    )
    adviseur = opzet["adviseur"]
    with pytest.raises(PortaalFout, match="leergroep van deze editie"):
        planning.bijeenkomst_aanmaken(
            editie=opzet["editie"],
            soort=B.Soort.UITWISSELING,
            leergroep=vreemde_groep,
            titel="X",
            door=adviseur,
        )
    with pytest.raises(PortaalFout, match="gemeente van deze editie"):
        planning.bijeenkomst_aanmaken(
            editie=opzet["editie"],
            soort=B.Soort.LOKAAL,
            praktijk=vreemde_praktijk,
            titel="X",
            door=adviseur,
        )
    with pytest.raises(PortaalFout, match="hele editie"):
        planning.bijeenkomst_aanmaken(
            editie=opzet["editie"],
            soort=B.Soort.START,
            leergroep=opzet["brabant"],
            titel="X",
            door=adviseur,
        )
    with pytest.raises(PortaalFout, match="Alleen een adviseur"):
        planning.bijeenkomst_aanmaken(
            editie=opzet["editie"], soort=B.Soort.START, titel="X", door=AdviseurFactory()
        )
    assert not B.objects.exists()


def test_vastleggen_nodigt_alleen_de_eigen_groep_uit_met_een_mail_per_deelnemer(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 5, 12, 14)
    _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)

    verwacht = {"oss@example.org", "best@example.org", "breda@example.org", "ina@example.org"}
    ontvangers = [adres for bericht in mail.outbox for adres in bericht.to]
    assert sorted(ontvangers) == sorted(verwacht)  # exactly one each; not Haren, Stad, Oud Lid
    assert (
        set(
            Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).values_list(
                "deelnemer__email", flat=True
            )
        )
        == verwacht
    )
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == B.Status.VASTGESTELD
    assert bijeenkomst.sequence == 0

    bericht = next(m for m in mail.outbox if m.to == ["ina@example.org"])
    assert bericht.subject == "Uitnodiging: Uitwisseling Brabant"
    assert "woensdag 12 mei 2027, 14:00 - 16:00" in bericht.body
    assert "Gemeentehuis Oss, Raadhuislaan 1, Oss" in bericht.body
    assert "drempelvrij" in bericht.body
    assert "Wat werkt in uw gemeente?" in bericht.body
    token = bericht.body.split("/p/")[1].split("/")[0]
    assert link_zoeken(token=token, soort="rooster").deelnemer.email == "ina@example.org"
    event = _event(bericht)
    assert _ics(bericht)["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"bijeenkomst-{bijeenkomst.uid}@trajectportaal"
    assert event["SEQUENCE"] == 0


def test_herhalen_of_een_taak_opnieuw_draaien_mailt_niemand_twee_keer(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 5, 12, 14)
    _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    rijen = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:")
    assert rijen.count() == 4

    # A second click with the old form: refused, nothing new.
    with pytest.raises(PortaalFout), django_capture_on_commit_callbacks(execute=True):
        planning.datum_vastleggen(
            bijeenkomst=bijeenkomst, start=start, eind=eind, versie=0, door=opzet["adviseur"]
        )
    # The invitation step run again (as a retried job would): the keys exist, no new rows.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        bijeenkomst.refresh_from_db()
        planning._uitnodigen(bijeenkomst, soort="uitnodiging")
    # Every send task delivered twice: the outbox sends each row once.
    for mail_id in rijen.values_list("pk", flat=True):
        mail_versturen.delay(mail_id)
    assert rijen.count() == 4
    assert len(mail.outbox) == 4
    assert Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).count() == 4


def test_verplaatsen_over_de_zomertijd_verhoogt_sequence_en_stuurt_een_update(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    # Saturday before the clocks go forward (28 March 2027), then the Monday after.
    start, eind = _tijd(2027, 3, 27, 10)
    bijeenkomst = _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)
    eerste = _event(mail.outbox[0])
    assert eerste["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    mail.outbox.clear()

    nieuw_start, nieuw_eind = _tijd(2027, 3, 29, 10)
    with django_capture_on_commit_callbacks(execute=True):
        bijeenkomst = planning.bijeenkomst_wijzigen(
            bijeenkomst=bijeenkomst,
            versie=bijeenkomst.versie,
            door=opzet["adviseur"],
            start=nieuw_start,
            eind=nieuw_eind,
        )
    assert bijeenkomst.sequence == 1
    assert len(mail.outbox) == 4
    bericht = mail.outbox[0]
    assert bericht.subject == "Gewijzigd: Uitwisseling Brabant"
    assert "maandag 29 maart 2027, 10:00 - 12:00" in bericht.body
    agenda = _ics(bericht)
    event = _event(bericht)
    assert agenda["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(eerste["UID"])
    assert event["SEQUENCE"] == 1
    dtstart = event["DTSTART"]
    assert dtstart.params["TZID"] == "Europe/Amsterdam"
    assert dtstart.dt.hour == 10
    assert dtstart.dt.utcoffset() == datetime.timedelta(hours=2)
    assert dtstart.dt == nieuw_start
    assert list(agenda.walk("VTIMEZONE"))

    # Only the agenda text changes: no new calendar version, no mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bijeenkomst = planning.bijeenkomst_wijzigen(
            bijeenkomst=bijeenkomst,
            versie=bijeenkomst.versie,
            door=opzet["adviseur"],
            agenda="Nieuwe agenda",
        )
    assert bijeenkomst.sequence == 1
    assert mail.outbox == []


def test_afzeggen_stuurt_method_cancel_met_dezelfde_uid_en_hogere_sequence(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 10, 30, 10)
    bijeenkomst = _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)
    uid = str(_event(mail.outbox[0])["UID"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bijeenkomst = planning.bijeenkomst_annuleren(
            bijeenkomst=bijeenkomst, versie=bijeenkomst.versie, door=opzet["adviseur"]
        )
    assert bijeenkomst.status == B.Status.GEANNULEERD
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        ["oss@example.org", "best@example.org", "breda@example.org", "ina@example.org"]
    )
    bericht = mail.outbox[0]
    assert bericht.subject == "Gaat niet door: Uitwisseling Brabant"
    assert bericht.attachments[0][2] == "text/calendar; method=CANCEL"
    agenda = _ics(bericht)
    event = _event(bericht)
    assert agenda["METHOD"] == "CANCEL"
    assert str(event["UID"]) == uid
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CANCELLED"


def test_tweede_adviseur_met_een_oude_versie_krijgt_een_conflictmelding(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 6, 1, 9)
    bijeenkomst = _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)
    versie = bijeenkomst.versie
    collega = AdviseurFactory(organisatie=opzet["adviseur"].organisatie)
    winnaar = planning.bijeenkomst_wijzigen(
        bijeenkomst=bijeenkomst,
        versie=versie,
        door=opzet["adviseur"],
        start=start + datetime.timedelta(days=1),
        eind=eind + datetime.timedelta(days=1),
    )
    with pytest.raises(PortaalFout, match="intussen gewijzigd"):
        planning.bijeenkomst_wijzigen(
            bijeenkomst=bijeenkomst,
            versie=versie,
            door=collega,
            start=start + datetime.timedelta(days=2),
            eind=eind + datetime.timedelta(days=2),
        )
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.start == winnaar.start
    assert bijeenkomst.sequence == 1
    with pytest.raises(PortaalFout, match="intussen gewijzigd"):
        planning.bijeenkomst_annuleren(bijeenkomst=bijeenkomst, versie=versie, door=collega)
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.sequence == 1
    assert bijeenkomst.status == B.Status.VASTGESTELD


def test_scherm_toont_conflictmelding_bij_een_oude_versie(opzet, client):
    bijeenkomst = _uitwisseling(opzet)
    client.force_login(opzet["adviseur"])
    url = reverse("planning:bijeenkomst-wijzigen", kwargs={"pk": bijeenkomst.pk})
    gegevens = {"titel": "Nieuw", "versie": "0", "herinnering_dagen": "3"}
    assert client.post(url, gegevens).status_code == 302
    response = client.post(url, {**gegevens, "titel": "Anders"}, follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.titel == "Nieuw"


def test_herinnering_gaat_een_keer_en_niet_naar_wie_nee_zei(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet, herinnering_dagen=3)
    morgen = timezone.now() + datetime.timedelta(days=2)
    bijeenkomst = _vastleggen(
        opzet,
        bijeenkomst,
        morgen,
        morgen + datetime.timedelta(hours=2),
        django_capture_on_commit_callbacks,
    )
    later = _uitwisseling(opzet, herinnering_dagen=3)
    over_tien = timezone.now() + datetime.timedelta(days=10)
    _vastleggen(
        opzet,
        later,
        over_tien,
        over_tien + datetime.timedelta(hours=2),
        django_capture_on_commit_callbacks,
    )
    Uitnodiging.objects.filter(bijeenkomst=bijeenkomst, deelnemer__email="best@example.org").update(
        antwoord=Uitnodiging.Antwoord.NEE
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert planning.herinneringen_versturen() == 1
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "breda@example.org",
        "ina@example.org",
        "oss@example.org",
    ]
    assert all(m.subject == "Herinnering: Uitwisseling Brabant" for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.herinneringen_versturen.delay().get() == 0  # the beat task: nothing new
    assert len(mail.outbox) == 3
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.herinnering_verstuurd_op is not None


def test_stemmen_worden_per_datumoptie_geteld(opzet):
    bijeenkomst = _uitwisseling(opzet)
    een, twee = _tijd(2027, 5, 3, 10), _tijd(2027, 5, 4, 10)
    opties = planning.datumopties_zetten(
        bijeenkomst=bijeenkomst, opties=[een, twee], versie=0, door=opzet["adviseur"]
    )
    deelnemers = list(planning.deelnemers_in_bereik(bijeenkomst).order_by("pk"))
    A = Stem.Antwoord
    for deelnemer, (eerste, tweede) in zip(
        deelnemers,
        [(A.JA, A.NEE), (A.JA, A.ALS_HET_MOET), (A.NEE, A.JA), (A.JA, A.JA)],
        strict=True,
    ):
        Stem.objects.create(optie=opties[0], deelnemer=deelnemer, antwoord=eerste)
        Stem.objects.create(optie=opties[1], deelnemer=deelnemer, antwoord=tweede)
    telling = planning.stemmen_telling(bijeenkomst)
    assert [(o.ja, o.als_het_moet, o.nee) for o in telling] == [(3, 0, 1), (2, 1, 1)]
    # Keeping an option keeps its votes; a removed option goes with its votes.
    planning.datumopties_zetten(
        bijeenkomst=bijeenkomst, opties=[twee], versie=1, door=opzet["adviseur"]
    )
    assert [(o.ja, o.als_het_moet, o.nee) for o in planning.stemmen_telling(bijeenkomst)] == [
        (2, 1, 1)
    ]


def test_toegang_per_rol(opzet, client):
    editie = opzet["editie"]
    bijeenkomst = _uitwisseling(opzet)
    urls = [
        reverse("planning:kalender", kwargs={"pk": editie.pk}),
        reverse("planning:bijeenkomst-nieuw", kwargs={"pk": editie.pk}),
        reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk}),
        reverse("planning:bijeenkomst-wijzigen", kwargs={"pk": bijeenkomst.pk}),
        reverse("planning:bijeenkomst-annuleren", kwargs={"pk": bijeenkomst.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    ambtenaar = Deelnemer.objects.get(email="oss@example.org").user
    for gebruiker, status in (
        (ambtenaar, 404),
        (AdviseurFactory(), 404),
        (UserFactory(rol="beheerder"), 200),
        (opzet["adviseur"], 200),
    ):
        client.force_login(gebruiker)
        for url in urls:
            assert client.get(url).status_code == status, (gebruiker, url)
    client.force_login(AdviseurFactory())
    response = client.post(urls[4], {"versie": "0"})
    assert response.status_code == 404
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == B.Status.IN_OVERLEG


def test_formulier_toont_fouten_bij_het_veld_en_bovenaan(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("planning:bijeenkomst-nieuw", kwargs={"pk": opzet["editie"].pk})
    response = client.post(
        url, {"soort": B.Soort.UITWISSELING, "titel": "", "herinnering_dagen": "3"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er ging iets mis" in html
    assert 'href="#id_leergroep"' in html
    assert "Kies de leergroep van deze uitwisseling." in html
    assert not B.objects.exists()

    praktijk = opzet["praktijken"]["Oss"]
    response = client.post(
        url,
        {
            "soort": B.Soort.LOKAAL,
            "praktijk": praktijk.pk,
            "leergroep": opzet["brabant"].pk,  # ignored: a local meeting has no group
            "titel": "Lokale kring Oss",
            "herinnering_dagen": "3",
        },
    )
    bijeenkomst = B.objects.get()
    assert response.url == reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    assert bijeenkomst.praktijk == praktijk
    assert bijeenkomst.leergroep is None


def test_scherm_legt_een_optie_vast_en_nodigt_uit(
    opzet, client, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    client.force_login(opzet["adviseur"])
    url = reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    response = client.post(
        url,
        {
            "actie": "optie",
            "versie": "0",
            "datum": "2027-05-03",
            "begintijd": "10:00",
            "eindtijd": "09:00",
        },
    )
    assert "De eindtijd moet na de begintijd liggen." in response.content.decode()
    client.post(
        url,
        {
            "actie": "optie",
            "versie": "0",
            "datum": "2027-05-03",
            "begintijd": "10:00",
            "eindtijd": "12:00",
        },
    )
    optie = bijeenkomst.datumopties.get()
    assert optie.start == datetime.datetime(2027, 5, 3, 10, tzinfo=AMS)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"actie": "vastleggen_optie", "versie": "1", "optie": optie.pk})
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == B.Status.VASTGESTELD
    assert bijeenkomst.start == optie.start
    assert len(mail.outbox) == 4


def test_tellingen_per_groep_en_praktijk_naast_wat_het_traject_vraagt(opzet):
    _uitwisseling(opzet)
    geannuleerd = _uitwisseling(opzet)
    start, eind = _tijd(2027, 5, 1, 10)
    geannuleerd = planning.datum_vastleggen(
        bijeenkomst=geannuleerd, start=start, eind=eind, versie=0, door=opzet["adviseur"]
    )
    planning.bijeenkomst_annuleren(bijeenkomst=geannuleerd, versie=1, door=opzet["adviseur"])
    weg = planning.bijeenkomst_annuleren(
        bijeenkomst=_uitwisseling(opzet), versie=0, door=opzet["adviseur"]
    )
    assert (weg.status, weg.start) == (B.Status.GEANNULEERD, None)
    planning.bijeenkomst_aanmaken(
        editie=opzet["editie"],
        soort=B.Soort.LOKAAL,
        praktijk=opzet["praktijken"]["Oss"],
        titel="Kring",
        door=opzet["adviseur"],
    )
    tellingen = planning.tellingen(opzet["editie"])
    groepen = {t.naam: t for t in tellingen["groepen"]}
    assert groepen["Leergroep Noord-Brabant"].gepland == 1
    assert groepen["Leergroep Noord-Brabant"].te_weinig
    assert (groepen["Leergroep Groningen"].minimum, groepen["Leergroep Groningen"].maximum) == (
        2,
        3,
    )
    praktijken = {t.naam: t for t in tellingen["praktijken"]}
    assert praktijken["Oss"].gepland == 1
    assert praktijken["Best"].gepland == 0
    assert (praktijken["Oss"].minimum, praktijken["Oss"].maximum) == (3, 5)


def _aantal_queries(client, url):
    # An empty cache: the queries of rendering the page, not of a hit (the edition's header
    # stays cached while only meetings change).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_kalender_heeft_een_vast_aantal_queries(opzet, client, django_assert_max_num_queries):
    editie = opzet["editie"]
    client.force_login(opzet["adviseur"])
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})

    def meetings(aantal):
        soorten = [
            {"soort": B.Soort.START},
            {"soort": B.Soort.UITWISSELING, "leergroep": opzet["groningen"]},
            {"soort": B.Soort.LOKAAL, "praktijk": opzet["praktijken"]["Best"]},
        ]
        for i in range(aantal):
            planning.bijeenkomst_aanmaken(
                editie=editie, titel=f"B{i}", door=opzet["adviseur"], **soorten[i % 3]
            )

    meetings(3)
    bij_drie, _response = _aantal_queries(client, url)
    meetings(27)
    bij_dertig, response = _aantal_queries(client, url)
    assert response.content.decode().count('href="/adviseur/bijeenkomsten/') == 30
    assert bij_drie == bij_dertig
    assert bij_dertig <= 12, bij_dertig
    # A chosen group or practice in the filter costs one lookup to check it.
    with django_assert_max_num_queries(bij_dertig + 1):
        client.get(url, {"soort": B.Soort.LOKAAL, "praktijk": opzet["praktijken"]["Best"].pk})
    gefilterd = client.get(url, {"soort": B.Soort.LOKAAL})
    assert gefilterd.content.decode().count('href="/adviseur/bijeenkomsten/') == 10


def test_startbijeenkomst_voor_300_deelnemers_is_een_verzoek_met_een_mail_elk(
    opzet, client, django_capture_on_commit_callbacks
):
    praktijken = list(opzet["praktijken"].values())
    Deelnemer.objects.bulk_create(
        Deelnemer(
            praktijk=praktijken[i % len(praktijken)],
            naam=f"Deelnemer {i}",
            email=f"d{i}@example.org",
            rol=Deelnemer.Rol.INWONER,
        )
        for i in range(294)
    )
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=opzet["editie"], soort=B.Soort.START, titel="Start", door=opzet["adviseur"]
    )
    assert planning.deelnemers_in_bereik(bijeenkomst).count() == 300
    client.force_login(opzet["adviseur"])
    url = reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as na_commit,
    ):
        response = client.post(
            url,
            {
                "actie": "vastleggen",
                "versie": "0",
                "datum": "2027-02-01",
                "begintijd": "10:00",
                "eindtijd": "16:00",
            },
        )
    assert response.status_code == 302
    # The request writes the invitations and one mail job, no mail: rendering 300 mails is the
    # worker's work. After the commit a callback queues the job.
    assert mail.outbox == []
    assert Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).count() == 300
    assert not Mail.objects.filter(sleutel__startswith="bijeenkomst:").exists()
    (opdracht,) = MailOpdracht.objects.all()
    # Bulk writes: the number of queries does not grow with the participants (measured: 24,
    # most of them the session, the permission checks and the page's redirect).
    assert len(queries) <= 30, "\n".join(q["sql"][:120] for q in queries.captured_queries)

    # The job (here in-process) puts one mail per participant in the outbox and sends them.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in na_commit:
            callback()
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.aantal) == (MailOpdracht.Status.KLAAR, 300)
    sleutels = set(
        Mail.objects.filter(sleutel__startswith="bijeenkomst:").values_list("sleutel", flat=True)
    )
    assert len(sleutels) == 300
    assert len(mail.outbox) == 300


@pytest.mark.django_db(transaction=True)
def test_twee_adviseurs_tegelijk_een_wint_de_ander_krijgt_een_conflict(opzet):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 9, 1, 10)
    bijeenkomst = planning.datum_vastleggen(
        bijeenkomst=bijeenkomst, start=start, eind=eind, versie=0, door=opzet["adviseur"]
    )
    collega = AdviseurFactory(organisatie=opzet["adviseur"].organisatie)
    samen = threading.Barrier(2)
    uitkomsten = []

    def opslaan(door, dagen):
        try:
            samen.wait()
            planning.bijeenkomst_wijzigen(
                bijeenkomst=B.objects.get(pk=bijeenkomst.pk),
                versie=1,
                door=door,
                start=start + datetime.timedelta(days=dagen),
                eind=eind + datetime.timedelta(days=dagen),
            )
            uitkomsten.append("gelukt")
        except PortaalFout as fout:
            uitkomsten.append(str(fout))
        finally:
            connection.close()

    draden = [
        threading.Thread(target=opslaan, args=(opzet["adviseur"], 1)),
        threading.Thread(target=opslaan, args=(collega, 2)),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(30)
    assert len(uitkomsten) == 2
    assert uitkomsten.count("gelukt") == 1
    assert any("intussen gewijzigd" in u for u in uitkomsten)
    bijeenkomst.refresh_from_db()
    assert (bijeenkomst.versie, bijeenkomst.sequence) == (2, 1)
    assert Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:1:").count() == 4


def test_verslag_en_aanwezigheid_na_de_bijeenkomst(
    opzet, client, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    gisteren = timezone.now() - datetime.timedelta(days=1)
    bijeenkomst = _vastleggen(
        opzet,
        bijeenkomst,
        gisteren,
        gisteren + datetime.timedelta(hours=2),
        django_capture_on_commit_callbacks,
    )
    ina = Uitnodiging.objects.get(bijeenkomst=bijeenkomst, deelnemer__email="ina@example.org")
    bijeenkomst = planning.verslag_vastleggen(
        bijeenkomst=bijeenkomst,
        verslag="We spraken over buurtteams.",
        aanwezig={ina.pk},
        versie=bijeenkomst.versie,
        door=opzet["adviseur"],
    )
    assert bijeenkomst.status == B.Status.GEHOUDEN
    client.force_login(opzet["adviseur"])
    pagina = client.get(reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk}))
    assert "Verslag en aanwezigheid invullen" in pagina.content.decode()
    assert "We spraken over buurtteams." in pagina.content.decode()
    aanwezig = dict(
        Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).values_list(
            "deelnemer__email", "aanwezig"
        )
    )
    assert aanwezig.pop("ina@example.org") is True
    assert set(aanwezig.values()) == {False}

    toekomst = _uitwisseling(opzet)
    start, eind = _tijd(2030, 1, 8, 10)
    toekomst = planning.datum_vastleggen(
        bijeenkomst=toekomst, start=start, eind=eind, versie=0, door=opzet["adviseur"]
    )
    pagina = client.get(reverse("planning:bijeenkomst", kwargs={"pk": toekomst.pk}))
    assert "Verslag en aanwezigheid invullen" not in pagina.content.decode()
    with pytest.raises(PortaalFout, match="nog niet geweest"):
        planning.verslag_vastleggen(
            bijeenkomst=toekomst, verslag="x", aanwezig=set(), versie=1, door=opzet["adviseur"]
        )


def _met_opties(opzet, *dagen):
    bijeenkomst = _uitwisseling(opzet)
    opties = [_tijd(2030, 3, dag, 19) for dag in dagen]
    planning.datumopties_zetten(
        bijeenkomst=bijeenkomst, opties=opties, versie=0, door=opzet["adviseur"]
    )
    return B.objects.get(pk=bijeenkomst.pk)


def test_stemverzoek_mailt_iedereen_in_bereik_een_keer_per_set_datums(
    opzet, client, django_capture_on_commit_callbacks
):
    bijeenkomst = _met_opties(opzet, 4, 11)
    client.force_login(opzet["adviseur"])
    url = reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    with django_capture_on_commit_callbacks(execute=True):
        pagina = client.post(url, {"actie": "stemverzoek", "versie": "1"}, follow=True)
    assert "4 deelnemers krijgen een e-mail met de vraag om te kiezen." in pagina.content.decode()
    # Oss (official and resident), Best, Breda: the group; not Groningen, not the inactive one.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "best@example.org",
        "breda@example.org",
        "ina@example.org",
        "oss@example.org",
    ]
    bericht = next(m for m in mail.outbox if m.to == ["ina@example.org"])
    assert bericht.subject == "Kies een datum: Uitwisseling Brabant"
    assert "maandag 4 maart 2030, 19:00 - 21:00" in bericht.body
    assert "maandag 11 maart 2030, 19:00 - 21:00" in bericht.body
    token = bericht.body.split("/p/")[1].split("/")[0]
    assert link_zoeken(token=token, soort="rooster").deelnemer.email == "ina@example.org"

    # Asking again with the same dates mails nobody; new dates ask everyone once more.
    with django_capture_on_commit_callbacks(execute=True):
        pagina = client.post(url, {"actie": "stemverzoek", "versie": "2"}, follow=True)
    assert "Iedereen heeft deze vraag met deze datums al gekregen." in pagina.content.decode()
    assert len(mail.outbox) == 4
    planning.datumopties_zetten(
        bijeenkomst=bijeenkomst,
        opties=[_tijd(2030, 3, 4, 19), _tijd(2030, 3, 18, 19)],
        versie=3,
        door=opzet["adviseur"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        aantal = planning.stemverzoek_versturen(
            bijeenkomst=bijeenkomst, versie=4, door=opzet["adviseur"]
        )
    assert aantal == 4
    assert len(mail.outbox) == 8


def test_stemverzoek_zonder_datums_of_na_vastleggen_wordt_geweigerd(opzet):
    bijeenkomst = _uitwisseling(opzet)
    with pytest.raises(PortaalFout, match="Zet eerst"):
        planning.stemverzoek_versturen(bijeenkomst=bijeenkomst, versie=0, door=opzet["adviseur"])
    start, eind = _tijd(2030, 4, 1, 10)
    planning.datum_vastleggen(
        bijeenkomst=bijeenkomst, start=start, eind=eind, versie=0, door=opzet["adviseur"]
    )
    with pytest.raises(PortaalFout, match="staat al vast"):
        planning.stemverzoek_versturen(bijeenkomst=bijeenkomst, versie=1, door=opzet["adviseur"])


def test_een_datumoptie_in_het_verleden_wordt_geweigerd(opzet):
    bijeenkomst = _uitwisseling(opzet)
    gisteren = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(PortaalFout, match="al voorbij"):
        planning.datumopties_zetten(
            bijeenkomst=bijeenkomst,
            opties=[(gisteren, gisteren + datetime.timedelta(hours=2)), _tijd(2030, 3, 4, 19)],
            versie=0,
            door=opzet["adviseur"],
        )
    assert not bijeenkomst.datumopties.exists()


def test_afzeggen_in_overleg_bewaart_de_bijeenkomst_en_mailt_wie_mocht_kiezen(
    opzet, django_capture_on_commit_callbacks
):
    stil = planning.bijeenkomst_annuleren(
        bijeenkomst=_met_opties(opzet, 4), versie=1, door=opzet["adviseur"]
    )
    assert (stil.status, stil.start, stil.sequence) == (B.Status.GEANNULEERD, None, 0)
    assert not Mail.objects.filter(sleutel__contains=str(stil.uid)).exists()

    gevraagd = _met_opties(opzet, 4, 11)
    planning.stemverzoek_versturen(bijeenkomst=gevraagd, versie=1, door=opzet["adviseur"])
    with django_capture_on_commit_callbacks(execute=True):
        gevraagd = planning.bijeenkomst_annuleren(
            bijeenkomst=gevraagd, versie=2, door=opzet["adviseur"]
        )
    assert gevraagd.status == B.Status.GEANNULEERD
    afgezegd = [m for m in mail.outbox if m.subject == "Gaat niet door: Uitwisseling Brabant"]
    assert len(afgezegd) == 4
    assert all(m.attachments == [] for m in afgezegd)
    assert "U hoeft geen datum meer te kiezen." in afgezegd[0].body
    # It stays on the calendar as cancelled, and voting on it is refused.
    ina = Deelnemer.objects.get(email="ina@example.org")
    optie = gevraagd.datumopties.first()
    with pytest.raises(PortaalFout, match="Stemmen kan niet meer"):
        from bijeenkomsten import deelname

        deelname.stemmen(deelnemer=ina, bijeenkomst=gevraagd, antwoorden={optie.pk: "ja"})
    assert list(planning.bijeenkomsten_van(opzet["editie"], filters={"status": "geannuleerd"})) == [
        stil,
        gevraagd,
    ]


def test_een_deelnemer_die_later_meedoet_krijgt_de_komende_uitnodigingen(
    opzet, django_capture_on_commit_callbacks
):
    from bijeenkomsten import deelname

    komend = _uitwisseling(opzet)
    start, eind = _tijd(2030, 5, 2, 10)
    komend = planning.datum_vastleggen(
        bijeenkomst=komend, start=start, eind=eind, versie=0, door=opzet["adviseur"]
    )
    gisteren = timezone.now() - datetime.timedelta(days=1)
    voorbij = planning.datum_vastleggen(
        bijeenkomst=_uitwisseling(opzet),
        start=gisteren,
        eind=gisteren + datetime.timedelta(hours=2),
        versie=0,
        door=opzet["adviseur"],
    )
    in_overleg = _met_opties(opzet, 4)
    groningen = planning.datum_vastleggen(
        bijeenkomst=planning.bijeenkomst_aanmaken(
            editie=opzet["editie"],
            soort=B.Soort.UITWISSELING,
            leergroep=opzet["groningen"],
            titel="Noord",
            door=opzet["adviseur"],
        ),
        start=start,
        eind=eind,
        versie=0,
        door=opzet["adviseur"],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nieuw = deelname.deelnemer_toevoegen(
            praktijk=opzet["praktijken"]["Best"],
            naam="Nina Nieuw",
            email="nina@example.org",
            rol=Deelnemer.Rol.INWONER,
            door=opzet["adviseur"],
        )
    assert list(
        Uitnodiging.objects.filter(deelnemer=nieuw).values_list("bijeenkomst", flat=True)
    ) == [komend.pk]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["nina@example.org"], "Uitnodiging: Uitwisseling Brabant")
    ]
    assert _event(mail.outbox[0])["UID"] == f"bijeenkomst-{komend.uid}@trajectportaal"
    assert voorbij.pk and in_overleg.pk and groningen.pk


def test_vastleggen_achteraf_maakt_de_lijst_maar_mailt_niemand(
    opzet, django_capture_on_commit_callbacks
):
    gisteren = timezone.now() - datetime.timedelta(days=1)
    bijeenkomst = _vastleggen(
        opzet,
        _uitwisseling(opzet),
        gisteren,
        gisteren + datetime.timedelta(hours=2),
        django_capture_on_commit_callbacks,
    )
    assert bijeenkomst.uitnodigingen.count() == 4
    assert mail.outbox == []


def test_een_verouderde_mailopdracht_mailt_niemand_de_verplaatsing_mailt_iedereen(
    opzet, django_capture_on_commit_callbacks
):
    """The invitation job has not run yet when the meeting is moved (a busy worker): the old
    invitation, with the old time, goes to nobody; the move's job mails everyone the new time."""
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 5, 12, 14)
    with django_capture_on_commit_callbacks(execute=False) as uitnodiging:
        bijeenkomst = planning.datum_vastleggen(
            bijeenkomst=bijeenkomst, start=start, eind=eind, versie=0, door=opzet["adviseur"]
        )
    later = start + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        bijeenkomst = planning.bijeenkomst_wijzigen(
            bijeenkomst=bijeenkomst,
            versie=bijeenkomst.versie,
            door=opzet["adviseur"],
            start=later,
            eind=later + datetime.timedelta(hours=2),
        )
    with django_capture_on_commit_callbacks(execute=True):
        for callback in uitnodiging:
            callback()

    assert {m.subject for m in mail.outbox} == {"Gewijzigd: Uitwisseling Brabant"}
    assert len(mail.outbox) == 4
    assert all("woensdag 19 mei 2027" in m.body for m in mail.outbox)
    oud, nieuw = MailOpdracht.objects.order_by("pk")
    assert (oud.status, oud.aantal) == (MailOpdracht.Status.KLAAR, 0)
    assert (nieuw.status, nieuw.aantal) == (MailOpdracht.Status.KLAAR, 4)


def test_afzeggen_mailt_wie_was_uitgenodigd_via_een_mailopdracht(
    opzet, django_capture_on_commit_callbacks
):
    bijeenkomst = _uitwisseling(opzet)
    start, eind = _tijd(2027, 5, 12, 14)
    bijeenkomst = _vastleggen(opzet, bijeenkomst, start, eind, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        planning.bijeenkomst_annuleren(
            bijeenkomst=bijeenkomst, versie=bijeenkomst.versie, door=opzet["adviseur"]
        )

    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        ["oss@example.org", "best@example.org", "breda@example.org", "ina@example.org"]
    )
    assert {m.subject for m in mail.outbox} == {"Gaat niet door: Uitwisseling Brabant"}
    assert MailOpdracht.objects.filter(status=MailOpdracht.Status.KLAAR).count() == 2
