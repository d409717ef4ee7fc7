"""Personal links for participants without an account (and calendar feeds): make, find, revoke.

See ``PersoonlijkeLink`` for the token design. Tokens never appear in logs: views receive them in
the URL path, and the project's logging does not write request paths of these pages.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Deelnemer, PersoonlijkeLink


def _token(zout: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"persoonlijke-link:{zout}".encode(), hashlib.sha256
    )
    return digest.hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(link: PersoonlijkeLink) -> str:
    """The token of an active link, for a URL in a page or an e-mail."""
    return _token(link.zout)


@transaction.atomic
def link_geven(*, deelnemer: Deelnemer, soort: str) -> PersoonlijkeLink:
    """The participant's active link of this kind; made when there is none. Idempotent."""
    bestaand = deelnemer.links.filter(soort=soort, ingetrokken_op__isnull=True).first()
    if bestaand is not None:
        return bestaand
    zout = secrets.token_hex(16)
    try:
        with transaction.atomic():
            return PersoonlijkeLink.objects.create(
                deelnemer=deelnemer, soort=soort, zout=zout, sleutel_hash=_hash(_token(zout))
            )
    except IntegrityError:
        return deelnemer.links.get(soort=soort, ingetrokken_op__isnull=True)


@transaction.atomic
def link_intrekken(*, link: PersoonlijkeLink) -> None:
    """Revoke: the old URL stops working at once. A new link can be given afterwards."""
    PersoonlijkeLink.objects.filter(pk=link.pk, ingetrokken_op__isnull=True).update(
        ingetrokken_op=timezone.now()
    )


def link_zoeken(*, token: str, soort: str) -> PersoonlijkeLink | None:
    """The active link for ``token``, or None. Looks up the hash, so timing reveals nothing."""
    if not token or len(token) > 128:
        return None
    link = (
        PersoonlijkeLink.objects.select_related("deelnemer__praktijk__aanmelding__gemeente")
        .filter(sleutel_hash=_hash(token), soort=soort, ingetrokken_op__isnull=True)
        .first()
    )
    if link is None or not link.deelnemer.actief:
        return None
    return link
