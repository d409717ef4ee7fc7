"""Demo lessons and knowledge products for the demo editions (DOMAIN.md §6.9).

Lessons: recorded by the advisors, one participant's proposal that waits for a decision and one
that was declined. Products: track A's draft is with the participants for review (two
municipalities agreed to be named, the others not yet); track B's is published with a rendered
PDF. All through the portal's own services. Idempotent: a lesson with the same text, or an
edition that has its product, is left alone."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from portal.models import User
from trajecten.models import Editie, Thema

from . import lessen, producten
from .models import Kennisproduct, Les, Sectie, Toestemming


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

S = Sectie.Soort
PRODUCTEN = {
    "A": {
        "titel": "Inclusief werken aan maatschappelijke vraagstukken",
        "ondertitel": "Lessen uit vijf lerende lokale praktijken",
        "teksten": {
            S.SAMENVATTING: "Vijf gemeenten werkten een jaar aan een vraagstuk in hun eigen "
            "gemeente. Zij deden dat samen met inwoners, ook met mensen die vaak niet meedoen. "
            "Dit kennisproduct vertelt wat werkte en wat niet.",
            S.VRAAG: "Hoe betrek je inwoners die vaak niet meedoen bij een maatschappelijk "
            "vraagstuk in je gemeente? Denk aan jongeren, mensen met een beperking en mensen "
            "met een migratieachtergrond.",
            S.AANPAK: "Elke gemeente had een lerende lokale praktijk met een vaste adviseur. "
            "Er waren lokale bijeenkomsten, bijvoorbeeld een thematafel in een sportkantine, "
            "en drie uitwisselingen met de andere gemeenten.",
            S.RESULTATEN: "- Jongeren in Someren praten mee over de fietsroute.\n"
            "- In Oss vertellen mensen met een licht verstandelijke beperking zelf wat ze nodig "
            "hebben.\n- In Woerden liepen inwoners met een rollator de route door de wijk.",
            S.TIPS: "1. Begin klein en sluit aan op wat er al is.\n"
            "2. Gebruik korte zinnen en geen moeilijke woorden.\n"
            "3. Vertel inwoners wat er met hun ideeën gebeurt.",
        },
        "status": Kennisproduct.Status.TER_REVIEW,
        "toestemming": ("Someren", "Huizen"),
    },
    "B": {
        "titel": "Faciliteren van lokaal maatschappelijk initiatief",
        "ondertitel": "Lessen en werkzame elementen uit Regio Noord",
        "teksten": {
            S.SAMENVATTING: "Groningen en Leeuwarden werkten aan betere steun voor initiatieven "
            "van inwoners: een initiatievenfonds en één loket. Dit zijn hun lessen.",
            S.VRAAG: "Hoe geeft een gemeente ruimte aan initiatieven van inwoners, en wat is "
            "daarbij de rol van de raad?",
            S.AANPAK: "Drie regionale uitwisselingen, om en om in Groningen en Leeuwarden, en "
            "advies op maat van de adviseur van VNG.",
            S.RESULTATEN: "Groningen zet de wijkbudgetten om in een initiatievenfonds met "
            "kaders van de raad. Leeuwarden opent één loket voor initiatieven.",
            S.TIPS: "1. Laat de raad vooraf de kaders stellen.\n"
            "2. Spreek af wat de gemeente niet meer doet.\n"
            "3. Eén loket werkt pas als de afdelingen samenwerken.",
        },
        "status": Kennisproduct.Status.GEPUBLICEERD,
        "toestemming": ("Groningen", "Leeuwarden"),
    },
}


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
    for code, plan in PRODUCTEN.items():
        _product_laden(code, plan)
    return {"lessen": Les.objects.count(), "kennisproducten": Kennisproduct.objects.count()}


def _product_laden(code: str, plan: dict) -> None:
    editie = Editie.objects.filter(traject__code=code).order_by("-startdatum").first()
    if editie is None or editie.kennisproducten.exists():
        return
    if not LokalePraktijk.objects.filter(aanmelding__editie=editie).exists():
        return
    adviseur = User.objects.get(email=ADVISEURS[code])
    product = producten.product_aanmaken(editie=editie, door=adviseur)
    product = producten.product_wijzigen(
        product=product,
        titel=plan["titel"],
        ondertitel=plan["ondertitel"],
        versie=product.versie,
        door=adviseur,
    )
    for soort, tekst in plan["teksten"].items():
        sectie = product.secties.get(soort=soort)
        producten.sectie_wijzigen(
            sectie=sectie, titel=sectie.titel, tekst=tekst, versie=product.versie, door=adviseur
        )
        product.refresh_from_db()
    producten.lessen_invoegen(
        sectie=product.secties.get(soort=S.LESSEN), versie=product.versie, door=adviseur
    )
    product.refresh_from_db()
    for toestemming in product.toestemmingen.filter(
        praktijk__aanmelding__gemeente__naam__in=plan["toestemming"]
    ):
        producten.toestemming_geven(
            toestemming=toestemming, besluit=Toestemming.Status.GEGEVEN, door=adviseur
        )
    stappen = [Kennisproduct.Status.TER_REVIEW]
    if plan["status"] == Kennisproduct.Status.GEPUBLICEERD:
        stappen += [Kennisproduct.Status.VASTGESTELD, Kennisproduct.Status.GEPUBLICEERD]
    for naar in stappen:
        product.refresh_from_db()
        product = producten.status_zetten(
            product=product, naar=naar, versie=product.versie, door=adviseur
        )
    # Publishing asked for the PDF: with tasks in-process (make run) it is rendered at the
    # commit, with a worker soon after.
