"""A shared cache (Redis) for the public pages: the catalogue, the track pages, the knowledge
library and the published products, as a visitor without a session sees them.

Correct to cache, because for such a visitor these pages depend only on the address, the language
and the data; the only personal part, the CSRF token of the language form, is cut out before
storing and each response gets the visitor's own token. Not cached: a request with any cookie
besides the CSRF and language cookies (a logged-in user, a message to show), anything but a plain
200, and a page that used a CSP nonce.

Invalidated on change: every save or delete of a model whose data a public page shows (see
:data:`BRONNEN`, from any process: web, worker, admin, management command) raises one version
number, which is part of every key, so all cached pages are dropped at once. Writes that bypass
the model signals (``QuerySet.update``) and text that depends on the date ("open for enrolment
until …") are covered by the short lifetime, :data:`DUUR`.
"""

import contextlib
import logging
import re
from functools import wraps

import redis
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

DUUR = 60
VERSIE_SLEUTEL = "openbare-paginas:versie"
#: Apps whose every model counts, and single models (app_label.model_name) of other apps.
BRONNEN = {
    "trajecten",
    "kennis",
    "intake.aanmelding",
    "intake.aanmeldinggemeente",
    "bijeenkomsten.lokalepraktijk",
    "bijeenkomsten.leergroep",
    "portal.gemeente",
    "portal.provincie",
    "portal.organisatie",
}
#: Cache failures that must not take a public page down (Redis stopped or unreachable).
CACHE_STORINGEN = (redis.ConnectionError, redis.TimeoutError)
PLAATSHOUDER = b"@@csrf-token-van-de-bezoeker@@"
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _is_bron(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    return meta is not None and (meta.app_label in BRONNEN or meta.label_lower in BRONNEN)


def vernieuwen() -> None:
    """Drop every cached public page (raise the version). With Redis unreachable the change
    itself must still go through: the pages then age out within :data:`DUUR`."""
    try:
        try:
            cache.incr(VERSIE_SLEUTEL)
        except ValueError:
            cache.add(VERSIE_SLEUTEL, 1, timeout=None)
            cache.incr(VERSIE_SLEUTEL)
    except CACHE_STORINGEN as fout:
        logger.warning("Public page cache not refreshed, Redis unreachable: %s", fout)


def _bij_wijziging(sender, **kwargs) -> None:
    if _is_bron(sender):
        vernieuwen()


def verbinden() -> None:
    """Connect the invalidation to the model signals (from ``PortalConfig.ready``)."""
    for signaal in (post_save, post_delete, m2m_changed):
        signaal.connect(_bij_wijziging, dispatch_uid=f"portal.paginacache.{signaal}")


def _cachebaar_verzoek(request) -> bool:
    toegestaan = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= toegestaan


def openbaar_gecachet(view):
    """Serve the view's page from the shared cache for visitors without a session."""

    @wraps(view)
    def gecachet(request, *args, **kwargs):
        if not _cachebaar_verzoek(request):
            return view(request, *args, **kwargs)
        try:
            versie = cache.get(VERSIE_SLEUTEL, 0)
            sleutel = f"openbare-pagina:{versie}:{get_language()}:{request.get_full_path()}"
            bewaard = cache.get(sleutel)
        except CACHE_STORINGEN:
            # Redis down: these pages do not need it, so serve them as if there were no cache.
            return view(request, *args, **kwargs)
        if bewaard is not None:
            inhoud, soort = bewaard
            return HttpResponse(
                inhoud.replace(PLAATSHOUDER, get_token(request).encode()), content_type=soort
            )
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not isinstance(getattr(request, "_csp_nonce", None), str)
        ):
            inhoud = _TOKEN.sub(lambda m: m[1] + PLAATSHOUDER + m[3], response.content)
            with contextlib.suppress(*CACHE_STORINGEN):
                cache.set(sleutel, (inhoud, response["Content-Type"]), DUUR)
        return response

    return gecachet
