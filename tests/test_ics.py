"""The calendar builder: what it writes must read back the same in any calendar program, also
across daylight saving time. Every test parses the bytes back with icalendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.ics import IcsEvent, ics_agenda

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _event(**velden) -> IcsEvent:
    start = velden.pop("start", datetime(2027, 5, 12, 13, 30, tzinfo=AMSTERDAM))
    return IcsEvent(
        **{
            "uid": "bijeenkomst-7@trajectportaal",
            "sequence": 0,
            "start": start,
            "eind": start + timedelta(hours=2),
            "titel": "Startbijeenkomst leergroep Inclusief werken",
            **velden,
        }
    )


def _lees(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def test_elk_event_wordt_een_vevent_met_uid_en_sequence():
    ics = ics_agenda(
        [
            _event(uid="bijeenkomst-1@trajectportaal", sequence=0),
            _event(uid="bijeenkomst-2@trajectportaal", sequence=3),
        ],
        naam="Leergroep Noord",
    )
    agenda = _lees(ics)
    events = agenda.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "bijeenkomst-1@trajectportaal",
        "bijeenkomst-2@trajectportaal",
    ]
    assert [e["SEQUENCE"] for e in events] == [0, 3]
    assert str(agenda["PRODID"]) == "-//Trajectportaal//NL"
    assert str(agenda["VERSION"]) == "2.0"
    assert str(agenda["METHOD"]) == "REQUEST"
    assert str(agenda["X-WR-CALNAME"]) == "Leergroep Noord"
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in events)
    assert all("DTSTAMP" in e for e in events)
    assert events[0].decoded("DTSTAMP").tzinfo is not None


def test_annuleren_zet_methode_cancel_en_status_cancelled():
    agenda = _lees(ics_agenda([_event(sequence=2)], methode="CANCEL"))
    (event,) = agenda.walk("VEVENT")
    assert str(agenda["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_een_geannuleerd_event_in_een_rooster_is_cancelled():
    agenda = _lees(
        ics_agenda(
            [_event(uid="a@trajectportaal"), _event(uid="b@trajectportaal", geannuleerd=True)],
            methode="PUBLISH",
        )
    )
    assert str(agenda["METHOD"]) == "PUBLISH"
    assert [str(e["STATUS"]) for e in agenda.walk("VEVENT")] == ["CONFIRMED", "CANCELLED"]


def test_organisator_en_deelnemers_als_mailto_met_naam():
    agenda = _lees(
        ics_agenda(
            [
                _event(
                    organisator_naam="Adviseur Movisie",
                    organisator_email="adviseur.movisie@example.org",
                    deelnemers=[
                        ("Ambtenaar Someren", "ambtenaar.someren@example.org"),
                        ("", "zonder.naam@example.org"),
                    ],
                    locatie="Gemeentehuis Someren, Wilhelminaplein 1",
                    beschrijving="Neem uw vraagstuk mee.\nWe beginnen op tijd.",
                    url="https://trajectportaal.example.org/bijeenkomsten/7/",
                )
            ]
        )
    )
    (event,) = agenda.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:adviseur.movisie@example.org"
    assert event["ORGANIZER"].params["CN"] == "Adviseur Movisie"
    deelnemers = event["ATTENDEE"]
    assert [str(d) for d in deelnemers] == [
        "mailto:ambtenaar.someren@example.org",
        "mailto:zonder.naam@example.org",
    ]
    assert deelnemers[0].params["CN"] == "Ambtenaar Someren"
    assert "CN" not in deelnemers[1].params
    assert str(event["LOCATION"]) == "Gemeentehuis Someren, Wilhelminaplein 1"
    assert str(event["DESCRIPTION"]) == "Neem uw vraagstuk mee.\nWe beginnen op tijd."
    assert str(event["URL"]) == "https://trajectportaal.example.org/bijeenkomsten/7/"


def test_zonder_organisator_of_deelnemers_geen_persoonsgegevens():
    ics = ics_agenda([_event()])
    event = _lees(ics).walk("VEVENT")[0]
    assert "ORGANIZER" not in event
    assert "ATTENDEE" not in event
    assert b"mailto:" not in ics
    assert b"@" not in ics.replace(b"bijeenkomst-7@trajectportaal", b"")


def test_vtimezone_europe_amsterdam_is_aanwezig_en_tijden_gebruiken_tzid():
    ics = ics_agenda([_event()])
    agenda = _lees(ics)
    (tijdzone,) = agenda.walk("VTIMEZONE")
    assert str(tijdzone["TZID"]) == "Europe/Amsterdam"
    assert b"DTSTART;TZID=Europe/Amsterdam:20270512T133000" in ics
    assert b"DTEND;TZID=Europe/Amsterdam:20270512T153000" in ics


@pytest.mark.parametrize(
    ("dag", "utc_uur"),
    [
        # 28 March 2027: clocks go forward at 02:00, so 10:00 is summer time (UTC+2).
        (datetime(2027, 3, 28, 10, 0, tzinfo=AMSTERDAM), 8),
        # 31 October 2027: clocks go back at 03:00, so 10:00 is winter time (UTC+1).
        (datetime(2027, 10, 31, 10, 0, tzinfo=AMSTERDAM), 9),
    ],
)
def test_lokale_tijd_klopt_op_de_dag_van_de_zomertijdwissel(dag, utc_uur):
    ics = ics_agenda([_event(start=dag)])
    agenda = _lees(ics)
    event = agenda.walk("VEVENT")[0]

    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(UTC).hour == utc_uur

    # The VTIMEZONE in the file itself (not the reader's own tz database) gives the same instant,
    # so a calendar program that only trusts the file shows 10:00 too.
    eigen_tijdzone = agenda.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    lokaal = start.replace(tzinfo=eigen_tijdzone)
    assert lokaal.astimezone(UTC) == datetime(dag.year, dag.month, dag.day, utc_uur, tzinfo=UTC)


def test_tijd_in_utc_wordt_als_amsterdamse_tijd_geschreven():
    ics = ics_agenda([_event(start=datetime(2027, 7, 1, 7, 0, tzinfo=UTC))])
    assert b"DTSTART;TZID=Europe/Amsterdam:20270701T090000" in ics


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({"start": datetime(2027, 5, 12, 13, 30)}, "timezone-aware"),
        ({"uid": ""}, "uid"),
        ({"sequence": -1}, "sequence"),
    ],
)
def test_onjuiste_events_worden_geweigerd(velden, melding):
    with pytest.raises(ValueError, match=melding):
        _event(**velden)


def test_onbekende_methode_en_lege_agenda_worden_geweigerd():
    with pytest.raises(ValueError, match="method"):
        ics_agenda([_event()], methode="REPLY")
    with pytest.raises(ValueError, match="at least one event"):
        ics_agenda([])
