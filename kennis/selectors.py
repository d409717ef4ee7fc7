"""Reads for lessons. The callers have checked that the reader may see the edition (advisors of
the track) or is the participant; these only narrow down and load what the pages show."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from bijeenkomsten.models import Deelnemer
from intake.models import AanmeldingGemeente
from portal.models import Gemeente
from trajecten.models import Editie, Thema

from .models import Les


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
