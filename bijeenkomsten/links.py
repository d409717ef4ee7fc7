"""Personal links for participants without an account (and calendar feeds): make, find, revoke.

See ``PersoonlijkeLink`` for the token design. Tokens never appear in logs: views receive them in
the URL path, and the project's logging does not write request paths of these pages.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, connection, transaction
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


def _nieuwe_link(*, deelnemer_id: int, soort: str) -> PersoonlijkeLink:
    zout = secrets.token_hex(16)
    return PersoonlijkeLink(
        deelnemer_id=deelnemer_id, soort=soort, zout=zout, sleutel_hash=_hash(_token(zout))
    )


@transaction.atomic
def link_geven(*, deelnemer: Deelnemer, soort: str) -> PersoonlijkeLink:
    """The participant's active link of this kind; made when there is none. Idempotent."""
    bestaand = deelnemer.links.filter(soort=soort, ingetrokken_op__isnull=True).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            link = _nieuwe_link(deelnemer_id=deelnemer.pk, soort=soort)
            link.save()
            return link
    except IntegrityError:
        return deelnemer.links.get(soort=soort, ingetrokken_op__isnull=True)


@transaction.atomic
def link_intrekken(*, link: PersoonlijkeLink) -> None:
    """Revoke: the old URL stops working at once. A new link can be given afterwards."""
    PersoonlijkeLink.objects.filter(pk=link.pk, ingetrokken_op__isnull=True).update(
        ingetrokken_op=timezone.now()
    )


def link_zoeken(*, token: str, soort: str) -> PersoonlijkeLink | None:
    """The active link for ``token``, or None, with the participant's practice, enrolment and
    municipality. Looks up the hash, so timing reveals nothing."""
    if not token or len(token) > 128:
        return None
    mee = "deelnemer__praktijk__aanmelding__gemeente"
    link = (
        PersoonlijkeLink.objects.select_related(mee)
        .filter(sleutel_hash=_hash(token), soort=soort, ingetrokken_op__isnull=True)
        .first()
    )
    if link is None or not link.deelnemer.actief:
        return None
    return link


#: :func:`pagina_link_zoeken` in SQL: building it with the ORM (a subquery and a join) took
#: three times as long as running it, on the page that is opened most.
_PAGINA_LINK_SQL = """
    SELECT link.deelnemer_id, (
        SELECT agenda.zout FROM bijeenkomsten_persoonlijkelink agenda
        WHERE agenda.deelnemer_id = link.deelnemer_id
            AND agenda.soort = %s AND agenda.ingetrokken_op IS NULL
        LIMIT 1
    )
    FROM bijeenkomsten_persoonlijkelink link
    JOIN bijeenkomsten_deelnemer deelnemer ON deelnemer.id = link.deelnemer_id
    WHERE link.sleutel_hash = %s AND link.soort = %s AND link.ingetrokken_op IS NULL
        AND deelnemer.actief
"""


def pagina_link_zoeken(*, token: str) -> tuple[int, str | None] | None:
    """For the participant's schedule page, in one query: the participant of the active
    schedule link ``token`` and the token of their active calendar link (None without one;
    the partial unique constraint allows one at most). None when the link is unknown or
    revoked, or the participant no longer takes part: the rule of :func:`link_zoeken`."""
    if not token or len(token) > 128:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            _PAGINA_LINK_SQL,
            [
                PersoonlijkeLink.Soort.AGENDA.value,
                _hash(token),
                PersoonlijkeLink.Soort.ROOSTER.value,
            ],
        )
        gevonden = cursor.fetchone()
    if gevonden is None:
        return None
    deelnemer_id, agenda_zout = gevonden
    return deelnemer_id, None if agenda_zout is None else _token(agenda_zout)


_FEED_PRAKTIJK_SQL = """
    SELECT deelnemer.praktijk_id
    FROM bijeenkomsten_persoonlijkelink link
    JOIN bijeenkomsten_deelnemer deelnemer ON deelnemer.id = link.deelnemer_id
    WHERE link.sleutel_hash = %s AND link.soort = %s AND link.ingetrokken_op IS NULL
        AND deelnemer.actief
"""


def feed_praktijk_zoeken(*, token: str) -> int | None:
    """For the calendar feed, in one plain query: the practice of the participant of the active
    calendar link ``token`` (the feed is the same for everyone of a practice). None when the
    link is unknown or revoked, or the participant no longer takes part: the rule of
    :func:`link_zoeken`."""
    if not token or len(token) > 128:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_FEED_PRAKTIJK_SQL, [_hash(token), PersoonlijkeLink.Soort.AGENDA.value])
        gevonden = cursor.fetchone()
    return None if gevonden is None else gevonden[0]


def links_geven(*, deelnemer_ids: list[int], soort: str) -> dict[int, PersoonlijkeLink]:
    """``link_geven`` for many participants at once: their active links by participant id, made
    in bulk where missing. The partial unique constraint keeps one active link each, also when
    another request makes one at the same moment. Two queries, not 2n."""
    actief = PersoonlijkeLink.objects.filter(
        deelnemer_id__in=deelnemer_ids, soort=soort, ingetrokken_op__isnull=True
    )
    bestaand = set(actief.values_list("deelnemer_id", flat=True))
    nieuw = [_nieuwe_link(deelnemer_id=i, soort=soort) for i in deelnemer_ids if i not in bestaand]
    if nieuw:
        PersoonlijkeLink.objects.bulk_create(nieuw, ignore_conflicts=True)
    return {link.deelnemer_id: link for link in actief}
