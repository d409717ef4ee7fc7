"""Reference data for provinces and municipalities, and the importer for CBS's yearly
municipality list ("Gemeentelijke indeling op 1 januari").

Municipalities merge every January. The importer applies a new list without breaking references:
a municipality that disappears from the list is ended (``einddatum``), never deleted, and linked
to the municipality it merged into when that is known.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Gemeente, Provincie

GEMEENTEN_CSV = Path(__file__).resolve().parent / "data" / "gemeenten.csv"

# CBS province codes (PV20 … PV31) with CBS's spelling.
PROVINCIES = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}

# Column names accepted for each value: our own file and CBS's published CSV.
_KOLOMMEN = {
    "code": ("code", "gemeentecodegm", "gemeentecode"),
    "naam": ("naam", "gemeentenaam"),
    "provincie": ("provincie", "provincienaam"),
}
# The optional population column: our own name or CBS's ("Bevolking" in its regional figures).
# The shipped list has none; without it the importer leaves ``inwoners`` as it is.
_INWONERS_KOLOMMEN = ("inwoners", "aantal inwoners", "inwonertal", "bevolking", "totale bevolking")
# "12345", or with thousands separated by a dot, space or comma: "12.345", "1 234 567".
_GETAL = re.compile(r"\d+|\d{1,3}(?:[. ,\u00a0]\d{3})+")

# Size bands for "about the same size" comparisons, CBS-like: (lower bound, slug, name). A
# municipality belongs to the last band whose lower bound it reaches.
GROOTTEKLASSEN = (
    (0, "tot-20000", _("tot 20.000")),
    (20_000, "20000-50000", _("20.000–50.000")),
    (50_000, "50000-100000", _("50.000–100.000")),
    (100_000, "meer-dan-100000", _("meer dan 100.000")),
)


def grootteklasse(inwoners: int | None) -> str | None:
    """The name of the size band of a municipality with ``inwoners`` residents ("tot 20.000",
    "20.000–50.000", "50.000–100.000", "meer dan 100.000"), None when unknown. A bound belongs
    to the band above it: 20 000 is "20.000–50.000". Pure: no database."""
    if inwoners is None:
        return None
    gevonden = None
    for ondergrens, _slug, naam in GROOTTEKLASSEN:
        if inwoners >= ondergrens:
            gevonden = str(naam)
    return gevonden


def grootteklasse_bereik(slug: str) -> tuple[int, int | None]:
    """The residents the band ``slug`` covers: (lower bound, upper bound exclusive, or None for
    the top band). Raises ``KeyError`` for an unknown band."""
    for nummer, (ondergrens, klasse, _naam) in enumerate(GROOTTEKLASSEN):
        if klasse == slug:
            volgende = GROOTTEKLASSEN[nummer + 1][0] if nummer + 1 < len(GROOTTEKLASSEN) else None
            return ondergrens, volgende
    raise KeyError(slug)


class ImportFout(ValueError):
    """The file cannot be applied; the message says which line and why."""


@dataclass(frozen=True)
class GemeenteRegel:
    code: str
    naam: str
    provincie: str
    #: None: not in the file (or empty there); the stored number is then left alone.
    inwoners: int | None = None


@dataclass
class ImportResultaat:
    nieuw: list[str] = field(default_factory=list)
    gewijzigd: list[str] = field(default_factory=list)
    opgeheven: list[str] = field(default_factory=list)
    ongewijzigd: int = 0

    @property
    def heeft_wijzigingen(self) -> bool:
        return bool(self.nieuw or self.gewijzigd or self.opgeheven)


def _normaliseer_code(waarde: str) -> str:
    waarde = waarde.strip().upper()
    if waarde.isdigit():
        waarde = f"GM{int(waarde):04d}"
    return waarde


def _lees_inwoners(waarde: str | None, nummer: int) -> int | None:
    waarde = (waarde or "").strip()
    if not waarde:
        return None
    if not _GETAL.fullmatch(waarde):
        raise ImportFout(f"Regel {nummer}: '{waarde}' is geen geldig aantal inwoners.")
    return int(re.sub(r"\D", "", waarde))


def lees_gemeentelijst(tekst: str) -> list[GemeenteRegel]:
    """Parse a municipality list in our format (``code,naam,provincie``) or CBS's CSV format
    (``Gemeentecode;GemeentecodeGM;Gemeentenaam;…;Provincienaam``).

    An optional column ``inwoners`` (also ``aantal inwoners``, ``inwonertal``, ``bevolking`` or
    ``totale bevolking``) gives the population: a whole number, thousands may be separated
    ("12.345"); an empty cell means unknown."""
    tekst = tekst.lstrip("\ufeff")
    eerste_regel = tekst.split("\n", 1)[0]
    scheidingsteken = ";" if eerste_regel.count(";") > eerste_regel.count(",") else ","
    lezer = csv.DictReader(io.StringIO(tekst), delimiter=scheidingsteken)
    kopjes = {(kop or "").strip().lower(): kop for kop in (lezer.fieldnames or [])}
    kolom = {}
    for sleutel, namen in _KOLOMMEN.items():
        gevonden = next((kopjes[naam] for naam in namen if naam in kopjes), None)
        if gevonden is None:
            raise ImportFout(f"Kolom '{sleutel}' ontbreekt in het bestand.")
        kolom[sleutel] = gevonden
    inwoners_kolom = next((kopjes[naam] for naam in _INWONERS_KOLOMMEN if naam in kopjes), None)

    regels: list[GemeenteRegel] = []
    codes: set[str] = set()
    for nummer, rij in enumerate(lezer, start=2):
        code = _normaliseer_code(rij[kolom["code"]] or "")
        naam = (rij[kolom["naam"]] or "").strip()
        provincie = (rij[kolom["provincie"]] or "").strip()
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            raise ImportFout(f"Regel {nummer}: '{code}' is geen geldige CBS-code (GMxxxx).")
        if not naam:
            raise ImportFout(f"Regel {nummer}: de naam ontbreekt.")
        if provincie not in PROVINCIES.values():
            raise ImportFout(f"Regel {nummer}: onbekende provincie '{provincie}'.")
        if code in codes:
            raise ImportFout(f"Regel {nummer}: code {code} staat dubbel in het bestand.")
        codes.add(code)
        inwoners = _lees_inwoners(rij[inwoners_kolom], nummer) if inwoners_kolom else None
        regels.append(GemeenteRegel(code=code, naam=naam, provincie=provincie, inwoners=inwoners))
    if not regels:
        raise ImportFout("Het bestand bevat geen gemeenten.")
    return regels


def lees_herindelingen(tekst: str) -> dict[str, str]:
    """Parse ``oude_code,nieuwe_code`` pairs: which ended municipality merged into which."""
    lezer = csv.DictReader(io.StringIO(tekst.lstrip("\ufeff")))
    paren = {}
    for nummer, rij in enumerate(lezer, start=2):
        try:
            oud = _normaliseer_code(rij["oude_code"])
            nieuw = _normaliseer_code(rij["nieuwe_code"])
        except KeyError as exc:
            raise ImportFout(
                "Het herindelingsbestand heeft kolommen oude_code,nieuwe_code."
            ) from exc
        if not oud or not nieuw:
            raise ImportFout(f"Regel {nummer}: oude_code en nieuwe_code zijn allebei nodig.")
        paren[oud] = nieuw
    return paren


def provincies_laden() -> dict[str, Provincie]:
    """Create or update the twelve provinces; returns them by name."""
    resultaat = {}
    for code, naam in PROVINCIES.items():
        provincie, _ = Provincie.objects.update_or_create(code=code, defaults={"naam": naam})
        resultaat[naam] = provincie
    return resultaat


@transaction.atomic
def gemeentelijst_toepassen(
    *,
    regels: list[GemeenteRegel],
    peildatum: datetime.date,
    herindelingen: dict[str, str] | None = None,
    proefdraaien: bool = False,
) -> ImportResultaat:
    """Bring the municipalities in line with a CBS list valid from ``peildatum``.

    New codes are created, changed names or provinces are updated, and active municipalities that
    are missing from the list are ended on ``peildatum`` and linked to their successor when
    ``herindelingen`` names it. A code that was ended and reappears is reactivated. Nothing is
    deleted. A population in the list is stored; a list without one leaves the stored number
    (perhaps filled in by a beheerder) alone. With ``proefdraaien`` the changes are computed and
    rolled back.
    """
    herindelingen = herindelingen or {}
    provincies = provincies_laden()
    bestaand = {g.cbs_code: g for g in Gemeente.objects.select_for_update()}
    resultaat = ImportResultaat()
    in_lijst = set()

    for regel in regels:
        in_lijst.add(regel.code)
        provincie = provincies[regel.provincie]
        gemeente = bestaand.get(regel.code)
        if gemeente is None:
            gemeente = Gemeente(
                cbs_code=regel.code,
                naam=regel.naam,
                provincie=provincie,
                inwoners=regel.inwoners,
            )
            resultaat.nieuw.append(regel.code)
            bestaand[regel.code] = gemeente
            gemeente.save()
            continue
        if (
            gemeente.naam == regel.naam
            and gemeente.provincie_id == provincie.pk
            and gemeente.einddatum is None
            and regel.inwoners in (None, gemeente.inwoners)
        ):
            resultaat.ongewijzigd += 1
            continue
        if regel.inwoners is not None:
            gemeente.inwoners = regel.inwoners
        gemeente.naam = regel.naam
        gemeente.provincie = provincie
        gemeente.einddatum = None
        gemeente.opgegaan_in = None
        gemeente.save()
        resultaat.gewijzigd.append(regel.code)

    for code, gemeente in sorted(bestaand.items()):
        if code in in_lijst or gemeente.einddatum is not None:
            continue
        opvolger_code = herindelingen.get(code)
        if opvolger_code and opvolger_code not in in_lijst:
            raise ImportFout(
                f"{code} ({gemeente.naam}) gaat op in {opvolger_code}, "
                "maar die staat niet in de lijst."
            )
        gemeente.einddatum = peildatum
        gemeente.opgegaan_in = bestaand.get(opvolger_code) if opvolger_code else None
        gemeente.save()
        resultaat.opgeheven.append(code)

    if proefdraaien:
        transaction.set_rollback(True)
    return resultaat


def standaard_gemeenten_laden() -> ImportResultaat:
    """Load the municipality list shipped with the portal (CBS, 1 januari 2026)."""
    regels = lees_gemeentelijst(GEMEENTEN_CSV.read_text(encoding="utf-8"))
    return gemeentelijst_toepassen(regels=regels, peildatum=datetime.date(2026, 1, 1))
