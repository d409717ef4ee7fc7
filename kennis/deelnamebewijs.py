"""The certificate of participation (deelnamebewijs): a one-page PDF for a municipality's local
practice, or for one participant in it, at the end of an edition.

When it is available (one rule, :func:`is_editie_afgelopen`): the edition has ended when

- a closing meeting (slotbijeenkomst) of the edition has been held (status "gehouden"), or
- the edition's status is "afgerond" or "gearchiveerd", or
- its planned end has passed: ``startdatum`` plus ``doorlooptijd_maanden``.

Before that nobody gets a certificate, not even an advisor: the list of meetings is not final.
A practice without an edition (a track on request) has no certificate.

What it says: track, edition, municipality (all municipalities of a joint enrolment), for a
participant their name, the held meetings that were attended with their dates, the advisor
(the learning group's advisor, else the track's first contact person) and the date of issue.
"Attended" means the advisor recorded attendance (``Uitnodiging.aanwezig``, set by
``bijeenkomsten.planning.verslag_vastleggen``): for the municipality every held meeting of the
edition that at least one of its participants attended, for a participant only their own.

The PDF goes through :func:`kennis.pdf.pdf_maken` (tagged PDF/UA-1, Dutch, title in the
metadata). It is rendered on request (one page, well under a second) and its bytes are kept in
Django's cache under the SHA-256 of the HTML: the same content is never rendered twice, and any
change (a corrected attendance, a new day of issue) gives a new key.
"""

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk, Uitnodiging
from portal.exceptions import PortaalFout
from trajecten.models import Editie

from .pdf import pdf_maken

CACHE_SECONDEN = 60 * 60 * 24
B = Bijeenkomst


class NogNietBeschikbaar(PortaalFout):
    """The edition has not ended yet (or the practice has no edition)."""


@dataclass(frozen=True)
class Deelnamebewijs:
    """The finished PDF and the name to offer it under."""

    inhoud: bytes
    bestandsnaam: str


def geplande_einddatum(editie: Editie) -> date | None:
    """The planned end: the start date plus the duration in months (None without a start date)."""
    start = editie.startdatum
    if start is None:
        return None
    maanden = start.month - 1 + editie.doorlooptijd_maanden
    jaar, maand = start.year + maanden // 12, maanden % 12 + 1
    # 31 January plus one month is the last day of February.
    return start.replace(
        year=jaar, month=maand, day=min(start.day, calendar.monthrange(jaar, maand)[1])
    )


def is_editie_afgelopen(editie: Editie, *, op: date | None = None) -> bool:
    """Whether the edition has ended (see the module docstring for the rule)."""
    if editie.status in (Editie.Status.AFGEROND, Editie.Status.GEARCHIVEERD):
        return True
    einde = geplande_einddatum(editie)
    if einde is not None and einde < (op or timezone.localdate()):
        return True
    return editie.bijeenkomsten.filter(soort=B.Soort.SLOT, status=B.Status.GEHOUDEN).exists()


def bijgewoonde_bijeenkomsten(
    *, praktijk: LokalePraktijk, deelnemer: Deelnemer | None = None
) -> QuerySet:
    """Held meetings of the practice's edition with attendance recorded for one of its
    participants (or for ``deelnemer`` only), oldest first."""
    wie = {"deelnemer": deelnemer} if deelnemer is not None else {"deelnemer__praktijk": praktijk}
    # One Exists: "present" and "ours" must hold for the same invitation.
    aanwezig = Uitnodiging.objects.filter(bijeenkomst=OuterRef("pk"), aanwezig=True, **wie)
    return B.objects.filter(
        Exists(aanwezig), editie_id=praktijk.aanmelding.editie_id, status=B.Status.GEHOUDEN
    ).order_by("start", "pk")


def _adviseur_naam(praktijk: LokalePraktijk) -> str:
    leergroep = praktijk.leergroep
    if leergroep is not None and leergroep.adviseur is not None and leergroep.adviseur.naam:
        return leergroep.adviseur.naam
    contact = praktijk.aanmelding.traject.contacten.order_by("volgorde", "naam").first()
    return contact.naam if contact else ""


def _gemeentenamen(praktijk: LokalePraktijk) -> list[str]:
    """The lead municipality first, then the others of a joint enrolment."""
    aanmelding = praktijk.aanmelding
    namen = [aanmelding.gemeente.naam]
    for deelname in aanmelding.deelnemers.select_related("gemeente").order_by("gemeente__naam"):
        if deelname.gemeente.naam not in namen:
            namen.append(deelname.gemeente.naam)
    return namen


def _eis_afgelopen(praktijk: LokalePraktijk) -> Editie:
    editie = praktijk.aanmelding.editie
    if editie is None:
        raise NogNietBeschikbaar(_("Bij dit traject hoort geen bewijs van deelname."))
    if not is_editie_afgelopen(editie):
        raise NogNietBeschikbaar(
            _(
                "Het bewijs van deelname is er nog niet. U kunt het downloaden als de editie "
                "klaar is: na de slotbijeenkomst."
            )
        )
    return editie


def deelnamebewijs_html(
    *, praktijk: LokalePraktijk, deelnemer: Deelnemer | None = None, op: date | None = None
) -> str:
    """The certificate as a complete HTML document (``op``: the date of issue, default today).
    Does not check whether the edition has ended: :func:`deelnamebewijs_maken` does."""
    aanmelding = praktijk.aanmelding
    gemeenten = _gemeentenamen(praktijk)
    return render_to_string(
        "kennis/deelnamebewijs_pdf.html",
        {
            "traject": aanmelding.traject.titel,
            "editie": aanmelding.editie.naam if aanmelding.editie else "",
            "gemeenten": gemeenten,
            "deelnemer": deelnemer.naam if deelnemer else "",
            "bijeenkomsten": list(
                bijgewoonde_bijeenkomsten(praktijk=praktijk, deelnemer=deelnemer)
            ),
            "adviseur": _adviseur_naam(praktijk),
            "datum": op or timezone.localdate(),
        },
    )


def deelnamebewijs_pdf(
    *, praktijk: LokalePraktijk, deelnemer: Deelnemer | None = None, op: date | None = None
) -> bytes:
    """The certificate as PDF bytes, from the cache when the same HTML was rendered before."""
    html = deelnamebewijs_html(praktijk=praktijk, deelnemer=deelnemer, op=op)
    sleutel = "kennis:deelnamebewijs:" + hashlib.sha256(html.encode()).hexdigest()
    inhoud = cache.get(sleutel)
    if inhoud is None:
        aanmelding = praktijk.aanmelding
        # A Dutch document, whatever the reader's interface language (as the template).
        with translation.override("nl"):
            titel = gettext("Bewijs van deelname – %(gemeente)s") % {
                "gemeente": aanmelding.gemeente.naam
            }
        inhoud = pdf_maken(
            html, titel=titel, onderwerp=f"{aanmelding.traject.titel}, {aanmelding.editie.naam}"
        )
        cache.set(sleutel, inhoud, CACHE_SECONDEN)
    return inhoud


def deelnamebewijs_maken(
    *, praktijk: LokalePraktijk, deelnemer: Deelnemer | None = None
) -> Deelnamebewijs:
    """The certificate for a practice (or one of its participants) and its file name.

    Raises :class:`NogNietBeschikbaar` before the end of the edition. Reads only; the caller
    checks who may download it."""
    _eis_afgelopen(praktijk)
    naam = slugify(praktijk.aanmelding.gemeente.naam) or "gemeente"
    return Deelnamebewijs(
        inhoud=deelnamebewijs_pdf(praktijk=praktijk, deelnemer=deelnemer),
        bestandsnaam=f"deelnamebewijs-{naam}.pdf",
    )
