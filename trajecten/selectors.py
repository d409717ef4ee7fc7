"""Reads for the public catalogue. Every selector returns only what anyone may see: published
tracks and their visible editions."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from portal.models import Organisatie

from .models import Editie, Publiek, Thema, Traject, TrajectContact

_ZOEKVELDEN = (
    "titel",
    "ondertitel",
    "samenvatting",
    "waar_gaat_het_over",
    "doel",
    "aan_de_slag",
    "voor",
    "vorm",
)


def facetten() -> dict[str, QuerySet]:
    """The choices the catalogue can be filtered on: only values used by a published track."""
    gepubliceerd = Traject.objects.gepubliceerd()
    return {
        "themas": Thema.objects.filter(trajecten__in=gepubliceerd)
        .distinct()
        .order_by("soort", "naam"),
        "publieken": Publiek.objects.filter(trajecten__in=gepubliceerd).distinct(),
        "organisaties": Organisatie.objects.filter(trajecten__in=gepubliceerd).distinct(),
    }


def _zoek(queryset: QuerySet, zoekterm: str) -> QuerySet:
    tekst_match = Q()
    for veld in _ZOEKVELDEN:
        tekst_match |= Q(**{f"{veld}__icontains": zoekterm})
    tekst_match |= Q(themas__naam__icontains=zoekterm)
    if connection.vendor != "postgresql":
        return queryset.filter(tekst_match).distinct()
    # PostgreSQL: Dutch full-text search (stemming: "initiatieven" finds "initiatief"), ranked,
    # with the substring match as a fallback for parts of words.
    vector = (
        SearchVector("titel", weight="A", config="dutch")
        + SearchVector("ondertitel", "samenvatting", weight="B", config="dutch")
        + SearchVector(
            "waar_gaat_het_over", "doel", "aan_de_slag", "voor", "vorm", weight="C", config="dutch"
        )
    )
    query = SearchQuery(zoekterm, config="dutch", search_type="websearch")
    ids = queryset.filter(tekst_match).values("pk")
    return (
        queryset.annotate(rang=SearchRank(vector, query))
        .filter(Q(rang__gt=0) | Q(pk__in=ids))
        .order_by("-rang", "volgorde")
    )


def trajecten_voor_catalogus(
    *,
    zoekterm: str = "",
    soorten: list[str] | None = None,
    themas=None,
    publieken=None,
    organisaties=None,
) -> QuerySet:
    """Published tracks matching the filters, with what a catalogue card shows prefetched.

    Filters combine with AND between groups and OR within a group (a track matching any chosen
    theme), as people expect from a faceted search.
    """
    queryset = Traject.objects.gepubliceerd()
    if soorten:
        queryset = queryset.filter(soort__in=soorten)
    for veld, waarden in (
        ("themas", themas),
        ("publieken", publieken),
        ("organisaties", organisaties),
    ):
        if waarden:
            queryset = queryset.filter(
                pk__in=Traject.objects.filter(**{f"{veld}__in": waarden}).values("pk")
            )
    if zoekterm:
        queryset = _zoek(queryset, zoekterm)
    return queryset.select_related("programma").prefetch_related(
        "organisaties",
        Prefetch("edities", queryset=Editie.objects.zichtbaar().order_by("aanmelding_vanaf")),
    )


def traject_voor_pagina(*, slug: str) -> Traject:
    """One published track with everything its page shows; raises ``Traject.DoesNotExist``."""
    return (
        Traject.objects.gepubliceerd()
        .select_related("programma")
        .prefetch_related(
            "organisaties",
            "onderdelen",
            "stappen",
            "themas",
            "publieken",
            Prefetch("contacten", queryset=TrajectContact.objects.select_related("organisatie")),
            Prefetch("edities", queryset=Editie.objects.zichtbaar().order_by("aanmelding_vanaf")),
        )
        .get(slug=slug)
    )


def open_edities(*, limiet: int = 6) -> QuerySet:
    """Editions open for enrolment today, for the home page."""
    return (
        Editie.objects.aanmelding_open()
        .filter(traject__status=Traject.Status.GEPUBLICEERD)
        .select_related("traject")
        .order_by("aanmelding_tot")[:limiet]
    )
