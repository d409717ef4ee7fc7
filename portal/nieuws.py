"""News about knowledge products: who wants it, and switching it on or off.

An account holder opts in on their start page (``/mijn/``). Only active officials with at least
one confirmed municipality membership receive the news: the choice can be made by anyone with an
account, but an unconfirmed official, an advisor or a beheerder without a municipality gets
nothing until a membership is confirmed. The mail itself is put in the outbox by the service
that publishes (``kennis.producten.status_zetten``).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import GemeenteLidmaatschap, User


@transaction.atomic
def nieuws_instellen(*, user: User, aan: bool) -> User:
    """Switch the news mails on (``aan``) or off for ``user``. Locks the user row; stores the
    moment of the change only when the choice really changes, so that date says when the
    person last made this choice. Idempotent."""
    vers = User.objects.select_for_update().get(pk=user.pk)
    if vers.nieuws_ontvangen != aan:
        vers.nieuws_ontvangen = aan
        vers.nieuws_gewijzigd_op = timezone.now()
        vers.save(update_fields=["nieuws_ontvangen", "nieuws_gewijzigd_op"])
    user.nieuws_ontvangen = vers.nieuws_ontvangen
    user.nieuws_gewijzigd_op = vers.nieuws_gewijzigd_op
    return vers


def nieuws_ontvangers() -> QuerySet:
    """Who gets news about a new knowledge product: active accounts that opted in and are a
    confirmed official of at least one municipality (any municipality). One query, by pk."""
    bevestigd = GemeenteLidmaatschap.objects.filter(
        user=OuterRef("pk"), status=GemeenteLidmaatschap.Status.BEVESTIGD
    )
    return (
        User.objects.filter(is_active=True, nieuws_ontvangen=True)
        .filter(Exists(bevestigd))
        .exclude(email="")
        .order_by("pk")
    )
