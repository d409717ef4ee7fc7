"""Loads the track catalogue (organisations, programme, themes, audiences and the seven tracks)
from ``trajecten/data/catalogus.json``, which holds the wording of the source documents.

Loading is idempotent: rows are matched on their slug or code and updated in place, so running it
twice changes nothing and never breaks references to existing tracks.
"""

import json
from pathlib import Path

from django.db import transaction

from portal.models import Organisatie

from .models import (
    MethodeStap,
    Programma,
    Publiek,
    Thema,
    Traject,
    TrajectContact,
    TrajectOnderdeel,
)

CATALOGUS_JSON = Path(__file__).resolve().parent / "data" / "catalogus.json"

_TRAJECT_VELDEN = (
    "code",
    "titel",
    "ondertitel",
    "soort",
    "samenvatting",
    "waar_gaat_het_over",
    "doel",
    "aan_de_slag",
    "voor",
    "vorm",
    "kosten",
    "aantal",
    "aantal_min",
    "aantal_max",
    "doorlooptijd",
    "start",
    "praktische_informatie",
    "interesse",
    "cofinanciering_percentage",
    "concreet_project_verplicht",
    "projecttypen",
    "lokale_bijeenkomsten_min",
    "lokale_bijeenkomsten_max",
    "uitwisselingen_min",
    "uitwisselingen_max",
    "regionale_leergroepen_mogelijk",
    "bron",
)


def _sync_regels(model, *, traject: Traject, sleutel: str, regels: list[dict]) -> None:
    """Make the child rows of ``traject`` equal to ``regels`` (matched on ``sleutel`` fields)."""
    bewaard = set()
    for regel in regels:
        zoek = {veld: regel[veld] for veld in sleutel.split(",")}
        rest = {k: v for k, v in regel.items() if k not in zoek}
        obj, _ = model.objects.update_or_create(traject=traject, **zoek, defaults=rest)
        bewaard.add(obj.pk)
    model.objects.filter(traject=traject).exclude(pk__in=bewaard).delete()


@transaction.atomic
def catalogus_laden(data: dict | None = None) -> dict[str, int]:
    """Create or update the catalogue; returns the number of rows per kind."""
    if data is None:
        data = json.loads(CATALOGUS_JSON.read_text(encoding="utf-8"))

    organisaties = {}
    for item in data["organisaties"]:
        organisaties[item["slug"]], _ = Organisatie.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "naam": item["naam"],
                "soort": item["soort"],
                "website": item.get("website", ""),
                "omschrijving": item.get("omschrijving", ""),
                "voert_trajecten_uit": item["slug"] in {"movisie", "vng"},
            },
        )

    programmas = {}
    for item in data["programmas"]:
        programma, _ = Programma.objects.update_or_create(
            slug=item["slug"],
            defaults={"naam": item["naam"], "omschrijving": item.get("omschrijving", "")},
        )
        programma.organisaties.set([organisaties[slug] for slug in item["organisaties"]])
        programmas[item["slug"]] = programma

    themas = {}
    for item in data["themas"]:
        themas[item["slug"]], _ = Thema.objects.update_or_create(
            slug=item["slug"], defaults={"naam": item["naam"], "soort": item["soort"]}
        )

    publieken = {}
    for volgorde, item in enumerate(data["publieken"]):
        publieken[item["slug"]], _ = Publiek.objects.update_or_create(
            slug=item["slug"], defaults={"naam": item["naam"], "volgorde": volgorde}
        )

    for volgorde, item in enumerate(data["trajecten"]):
        velden = {veld: item[veld] for veld in _TRAJECT_VELDEN}
        velden["programma"] = programmas[item["programma"]] if item["programma"] else None
        velden["volgorde"] = volgorde
        velden["status"] = Traject.Status.GEPUBLICEERD
        traject, _ = Traject.objects.update_or_create(slug=item["slug"], defaults=velden)
        traject.organisaties.set([organisaties[slug] for slug in item["organisaties"]])
        traject.themas.set([themas[slug] for slug in item["themas"]])
        traject.publieken.set([publieken[slug] for slug in item["publieken"]])

        onderdelen = []
        per_sectie: dict[str, int] = {}
        for onderdeel in item["onderdelen"]:
            per_sectie[onderdeel["sectie"]] = per_sectie.get(onderdeel["sectie"], 0) + 1
            onderdelen.append({**onderdeel, "volgorde": per_sectie[onderdeel["sectie"]]})
        for nummer, tekst in enumerate(item.get("eerdere_trajecten", []), start=1):
            onderdelen.append(
                {
                    "sectie": "eerder_begeleid",
                    "volgorde": nummer,
                    "tekst": tekst,
                    "intake_check": False,
                }
            )
        _sync_regels(
            TrajectOnderdeel, traject=traject, sleutel="sectie,volgorde", regels=onderdelen
        )
        _sync_regels(
            MethodeStap,
            traject=traject,
            sleutel="volgorde",
            regels=[{"volgorde": n, **stap} for n, stap in enumerate(item["stappen"], start=1)],
        )
        _sync_regels(
            TrajectContact,
            traject=traject,
            sleutel="naam",
            regels=[
                {**contact, "organisatie": organisaties[contact["organisatie"]], "volgorde": n}
                for n, contact in enumerate(item["contacten"])
            ],
        )

    return {
        "organisaties": len(organisaties),
        "programmas": len(programmas),
        "themas": len(themas),
        "publieken": len(publieken),
        "trajecten": len(data["trajecten"]),
    }
