"""Reads for enrolments and intakes, already scoped to what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.models import GemeenteLidmaatschap
from portal.permissions import bevestigde_gemeente_ids, is_adviseur, is_beheerder
from trajecten.models import Editie, Traject

from .models import Aanmelding, AanmeldingGemeente, Intakegesprek, Overgang


def trajecten_van_adviseur(user) -> QuerySet:
    if is_beheerder(user):
        return Traject.objects.all()
    if is_adviseur(user):
        return Traject.objects.filter(organisaties=user.organisatie_id)
    return Traject.objects.none()


def toegang_van(user) -> str | None:
    """What the access rule of an advisor's pages (``trajecten_van_adviseur``) reads of the user,
    as part of a cache key: every beheerder alike, an advisor by organisation; None for anyone
    else. Content cached under it is shared by everyone with the same access."""
    if is_beheerder(user):
        return "beheerder"
    if is_adviseur(user):
        return f"organisatie-{user.organisatie_id}"
    return None


def editie_voor_adviseur(*, user, pk: int) -> Editie:
    """An edition of a track the advisor's organisation runs (any, for a beheerder);
    ``Editie.DoesNotExist`` otherwise."""
    return Editie.objects.select_related("traject").get(
        pk=pk, traject__in=trajecten_van_adviseur(user)
    )


def zichtbare_aanmeldingen(user) -> QuerySet:
    """Every enrolment the user may see: advisors those of their organisation's tracks,
    beheerders all, officials those of their confirmed municipalities (joint ones included)."""
    if not user.is_authenticated:
        return Aanmelding.objects.none()
    if is_beheerder(user):
        return Aanmelding.objects.all()
    filter_ = Q(pk__in=[])
    if is_adviseur(user):
        filter_ |= Q(traject__in=trajecten_van_adviseur(user))
    # A subquery, not a list read first: one query less on every page that lists enrolments.
    gemeente_ids = GemeenteLidmaatschap.objects.filter(
        user=user, status=GemeenteLidmaatschap.Status.BEVESTIGD
    ).values("gemeente_id")
    filter_ |= Q(
        pk__in=AanmeldingGemeente.objects.filter(gemeente_id__in=gemeente_ids).values(
            "aanmelding_id"
        )
    )
    return Aanmelding.objects.filter(filter_)


def aanmelding_voor_pagina(*, user, pk: int) -> Aanmelding:
    """One enrolment with what its page shows; ``Aanmelding.DoesNotExist`` when it is not
    visible to ``user`` (a guessed id of another municipality's record is a 404)."""
    return (
        zichtbare_aanmeldingen(user)
        .select_related("traject", "editie", "gemeente__provincie", "adviseur", "aangemaakt_door")
        .prefetch_related(
            "doelgroepen",
            Prefetch("deelnemers", queryset=AanmeldingGemeente.objects.select_related("gemeente")),
            Prefetch("overgangen", queryset=Overgang.objects.select_related("door")),
            Prefetch(
                "intakes",
                queryset=Intakegesprek.objects.prefetch_related(
                    "adviseurs", "checks__onderdeel", "vraagstukken"
                ),
            ),
            "aanvullingsverzoeken",
            "vraagstukken__themas",
            "vraagstukken__doelgroepen",
        )
        .get(pk=pk)
    )


def mijn_aanmeldingen(user) -> QuerySet:
    """The enrolments of the official's confirmed municipalities, newest first."""
    gemeente_ids = bevestigde_gemeente_ids(user)
    return (
        Aanmelding.objects.filter(deelnemers__gemeente_id__in=gemeente_ids)
        .distinct()
        .select_related("traject", "editie", "gemeente")
        .order_by("-updated_at")
    )


def mijn_komende_intakes(user) -> QuerySet:
    return (
        Intakegesprek.objects.filter(
            adviseurs=user, status=Intakegesprek.Status.GEPLAND, eind__gte=timezone.now()
        )
        .select_related("aanmelding__gemeente", "aanmelding__traject")
        .order_by("start")
    )


def edities_van_adviseur(user) -> QuerySet:
    return (
        Editie.objects.filter(traject__in=trajecten_van_adviseur(user))
        .exclude(status=Editie.Status.GEARCHIVEERD)
        .select_related("traject")
        .annotate(
            aantal_aanmeldingen=Count("aanmeldingen", filter=~Q(aanmeldingen__status="concept")),
            aantal_bezet=Count(
                "aanmeldingen", filter=Q(aanmeldingen__status__in=Aanmelding.BEZETTE_STATUSSEN)
            ),
        )
        .order_by("traject__volgorde", "aanmelding_vanaf")
    )


def open_aanvragen_van_adviseur(user) -> QuerySet:
    """On-request applications (tracks C1–C5) that are submitted and not closed."""
    return (
        Aanmelding.objects.filter(traject__in=trajecten_van_adviseur(user), editie__isnull=True)
        .filter(status__in=[s for s in Aanmelding.OPEN_STATUSSEN if s != Aanmelding.Status.CONCEPT])
        .select_related("traject", "gemeente")
        .order_by("ingediend_op")
    )
