"""Reads for lessons. The callers have checked that the reader may see the edition (advisors of
the track) or is the participant; these only narrow down and load what the pages show."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from bijeenkomsten.deelname_selectors import bijeenkomsten_van_deelnemer
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from intake.models import AanmeldingGemeente
from intake.selectors import trajecten_van_adviseur
from portal.models import Gemeente
from trajecten.models import Editie, Thema

from .models import Les

#: Participants may only name meetings that have a date and were not cancelled.
VOORSTELBAAR = (Bijeenkomst.Status.VASTGESTELD, Bijeenkomst.Status.GEHOUDEN)


def _zoek(queryset: QuerySet, zoek: str) -> QuerySet:
    deel_van_woord = Q(tekst__icontains=zoek)
    if connection.vendor != "postgresql":
        return queryset.filter(deel_van_woord)
    # PostgreSQL: Dutch full-text search (stemming: "bewoners" finds "bewoner"), ranked, with
    # the substring match for parts of words, as in the catalogue.
    query = SearchQuery(zoek, config="dutch", search_type="websearch")
    rang = SearchRank(SearchVector("tekst", config="dutch"), query)
    return (
        queryset.annotate(rang=rang)
        .filter(Q(rang__gt=0) | deel_van_woord)
        .order_by("-rang", "-created_at", "-pk")
    )


def lessen_van(
    editie: Editie,
    *,
    zoek: str = "",
    thema: Thema | None = None,
    soort: str | None = None,
    gemeente: Gemeente | None = None,
    status: str | None = None,
) -> QuerySet:
    """The edition's lessons matching the filters (AND), newest first, or best match first when
    searching. ``gemeente`` matches every municipality of a practice's enrolment, also in a joint
    enrolment. A fixed number of queries for any number of lessons."""
    queryset = editie.lessen.all()
    if thema is not None:
        queryset = queryset.filter(pk__in=Les.objects.filter(themas=thema).values("pk"))
    if soort:
        queryset = queryset.filter(soort=soort)
    if status:
        queryset = queryset.filter(status=status)
    if gemeente is not None:
        queryset = queryset.filter(
            pk__in=Les.objects.filter(praktijk__aanmelding__deelnemers__gemeente=gemeente).values(
                "pk"
            )
        )
    zoek = (zoek or "").strip()
    if zoek:
        queryset = _zoek(queryset, zoek)
    return queryset.select_related(
        "praktijk__aanmelding__gemeente",
        "bijeenkomst",
        "ingediend_door_user",
        "ingediend_door_deelnemer",
        "beoordeeld_door",
    ).prefetch_related("themas")


def lessen_van_deelnemer(deelnemer: Deelnemer) -> QuerySet:
    """What a participant proposed, for their own page: never anyone else's lessons."""
    return (
        deelnemer.lessen.select_related("bijeenkomst")
        .prefetch_related("themas")
        .order_by("-created_at", "-pk")
    )


def gemeenten_van(editie: Editie) -> QuerySet:
    """The municipalities with a practice in the edition: the choices of the filter."""
    deelnemend = AanmeldingGemeente.objects.filter(
        aanmelding__editie=editie, aanmelding__lokale_praktijk__isnull=False
    )
    return Gemeente.objects.filter(pk__in=deelnemend.values("gemeente")).order_by("naam")


def les_voor_adviseur(*, user, pk: int) -> Les:
    """A lesson of a track the advisor's organisation runs; ``Les.DoesNotExist`` otherwise."""
    return Les.objects.select_related("editie__traject").get(
        pk=pk, editie__traject__in=trajecten_van_adviseur(user)
    )


def themas_voor(editie: Editie) -> QuerySet:
    """The themes to choose from for a lesson: the track's, or all when the track has none."""
    themas = Thema.objects.filter(trajecten=editie.traject_id)
    if not themas.exists():
        themas = Thema.objects.all()
    return themas.order_by("soort", "naam")


def themas_voor_filter(editie: Editie) -> QuerySet:
    """The track's themes and every theme a lesson of the edition has."""
    gebruikt = Thema.objects.filter(lessen__editie=editie).values("pk")
    return Thema.objects.filter(Q(trajecten=editie.traject_id) | Q(pk__in=gebruikt)).distinct()


def bijeenkomsten_voor_les(editie: Editie) -> QuerySet:
    """The meetings an advisor can name as a lesson's origin: not cancelled."""
    return (
        editie.bijeenkomsten.exclude(status=Bijeenkomst.Status.GEANNULEERD)
        .select_related("praktijk__aanmelding__gemeente")
        .order_by("start", "pk")
    )


def bijeenkomsten_voor_voorstel(deelnemer: Deelnemer) -> QuerySet:
    """The participant's own meetings with a date that were not cancelled."""
    return bijeenkomsten_van_deelnemer(deelnemer).filter(status__in=VOORSTELBAAR).order_by("start")


def bijeenkomsten_voor_praktijk(praktijk: LokalePraktijk) -> QuerySet:
    """The meetings for the practice's participants (the whole edition's, its learning group's
    and its own) with a date that were not cancelled: what an official can name."""
    editie_id = praktijk.aanmelding.editie_id
    bereik = Q(praktijk=praktijk) | Q(
        editie_id=editie_id, soort__in=[Bijeenkomst.Soort.START, Bijeenkomst.Soort.SLOT]
    )
    if praktijk.leergroep_id:
        bereik |= Q(leergroep_id=praktijk.leergroep_id)
    return Bijeenkomst.objects.filter(bereik, status__in=VOORSTELBAAR).order_by("start", "pk")


def lessen_van_user(*, user, praktijk: LokalePraktijk) -> QuerySet:
    """What this user proposed for this practice: never anyone else's lessons."""
    return (
        praktijk.lessen.filter(ingediend_door_user=user)
        .select_related("bijeenkomst")
        .prefetch_related("themas")
        .order_by("-created_at", "-pk")
    )


def praktijken_voor_les(editie: Editie) -> QuerySet:
    return (
        LokalePraktijk.objects.filter(aanmelding__editie=editie)
        .select_related("aanmelding__gemeente")
        .order_by("aanmelding__gemeente__naam")
    )
