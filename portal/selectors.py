"""Reads for accounts and memberships, scoped to what the user may see."""

from django.db.models import QuerySet

from .models import Gemeente, GemeenteLidmaatschap
from .permissions import bevestigde_gemeente_ids, is_adviseur_of_beheerder


def te_beoordelen_lidmaatschappen(user) -> QuerySet:
    """Open membership requests that ``user`` may confirm: all for advisors and beheerders, those
    of their own municipalities for confirmed officials; never the user's own request."""
    aanvragen = GemeenteLidmaatschap.objects.filter(
        status=GemeenteLidmaatschap.Status.AANGEVRAAGD
    ).exclude(user=user)
    if is_adviseur_of_beheerder(user):
        return aanvragen.order_by("created_at")
    return aanvragen.filter(gemeente_id__in=bevestigde_gemeente_ids(user)).order_by("created_at")


def bevestigde_gemeenten(user) -> QuerySet:
    """The municipalities ``user`` is a confirmed official of."""
    return Gemeente.objects.filter(pk__in=bevestigde_gemeente_ids(user)).order_by("naam")
