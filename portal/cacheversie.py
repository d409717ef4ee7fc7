"""Version numbers in the shared cache (Redis) that drop cached pages and fragments on change.

A cache that shows data keys its entries by a :class:`Versie`: one number in Redis, raised on
every save or delete (and many-to-many change) of a model the cached output shows, from any
process (web, worker, admin, management command). Raising the number drops every entry at once;
the old entries age out on their own.

- The number is raised twice: at once (so a change is visible within the same transaction, as
  in tests) and after the commit. Only the second one is needed for correctness: a request that
  read the old data while the change was not yet committed may have stored it under the number
  raised at once; the raise after the commit drops that entry too.
- Writes that bypass the model signals (``QuerySet.update``, ``bulk_create``) call
  :meth:`Versie.verhogen` themselves.
- A missing number (Redis emptied or the key evicted) starts again from the current time in
  microseconds, never from 0, so that entries stored under an earlier number never come back.
- With Redis unreachable, reading gives ``None`` (the caller then renders without the cache)
  and raising only logs: the change itself must go through. A change made while Redis was
  unreachable can then be missed, which is why every entry also has a short lifetime.
"""

import contextlib
import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

#: Cache failures that must not take a page or a change down (Redis stopped or unreachable).
CACHE_STORINGEN = (redis.ConnectionError, redis.TimeoutError)

T = TypeVar("T")

CSRF_PLAATSHOUDER = "@@csrf-token-van-de-bezoeker@@"
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


class Versie:
    """One version number in the shared cache, raised when a model of ``bronnen`` changes.

    ``bronnen``: app labels whose every model counts, and single models (``app_label.model``).
    """

    def __init__(self, sleutel: str, *, bronnen: set[str]):
        self.sleutel = sleutel
        self.bronnen = frozenset(bronnen)

    def is_bron(self, sender) -> bool:
        meta = getattr(sender, "_meta", None)
        return meta is not None and (
            meta.app_label in self.bronnen or meta.label_lower in self.bronnen
        )

    def lezen(self) -> int | None:
        """The current number, or None when Redis is unreachable."""
        try:
            versie = cache.get(self.sleutel)
            if versie is None:
                cache.add(self.sleutel, time.time_ns() // 1000, timeout=None)
                versie = cache.get(self.sleutel)
            return versie
        except CACHE_STORINGEN:
            return None

    def lezen_met(self, sleutel: str) -> tuple[int | None, object]:
        """The current number and the entry ``sleutel`` in one round trip (MGET): the entry
        stores ``(number, value)``; one of an older number counts as missing. Gives
        ``(None, None)`` when Redis is unreachable, ``(number, None)`` when missing."""
        try:
            gevonden = cache.get_many([self.sleutel, sleutel])
        except CACHE_STORINGEN:
            return None, None
        versie = gevonden.get(self.sleutel)
        if versie is None:
            return self.lezen(), None
        bewaard = gevonden.get(sleutel)
        if bewaard is not None and bewaard[0] == versie:
            return versie, bewaard[1]
        return versie, None

    def bewaren(self, sleutel: str, versie: int, waarde, seconden: int) -> None:
        """Store ``waarde`` as entry ``sleutel`` of ``versie``, the number :meth:`lezen_met`
        gave before it was made, in the form :meth:`lezen_met` reads. With Redis unreachable
        nothing is stored."""
        with contextlib.suppress(*CACHE_STORINGEN):
            cache.set(sleutel, (versie, waarde), seconden)

    def ophalen(
        self, sleutel: str, maken: Callable[[], T], *, seconden: int | Callable[[T], int]
    ) -> T:
        """The entry ``sleutel`` of the current number, made with ``maken()`` and stored when
        missing, for ``seconden`` or ``seconden(value)`` (not at all when that is 0 or less); a
        hit is one round trip. With Redis unreachable, ``maken()`` every time."""
        versie, bewaard = self.lezen_met(sleutel)
        if versie is None:
            return maken()
        if bewaard is not None:
            return bewaard
        waarde = maken()
        duur = seconden(waarde) if callable(seconden) else seconden
        if duur > 0:
            self.bewaren(sleutel, versie, waarde, duur)
        return waarde

    def _verhogen_nu(self) -> None:
        try:
            try:
                cache.incr(self.sleutel)
            except ValueError:  # missing: start again, above any earlier number
                cache.add(self.sleutel, time.time_ns() // 1000, timeout=None)
                cache.incr(self.sleutel)
        except CACHE_STORINGEN as fout:
            logger.warning("Cache version %s not raised, Redis unreachable: %s", self.sleutel, fout)

    def verhogen(self) -> None:
        """Drop every entry of this version: now, and again after the current transaction
        commits (nothing more when it rolls back)."""
        self._verhogen_nu()
        transaction.on_commit(self._verhogen_nu)

    def _bij_wijziging(self, sender, **kwargs) -> None:
        if self.is_bron(sender):
            self.verhogen()

    def verbinden(self) -> None:
        """Connect to the model signals (from an ``AppConfig.ready``)."""
        for signaal in (post_save, post_delete, m2m_changed):
            signaal.connect(
                self._bij_wijziging,
                weak=False,
                dispatch_uid=f"cacheversie.{self.sleutel}.{signaal}",
            )


def vraag_sleutel(request) -> str:
    """The query string of ``request`` as a short part of a cache key (a hash: any length and
    characters in, 32 hex digits out)."""
    return hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]


def csrf_uitknippen(html: str) -> str:
    """``html`` with every CSRF token replaced by a placeholder, so it can be shared."""
    return _CSRF.sub(lambda m: m[1] + CSRF_PLAATSHOUDER + m[3], html)


def csrf_invullen(html: str, request) -> str:
    """The placeholders of :func:`csrf_uitknippen` filled with this visitor's own token."""
    if CSRF_PLAATSHOUDER not in html:
        return html
    return html.replace(CSRF_PLAATSHOUDER, get_token(request))
