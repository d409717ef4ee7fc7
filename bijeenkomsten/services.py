"""Services for composing, saving and publishing the learning groups of an edition.

The composition is one unit (``Samenstelling``) with a version number: a save or publish names the
version it started from, and is refused when a colleague changed it in the meantime, so nothing is
silently overwritten. The algorithm itself lives in ``samenstelling`` (pure Python); this module
translates enrolments into its plain data and the result back into rows.
"""

from collections import Counter

from django.db import transaction
from django.db.models import F, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import services as intake_services
from intake.models import Aanmelding
from intake.permissions import is_adviseur_van_traject
from portal.exceptions import PortaalFout
from portal.models import GemeenteLidmaatschap, User
from trajecten.models import Editie

from . import planning
from . import samenstelling as algoritme
from .models import Deelnemer, Koppeleis, Leergroep, LokalePraktijk, Plaatsing, Samenstelling
from .selectors import PLAATSBARE_STATUSSEN


def plaatsbare_aanmeldingen(editie: Editie):
    return (
        editie.aanmeldingen.filter(status__in=PLAATSBARE_STATUSSEN)
        .select_related("gemeente__provincie")
        .prefetch_related("doelgroepen", "vraagstukken__themas", "vraagstukken__doelgroepen")
        .order_by("gemeente__naam")
    )


def deelnemers_en_eisen(editie: Editie) -> tuple[list[algoritme.Deelnemer], algoritme.Eisen]:
    """The plain data the algorithm works on: one participant per admitted enrolment, with the
    themes and target groups collected at the intake, and the advisor's together/apart wishes."""
    deelnemers = []
    for aanmelding in plaatsbare_aanmeldingen(editie):
        themas = {d.naam for d in aanmelding.doelgroepen.all()}
        for vraagstuk in aanmelding.vraagstukken.all():
            themas |= {t.naam for t in vraagstuk.themas.all()}
            themas |= {t.naam for t in vraagstuk.doelgroepen.all()}
        deelnemers.append(
            algoritme.Deelnemer(
                id=aanmelding.pk,
                naam=aanmelding.gemeente.naam,
                provincie=aanmelding.gemeente.provincie.naam,
                themas=frozenset(themas),
            )
        )
    eisen = {Koppeleis.Soort.SAMEN: set(), Koppeleis.Soort.APART: set()}
    for eis in editie.koppeleisen.all():
        eisen[eis.soort].add(frozenset({eis.eerste_id, eis.tweede_id}))
    return deelnemers, algoritme.Eisen(
        grootte_min=editie.groepsgrootte_min,
        grootte_max=editie.groepsgrootte_max,
        samen=frozenset(eisen[Koppeleis.Soort.SAMEN]),
        apart=frozenset(eisen[Koppeleis.Soort.APART]),
    )


def huidige_indeling(editie: Editie) -> list[list[int]]:
    groepen: dict[int, list[int]] = {}
    for plaatsing in Plaatsing.objects.filter(
        leergroep__editie=editie, aanmelding__status__in=PLAATSBARE_STATUSSEN
    ).order_by("leergroep__volgorde", "aanmelding__gemeente__naam"):
        groepen.setdefault(plaatsing.leergroep_id, []).append(plaatsing.aanmelding_id)
    return list(groepen.values())


def _eis_adviseur(editie: Editie, door: User) -> None:
    if not is_adviseur_van_traject(user=door, traject=editie.traject):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan de leergroepen samenstellen."))


def _groepsnaam(leden: list[algoritme.Deelnemer], nummer: int, bezet: set[str]) -> str:
    provincies = Counter(d.provincie for d in leden).most_common()
    if provincies and provincies[0][1] * 2 > len(leden):
        basis = _("Leergroep %(provincie)s") % {"provincie": provincies[0][0]}
    else:
        basis = _("Leergroep %(nummer)s") % {"nummer": nummer}
    naam, volgnummer = basis, 2
    while naam in bezet:
        naam = f"{basis} {volgnummer}"
        volgnummer += 1
    bezet.add(naam)
    return naam


def _koppelen(bestaand: dict[int, set[int]], groepen: list[list[int]]) -> dict[int, int]:
    """Which stored group each new group continues: the pairs with the most members in common
    first, so a rebalanced group keeps its name, advisor and meetings. New group index → id."""
    paren = sorted(
        (
            (-len(leden & set(groep)), index, leergroep_id)
            for leergroep_id, leden in bestaand.items()
            for index, groep in enumerate(groepen)
            if leden & set(groep)
        ),
    )
    koppeling: dict[int, int] = {}
    for _overlap, index, leergroep_id in paren:
        if index not in koppeling and leergroep_id not in koppeling.values():
            koppeling[index] = leergroep_id
    return koppeling


def _groepen_bijwerken(editie: Editie, groepen: list[list[int]], deelnemers, door: User) -> None:
    """Store ``groups`` while keeping the groups that continue (their name, advisor and
    meetings). A group that disappears is deleted, unless meetings were planned for it: then
    the advisor is told to move or cancel those first (the database protects them too)."""
    per_id = {d.id: d for d in deelnemers}
    bestaand = {g.pk: g for g in Leergroep.objects.select_for_update().filter(editie=editie)}
    leden = {pk: set() for pk in bestaand}
    for leergroep_id, aanmelding_id in Plaatsing.objects.filter(
        leergroep__editie=editie
    ).values_list("leergroep_id", "aanmelding_id"):
        leden[leergroep_id].add(aanmelding_id)
    koppeling = _koppelen(leden, groepen)
    weg = [g for pk, g in bestaand.items() if pk not in koppeling.values()]
    met_bijeenkomsten = [g.naam for g in weg if g.bijeenkomsten.exists()]
    if met_bijeenkomsten:
        raise PortaalFout(
            _(
                "%(groepen)s heeft bijeenkomsten en zou verdwijnen. Zet de bijeenkomsten eerst "
                "bij een andere groep of zeg ze af, of houd de groep."
            )
            % {"groepen": ", ".join(sorted(met_bijeenkomsten))}
        )
    try:
        Leergroep.objects.filter(pk__in=[g.pk for g in weg]).delete()
    except RestrictedError as exc:
        # Something else that must not silently disappear hangs on the group (a knowledge
        # product of that group): refuse, naming the groups.
        raise PortaalFout(
            _(
                "%(groepen)s heeft een kennisproduct en zou verdwijnen. Houd de groep, of haal "
                "het kennisproduct eerst weg."
            )
            % {"groepen": ", ".join(sorted({o.leergroep.naam for o in exc.restricted_objects}))}
        ) from exc
    Plaatsing.objects.filter(leergroep__editie=editie).delete()
    # Move the kept groups out of the way of the unique (editie, volgorde) first.
    Leergroep.objects.filter(editie=editie).update(volgorde=F("volgorde") + 1000)
    bezet = {bestaand[pk].naam for pk in koppeling.values()}
    for nummer, groep in enumerate(groepen, start=1):
        groepsleden = [per_id[i] for i in groep]
        uitleg = algoritme.uitleg(groep, deelnemers)[:500]
        score = algoritme.groepsscore(groepsleden)
        if nummer - 1 in koppeling:
            leergroep = bestaand[koppeling[nummer - 1]]
            leergroep.volgorde, leergroep.uitleg, leergroep.score = nummer, uitleg, score
            if leergroep.adviseur_id is None and door.rol == User.Rol.ADVISEUR:
                leergroep.adviseur = door
            leergroep.save(update_fields=["volgorde", "uitleg", "score", "adviseur"])
        else:
            leergroep = Leergroep.objects.create(
                editie=editie,
                volgorde=nummer,
                naam=_groepsnaam(groepsleden, nummer, bezet),
                adviseur=door if door.rol == User.Rol.ADVISEUR else None,
                uitleg=uitleg,
                score=score,
            )
        Plaatsing.objects.bulk_create(
            Plaatsing(leergroep=leergroep, aanmelding_id=i) for i in groep
        )


@transaction.atomic
def samenstelling_opslaan(
    *, editie: Editie, groepen: list[list[int]], versie: int, door: User
) -> tuple[Samenstelling, list[str]]:
    """Store the groups (lists of enrolment ids) and return the problems the screen must show.

    Problems (a group too large or small, a together/apart wish broken) do not block saving a
    draft; publishing refuses them. Raises ``PortaalFout`` when a colleague saved in between."""
    _eis_adviseur(editie, door)
    samenstelling, _nieuw = Samenstelling.objects.get_or_create(editie=editie)
    samenstelling = Samenstelling.objects.select_for_update().get(pk=samenstelling.pk)
    if samenstelling.versie != versie:
        raise PortaalFout(
            _("Een collega heeft de leergroepen intussen gewijzigd. U ziet nu de nieuwe stand.")
        )
    deelnemers, eisen = deelnemers_en_eisen(editie)
    per_id = {d.id: d for d in deelnemers}
    groepen = [[i for i in groep if i in per_id] for groep in groepen]
    groepen = [groep for groep in groepen if groep]
    problemen = algoritme.controleren(groepen, deelnemers, eisen)

    _groepen_bijwerken(editie, groepen, deelnemers, door)
    samenstelling.versie += 1
    samenstelling.gewijzigd_door = door
    samenstelling.save()
    return samenstelling, problemen


@transaction.atomic
def leergroep_hernoemen(*, leergroep: Leergroep, naam: str, versie: int, door: User) -> Leergroep:
    """Give a group its own name (e.g. "Regio Noord"). Unique within the edition; the
    composition's version guards against a colleague's change in between."""
    editie = leergroep.editie
    _eis_adviseur(editie, door)
    samenstelling = Samenstelling.objects.select_for_update().filter(editie=editie).first()
    if samenstelling is None or samenstelling.versie != versie:
        raise PortaalFout(
            _("Een collega heeft de leergroepen intussen gewijzigd. U ziet nu de nieuwe stand.")
        )
    naam = " ".join(naam.split())
    if not naam:
        raise PortaalFout(_("Vul een naam in voor de groep."))
    if len(naam) > Leergroep._meta.get_field("naam").max_length:
        raise PortaalFout(_("Deze naam is te lang. Kies een kortere naam."))
    if editie.leergroepen.exclude(pk=leergroep.pk).filter(naam__iexact=naam).exists():
        raise PortaalFout(_("Een andere groep heeft deze naam al. Kies een andere naam."))
    leergroep.naam = naam
    leergroep.save(update_fields=["naam"])
    samenstelling.versie += 1
    samenstelling.gewijzigd_door = door
    samenstelling.save(update_fields=["versie", "gewijzigd_door"])
    return leergroep


@transaction.atomic
def samenstelling_publiceren(*, editie: Editie, versie: int, door: User) -> Samenstelling:
    """Publish: every admitted municipality must be in a group and nothing may be off. The
    enrolments become "geplaatst" and the officials get an e-mail with their group and advisor."""
    _eis_adviseur(editie, door)
    Editie.objects.select_for_update().get(pk=editie.pk)
    samenstelling = Samenstelling.objects.select_for_update().filter(editie=editie).first()
    if samenstelling is None or samenstelling.versie != versie:
        raise PortaalFout(
            _("Een collega heeft de leergroepen intussen gewijzigd. U ziet nu de nieuwe stand.")
        )
    deelnemers, eisen = deelnemers_en_eisen(editie)
    groepen = huidige_indeling(editie)
    problemen = algoritme.controleren(groepen, deelnemers, eisen)
    if problemen:
        raise PortaalFout(
            _("Publiceren kan nog niet: %(problemen)s") % {"problemen": " ".join(problemen)}
        )
    for leergroep in editie.leergroepen.select_related("adviseur").prefetch_related(
        "plaatsingen__aanmelding"
    ):
        reden = _("Uw gemeente zit in %(groep)s.") % {"groep": leergroep.naam}
        if leergroep.adviseur:
            reden += " " + _("Uw adviseur is %(naam)s (%(email)s).") % {
                "naam": leergroep.adviseur.naam,
                "email": leergroep.adviseur.email,
            }
        for plaatsing in leergroep.plaatsingen.all():
            intake_services.aanmelding_plaatsen(
                aanmelding=plaatsing.aanmelding, door=door, reden=reden
            )
    _praktijken_bijwerken(editie)
    samenstelling.gepubliceerd_op = timezone.now()
    samenstelling.versie += 1
    samenstelling.gewijzigd_door = door
    samenstelling.save()
    return samenstelling


def _praktijken_bijwerken(editie: Editie) -> None:
    """Every placed municipality gets its local practice, linked to its group, with its confirmed
    officials as first participants. Existing practices and participants are kept; the
    participants of a practice that moved to another group are invited to its coming meetings."""
    for plaatsing in Plaatsing.objects.filter(
        leergroep__editie=editie, aanmelding__status__in=PLAATSBARE_STATUSSEN
    ).select_related("aanmelding"):
        vorige = (
            LokalePraktijk.objects.filter(aanmelding=plaatsing.aanmelding)
            .values_list("leergroep_id", flat=True)
            .first()
        )
        praktijk, nieuw = LokalePraktijk.objects.update_or_create(
            aanmelding=plaatsing.aanmelding, defaults={"leergroep_id": plaatsing.leergroep_id}
        )
        if not nieuw and vorige != plaatsing.leergroep_id:
            # Moved to another group: its participants join that group's coming meetings.
            for deelnemer in praktijk.deelnemers.filter(actief=True):
                planning.nieuwe_deelnemer_uitnodigen(deelnemer)
        if not praktijk.focus:
            aanmelding = plaatsing.aanmelding
            praktijk.focus = (
                aanmelding.maatschappelijk_vraagstuk or aanmelding.projectbeschrijving
            )[:2000]
            praktijk.save(update_fields=["focus"])
        leden = GemeenteLidmaatschap.objects.filter(
            gemeente__in=plaatsing.aanmelding.deelnemers.values("gemeente"),
            status=GemeenteLidmaatschap.Status.BEVESTIGD,
            user__is_active=True,
        ).select_related("user")
        for lid in leden:
            if not praktijk.deelnemers.filter(email__iexact=lid.user.email).exists():
                ambtenaar = Deelnemer.objects.create(
                    praktijk=praktijk,
                    user=lid.user,
                    naam=lid.user.naam or lid.user.email,
                    email=lid.user.email,
                    rol=Deelnemer.Rol.AMBTENAAR,
                )
                planning.nieuwe_deelnemer_uitnodigen(ambtenaar)


@transaction.atomic
def koppeleis_toevoegen(
    *, editie: Editie, soort: str, eerste: Aanmelding, tweede: Aanmelding, door: User
) -> Koppeleis:
    _eis_adviseur(editie, door)
    if eerste.pk == tweede.pk:
        raise PortaalFout(_("Kies twee verschillende gemeenten."))
    plaatsbaar = set(plaatsbare_aanmeldingen(editie).values_list("pk", flat=True))
    if not {eerste.pk, tweede.pk} <= plaatsbaar:
        raise PortaalFout(_("Kies gemeenten die zijn toegelaten tot deze editie."))
    eerste, tweede = sorted((eerste, tweede), key=lambda a: a.pk)
    eis, _nieuw = Koppeleis.objects.update_or_create(
        editie=editie, eerste=eerste, tweede=tweede, defaults={"soort": soort}
    )
    return eis


@transaction.atomic
def koppeleis_verwijderen(*, eis: Koppeleis, door: User) -> None:
    _eis_adviseur(eis.editie, door)
    eis.delete()
