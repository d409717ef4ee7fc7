"""Demo learning groups, participants and meeting calendars for the demo editions of tracks A and B
(DOMAIN.md §6.7–6.8), built through the portal's own services, so that invitations, personal
links and mails are real.

The calendar is the 2019 calendar of DOMAIN.md §6.8, shifted by whole weeks to the demo edition's
start date: Thursdays stay Thursdays (A), Tuesdays stay Tuesdays (B). One Regio Noord exchange
stays "in overleg" with three date options and votes, to show the date poll.

Idempotent: an edition whose groups are published keeps its groups, a participant whose e-mail
address is already in the practice is skipped, and an edition that has meetings (or has already
started) keeps its calendar as it is. Refused under production settings. Every person is fictional, every address
``@example.org``.
"""

import dataclasses
import datetime
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from portal.models import User
from trajecten.models import Editie

from . import deelname, planning, services
from .models import (
    Bijeenkomst,
    Datumoptie,
    Deelnemer,
    Leergroep,
    LokalePraktijk,
    Samenstelling,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MIDDAG = (datetime.time(13, 30), datetime.time(16, 30))
AVOND = (datetime.time(19, 30), datetime.time(21, 30))

Rol = Deelnemer.Rol
Soort = Bijeenkomst.Soort


@dataclass(frozen=True)
class Persoon:
    naam: str
    rol: str
    telefoon: str = ""
    toegankelijkheid: str = ""

    @property
    def email(self) -> str:
        voornaam, _spatie, achternaam = self.naam.partition(" ")
        lokaal = f"{voornaam}.{achternaam.replace(' ', '')}".lower()
        lokaal = unicodedata.normalize("NFKD", lokaal).encode("ascii", "ignore").decode()
        return f"{lokaal}@example.org"


@dataclass(frozen=True)
class Plaats:
    """The place fields of a meeting, as ``planning.bijeenkomst_aanmaken`` takes them."""

    locatie: str
    adres: str
    drempelvrij: bool = True
    ringleiding: bool = False
    stilteruimte: bool = False
    toegankelijkheid: str = ""
    online_link: str = ""


@dataclass(frozen=True)
class Plan:
    """One meeting of the 2019 calendar."""

    datum: datetime.date
    soort: str
    titel: str
    plaats: Plaats
    agenda: str
    gemeente: str = ""  # local meetings: the municipality of the practice
    opties: tuple[datetime.date, ...] = ()  # not fixed yet: "in overleg" with these options


@dataclass(frozen=True)
class Editieplan:
    traject: str
    adviseur: str
    start_2019: datetime.date
    bijeenkomsten: tuple[Plan, ...]
    groepsnaam: str = ""  # empty: keep the name the composition service gives
    groepsgrootte: tuple[int, int] | None = None
    stemmen: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


def _d(jaar: int, maand: int, dag: int) -> datetime.date:
    return datetime.date(jaar, maand, dag)


# --- Participants (DOMAIN.md §6.7). The officials of each municipality join their practice
# when the groups are published; these are the other people at the table. -------------------

DEELNEMERS = {
    "Someren": (
        Persoon("Henk van Asten", Rol.INWONER, "06 1234 5601", "ringleiding"),  # Wmo-raad
        Persoon("Ilse Verhoeven", Rol.ERVARINGSDESKUNDIGE, "06 1234 5602", "rolstoel"),
        Persoon("Mohamed El Amrani", Rol.AANBIEDER),  # welzijnswerker
        Persoon("Lotte Hendriks", Rol.INWONER, "06 1234 5603"),  # jongere
        Persoon("Bram Willems", Rol.INWONER),  # jongere
        Persoon("Eva Jacobs", Rol.AANBIEDER),  # sociale onderneming
    ),
    "Huizen": (
        Persoon("Karin de Groot", Rol.RAADSLID),
        Persoon("Jeroen Bakker", Rol.BEWONERSINITIATIEF),  # LHBTI-ontmoetingsgroep
        Persoon("Samira Bouzid", Rol.AANBIEDER),  # jongerenwerk
        Persoon("Ruud Visser", Rol.INWONER, "06 1234 5604", "ringleiding"),
    ),
    "Oss": (
        Persoon(
            "Kevin van den Heuvel",
            Rol.ERVARINGSDESKUNDIGE,
            "06 1234 5605",
            "eenvoudige taal, de agenda graag een week vooraf",
        ),
        Persoon("Marieke van Dijk", Rol.AANBIEDER),  # jobcoach bij IBN
        Persoon("Tom Peters", Rol.INWONER, "", "eenvoudige taal"),  # dagbesteding
        Persoon("Anita Verbeek", Rol.BESTUURDER),
        Persoon("Joke Smulders", Rol.INWONER),  # ouder en mantelzorger
    ),
    "Ede": (
        Persoon("Fatma Yilmaz", Rol.BEWONERSINITIATIEF),  # vrouwengroep Veldhuizen
        Persoon("Gerrit Hoekstra", Rol.INWONER, "06 1234 5606", "rollator, ringleiding"),
        Persoon("Nicole Bos", Rol.AANBIEDER),  # ouderenwerk
        Persoon("Hamza Karimi", Rol.INWONER),
    ),
    "Woerden": (
        Persoon("Petra Mulder", Rol.ERVARINGSDESKUNDIGE, "06 1234 5607", "rolstoel"),
        Persoon("Johan de Wit", Rol.RAADSLID),
        Persoon("Linda Koster", Rol.BEWONERSINITIATIEF),  # bewonersgroep Batenstein
        Persoon("Ayşe Demir", Rol.INWONER),
    ),
    "Groningen": (
        Persoon("Marten Dijkstra", Rol.BEWONERSINITIATIEF),  # buurtinitiatief
        Persoon("Sietske Postma", Rol.RAADSLID),
        Persoon("Ria Wolters", Rol.AANBIEDER),  # wijkwerker
        Persoon("Jan Oosting", Rol.INWONER, "06 1234 5608", "ringleiding"),
    ),
    "Leeuwarden": (
        Persoon("Hylke de Vries", Rol.BESTUURDER),
        Persoon("Anneke Bouma", Rol.BEWONERSINITIATIEF, "06 1234 5609", "rolstoel"),
        Persoon("Wietske Hiemstra", Rol.AANBIEDER),  # welzijnsorganisatie
        Persoon("Douwe Jansma", Rol.INWONER),
    ),
}


# --- Places (fictional addresses) --------------------------------------------------------------

UTRECHT = Plaats(
    "Vergadercentrum De Werf",
    "Catharijnesingel 210, 3511 GE Utrecht",
    ringleiding=True,
    stilteruimte=True,
    toegankelijkheid="Vijf minuten lopen van station Utrecht Centraal. Lift naar alle zalen. "
    "Invalidentoilet op elke verdieping.",
)
GEMEENTEHUIS_SOMEREN = Plaats(
    "Gemeentehuis Someren, raadzaal",
    "Raadhuisplein 1, 5711 AB Someren",
    ringleiding=True,
    toegankelijkheid="Invalidenparkeerplaats voor de deur. Lift naar de raadzaal.",
)
KANTINE_SOMEREN = Plaats(
    "Kantine van sportvereniging De Hoge Akker",
    "Sportlaan 12, 5711 CD Someren",
    toegankelijkheid="De kantine is gelijkvloers. Er is een invalidentoilet. Geen ringleiding.",
)
GEMEENTEHUIS_HUIZEN = Plaats(
    "Gemeentehuis Huizen, zaal De Haven",
    "Raadhuisplein 5, 1271 AB Huizen",
    ringleiding=True,
    toegankelijkheid="Ingang aan de voorkant is drempelvrij. Lift naar de eerste verdieping.",
)
DE_SCHAKEL_OSS = Plaats(
    "Leerwerkbedrijf De Schakel (IBN)",
    "Industrieweg 8, 5349 AB Oss",
    stilteruimte=True,
    toegankelijkheid="Gelijkvloers. Er is een rustige ruimte om even bij te komen.",
)
WIJKCENTRUM_EDE = Plaats(
    "Wijkcentrum Veldhuizen",
    "Zonnebloemlaan 14, 6713 AB Ede",
    ringleiding=True,
    toegankelijkheid="Bushalte voor de deur. Lift naar de eerste verdieping.",
)
WIJKCENTRUM_WOERDEN = Plaats(
    "Wijkcentrum Het Batenhuis",
    "Oranjelaan 20, 3443 AB Woerden",
    toegankelijkheid="Gelijkvloers. De wandeling door de wijk kan ook met een rolstoel of "
    "rollator.",
)
WIJKCENTRUM_GRONINGEN = Plaats(
    "Wijkcentrum De Kring",
    "Vismarkt 22, 9711 KV Groningen",
    ringleiding=True,
    toegankelijkheid="Tien minuten lopen van station Groningen. Lift aanwezig.",
)
BUURTHUIS_LEEUWARDEN = Plaats(
    "Buurthuis De Tuinen",
    "Tuinen 40, 8911 KG Leeuwarden",
    toegankelijkheid="Gelijkvloers. Parkeren voor de deur.",
)


def _online(plaats: Plaats, naam: str) -> Plaats:
    return dataclasses.replace(plaats, online_link=f"https://vergaderen.example.org/{naam}")


def _lokaal(gemeente: str, datum: datetime.date, titel: str, onderwerp: str, plaats: Plaats):
    return Plan(
        datum=datum,
        soort=Soort.LOKAAL,
        titel=f"{gemeente}: {titel}",
        plaats=plaats,
        agenda=f"Welkom.\n{onderwerp}\nAfspraken: wie doet wat voor de volgende keer?",
        gemeente=gemeente,
    )


# --- The 2019 calendars (DOMAIN.md §6.8) -------------------------------------------------------

A_2019 = Editieplan(
    traject="A",
    adviseur="adviseur.movisie@example.org",
    start_2019=_d(2019, 1, 31),
    bijeenkomsten=(
        Plan(
            _d(2019, 1, 31),
            Soort.START,
            "Startbijeenkomst Inclusief werken",
            _online(UTRECHT, "inclusief-werken-start"),
            "Welkom en kennismaken.\n"
            "Wat is een lerende lokale praktijk?\n"
            "Elke gemeente vertelt kort over haar vraagstuk.\n"
            "Afspraken over het jaar: lokale bijeenkomsten en uitwisselingen.\n"
            "Afsluiting met een drankje.",
        ),
        # Someren
        _lokaal(
            "Someren",
            _d(2019, 2, 21),
            "kennismaken en het vraagstuk",
            "We maken samen een kaart: waar voelen jongeren zich niet veilig op de fiets?",
            GEMEENTEHUIS_SOMEREN,
        ),
        _lokaal(
            "Someren",
            _d(2019, 5, 16),
            "thematafel veilig fietsen naar de sportvelden",
            "Jongeren, ouders en de sportclub praten aan één tafel over de fietsroute.",
            KANTINE_SOMEREN,
        ),
        _lokaal(
            "Someren",
            _d(2019, 9, 19),
            "een bijbaan met een beperking",
            "Met de sociale onderneming zoeken we bijbanen voor jongeren met een beperking.",
            GEMEENTEHUIS_SOMEREN,
        ),
        _lokaal(
            "Someren",
            _d(2019, 11, 21),
            "terugblik",
            "Hoe bereikten we jongeren? Wat houden we vast na dit jaar?",
            GEMEENTEHUIS_SOMEREN,
        ),
        # Huizen
        _lokaal(
            "Huizen",
            _d(2019, 3, 7),
            "praten mét elkaar",
            "LHBTI-inwoners vertellen wat veilig zijn voor hen betekent.",
            GEMEENTEHUIS_HUIZEN,
        ),
        _lokaal(
            "Huizen",
            _d(2019, 6, 6),
            "Jeugd veilig actief",
            "Hoe sluiten we aan bij Jeugd veilig actief? Samen met Blaricum, Eemnes en Laren.",
            GEMEENTEHUIS_HUIZEN,
        ),
        _lokaal(
            "Huizen",
            _d(2019, 11, 14),
            "terugblik",
            "Wat is er veranderd? Wat vragen we aan het college?",
            GEMEENTEHUIS_HUIZEN,
        ),
        # Oss
        _lokaal(
            "Oss",
            _d(2019, 3, 14),
            "ik wil, ik kan, ik heb nodig",
            "Deelnemers van de dagbesteding vertellen wat zij willen.",
            DE_SCHAKEL_OSS,
        ),
        _lokaal(
            "Oss",
            _d(2019, 5, 9),
            "kijken op een werkplek",
            "We kijken samen rond op een werkplek van IBN.",
            DE_SCHAKEL_OSS,
        ),
        _lokaal(
            "Oss",
            _d(2019, 6, 20),
            "wat heb je nodig?",
            "We maken samen plaatjes en korte teksten bij 'ik heb nodig'.",
            DE_SCHAKEL_OSS,
        ),
        _lokaal(
            "Oss",
            _d(2019, 9, 5),
            "van zorg naar werk",
            "Wat ging goed in de pilot? Wat kan beter?",
            DE_SCHAKEL_OSS,
        ),
        _lokaal(
            "Oss",
            _d(2019, 10, 31),
            "terugblik",
            "Welke lessen delen we met de andere gemeenten?",
            DE_SCHAKEL_OSS,
        ),
        # Ede
        _lokaal(
            "Ede",
            _d(2019, 3, 21),
            "kennismaken in de wijk",
            "Wat hebben bewoners nodig om elkaar te ontmoeten?",
            WIJKCENTRUM_EDE,
        ),
        _lokaal(
            "Ede",
            _d(2019, 6, 13),
            "samen koken en praten",
            "Jong en oud, uit verschillende culturen, koken samen. "
            "Daarna praten we over langer thuis wonen.",
            WIJKCENTRUM_EDE,
        ),
        _lokaal(
            "Ede",
            _d(2019, 9, 26),
            "plannen voor de wijk",
            "Welke ideeën van bewoners pakken we op? Wie helpt mee?",
            WIJKCENTRUM_EDE,
        ),
        _lokaal(
            "Ede",
            _d(2019, 11, 28),
            "terugblik",
            "Wat hebben we geleerd over ontmoeten in de wijk?",
            WIJKCENTRUM_EDE,
        ),
        # Woerden
        _lokaal(
            "Woerden",
            _d(2019, 3, 28),
            "wandelen door Batenstein Buiten",
            "We lopen samen door de wijk en letten op stoepen en paden.",
            WIJKCENTRUM_WOERDEN,
        ),
        _lokaal(
            "Woerden",
            _d(2019, 5, 23),
            "wat zagen we op straat?",
            "We bespreken wat lastig is en maken een lijst voor de gemeente.",
            WIJKCENTRUM_WOERDEN,
        ),
        _lokaal(
            "Woerden",
            _d(2019, 10, 3),
            "terugblik",
            "Wat heeft de gemeente aangepast? Wat nemen we mee?",
            WIJKCENTRUM_WOERDEN,
        ),
        # Exchanges of the learning group
        Plan(
            _d(2019, 4, 11),
            Soort.UITWISSELING,
            "Uitwisseling 1: wie zit er aan tafel?",
            UTRECHT,
            "Elke gemeente laat zien wie meedoet in de lokale praktijk.\n"
            "Hoe bereik je mensen die je nog niet ziet?\n"
            "We leren van elkaars aanpak.",
        ),
        Plan(
            _d(2019, 7, 4),
            Soort.UITWISSELING,
            "Uitwisseling 2: te gast in Oss",
            DE_SCHAKEL_OSS,
            "Marieke van Dijk van IBN is onze gastvrouw.\n"
            "Rondleiding door het leerwerkbedrijf.\n"
            "Deelnemers uit Oss vertellen over 'ik wil, ik kan en ik heb nodig'.\n"
            "Wat nemen de andere gemeenten mee?",
        ),
        Plan(
            _d(2019, 10, 10),
            Soort.UITWISSELING,
            "Uitwisseling 3: ontmoeten in de wijk",
            WIJKCENTRUM_EDE,
            "Bewoners van Veldhuizen laten hun wijk zien.\n"
            "Wat werkt om jong en oud, en mensen uit verschillende culturen, samen te brengen?\n"
            "Eerste lessen voor het kennisproduct.",
        ),
        Plan(
            _d(2020, 1, 23),
            Soort.SLOT,
            "Slotbijeenkomst en presentatie van het kennisproduct",
            _online(UTRECHT, "inclusief-werken-slot"),
            "Terugblik op het jaar.\n"
            "We presenteren het kennisproduct met de lessen uit vijf gemeenten.\n"
            "Hoe gaan de gemeenten verder?\n"
            "Afsluiting met een drankje.",
        ),
    ),
)

B_2019 = Editieplan(
    traject="B",
    adviseur="adviseur.vng@example.org",
    start_2019=_d(2019, 2, 12),
    groepsnaam="Regio Noord",
    groepsgrootte=(2, 4),
    bijeenkomsten=(
        Plan(
            _d(2019, 2, 12),
            Soort.START,
            "Startbijeenkomst Faciliteren van lokaal maatschappelijk initiatief",
            _online(UTRECHT, "initiatief-start"),
            "Welkom en kennismaken.\n"
            "Elke gemeente vertelt over haar project.\n"
            "De thema's van dit jaar: kaders, de rol van de raad en weerstand in de eigen "
            "organisatie.\n"
            "Afspraken over de regionale bijeenkomsten.",
        ),
        Plan(
            _d(2019, 4, 2),
            Soort.UITWISSELING,
            "Regio Noord 1: een fonds voor initiatieven",
            WIJKCENTRUM_GRONINGEN,
            "Groningen vertelt hoe de wijkbudgetten een fonds worden.\n"
            "Welke criteria zijn eerlijk en duidelijk voor inwoners?\n"
            "Wat neemt Leeuwarden mee?",
        ),
        Plan(
            _d(2019, 6, 25),
            Soort.UITWISSELING,
            "Regio Noord 2: één loket voor initiatieven",
            BUURTHUIS_LEEUWARDEN,
            "Leeuwarden vertelt over het loket voor initiatieven.\n"
            "Hoe werken afdelingen samen achter één voordeur?\n"
            "Omgaan met weerstand in de eigen organisatie.",
            opties=(_d(2019, 6, 18), _d(2019, 6, 25), _d(2019, 7, 2)),
        ),
        Plan(
            _d(2019, 10, 1),
            Soort.UITWISSELING,
            "Regio Noord 3: de rol van de raad",
            WIJKCENTRUM_GRONINGEN,
            "Hoe waardeert de raad initiatieven van inwoners?\n"
            "Raadsleden uit beide gemeenten praten mee.\n"
            "Wat zetten we in het kennisproduct?",
        ),
        Plan(
            _d(2020, 2, 11),
            Soort.SLOT,
            "Slotbijeenkomst: de lessen gebundeld",
            _online(UTRECHT, "initiatief-slot"),
            "Terugblik op het jaar.\n"
            "De lessen per soort project, gebundeld in het kennisproduct.\n"
            "Hoe delen we de lessen met andere gemeenten?",
        ),
    ),
    # Votes on the options of "Regio Noord 2", in the order of the options.
    stemmen={
        "ambtenaar.groningen@example.org": ("ja", "ja", "nee"),
        "marten.dijkstra@example.org": ("ja", "als_het_moet", "ja"),
        "anneke.bouma@example.org": ("nee", "ja", "ja"),
        "hylke.devries@example.org": ("als_het_moet", "ja", "nee"),
        "jan.oosting@example.org": ("ja", "nee", "als_het_moet"),
    },
)

EDITIEPLANNEN = (A_2019, B_2019)


# --- Loading -----------------------------------------------------------------------------------


def _tijdvak(datum: datetime.date, tijden: tuple[datetime.time, datetime.time]):
    begin, eind = tijden
    return (
        datetime.datetime.combine(datum, begin, tzinfo=AMSTERDAM),
        datetime.datetime.combine(datum, eind, tzinfo=AMSTERDAM),
    )


def _leergroepen_publiceren(editie: Editie, plan: Editieplan, door: User) -> None:
    samenstelling = Samenstelling.objects.filter(editie=editie).first()
    if samenstelling is not None and samenstelling.gepubliceerd_op is not None:
        return
    if plan.groepsgrootte and (editie.groepsgrootte_min, editie.groepsgrootte_max) == (4, 6):
        # A database from before the demo edition had its own bounds still has the defaults.
        editie.groepsgrootte_min, editie.groepsgrootte_max = plan.groepsgrootte
        editie.save(update_fields=["groepsgrootte_min", "groepsgrootte_max"])
    ids = list(services.plaatsbare_aanmeldingen(editie).values_list("pk", flat=True))
    if not ids:
        return
    samenstelling, _problemen = services.samenstelling_opslaan(
        editie=editie,
        groepen=[ids],
        versie=samenstelling.versie if samenstelling else 0,
        door=door,
    )
    if plan.groepsnaam:
        # Named before publishing, because the publication mail names the group.
        services.leergroep_hernoemen(
            leergroep=editie.leergroepen.get(),
            naam=plan.groepsnaam,
            versie=samenstelling.versie,
            door=door,
        )
        samenstelling.refresh_from_db()
    services.samenstelling_publiceren(editie=editie, versie=samenstelling.versie, door=door)


def _deelnemers_toevoegen(praktijken: dict[str, LokalePraktijk], door: User) -> None:
    for gemeente, praktijk in praktijken.items():
        for persoon in DEELNEMERS.get(gemeente, ()):
            if praktijk.deelnemers.filter(email__iexact=persoon.email).exists():
                continue
            deelname.deelnemer_toevoegen(
                praktijk=praktijk,
                naam=persoon.naam,
                email=persoon.email,
                rol=persoon.rol,
                telefoon=persoon.telefoon,
                toegankelijkheid=persoon.toegankelijkheid,
                door=door,
            )


def _kalender_maken(
    editie: Editie, plan: Editieplan, praktijken: dict[str, LokalePraktijk], door: User
) -> None:
    """Every meeting of the plan, shifted by whole weeks from the 2019 start meeting to the
    edition's start date. Fixed meetings invite and mail everyone in scope."""
    verschuiving = datetime.timedelta(weeks=(editie.startdatum - plan.start_2019).days // 7)
    leergroep = editie.leergroepen.order_by("volgorde").first()
    for bijeenkomst_plan in plan.bijeenkomsten:
        bereik = {}
        if bijeenkomst_plan.soort == Soort.LOKAAL:
            if bijeenkomst_plan.gemeente not in praktijken:
                continue
            bereik["praktijk"] = praktijken[bijeenkomst_plan.gemeente]
        elif bijeenkomst_plan.soort == Soort.UITWISSELING:
            bereik["leergroep"] = leergroep
        bijeenkomst = planning.bijeenkomst_aanmaken(
            editie=editie,
            soort=bijeenkomst_plan.soort,
            titel=bijeenkomst_plan.titel,
            agenda=bijeenkomst_plan.agenda,
            door=door,
            **bereik,
            **dataclasses.asdict(bijeenkomst_plan.plaats),
        )
        tijden = AVOND if bijeenkomst_plan.soort == Soort.LOKAAL else MIDDAG
        if bijeenkomst_plan.opties:
            opties = planning.datumopties_zetten(
                bijeenkomst=bijeenkomst,
                opties=[_tijdvak(d + verschuiving, tijden) for d in bijeenkomst_plan.opties],
                versie=bijeenkomst.versie,
                door=door,
            )
            planning.stemverzoek_versturen(
                bijeenkomst=bijeenkomst, versie=bijeenkomst.versie + 1, door=door
            )
            _stemmen(bijeenkomst, opties, plan.stemmen)
            continue
        start, eind = _tijdvak(bijeenkomst_plan.datum + verschuiving, tijden)
        planning.datum_vastleggen(
            bijeenkomst=bijeenkomst, versie=bijeenkomst.versie, start=start, eind=eind, door=door
        )


def _stemmen(
    bijeenkomst: Bijeenkomst, opties: list[Datumoptie], stemmen: dict[str, tuple[str, ...]]
) -> None:
    deelnemers = Deelnemer.objects.filter(
        praktijk__leergroep=bijeenkomst.leergroep, email__in=list(stemmen)
    )
    for deelnemer in deelnemers:
        antwoorden = stemmen[deelnemer.email]
        deelname.stemmen(
            deelnemer=deelnemer,
            bijeenkomst=bijeenkomst,
            antwoorden={o.pk: a for o, a in zip(opties, antwoorden, strict=True)},
        )


@transaction.atomic
def demo_laden(*, vandaag: datetime.date | None = None) -> dict[str, int]:
    """Groups, participants and calendars for the newest edition of tracks A and B. The dates
    follow from each edition's start date; an edition that started before ``vandaag`` (an old
    demo database) gets no calendar, because nobody plans or polls dates in the past."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    vandaag = vandaag or timezone.localdate()
    for plan in EDITIEPLANNEN:
        editie = (
            Editie.objects.filter(traject__code=plan.traject).order_by("-aanmelding_vanaf").first()
        )
        if editie is None or editie.startdatum is None:
            continue
        adviseur = User.objects.get(email=plan.adviseur)
        _leergroepen_publiceren(editie, plan, adviseur)
        praktijken = {
            p.aanmelding.gemeente.naam: p
            for p in LokalePraktijk.objects.filter(aanmelding__editie=editie).select_related(
                "aanmelding__gemeente", "aanmelding__traject"
            )
        }
        _deelnemers_toevoegen(praktijken, adviseur)
        if praktijken and editie.startdatum > vandaag and not editie.bijeenkomsten.exists():
            _kalender_maken(editie, plan, praktijken, adviseur)
    return {
        "leergroepen": Leergroep.objects.count(),
        "deelnemers": Deelnemer.objects.count(),
        "bijeenkomsten": Bijeenkomst.objects.count(),
    }
