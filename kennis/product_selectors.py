"""Reads for knowledge products, already scoped to what the reader may see.

A product's scope is its edition, or one learning group in it: the local practices in that
scope, their active participants and their officials (confirmed members of the practice's
municipalities). Advisors see the products of the tracks their organisation runs; participants
and officials only the products in whose scope they are, and only once review has started.
"""

from django.db.models import Prefetch, Q, QuerySet

from bijeenkomsten.models import Deelnemer, Leergroep, LokalePraktijk
from intake.selectors import trajecten_van_adviseur
from portal.models import GemeenteLidmaatschap
from portal.permissions import bevestigde_gemeente_ids
from trajecten.models import Editie

from .models import Kennisproduct, Les, Opmerking, Sectie, Toestemming
from .selectors import lessen_van

P = Kennisproduct.Status
#: Participants and officials read the draft from review on, until it is published.
LEESBAAR_VOOR_DEELNEMERS = (P.TER_REVIEW, P.VASTGESTELD)


def praktijken_van(editie: Editie, leergroep: Leergroep | None = None) -> QuerySet:
    """The local practices in scope: the learning group's, or the whole edition's."""
    praktijken = LokalePraktijk.objects.filter(aanmelding__editie=editie)
    if leergroep is not None:
        praktijken = praktijken.filter(leergroep=leergroep)
    return praktijken.select_related("aanmelding__gemeente").order_by(
        "aanmelding__gemeente__naam", "pk"
    )


def praktijken_in_bereik(product: Kennisproduct) -> QuerySet:
    return praktijken_van(product.editie, product.leergroep)


def deelnemers_in_bereik(product: Kennisproduct) -> QuerySet:
    """Active participants of the practices in scope."""
    return Deelnemer.objects.filter(
        actief=True, praktijk__in=praktijken_in_bereik(product).values("pk")
    )


def gemeentenamen_per_praktijk(praktijk_ids) -> dict[int, list[str]]:
    """Every municipality of each practice's enrolment (a joint enrolment has several), by
    practice id, the lead municipality first. One query."""
    namen: dict[int, list[str]] = {}
    rijen = LokalePraktijk.objects.filter(pk__in=list(praktijk_ids)).values_list(
        "pk", "aanmelding__gemeente__naam", "aanmelding__deelnemers__gemeente__naam"
    )
    for pk, hoofd, naam in rijen.order_by("pk", "aanmelding__deelnemers__gemeente__naam"):
        lijst = namen.setdefault(pk, [hoofd])
        if naam and naam not in lijst:
            lijst.append(naam)
    return namen


def ambtenaren_van(praktijk: LokalePraktijk) -> QuerySet:
    """Confirmed, active members of the municipalities of the practice's enrolment."""
    return (
        GemeenteLidmaatschap.objects.filter(
            gemeente__in=praktijk.aanmelding.deelnemers.values("gemeente"),
            status=GemeenteLidmaatschap.Status.BEVESTIGD,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )


def eigen_praktijken(*, user, product: Kennisproduct) -> QuerySet:
    """The practices in scope of which the user is an official, or an active participant with
    their account."""
    if not user.is_authenticated:
        return LokalePraktijk.objects.none()
    gemeente_ids = bevestigde_gemeente_ids(user)
    return (
        praktijken_in_bereik(product)
        .filter(
            Q(aanmelding__deelnemers__gemeente_id__in=gemeente_ids)
            | Q(deelnemers__user=user, deelnemers__actief=True)
        )
        .distinct()
    )


# --- Products --------------------------------------------------------------------------------


def product_van(editie: Editie, leergroep: Leergroep | None = None) -> Kennisproduct | None:
    return (
        Kennisproduct.objects.filter(editie=editie, leergroep=leergroep)
        .select_related("editie__traject", "leergroep")
        .first()
    )


def producten_van(editie: Editie) -> QuerySet:
    return editie.kennisproducten.select_related("leergroep").order_by("leergroep__volgorde", "pk")


def product_voor_adviseur(*, user, pk: int) -> Kennisproduct:
    """A product of a track the advisor's organisation runs; ``DoesNotExist`` otherwise."""
    return Kennisproduct.objects.select_related("editie__traject", "leergroep").get(
        pk=pk, editie__traject__in=trajecten_van_adviseur(user)
    )


def product_voor_deelnemer(*, deelnemer: Deelnemer, pk: int) -> Kennisproduct | None:
    """The product, when it is in review or fixed and the participant is in its scope."""
    product = (
        Kennisproduct.objects.select_related("editie__traject", "leergroep")
        .filter(pk=pk, status__in=LEESBAAR_VOOR_DEELNEMERS)
        .first()
    )
    if product is None or not deelnemer.actief:
        return None
    if not praktijken_in_bereik(product).filter(pk=deelnemer.praktijk_id).exists():
        return None
    return product


def product_voor_ambtenaar(*, user, pk: int) -> Kennisproduct | None:
    """The product, when it is in review or fixed and the user is an official (or a participant
    with an account) of a practice in its scope."""
    product = (
        Kennisproduct.objects.select_related("editie__traject", "leergroep")
        .filter(pk=pk, status__in=LEESBAAR_VOOR_DEELNEMERS)
        .first()
    )
    if product is None or not eigen_praktijken(user=user, product=product).exists():
        return None
    return product


# --- Sections, comments, consent ---------------------------------------------------------------


def secties_van(product: Kennisproduct, *, met_opmerkingen: bool = False) -> QuerySet:
    secties = product.secties.order_by("volgorde", "pk")
    if met_opmerkingen:
        secties = secties.prefetch_related(
            Prefetch(
                "opmerkingen",
                queryset=Opmerking.objects.select_related("deelnemer", "user").order_by(
                    "afgehandeld", "created_at", "pk"
                ),
            )
        )
    return secties


def sectie_van(*, product: Kennisproduct, pk: int) -> Sectie | None:
    return product.secties.filter(pk=pk).first()


def eigen_opmerkingen(
    *, product: Kennisproduct, deelnemer: Deelnemer | None = None, user=None
) -> QuerySet:
    """What this participant or account wrote on the product: never anyone else's comments."""
    opmerkingen = Opmerking.objects.filter(sectie__product=product)
    if deelnemer is not None:
        return opmerkingen.filter(deelnemer=deelnemer).order_by("created_at", "pk")
    return opmerkingen.filter(user=user).order_by("created_at", "pk")


def toestemmingen_van(product: Kennisproduct) -> QuerySet:
    return product.toestemmingen.select_related(
        "praktijk__aanmelding__gemeente", "beantwoord_door"
    ).order_by("praktijk__aanmelding__gemeente__naam", "pk")


def goedgekeurde_lessen(product: Kennisproduct) -> QuerySet:
    """The approved lessons of the product's scope: the edition's, or for a learning group the
    lessons from its practices and its meetings."""
    lessen = lessen_van(product.editie, status=Les.Status.GOEDGEKEURD)
    if product.leergroep_id:
        lessen = lessen.filter(
            Q(praktijk__leergroep_id=product.leergroep_id)
            | Q(bijeenkomst__leergroep_id=product.leergroep_id)
            | Q(bijeenkomst__praktijk__leergroep_id=product.leergroep_id)
        )
    return lessen.order_by("created_at", "pk")


def toestemming_van(*, product: Kennisproduct, pk: int) -> Toestemming | None:
    return toestemmingen_van(product).filter(pk=pk).first()
