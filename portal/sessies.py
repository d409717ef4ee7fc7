"""Sessions in the database with a copy in the shared cache (Redis): a logged-in request reads its
session with one Redis round trip instead of a query, and any web process can still serve any
request (``SESSION_ENGINE``).

Django's ``cached_db`` backend, with two changes. Ending a session removes the cached copy first,
and fails when that cannot be done. Django's own removes the row first; with Redis unreachable
at that moment, the copy could come back with Redis and keep a logged-out session alive. Here a
logout or an erasure while Redis is unreachable fails (the error page says so) and the session
stays as it was, in both places, until it is done again. And reading falls back to the database
when Redis is unreachable, also where Django's would fail storing the copy it read. A save that
cannot update the copy is logged by Django; the copy then holds older data of the same session
until it expires.

Code that ends sessions must do it through the engine (``SessionStore(key).delete()``), never by
deleting rows (``portal.privacy``). Expired rows (``portal.bewaartermijnen``) may be deleted as
rows: their copies expire at the same moment.
"""

import contextlib

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

from .cacheversie import CACHE_STORINGEN


class SessionStore(CachedDbStore):
    def load(self):
        # Django's own reads the row when the copy is missing or Redis is unreachable, but then
        # fails on storing the copy; here the row answers while Redis is away.
        try:
            data = self._cache.get(self.cache_key)
        except CACHE_STORINGEN:
            data = None
        if data is not None:
            return data
        rij = self._get_session_from_db()
        if not rij:
            return {}
        data = self.decode(rij.session_data)
        with contextlib.suppress(*CACHE_STORINGEN):
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=rij.expire_date))
        return data

    def delete(self, session_key=None):
        sleutel = session_key or self.session_key
        if sleutel is not None:
            self._cache.delete(self.cache_key_prefix + sleutel)
        super().delete(session_key)
