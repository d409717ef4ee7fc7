"""The calendar (ICS) builder: the one place that writes iCalendar files.

Pure Python around the ``icalendar`` package: no database, no settings. A service passes plain
data (:class:`IcsEvent`) and gets bytes back to attach to a mail (``text/calendar``) or to offer
as a download. Nothing is added beyond what the caller passes in.

- Times must be timezone-aware; they are written in local Dutch time (``TZID=Europe/Amsterdam``)
  with a ``VTIMEZONE`` component, so calendars show the right time also across daylight saving.
- A changed meeting keeps its ``uid`` and gets a higher ``sequence``; a cancelled one is sent
  with ``methode="CANCEL"`` (or ``geannuleerd=True``) and the same ``uid``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

TIJDZONE = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Trajectportaal//NL"
METHODEN = ("REQUEST", "CANCEL", "PUBLISH")


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    sequence: int
    start: datetime
    eind: datetime
    titel: str
    beschrijving: str = ""
    locatie: str = ""
    url: str = ""
    organisator_naam: str = ""
    organisator_email: str = ""
    deelnemers: Sequence[tuple[str, str]] = ()  # (naam, e-mail)
    geannuleerd: bool = False

    def __post_init__(self):
        if not self.uid:
            raise ValueError("An event needs a uid")
        if self.sequence < 0:
            raise ValueError("The sequence cannot be negative")
        for tijd in (self.start, self.eind):
            if tijd.tzinfo is None or tijd.utcoffset() is None:
                raise ValueError("Event times must be timezone-aware")
        if self.eind <= self.start:
            raise ValueError("An event must end after it starts")


def _adres(email: str, naam: str) -> vCalAddress:
    adres = vCalAddress(f"mailto:{email}")
    if naam:
        adres.params["CN"] = naam
    return adres


def _vevent(event: IcsEvent, *, geannuleerd: bool, nu: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", nu.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.start.astimezone(TIJDZONE))
    vevent.add("dtend", event.eind.astimezone(TIJDZONE))
    vevent.add("summary", event.titel)
    if event.beschrijving:
        vevent.add("description", event.beschrijving)
    if event.locatie:
        vevent.add("location", event.locatie)
    if event.url:
        vevent.add("url", event.url)
    if event.organisator_email:
        vevent.add("organizer", _adres(event.organisator_email, event.organisator_naam))
    for naam, email in event.deelnemers:
        deelnemer = _adres(email, naam)
        deelnemer.params["ROLE"] = "REQ-PARTICIPANT"
        deelnemer.params["PARTSTAT"] = "NEEDS-ACTION"
        vevent.add("attendee", deelnemer)
    vevent.add("status", "CANCELLED" if geannuleerd else "CONFIRMED")
    return vevent


def ics_agenda(
    events: Iterable[IcsEvent],
    *,
    methode: str = "REQUEST",
    naam: str | None = None,
    nu: datetime | None = None,
) -> bytes:
    """One VCALENDAR with a VEVENT per event, as bytes (UTF-8, CRLF line ends).

    ``methode`` is the iTIP method: ``REQUEST`` for an invitation or change, ``CANCEL`` for a
    cancellation (every event then gets ``STATUS:CANCELLED``), ``PUBLISH`` for a read-only
    schedule. ``naam`` names the calendar; ``nu`` sets DTSTAMP (default: the current time).
    """
    if methode not in METHODEN:
        raise ValueError(f"Unknown iCalendar method {methode!r}")
    events = list(events)
    if not events and methode != "PUBLISH":
        # An invitation or cancellation without an event means nothing; an empty published
        # schedule (a feed with no meetings yet) is a valid calendar.
        raise ValueError("A calendar needs at least one event")
    nu = nu or datetime.now(tz=UTC)
    if nu.tzinfo is None:
        raise ValueError("DTSTAMP must be timezone-aware")

    agenda = Calendar()
    agenda.add("prodid", PRODID)
    agenda.add("version", "2.0")
    agenda.add("calscale", "GREGORIAN")
    agenda.add("method", methode)
    if naam:
        agenda.add("name", naam)
        agenda.add("x-wr-calname", naam)
    for event in events:
        geannuleerd = methode == "CANCEL" or event.geannuleerd
        agenda.add_component(_vevent(event, geannuleerd=geannuleerd, nu=nu))

    if not events:
        return agenda.to_ical()
    # VTIMEZONE covering just the years the events span, so the file stays small.
    eerste = min(e.start.astimezone(TIJDZONE) for e in events).date()
    laatste = max(e.eind.astimezone(TIJDZONE) for e in events).date()
    agenda.add_missing_timezones(
        first_date=date(eerste.year, 1, 1),
        last_date=date(laatste.year + 1, 1, 1),
    )
    return agenda.to_ical()
