"""The logged-in user from the shared cache (Redis).

Every request of a logged-in person reads their user row. From the cache that is one Redis round
trip instead of a PostgreSQL query and the connection health check before it: an advisor's page
served from the cache then touches no database at all. The authentication backends
(``AUTHENTICATION_BACKENDS``) read the user here; everything else reads the database as always.

How an entry stays right:

- Before a user is saved or deleted, their entry is removed, and again after the commit: a
  request that read the old row while the change was not yet committed may have stored it in
  between (the same two steps as ``portal.cacheversie``).
- A read inside a transaction is not stored: it may see a change that is then rolled back.
- Every entry lives at most ``DUUR`` seconds. That bounds what a change can miss when Redis is
  unreachable at the moment of the change (it then only logs: the change itself goes through),
  and the rare read that stores an old row just after the removal after the commit.
- Writes that bypass the model signals (``QuerySet.update`` of users; there are none now) must call
  :func:`vergeten` for each user they change.

With Redis unreachable, the database answers.
"""

import contextlib
import logging

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save

from .cacheversie import CACHE_STORINGEN

logger = logging.getLogger(__name__)

#: Longest life of an entry, in seconds.
DUUR = 60


def _sleutel(pk) -> str:
    return f"gebruiker:{pk}"


def lezen(pk):
    """The user with primary key ``pk``: from the cache, else from the database (and then
    stored). ``DoesNotExist`` when there is none.

    In the same round trip comes the cached answer to "has this user a second factor?"
    (``inloggen.heeft_tweede_factor``), which the next middleware asks of every advisor: it is
    kept on the instance for that one question (:func:`meegelezen`)."""
    from .inloggen import factor_sleutel  # here: inloggen imports this module

    model = get_user_model()
    sleutel, factor = _sleutel(pk), factor_sleutel(pk)
    try:
        gevonden = cache.get_many([sleutel, factor])
    except CACHE_STORINGEN:
        return model._default_manager.get(pk=pk)
    user = gevonden.get(sleutel)
    if user is None:
        user = model._default_manager.get(pk=pk)
        if not transaction.get_connection().in_atomic_block:
            with contextlib.suppress(*CACHE_STORINGEN):
                cache.set(sleutel, user, DUUR)
    if factor in gevonden:  # after storing: the entry holds the user only
        user._meegelezen = {factor: gevonden[factor]}
    return user


def meegelezen(user, sleutel: str):
    """The cache entry ``sleutel`` read together with ``user`` (see :func:`lezen`), once: None
    when it was not read along (or is asked a second time)."""
    bewaard = getattr(user, "_meegelezen", None)
    return bewaard.pop(sleutel, None) if bewaard else None


def vergeten(pk) -> None:
    """Remove the entry of user ``pk``; with Redis unreachable, only log."""
    try:
        cache.delete(_sleutel(pk))
    except CACHE_STORINGEN as fout:
        logger.warning("Cached user %s not removed, Redis unreachable: %s", pk, fout)


def _bij_wijziging(sender, instance, **kwargs) -> None:
    if instance.pk is None:  # a new user has no entry yet
        return
    pk = instance.pk
    vergeten(pk)
    transaction.on_commit(lambda: vergeten(pk), robust=True)


def verbinden() -> None:
    """Connect to the user's signals (from ``PortalConfig.ready``)."""
    model = get_user_model()
    for signaal in (pre_save, pre_delete):
        signaal.connect(_bij_wijziging, sender=model, dispatch_uid=f"gebruikerscache.{signaal}")


class _UitCache:
    """``get_user`` of Django's ``ModelBackend``, with the user read through the cache."""

    def get_user(self, user_id):
        try:
            user = lezen(user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UitCache, backends.ModelBackend):
    pass


class AllauthBackend(_UitCache, AuthenticationBackend):
    pass
