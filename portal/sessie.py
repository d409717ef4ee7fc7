"""How long a login lasts: an idle time-out and an absolute maximum, with a warning beforehand.

``SessieTijdMiddleware`` keeps two timestamps in the session of a logged-in person: when the
login began and when they were last active. Past ``SESSIE_INACTIEF`` without a request, or past
``SESSIE_MAXIMUM`` since the login, the session ends and the next page is the login page with a
plain message. The last-active time is written at most once a minute, so an ordinary page view
does not always write the session.

Pages tell the browser, through ``data-sessie-*`` attributes on ``<body>``, how many seconds are
left; ``static/js/sessie.js`` shows a dialog two minutes before the end, with a button that
calls :func:`verlengen` to stay logged in. Without JavaScript nothing is shown and the time-out
still applies.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

BEGIN = "portal_sessie_begin"
ACTIEF = "portal_sessie_actief"
#: Write the last-active time at most this often.
SCHRIJF_INTERVAL = 60
#: The warning comes this long before the end (WCAG 2.2.1: at least 20 seconds to respond).
WAARSCHUWING = timedelta(minutes=2)


def _seconden(instelling: timedelta) -> int:
    return int(instelling.total_seconds())


def resterend(request, *, nu: float | None = None) -> int | None:
    """Seconds until this session ends (idle or absolute, whichever comes first)."""
    if not request.user.is_authenticated or ACTIEF not in request.session:
        return None
    nu = time.time() if nu is None else nu
    inactief = request.session[ACTIEF] + _seconden(settings.SESSIE_INACTIEF) - nu
    maximum = request.session[BEGIN] + _seconden(settings.SESSIE_MAXIMUM) - nu
    return max(0, int(min(inactief, maximum)))


def klok_starten(sender, request, user, **kwargs) -> None:
    """At login both clocks start (signal ``user_logged_in``)."""
    if request is not None and hasattr(request, "session"):
        request.session[BEGIN] = request.session[ACTIEF] = time.time()


class SessieTijdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = time.time()
            sessie = request.session
            if BEGIN not in sessie:  # a login from before this code
                sessie[BEGIN] = sessie[ACTIEF] = nu
            elif resterend(request, nu=nu) == 0:
                verlopen_na_maximum = nu - sessie[BEGIN] >= _seconden(settings.SESSIE_MAXIMUM)
                logout(request)
                uren = _seconden(settings.SESSIE_MAXIMUM) // 3600
                messages.info(
                    request,
                    ngettext(
                        "U bent uitgelogd, omdat u %(uren)s uur ingelogd was. Log opnieuw in.",
                        "U bent uitgelogd, omdat u %(uren)s uur ingelogd was. Log opnieuw in.",
                        uren,
                    )
                    % {"uren": uren}
                    if verlopen_na_maximum
                    else _("U bent uitgelogd, omdat u een tijd niets deed. Log opnieuw in."),
                )
                if request.method == "GET" and not request.path.startswith("/sessie/"):
                    return redirect(f"{settings.LOGIN_URL}?next={request.get_full_path()}")
                return redirect(settings.LOGIN_URL)
            elif nu - sessie[ACTIEF] >= SCHRIJF_INTERVAL and not request.path.startswith(
                "/sessie/"
            ):
                sessie[ACTIEF] = nu
        return self.get_response(request)


def _wil_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
def stand(request):
    """How long this session has left, without counting as activity (other tabs may have
    kept it alive)."""
    if not request.user.is_authenticated:
        return JsonResponse({"ingelogd": False, "seconden": 0})
    return JsonResponse({"ingelogd": True, "seconden": resterend(request)})


@require_POST
def verlengen(request):
    """Stay logged in: the idle clock starts again (the absolute maximum stays). Answers JSON to
    the script, and sends a browser without the script back to the page it came from."""
    if request.user.is_authenticated:
        request.session[ACTIEF] = time.time()
    if _wil_json(request):
        if not request.user.is_authenticated:
            return JsonResponse({"ingelogd": False, "seconden": 0}, status=401)
        return JsonResponse({"ingelogd": True, "seconden": resterend(request)})
    terug = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        terug = "/"
    return redirect(terug)


def context(request) -> dict:
    seconden = resterend(request) if hasattr(request, "user") else None
    if seconden is None:
        return {}
    return {
        "sessie_seconden": seconden,
        "sessie_waarschuwing": _seconden(WAARSCHUWING),
    }
