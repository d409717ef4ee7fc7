"""Services for an official's membership of a municipality.

A request is confirmed at once when the official's e-mail domain is one of the municipality's known
domains; otherwise an advisor, a beheerder or an already confirmed official of that municipality
confirms it. Until then the official sees none of the municipality's enrolments.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import meldingen, permissions
from .exceptions import PortaalFout
from .models import Gemeente, GemeenteLidmaatschap, User


def email_domein_hoort_bij(*, email: str, gemeente: Gemeente) -> bool:
    domein = email.rsplit("@", 1)[-1].strip().lower()
    bekende = {
        d.strip().lower().lstrip("@") for d in gemeente.email_domeinen.split(",") if d.strip()
    }
    return domein in bekende


@transaction.atomic
def lidmaatschap_aanvragen(
    *, user: User, gemeente: Gemeente, functie: str = ""
) -> GemeenteLidmaatschap:
    """Ask to join ``gemeente``. Idempotent: asking again returns the existing request."""
    if not gemeente.is_actief:
        raise PortaalFout(_("Deze gemeente bestaat niet meer. Kies de gemeente waarin zij opging."))
    bestaand = (
        GemeenteLidmaatschap.objects.select_for_update()
        .filter(user=user, gemeente=gemeente)
        .first()
    )
    if bestaand is not None:
        if bestaand.status == GemeenteLidmaatschap.Status.AFGEWEZEN:
            raise PortaalFout(
                _("Uw aanvraag voor %(gemeente)s is afgewezen. Neem contact op met de beheerder.")
                % {"gemeente": gemeente.naam}
            )
        return bestaand
    automatisch = email_domein_hoort_bij(email=user.email, gemeente=gemeente)
    try:
        with transaction.atomic():
            lidmaatschap = GemeenteLidmaatschap.objects.create(
                user=user,
                gemeente=gemeente,
                functie=functie,
                status=GemeenteLidmaatschap.Status.BEVESTIGD
                if automatisch
                else GemeenteLidmaatschap.Status.AANGEVRAAGD,
                bevestigd_op=timezone.now() if automatisch else None,
            )
    except IntegrityError:
        return GemeenteLidmaatschap.objects.get(user=user, gemeente=gemeente)
    meldingen.lidmaatschap_aangevraagd(lidmaatschap)
    return lidmaatschap


@transaction.atomic
def lidmaatschap_beoordelen(
    *, lidmaatschap: GemeenteLidmaatschap, bevestigen: bool, door: User
) -> GemeenteLidmaatschap:
    lidmaatschap = GemeenteLidmaatschap.objects.select_for_update().get(pk=lidmaatschap.pk)
    if not permissions.kan_lidmaatschap_beoordelen(user=door, lidmaatschap=lidmaatschap):
        raise PortaalFout(_("U mag deze aanvraag niet beoordelen."))
    if lidmaatschap.status != GemeenteLidmaatschap.Status.AANGEVRAAGD:
        raise PortaalFout(_("Deze aanvraag is al beoordeeld."))
    if bevestigen:
        lidmaatschap.status = GemeenteLidmaatschap.Status.BEVESTIGD
        lidmaatschap.bevestigd_op = timezone.now()
        lidmaatschap.bevestigd_door = door
    else:
        lidmaatschap.status = GemeenteLidmaatschap.Status.AFGEWEZEN
    lidmaatschap.save(update_fields=["status", "bevestigd_op", "bevestigd_door"])
    meldingen.lidmaatschap_beoordeeld(lidmaatschap)
    return lidmaatschap
