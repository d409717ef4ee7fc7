"""A shared cache (Redis) for the public pages: the catalogue, the track pages, the knowledge
library and the published products, as a visitor without a session sees them.

Correct to cache, because for such a visitor these pages depend only on the address, the language
and the data. The language choice is a link, so these pages hold nothing of the visitor; a page
with a form would hold a CSRF token, which is cut out before storing and filled in with the
visitor's own token on every response. Not cached: a request with any cookie
besides the CSRF and language cookies (a logged-in user, a message to show), anything but a plain
200, and a page that used a CSP nonce.

Invalidated on change: every save or delete of a model whose data a public page shows (see
:data:`BRONNEN`, from any process: web, worker, admin, management command) raises one version
number, which is stored with every page: a page of an older version is a miss, so all cached
pages are dropped at once. A hit reads the version and the page in one round trip (MGET).
Writes that bypass the model signals (``QuerySet.update``) and text that depends on the date
("open for enrolment until …") are covered by the short lifetime, :data:`DUUR`.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .cacheversie import CSRF_PLAATSHOUDER, Versie, csrf_uitknippen

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
VERSIE = Versie(VERSIE_SLEUTEL, bronnen=BRONNEN)


def vernieuwen() -> None:
    """Drop every cached public page (raise the version). With Redis unreachable the change
    itself must still go through: the pages then age out within :data:`DUUR`."""
    VERSIE.verhogen()


def verbinden() -> None:
    """Connect the invalidation to the model signals (from ``PortalConfig.ready``)."""
    VERSIE.verbinden()


def zonder_bezoeker(request) -> bool:
    """A GET or HEAD from a visitor without a session: no cookie but the CSRF and language
    cookies, so not logged in and no message waiting. What such a visitor sees depends only on
    the address, the language and the data."""
    toegestaan = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= toegestaan


def openbaar_gecachet(view):
    """Serve the view's page from the shared cache for visitors without a session."""

    @wraps(view)
    def gecachet(request, *args, **kwargs):
        if not zonder_bezoeker(request):
            return view(request, *args, **kwargs)
        # One round trip for a hit: the version and the page together (Versie.lezen_met).
        sleutel = f"openbare-pagina:delen:{get_language()}:{request.get_full_path()}"
        versie, bewaard = VERSIE.lezen_met(sleutel)
        if versie is None:
            # Redis down: these pages do not need it, so serve them as if there were no cache.
            return view(request, *args, **kwargs)
        if bewaard is not None:
            delen, soort = bewaard
            inhoud = get_token(request).encode().join(delen) if len(delen) > 1 else delen[0]
            return HttpResponse(inhoud, content_type=soort)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not isinstance(getattr(request, "_csp_nonce", None), str)
        ):
            # Stored as the encoded bytes around the CSRF tokens: a hit joins them with the
            # visitor's token, without decoding, searching or encoding the page again.
            inhoud = csrf_uitknippen(response.content.decode(response.charset))
            delen = tuple(deel.encode(response.charset) for deel in inhoud.split(CSRF_PLAATSHOUDER))
            VERSIE.bewaren(sleutel, versie, (delen, response["Content-Type"]), DUUR)
        return response

    return gecachet
