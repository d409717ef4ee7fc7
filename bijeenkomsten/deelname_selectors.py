"""Reads for participants and their meetings, already scoped to what the reader may see.

A participant's meetings are the reverse of ``bereik.deelnemers_in_bereik``: the start and
closing meetings of their edition, the exchange meetings of their learning group and the local
meetings of their practice. Only meetings with a date (fixed, held or cancelled) are shown, plus
meetings still being planned that have date options to vote on.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.permissions import bevestigde_gemeente_ids, is_adviseur, is_beheerder
from trajecten.models import Traject

from .models import Bijeenkomst, Datumoptie, Deelnemer, LokalePraktijk, Stem, Uitnodiging
from .permissions import kan_praktijk_beheren

B = Bijeenkomst.Status
MET_DATUM = (B.VASTGESTELD, B.GEHOUDEN, B.GEANNULEERD)


def praktijk_voor_beheer(*, user, pk: int) -> LokalePraktijk | None:
    praktijk = (
        LokalePraktijk.objects.select_related(
            "aanmelding__gemeente", "aanmelding__traject", "aanmelding__editie", "leergroep"
        )
        .filter(pk=pk)
        .first()
    )
    if praktijk is None or not kan_praktijk_beheren(user=user, praktijk=praktijk):
        return None
    return praktijk


def deelnemers_van(praktijk: LokalePraktijk) -> QuerySet:
    actieve_link = Q(links__soort="rooster", links__ingetrokken_op__isnull=True)
    return praktijk.deelnemers.annotate(heeft_link=Count("links", filter=actieve_link)).order_by(
        "-actief", "naam"
    )


def deelnemer_van_praktijk(*, praktijk: LokalePraktijk, pk: int) -> Deelnemer | None:
    return (
        praktijk.deelnemers.select_related("praktijk__aanmelding__gemeente").filter(pk=pk).first()
    )


def _zichtbaar() -> Q:
    heeft_opties = Exists(Datumoptie.objects.filter(bijeenkomst=OuterRef("pk")))
    return Q(status__in=MET_DATUM) | (Q(status=B.IN_OVERLEG) & heeft_opties)


def _bereik(praktijken) -> Q:
    """Meetings for the participants of these practices (a list of ``LokalePraktijk``)."""
    bereik = Q(pk__in=[])
    for praktijk in praktijken:
        bereik |= Q(praktijk_id=praktijk.pk)
        if praktijk.leergroep_id:
            bereik |= Q(leergroep_id=praktijk.leergroep_id)
        if praktijk.aanmelding.editie_id:
            bereik |= Q(
                editie_id=praktijk.aanmelding.editie_id,
                soort__in=[Bijeenkomst.Soort.START, Bijeenkomst.Soort.SLOT],
            )
    return bereik


def bijeenkomsten_van_deelnemer(deelnemer: Deelnemer) -> QuerySet:
    return Bijeenkomst.objects.filter(_bereik([deelnemer.praktijk]) & _zichtbaar())


def _met_details(bijeenkomsten: QuerySet, deelnemers: Q) -> QuerySet:
    """With the answers and votes of the given participants only: never anyone else's."""
    return bijeenkomsten.select_related("editie").prefetch_related(
        Prefetch(
            "uitnodigingen",
            queryset=Uitnodiging.objects.filter(deelnemers),
            to_attr="eigen_uitnodigingen",
        ),
        Prefetch(
            "datumopties",
            queryset=Datumoptie.objects.prefetch_related(
                Prefetch(
                    "stemmen", queryset=Stem.objects.filter(deelnemers), to_attr="eigen_stemmen"
                )
            ),
        ),
    )


def rooster_van_deelnemer(deelnemer: Deelnemer) -> QuerySet:
    return _met_details(
        bijeenkomsten_van_deelnemer(deelnemer), Q(deelnemer_id=deelnemer.pk)
    ).order_by("start", "pk")


def feed_van_praktijk(praktijk: LokalePraktijk) -> QuerySet:
    """Fixed, held and cancelled meetings: the calendar feed, the same for every participant
    of the practice. No participants are loaded."""
    return (
        Bijeenkomst.objects.filter(_bereik([praktijk]), status__in=MET_DATUM)
        .exclude(start__isnull=True)
        .order_by("start", "pk")
    )


def eigen_deelnemers(user) -> list[Deelnemer]:
    return list(
        Deelnemer.objects.filter(user=user, actief=True).select_related("praktijk__aanmelding")
    )


def praktijken_van(user) -> QuerySet:
    """The practices a logged-in user manages: those of their confirmed municipalities, or for
    advisors those of their tracks."""
    if is_beheerder(user):
        return LokalePraktijk.objects.all()
    filter = Q(aanmelding__deelnemers__gemeente_id__in=bevestigde_gemeente_ids(user))
    if is_adviseur(user):
        filter |= Q(
            aanmelding__traject__in=Traject.objects.filter(organisaties=user.organisatie_id)
        )
    return (
        LokalePraktijk.objects.filter(pk__in=LokalePraktijk.objects.filter(filter).values("pk"))
        .select_related("aanmelding__gemeente", "aanmelding__editie")
        .order_by("aanmelding__gemeente__naam")
    )


def rooster_van_user(user, deelnemers: list[Deelnemer]) -> QuerySet:
    """Meetings for "Mijn bijeenkomsten": those of the practices the user takes part in or
    manages, and for advisors all meetings of their tracks' editions."""
    praktijken = {d.praktijk.pk: d.praktijk for d in deelnemers}
    for praktijk in praktijken_van(user):
        praktijken.setdefault(praktijk.pk, praktijk)
    bereik = _bereik(praktijken.values())
    if is_beheerder(user):
        bereik = Q()
    elif is_adviseur(user):
        bereik |= Q(editie__traject__in=Traject.objects.filter(organisaties=user.organisatie_id))
    ids = [d.pk for d in deelnemers]
    return _met_details(
        Bijeenkomst.objects.filter(bereik & _zichtbaar()), Q(deelnemer_id__in=ids)
    ).order_by("start", "pk")


def deelnemer_voor(bijeenkomst: Bijeenkomst, deelnemers: list[Deelnemer]) -> Deelnemer | None:
    """Which of the user's participant rows answers for this meeting (None: only looking)."""
    for deelnemer in deelnemers:
        praktijk = deelnemer.praktijk
        if bijeenkomst.praktijk_id and bijeenkomst.praktijk_id == praktijk.pk:
            return deelnemer
        if bijeenkomst.leergroep_id and bijeenkomst.leergroep_id == praktijk.leergroep_id:
            return deelnemer
        if (
            bijeenkomst.soort in (Bijeenkomst.Soort.START, Bijeenkomst.Soort.SLOT)
            and bijeenkomst.editie_id == praktijk.aanmelding.editie_id
        ):
            return deelnemer
    return None


def komend_en_voorbij(bijeenkomsten) -> tuple[list, list]:
    nu = timezone.now()
    komend, voorbij = [], []
    for bijeenkomst in bijeenkomsten:
        einde = bijeenkomst.eind or bijeenkomst.start
        (voorbij if einde and einde < nu else komend).append(bijeenkomst)
    voorbij.reverse()
    return komend, voorbij
