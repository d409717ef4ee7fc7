"""Demo lessons for the demo editions (DOMAIN.md §6.9): lessons the advisors recorded, a
participant's proposal that waits for a decision and one that was declined, all through the
portal's own services. Idempotent: a lesson with the same text in the edition is left alone."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from portal.models import User
from trajecten.models import Editie, Thema

from . import lessen
from .models import Les


@dataclass(frozen=True)
class DemoLes:
    traject: str
    tekst: str
    soort: str
    themas: tuple[str, ...]
    gemeente: str = ""
    #: "adviseur" records it (approved); "voorstel" is a participant's proposal; "afgewezen"
    #: is a proposal the advisor declined.
    door: str = "adviseur"


LESSEN = [
    DemoLes(
        "A",
        "Zorg voor een goede terugkoppeling: vertel inwoners wat er wel en niet met hun ideeën "
        "gebeurt. Anders haken ze af.",
        Les.Soort.TIP,
        ("terugkoppeling",),
        "Someren",
    ),
    DemoLes(
        "A",
        "Praat mét de doelgroep, niet óver de doelgroep. Nodig LHBTI-inwoners zelf uit aan tafel.",
        Les.Soort.LES,
        ("lhbti-inwoners", "inclusie"),
        "Huizen",
    ),
    DemoLes(
        "A",
        "Kortere zinnen, geen moeilijke woorden. Dan doen meer mensen mee.",
        Les.Soort.WERKZAAM_ELEMENT,
        ("taalgebruik", "laaggeletterden"),
        "Someren",
    ),
    DemoLes(
        "A",
        "Begin bij de inwoners en sluit aan op wat er al is in de wijk.",
        Les.Soort.WERKZAAM_ELEMENT,
        ("zeggenschap-van-inwoners",),
        "Ede",
    ),
    DemoLes(
        "A",
        "Vraag mensen met een licht verstandelijke beperking zelf wat ze willen, kunnen en nodig "
        "hebben voor hun weg naar werk.",
        Les.Soort.LES,
        ("licht-verstandelijke-beperking", "participatie-en-werk"),
        "Oss",
    ),
    DemoLes(
        "A",
        "Hoge stoepranden houden mensen met een rollator thuis. Loop de route samen met hen.",
        Les.Soort.TIP,
        ("mensen-met-een-beperking", "leefbaarheid"),
        "Woerden",
        door="voorstel",
    ),
    DemoLes(
        "A",
        "Vergaderen kan het best op dinsdagavond.",
        Les.Soort.TIP,
        (),
        "Someren",
        door="afgewezen",
    ),
    DemoLes(
        "B",
        "Het loslaten moeten we gaandeweg leren. Spreek vooraf af wat de gemeente niet meer doet.",
        Les.Soort.VALKUIL,
        ("loslaten", "omgaan-met-weerstand"),
        "Groningen",
    ),
    DemoLes(
        "B",
        "Laat de raad vooraf de kaders stellen voor het initiatievenfonds. Dan hoeft niet elk plan "
        "langs de raad.",
        Les.Soort.WERKZAAM_ELEMENT,
        ("kaderstelling", "beoordelen-waarderen"),
        "Groningen",
    ),
    DemoLes(
        "B",
        "Eén loket voor initiatieven werkt pas als de afdelingen erachter ook samenwerken.",
        Les.Soort.LES,
        ("omgaan-met-weerstand",),
        "Leeuwarden",
    ),
]

ADVISEURS = {"A": "adviseur.movisie@example.org", "B": "adviseur.vng@example.org"}


@transaction.atomic
def demo_laden() -> dict[str, int]:
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    for les in LESSEN:
        editie = Editie.objects.filter(traject__code=les.traject).order_by("-startdatum").first()
        praktijk = LokalePraktijk.objects.filter(
            aanmelding__editie=editie, aanmelding__gemeente__naam=les.gemeente
        ).first()
        if editie is None or praktijk is None:
            continue
        if Les.objects.filter(editie=editie, tekst=les.tekst).exists():
            continue
        adviseur = User.objects.get(email=ADVISEURS[les.traject])
        themas = list(Thema.objects.filter(slug__in=les.themas))
        if les.door == "adviseur":
            lessen.les_vastleggen(
                editie=editie,
                tekst=les.tekst,
                soort=les.soort,
                themas=themas,
                praktijk=praktijk,
                door=adviseur,
            )
            continue
        deelnemer = (
            Deelnemer.objects.filter(praktijk=praktijk, user__isnull=True, actief=True)
            .order_by("pk")
            .first()
        )
        bijeenkomst = (
            Bijeenkomst.objects.filter(praktijk=praktijk, status=Bijeenkomst.Status.VASTGESTELD)
            .order_by("start")
            .first()
        )
        voorstel = lessen.les_voorstellen(
            deelnemer=deelnemer,
            tekst=les.tekst,
            soort=les.soort,
            themas=themas,
            bijeenkomst=bijeenkomst,
        )
        if les.door == "afgewezen":
            lessen.les_beoordelen(les=voorstel, besluit="afwijzen", door=adviseur)
    return {"lessen": Les.objects.count()}
