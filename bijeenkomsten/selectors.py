"""Reads for the learning-group screens, scoped to the advisor's editions."""

from django.db.models import Prefetch

from intake.models import Aanmelding
from trajecten.models import Editie

from .models import Leergroep, LokalePraktijk, Plaatsing

PLAATSBARE_STATUSSEN = (Aanmelding.Status.TOEGELATEN, Aanmelding.Status.GEPLAATST)

# A schematic tile map of the twelve provinces (column, row), for the overview picture.
TEGELS = {
    "Fryslân": (1, 0),
    "Groningen": (2, 0),
    "Noord-Holland": (0, 1),
    "Flevoland": (1, 1),
    "Drenthe": (2, 1),
    "Zuid-Holland": (0, 2),
    "Utrecht": (1, 2),
    "Overijssel": (2, 2),
    "Zeeland": (0, 3),
    "Noord-Brabant": (1, 3),
    "Gelderland": (2, 3),
    "Limburg": (2, 4),
}


def leergroepen_van(editie: Editie):
    return editie.leergroepen.select_related("adviseur").prefetch_related(
        Prefetch(
            "plaatsingen",
            # A municipality that withdrew after publication stays out of view until the
            # advisor rebalances; its row is kept for the record.
            queryset=Plaatsing.objects.filter(aanmelding__status__in=PLAATSBARE_STATUSSEN)
            .select_related("aanmelding__gemeente__provincie")
            .order_by("aanmelding__gemeente__naam"),
        )
    )


def overzicht_per_provincie(groepen: list[Leergroep]) -> list[dict]:
    """Per province: how many municipalities each group has there (the picture's facts)."""
    per_provincie: dict[str, dict[int, int]] = {}
    for nummer, groep in enumerate(groepen, start=1):
        for plaatsing in groep.plaatsingen.all():
            provincie = plaatsing.aanmelding.gemeente.provincie.naam
            per_provincie.setdefault(provincie, {}).setdefault(nummer, 0)
            per_provincie[provincie][nummer] += 1
    tegels = []
    for provincie, (kolom, rij) in TEGELS.items():
        aantallen = per_provincie.get(provincie, {})
        tegels.append(
            {
                "provincie": provincie,
                "x": 10 + kolom * 190,
                "y": 10 + rij * 100,
                "tekst_x": 20 + kolom * 190,
                "tekst_y": 38 + rij * 100,
                "regel_y": 64 + rij * 100,
                "aantallen": sorted(aantallen.items()),
                "leeg": not aantallen,
            }
        )
    return tegels


def filterkeuzes(editie: Editie) -> dict[str, list[tuple[int, str]]]:
    """The learning groups and practices of the edition as (id, name) pairs, for the calendar's
    filter: plain values, so the choices can be cached and need no model per option."""
    return {
        "leergroepen": list(
            Leergroep.objects.filter(editie=editie).order_by("volgorde").values_list("pk", "naam")
        ),
        "praktijken": list(
            LokalePraktijk.objects.filter(aanmelding__editie=editie)
            .order_by("aanmelding__gemeente__naam", "pk")
            .values_list("pk", "aanmelding__gemeente__naam")
        ),
    }
