"""Cached output of the meeting pages that are read far more often than their data changes: a
practice's calendar feed, a participant's schedule page (whole, for a visitor without a
session; else its meeting cards), and the "planned vs asked" counts and filter choices of an
edition's calendar.

Everything is keyed by one version (:data:`VERSIE`) raised on every change of the meetings,
their options, votes, invitations, participants, links, practices, groups, enrolments,
editions, tracks, the organisations running a track or municipality names; see
``portal.cacheversie`` for how and why. The writes
that bypass the model signals (``QuerySet.update``, ``bulk_create``) change nothing cached, or
come with a save in the same transaction that raises the version after the commit: revoking
links (the links are looked up on every request, the page holds their tokens as
placeholders; a revoked token finds no page, a revoked feed link leaves it), switching a
participant off (saves the participant), the groups' order (saves or deletes the groups), the
bulk invitations (new, unanswered: the cards look the same; the meeting or the new participant
is saved) and the attendance (the meeting is saved; no cached page shows attendance).
Erasing a person (``portal.privacy``) rewrites texts with updates and raises it explicitly.

What is cached holds nothing of the visitor: CSRF tokens and personal-link tokens are replaced
by placeholders before storing and filled in per request, messages make the page skip the
cache, and the layout is cached only for a visitor without a session (no login, no message).
"""

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone

from portal.cacheversie import Versie

T = TypeVar("T")

#: Longest life of an entry: bounds what a change made while Redis was unreachable can miss.
DUUR = 300
VERSIE = Versie(
    "bijeenkomsten:versie",
    bronnen={
        "bijeenkomsten",
        "intake.aanmelding",
        "trajecten.editie",
        "trajecten.traject",
        # The organisations running a track: the calendar's entries hold the access rule.
        "trajecten.traject_organisaties",
        "portal.gemeente",
    },
)


def ophalen(sleutel: str, maken: Callable[[], T], *, duur: Callable[[T], int] | int = DUUR) -> T:
    """The entry ``sleutel`` of the current version, made with ``maken()`` and stored when
    missing (for ``duur`` seconds, or ``duur(value)``, at most :data:`DUUR`). A hit is one
    round trip (the entry stores its version). With Redis unreachable, ``maken()`` every time."""
    return VERSIE.ophalen(
        f"bijeenkomsten:{sleutel}",
        maken,
        seconden=lambda waarde: min(DUUR, duur(waarde) if callable(duur) else duur),
    )


def seconden_tot_middernacht() -> int:
    """For an entry that reads today's date: its life ends at midnight (local time)."""
    nu = timezone.localtime()
    middernacht = datetime.datetime.combine(
        nu.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=nu.tzinfo
    )
    return max(1, int((middernacht - nu).total_seconds()))


def vernieuwen() -> None:
    """Drop every entry: for writes that bypass the model signals."""
    VERSIE.verhogen()
