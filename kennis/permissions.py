"""Who may see and do what with knowledge products and their PDFs. Views and services call
these; see ``portal.permissions`` for the list of all permission modules."""

from bijeenkomsten.models import Deelnemer, LokalePraktijk
from bijeenkomsten.permissions import kan_praktijk_beheren
from intake.models import AanmeldingGemeente
from intake.permissions import is_adviseur_van_traject
from portal.permissions import bevestigde_gemeente_ids

from . import product_selectors
from .models import Kennisproduct, Toestemming, Weergave

W = Weergave.Status


def is_adviseur_van_product(*, user, product: Kennisproduct) -> bool:
    return is_adviseur_van_traject(user=user, traject=product.editie.traject)


def kan_toestemming_geven(*, user, toestemming: Toestemming) -> bool:
    """An official of the practice's municipality, or an advisor of the track recording it."""
    return kan_praktijk_beheren(user=user, praktijk=toestemming.praktijk)


def mag_opmerken(*, product: Kennisproduct, deelnemer: Deelnemer | None = None, user=None) -> bool:
    """Participants and officials in scope, while the product is in review."""
    if product.status != Kennisproduct.Status.TER_REVIEW:
        return False
    if deelnemer is not None:
        return (
            deelnemer.actief
            and product_selectors.praktijken_in_bereik(product)
            .filter(pk=deelnemer.praktijk_id)
            .exists()
        )
    return (
        user is not None and product_selectors.eigen_praktijken(user=user, product=product).exists()
    )


# --- PDFs ---------------------------------------------------------------------------------------


def kan_weergaven_beheren(*, user, product: Kennisproduct) -> bool:
    """Make PDFs and see every version: the advisors of the product's track (and beheerders)."""
    return is_adviseur_van_traject(user=user, traject=product.editie.traject)


def is_ambtenaar_in_bereik(*, user, product: Kennisproduct) -> bool:
    """A confirmed official of a municipality whose practice is in the product's scope (the
    learning group's practices, or the whole edition's)."""
    gemeente_ids = bevestigde_gemeente_ids(user)
    if not gemeente_ids:
        return False
    praktijken = LokalePraktijk.objects.filter(aanmelding__editie=product.editie_id)
    if product.leergroep_id:
        praktijken = praktijken.filter(leergroep_id=product.leergroep_id)
    return AanmeldingGemeente.objects.filter(
        aanmelding__lokale_praktijk__in=praktijken, gemeente_id__in=gemeente_ids
    ).exists()


def is_openbaar(weergave: Weergave) -> bool:
    """The latest finished version of a published product is for everyone."""
    product = weergave.product
    if product.status != Kennisproduct.Status.GEPUBLICEERD or weergave.status != W.KLAAR:
        return False
    return not product.weergaven.filter(status=W.KLAAR, nummer__gt=weergave.nummer).exists()


def kan_weergave_downloaden(*, user, weergave: Weergave) -> bool:
    if weergave.status != W.KLAAR:
        return False
    product = weergave.product
    return (
        is_openbaar(weergave)
        or kan_weergaven_beheren(user=user, product=product)
        or is_ambtenaar_in_bereik(user=user, product=product)
    )
