"""The intake's calendar file, parsed back with `icalendar`: stable UID, rising SEQUENCE,
cancellation, and the right local time on a daylight-saving boundary."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from intake import services
from intake.meldingen import intake_ics
from intake.models import Aanmelding
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    OrganisatieFactory,
    TrajectFactory,
    maak_lid,
)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _event(ics: bytes):
    agenda = Calendar.from_ical(ics)
    events = agenda.walk("VEVENT")
    assert len(events) == 1
    return agenda, events[0]


@pytest.fixture
def aanmelding():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    return AanmeldingFactory(
        editie=EditieFactory(traject=traject), traject=traject, status=Aanmelding.Status.INGEDIEND
    )


def test_uid_blijft_gelijk_sequence_stijgt_en_afzeggen_annuleert(
    aanmelding, django_capture_on_commit_callbacks
):
    adviseur = AdviseurFactory(organisatie=aanmelding.traject.organisaties.get())
    # 10:00 in Amsterdam on the Sunday that summer time starts, then on the day it ends.
    zomer = datetime.datetime(2027, 3, 28, 10, 0, tzinfo=AMSTERDAM)
    winter = datetime.datetime(2027, 10, 31, 10, 0, tzinfo=AMSTERDAM)
    gemeenschappelijk = {
        "vorm": "op_locatie",
        "adres": "Raadhuis",
        "adviseurs": [adviseur],
        "door": adviseur,
    }

    intake = services.intake_plannen(
        aanmelding=aanmelding,
        start=zomer,
        eind=zomer + datetime.timedelta(hours=1),
        **gemeenschappelijk,
    )
    agenda, eerste = _event(intake_ics(intake))
    assert str(agenda["METHOD"]) == "REQUEST"
    assert eerste.decoded("DTSTART") == zomer
    assert eerste.decoded("DTSTART").astimezone(AMSTERDAM).hour == 10
    assert eerste.decoded("DTSTART").astimezone(datetime.UTC).hour == 8  # CEST: UTC+2
    assert eerste["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert any(tz["TZID"] == "Europe/Amsterdam" for tz in agenda.walk("VTIMEZONE"))

    intake = services.intake_plannen(
        aanmelding=aanmelding,
        start=winter,
        eind=winter + datetime.timedelta(hours=1),
        **gemeenschappelijk,
    )
    _agenda, tweede = _event(intake_ics(intake))
    assert str(tweede["UID"]) == str(eerste["UID"])
    assert int(tweede["SEQUENCE"]) > int(eerste["SEQUENCE"])
    assert tweede.decoded("DTSTART").astimezone(datetime.UTC).hour == 9  # CET: UTC+1

    intake = services.intake_annuleren(intake=intake, door=adviseur)
    agenda, derde = _event(intake_ics(intake))
    assert str(agenda["METHOD"]) == "CANCEL"
    assert str(derde["STATUS"]) == "CANCELLED"
    assert str(derde["UID"]) == str(eerste["UID"])
    assert int(derde["SEQUENCE"]) > int(tweede["SEQUENCE"])


def test_ambtenaar_downloadt_het_ics_bestand_van_de_eigen_aanmelding(client, aanmelding):
    adviseur = AdviseurFactory(organisatie=aanmelding.traject.organisaties.get())
    start = datetime.datetime(2027, 4, 6, 14, 0, tzinfo=AMSTERDAM)
    services.intake_plannen(
        aanmelding=aanmelding,
        start=start,
        eind=start + datetime.timedelta(hours=1),
        vorm="online",
        online_link="https://meet.example.org/x",
        adviseurs=[adviseur],
        door=adviseur,
    )
    ambtenaar = adviseur.__class__.objects.create_user(email="a@example.org", password="x" * 12)
    maak_lid(ambtenaar, aanmelding.gemeente)
    client.force_login(ambtenaar)
    response = client.get(reverse("intake:intake-ics", kwargs={"pk": aanmelding.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _agenda, event = _event(response.content)
    assert event.decoded("DTSTART") == start
