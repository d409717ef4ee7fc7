"""Planning meetings: create, agree a date, fix, move, cancel, report, remind.

Every change that participants must hear about puts one outbox mail per participant in scope
(``portal.mail``) inside the same transaction, keyed by
``bijeenkomst:{uid}:{sequence}:{deelnemer}``: a repeated call or a retried task finds the key and
mails nobody twice. The outbox sends after the commit, so fixing a start meeting for 300 people is
one short request.

``versie`` rises on every save; a save names the version it started from and is refused when a
colleague saved in between. ``sequence`` (the calendar's version) only rises, when a fixed meeting
moves or is cancelled, so calendars always take the newest invitation.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.permissions import is_adviseur_van_traject
from intake.selectors import trajecten_van_adviseur
from portal import mailopdrachten
from portal.exceptions import PortaalFout
from portal.ics import ics_agenda
from portal.mail import Bericht, mails_klaarzetten
from portal.models import User
from trajecten.models import Editie

from . import links
from .bereik import bijeenkomst_event, deelnemers_in_bereik
from .deelname_selectors import bijeenkomsten_van_deelnemer
from .links import link_token
from .models import (
    Bijeenkomst,
    Datumoptie,
    Deelnemer,
    Leergroep,
    LokalePraktijk,
    PersoonlijkeLink,
    Stem,
    Uitnodiging,
)

logger = logging.getLogger(__name__)

B = Bijeenkomst
S = Bijeenkomst.Status
EDITIEBREED = (B.Soort.START, B.Soort.SLOT)
#: Changing one of these on a fixed meeting is news for the participants' calendars.
AGENDA_VELDEN = ("start", "eind", "locatie", "adres", "online_link")
WIJZIGBARE_VELDEN = (
    "titel",
    "start",
    "eind",
    "locatie",
    "adres",
    "online_link",
    "drempelvrij",
    "ringleiding",
    "stilteruimte",
    "toegankelijkheid",
    "agenda",
    "herinnering_dagen",
)


# --- Reads ------------------------------------------------------------------------------------


def bijeenkomst_voor_adviseur(*, user, pk: int) -> Bijeenkomst:
    """A meeting of a track the advisor's organisation runs; ``DoesNotExist`` otherwise."""
    return B.objects.select_related(
        "editie__traject", "leergroep", "praktijk__aanmelding__gemeente"
    ).get(pk=pk, editie__traject__in=trajecten_van_adviseur(user))


def _aantal(model) -> Subquery:
    rijen = model.objects.filter(bijeenkomst=OuterRef("pk")).order_by()
    return Coalesce(Subquery(rijen.values("bijeenkomst").annotate(n=Count("pk")).values("n")), 0)


def bijeenkomsten_van(editie: Editie, *, filters: dict | None = None):
    """All meetings of the edition, with what the calendar shows, filtered by the given keys
    (soort, leergroep, praktijk, status). A fixed number of queries for any number of meetings."""
    qs = editie.bijeenkomsten.select_related("leergroep", "praktijk__aanmelding__gemeente")
    # Counted in subqueries, not by grouping the joined rows: PostgreSQL then counts only for
    # the page of meetings shown, not for every meeting of the edition.
    qs = qs.annotate(
        aantal_uitgenodigd=_aantal(Uitnodiging), aantal_opties=_aantal(Datumoptie)
    ).order_by("start", "pk")
    for sleutel in ("soort", "leergroep", "praktijk", "status"):
        waarde = (filters or {}).get(sleutel)
        if waarde:
            qs = qs.filter(**{sleutel: waarde})
    return qs


def stemmen_telling(bijeenkomst: Bijeenkomst) -> list[Datumoptie]:
    """The date options with the count of each answer (``ja``, ``als_het_moet``, ``nee``)."""
    A = Stem.Antwoord
    return list(
        bijeenkomst.datumopties.annotate(
            ja=Count("stemmen", filter=Q(stemmen__antwoord=A.JA)),
            als_het_moet=Count("stemmen", filter=Q(stemmen__antwoord=A.ALS_HET_MOET)),
            nee=Count("stemmen", filter=Q(stemmen__antwoord=A.NEE)),
        ).order_by("start")
    )


@dataclass(frozen=True)
class Telling:
    naam: str
    gepland: int
    minimum: int | None
    maximum: int | None

    @property
    def te_weinig(self) -> bool:
        return self.minimum is not None and self.gepland < self.minimum

    @property
    def te_veel(self) -> bool:
        return self.maximum is not None and self.gepland > self.maximum


def tellingen(editie: Editie) -> dict[str, list[Telling]]:
    """Per learning group the exchange meetings, per practice the local meetings, that are
    planned (not cancelled), next to what the track asks. Two queries."""
    traject = editie.traject
    niet_geannuleerd = ~Q(bijeenkomsten__status=S.GEANNULEERD)
    groepen = editie.leergroepen.annotate(
        gepland=Count(
            "bijeenkomsten",
            filter=niet_geannuleerd & Q(bijeenkomsten__soort=B.Soort.UITWISSELING),
        )
    ).order_by("volgorde")
    praktijken = (
        LokalePraktijk.objects.filter(aanmelding__editie=editie)
        .select_related("aanmelding__gemeente")
        .annotate(
            gepland=Count(
                "bijeenkomsten", filter=niet_geannuleerd & Q(bijeenkomsten__soort=B.Soort.LOKAAL)
            )
        )
        .order_by("aanmelding__gemeente__naam")
    )
    return {
        "groepen": [
            Telling(g.naam, g.gepland, traject.uitwisselingen_min, traject.uitwisselingen_max)
            for g in groepen
        ],
        "praktijken": [
            Telling(
                str(p.aanmelding.gemeente),
                p.gepland,
                traject.lokale_bijeenkomsten_min,
                traject.lokale_bijeenkomsten_max,
            )
            for p in praktijken
        ],
    }


# --- Mail -------------------------------------------------------------------------------------


def _portaal_url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


def _organisaties(bijeenkomst: Bijeenkomst) -> tuple[int, ...]:
    """The track's organisations: their advisors see the mail in the mail overview."""
    return tuple(bijeenkomst.editie.traject.organisaties.values_list("pk", flat=True))


def _rooster_links(deelnemers) -> dict[int, PersoonlijkeLink]:
    """Every participant's active schedule link, made in bulk where missing."""
    return links.links_geven(
        deelnemer_ids=[d.pk for d in deelnemers], soort=PersoonlijkeLink.Soort.ROOSTER
    )


def _mailen(bijeenkomst: Bijeenkomst, *, soort: str, deelnemers) -> int:
    """One outbox mail per participant with the calendar file and their personal link.

    ``soort`` is ``uitnodiging``, ``verplaatst``, ``afgezegd`` or ``herinnering``. The key names
    the meeting, its calendar version and the participant, so a repeat writes nothing new."""
    methode = "CANCEL" if soort == "afgezegd" else "REQUEST"
    bijlage = {
        "naam": "bijeenkomst.ics",
        "mimetype": f"text/calendar; method={methode}",
        "inhoud": ics_agenda([bijeenkomst_event(bijeenkomst)], methode=methode).decode(),
    }
    onderwerpen = {
        "uitnodiging": _("Uitnodiging: %(titel)s"),
        "verplaatst": _("Gewijzigd: %(titel)s"),
        "afgezegd": _("Gaat niet door: %(titel)s"),
        "herinnering": _("Herinnering: %(titel)s"),
    }
    onderwerp = onderwerpen[soort] % {"titel": bijeenkomst.titel}
    extra = ":herinnering" if soort == "herinnering" else ""
    links = _rooster_links(deelnemers)
    organisaties = _organisaties(bijeenkomst)
    return mails_klaarzetten(
        [
            Bericht(
                sleutel=f"bijeenkomst:{bijeenkomst.uid}:{bijeenkomst.sequence}:{d.pk}{extra}",
                aan=[d.email],
                onderwerp=onderwerp,
                sjabloon="mail/bijeenkomsten/uitnodiging",
                context={
                    "naam": d.naam,
                    "bijeenkomst": bijeenkomst,
                    "soort": soort,
                    "rsvp_url": _portaal_url(f"/p/{link_token(links[d.pk])}/"),
                },
                bijlagen=[bijlage],
                organisaties=organisaties,
            )
            for d in deelnemers
        ]
    )


@mailopdrachten.mailopdracht
def bijeenkomst_mailen(
    *, bijeenkomst: int, sequence: int, soort: str, deelnemers: list[int]
) -> int:
    """The mail job of :func:`_later_mailen`, in a worker: :func:`_mailen` for the active
    participants among ``deelnemers``, if the meeting's calendar version is still ``sequence``.
    A meeting moved or cancelled in the meantime mails everyone invited itself (with a newer
    calendar file), so a stale job mails nobody; neither does one for a meeting now in the past."""
    gevonden = B.objects.select_related("editie__traject").filter(pk=bijeenkomst).first()
    if gevonden is None or gevonden.sequence != sequence:
        logger.info("Meeting %s changed before its mail job ran; mailing nobody", bijeenkomst)
        return 0
    if soort != "afgezegd" and gevonden.start <= timezone.now():
        return 0
    ontvangers = Deelnemer.objects.filter(pk__in=deelnemers, actief=True).order_by("pk")
    return _mailen(gevonden, soort=soort, deelnemers=list(ontvangers))


def _later_mailen(bijeenkomst: Bijeenkomst, *, soort: str, deelnemer_ids: list[int]) -> int:
    """:func:`_mailen` in a worker (a mail job, written in this transaction): rendering one mail
    per participant takes seconds for a national meeting, too long for the request. Returns
    how many participants the job will mail at most."""
    if deelnemer_ids:
        mailopdrachten.klaarzetten(
            bijeenkomst_mailen,
            bijeenkomst=bijeenkomst.pk,
            sequence=bijeenkomst.sequence,
            soort=soort,
            deelnemers=deelnemer_ids,
        )
    return len(deelnemer_ids)


def _uitnodigen(bijeenkomst: Bijeenkomst, *, soort: str) -> int:
    """Invite everyone now in scope (new participants too) and mail them, from a worker. A
    meeting fixed after the fact (its start has passed) gets invitation rows for the attendance
    list, but nobody is mailed about the past."""
    deelnemer_ids = list(
        deelnemers_in_bereik(bijeenkomst).order_by("pk").values_list("pk", flat=True)
    )
    Uitnodiging.objects.bulk_create(
        [Uitnodiging(bijeenkomst=bijeenkomst, deelnemer_id=pk) for pk in deelnemer_ids],
        ignore_conflicts=True,
        batch_size=2000,
    )
    if bijeenkomst.start <= timezone.now():
        return 0
    return _later_mailen(bijeenkomst, soort=soort, deelnemer_ids=deelnemer_ids)


def nieuwe_deelnemer_uitnodigen(deelnemer) -> int:
    """A participant added after meetings were fixed is invited to the coming ones in their
    scope, with the same mail (and key) the others got. Call inside the transaction that adds
    them. Returns the number of meetings."""
    komend = bijeenkomsten_van_deelnemer(deelnemer).filter(
        status=S.VASTGESTELD, start__gt=timezone.now()
    )
    aantal = 0
    for bijeenkomst in komend:
        Uitnodiging.objects.get_or_create(bijeenkomst=bijeenkomst, deelnemer=deelnemer)
        _mailen(bijeenkomst, soort="uitnodiging", deelnemers=[deelnemer])
        aantal += 1
    return aantal


# --- Writes -----------------------------------------------------------------------------------


def _eis_adviseur(editie: Editie, door: User) -> None:
    if not is_adviseur_van_traject(user=door, traject=editie.traject):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan bijeenkomsten plannen."))


def _vergrendel(bijeenkomst: Bijeenkomst, versie: int) -> Bijeenkomst:
    vers = B.objects.select_for_update().select_related("editie__traject").get(pk=bijeenkomst.pk)
    if vers.versie != versie:
        raise PortaalFout(
            _(
                "Een collega heeft deze bijeenkomst intussen gewijzigd. "
                "U ziet nu de nieuwe stand. Doe uw wijziging opnieuw."
            )
        )
    return vers


def _tijd_controleren(start: datetime | None, eind: datetime | None) -> None:
    if start is None or eind is None:
        raise PortaalFout(_("Vul de datum, de begintijd en de eindtijd in."))
    if eind <= start:
        raise PortaalFout(_("De eindtijd moet na de begintijd liggen."))


@transaction.atomic
def bijeenkomst_aanmaken(
    *,
    editie: Editie,
    soort: str,
    titel: str,
    door: User,
    leergroep: Leergroep | None = None,
    praktijk: LokalePraktijk | None = None,
    **velden,
) -> Bijeenkomst:
    """A new meeting "in overleg". Its scope must fit its kind and lie inside the edition: the
    whole edition for start and closing meetings, one group of the edition for an exchange
    meeting, one practice of the edition for a local meeting (also a database constraint)."""
    _eis_adviseur(editie, door)
    if soort in EDITIEBREED:
        if leergroep or praktijk:
            raise PortaalFout(_("Een start- of slotbijeenkomst is voor de hele editie."))
    elif soort == B.Soort.UITWISSELING:
        if leergroep is None or praktijk is not None or leergroep.editie_id != editie.pk:
            raise PortaalFout(_("Kies een leergroep van deze editie voor de uitwisseling."))
    elif soort == B.Soort.LOKAAL:
        if praktijk is None or leergroep is not None or praktijk.aanmelding.editie_id != editie.pk:
            raise PortaalFout(_("Kies een gemeente van deze editie voor de lokale bijeenkomst."))
    else:
        raise PortaalFout(_("Kies wat voor bijeenkomst het is."))
    onbekend = set(velden) - set(WIJZIGBARE_VELDEN) - {"start", "eind"}
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    velden.pop("start", None)
    velden.pop("eind", None)
    return B.objects.create(
        editie=editie, soort=soort, titel=titel, leergroep=leergroep, praktijk=praktijk, **velden
    )


@transaction.atomic
def bijeenkomst_wijzigen(
    *, bijeenkomst: Bijeenkomst, versie: int, door: User, **velden
) -> Bijeenkomst:
    """Change title, place, agenda, time. Refused with a conflict message when ``versie`` is not
    the current one (row lock). When a fixed meeting gets another time or place, ``sequence``
    rises and everyone in scope gets an update with the new calendar file."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status in (S.GEANNULEERD, S.GEHOUDEN):
        raise PortaalFout(
            _("Deze bijeenkomst is voorbij of gaat niet door. U kunt niets wijzigen.")
        )
    onbekend = set(velden) - set(WIJZIGBARE_VELDEN)
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    if bijeenkomst.status != S.VASTGESTELD:
        # The time of a meeting in consultation comes from its date options.
        velden.pop("start", None)
        velden.pop("eind", None)
    else:
        _tijd_controleren(
            velden.get("start", bijeenkomst.start), velden.get("eind", bijeenkomst.eind)
        )
    verschoven = bijeenkomst.status == S.VASTGESTELD and any(
        k in AGENDA_VELDEN and getattr(bijeenkomst, k) != v for k, v in velden.items()
    )
    for naam, waarde in velden.items():
        setattr(bijeenkomst, naam, waarde)
    bijeenkomst.versie += 1
    if verschoven:
        bijeenkomst.sequence += 1
        if "start" in velden:
            bijeenkomst.herinnering_verstuurd_op = None
    bijeenkomst.save()
    if verschoven:
        _uitnodigen(bijeenkomst, soort="verplaatst")
    return bijeenkomst


@transaction.atomic
def datumopties_zetten(
    *, bijeenkomst: Bijeenkomst, opties: list[tuple[datetime, datetime]], versie: int, door: User
) -> list[Datumoptie]:
    """Make the date options exactly ``opties``. Options that stay keep their votes."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status != S.IN_OVERLEG:
        raise PortaalFout(_("De datum staat al vast. Verplaats de bijeenkomst als dat nodig is."))
    nu = timezone.now()
    al_gekozen = {o.start for o in bijeenkomst.datumopties.all()}
    for start, eind in opties:
        _tijd_controleren(start, eind)
        if start <= nu and start not in al_gekozen:
            raise PortaalFout(_("Deze datum is al voorbij. Kies een datum in de toekomst."))
    if len({start for start, _eind in opties}) != len(opties):
        raise PortaalFout(_("Deze datum en tijd staan er al bij. Kies een andere tijd."))
    bestaand = {o.start: o for o in bijeenkomst.datumopties.all()}
    gewenst = dict(opties)
    bijeenkomst.datumopties.exclude(start__in=list(gewenst)).delete()
    for start, eind in gewenst.items():
        if start in bestaand:
            if bestaand[start].eind != eind:
                bestaand[start].eind = eind
                bestaand[start].save(update_fields=["eind"])
        else:
            Datumoptie.objects.create(bijeenkomst=bijeenkomst, start=start, eind=eind)
    bijeenkomst.versie += 1
    bijeenkomst.save(update_fields=["versie"])
    return list(bijeenkomst.datumopties.order_by("start"))


@transaction.atomic
def datum_vastleggen(
    *,
    bijeenkomst: Bijeenkomst,
    versie: int,
    door: User,
    optie: Datumoptie | None = None,
    start: datetime | None = None,
    eind: datetime | None = None,
) -> Bijeenkomst:
    """Fix the date (from an option or a direct time): status "vastgesteld", an invitation row
    for every participant in scope and one mail each with the calendar file and their personal
    link. Safe to repeat: the mail keys already exist, nobody is mailed twice."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status != S.IN_OVERLEG:
        raise PortaalFout(_("De datum staat al vast. Verplaats de bijeenkomst als dat nodig is."))
    if optie is not None:
        if optie.bijeenkomst_id != bijeenkomst.pk:
            raise PortaalFout(_("Kies een datum van deze bijeenkomst."))
        start, eind = optie.start, optie.eind
    _tijd_controleren(start, eind)
    bijeenkomst.start, bijeenkomst.eind = start, eind
    bijeenkomst.status = S.VASTGESTELD
    bijeenkomst.versie += 1
    bijeenkomst.save()
    _uitnodigen(bijeenkomst, soort="uitnodiging")
    return bijeenkomst


@transaction.atomic
def bijeenkomst_annuleren(*, bijeenkomst: Bijeenkomst, versie: int, door: User) -> Bijeenkomst:
    """Cancel. A fixed meeting: ``sequence`` rises and everyone who was invited gets a
    cancellation (METHOD:CANCEL) that removes the meeting from their calendar. A meeting still
    "in overleg" keeps its record without a time; the participants who were asked to vote hear
    that it is off (no calendar file: it never was in their calendar)."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status in (S.GEANNULEERD, S.GEHOUDEN):
        raise PortaalFout(_("Deze bijeenkomst is voorbij of gaat al niet door."))
    was_vastgesteld = bijeenkomst.status == S.VASTGESTELD
    bijeenkomst.status = S.GEANNULEERD
    bijeenkomst.versie += 1
    if was_vastgesteld:
        bijeenkomst.sequence += 1
    bijeenkomst.save()
    if was_vastgesteld:
        genodigden = list(
            bijeenkomst.uitnodigingen.filter(deelnemer__actief=True)
            .order_by("deelnemer")
            .values_list("deelnemer_id", flat=True)
        )
        _later_mailen(bijeenkomst, soort="afgezegd", deelnemer_ids=genodigden)
    elif bijeenkomst.stemverzoek_verstuurd_op:
        _stemmail(bijeenkomst, soort="afgezegd", sleutel_deel="afgezegd")
    return bijeenkomst


def _stemmail(bijeenkomst: Bijeenkomst, *, soort: str, sleutel_deel: str) -> int:
    """Mail everyone in scope about a meeting without a fixed date: ``stemmen`` asks them to
    vote on the options, ``afgezegd`` says it is off."""
    deelnemers = list(deelnemers_in_bereik(bijeenkomst).order_by("pk"))
    links = _rooster_links(deelnemers)
    organisaties = _organisaties(bijeenkomst)
    opties = list(bijeenkomst.datumopties.order_by("start"))
    onderwerp = (
        _("Kies een datum: %(titel)s") if soort == "stemmen" else _("Gaat niet door: %(titel)s")
    ) % {"titel": bijeenkomst.titel}
    return mails_klaarzetten(
        [
            Bericht(
                sleutel=f"bijeenkomst:{bijeenkomst.uid}:{sleutel_deel}:{d.pk}",
                aan=[d.email],
                onderwerp=onderwerp,
                sjabloon="mail/bijeenkomsten/stemverzoek",
                context={
                    "naam": d.naam,
                    "bijeenkomst": bijeenkomst,
                    "soort": soort,
                    "opties": opties,
                    "url": _portaal_url(f"/p/{link_token(links[d.pk])}/#b{bijeenkomst.pk}"),
                },
                organisaties=organisaties,
            )
            for d in deelnemers
        ]
    )


@transaction.atomic
def stemverzoek_versturen(*, bijeenkomst: Bijeenkomst, versie: int, door: User) -> int:
    """Ask everyone in scope to vote on the date options, with their personal link. The key
    holds the set of options: asking again for the same options mails nobody twice; after the
    options change, everyone gets one new request. Returns the number of new mails."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status != S.IN_OVERLEG:
        raise PortaalFout(_("De datum staat al vast. Stemmen kan niet meer."))
    starts = sorted(o.start for o in bijeenkomst.datumopties.all())
    if not starts:
        raise PortaalFout(_("Zet eerst een of meer datums klaar."))
    if starts[0] <= timezone.now():
        raise PortaalFout(_("Er staat een datum bij die al voorbij is. Verwijder die eerst."))
    digest = hashlib.sha256(",".join(s.isoformat() for s in starts).encode()).hexdigest()[:12]
    aantal = _stemmail(bijeenkomst, soort="stemmen", sleutel_deel=f"stemmen:{digest}")
    bijeenkomst.stemverzoek_verstuurd_op = timezone.now()
    bijeenkomst.versie += 1
    bijeenkomst.save(update_fields=["stemverzoek_verstuurd_op", "versie"])
    return aantal


@transaction.atomic
def verslag_vastleggen(
    *, bijeenkomst: Bijeenkomst, verslag: str, aanwezig: set[int], versie: int, door: User
) -> Bijeenkomst:
    """After the meeting: the short report and who came (``aanwezig``: invitation ids). The
    meeting becomes "gehouden"; attendance can be corrected later."""
    _eis_adviseur(bijeenkomst.editie, door)
    bijeenkomst = _vergrendel(bijeenkomst, versie)
    if bijeenkomst.status not in (S.VASTGESTELD, S.GEHOUDEN):
        raise PortaalFout(_("Een verslag kan alleen bij een bijeenkomst met een vaste datum."))
    if bijeenkomst.start > timezone.now():
        raise PortaalFout(_("De bijeenkomst is nog niet geweest. Schrijf het verslag daarna."))
    bijeenkomst.uitnodigingen.update(aanwezig=False)
    bijeenkomst.uitnodigingen.filter(pk__in=list(aanwezig)).update(aanwezig=True)
    bijeenkomst.verslag = verslag
    bijeenkomst.status = S.GEHOUDEN
    bijeenkomst.versie += 1
    bijeenkomst.save()
    return bijeenkomst


def herinneringen_versturen(*, nu: datetime | None = None) -> int:
    """Remind the participants of fixed meetings that start within their ``herinnering_dagen``.
    Each meeting in its own transaction, under a row lock, marked ``herinnering_verstuurd_op``:
    two runs at once or a retried task remind nobody twice. Returns the number of meetings."""
    nu = nu or timezone.now()
    kandidaten = B.objects.filter(
        status=S.VASTGESTELD,
        herinnering_verstuurd_op__isnull=True,
        start__gt=nu,
        start__lte=nu + timedelta(days=366),
    ).values_list("pk", "start", "herinnering_dagen")
    aantal = 0
    for pk, start, dagen in kandidaten:
        if start > nu + timedelta(days=dagen):
            continue
        with transaction.atomic():
            bijeenkomst = (
                B.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=S.VASTGESTELD, herinnering_verstuurd_op__isnull=True)
                .first()
            )
            if bijeenkomst is None:
                continue
            bijeenkomst.herinnering_verstuurd_op = nu
            bijeenkomst.save(update_fields=["herinnering_verstuurd_op"])
            deelnemers = [
                u.deelnemer
                for u in bijeenkomst.uitnodigingen.select_related("deelnemer")
                .exclude(antwoord=Uitnodiging.Antwoord.NEE)
                .order_by("deelnemer")
                if u.deelnemer.actief
            ]
            _mailen(bijeenkomst, soort="herinnering", deelnemers=deelnemers)
            aantal += 1
    return aantal
