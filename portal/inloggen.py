"""Protection of logging in: the lockout after too many wrong passwords (django-axes) and the
second factor that advisors and beheerders must use.

Axes counts failed logins per account and IP address together (``AXES_LOCKOUT_PARAMETERS``) and
refuses that combination for ``AXES_COOLOFF_TIME``; :func:`geblokkeerd` is the page people then
see. :class:`TweedeFactorMiddleware` sends an advisor or beheerder without an authenticator app to
the page to set one up, as long as ``MFA_VERPLICHT`` is on (production)."""

import contextlib
import functools

from allauth.mfa.models import Authenticator
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import gebruikerscache
from .clientadres import client_adres
from .permissions import is_adviseur_of_beheerder


def axes_gebruikersnaam(request, credentials: dict | None) -> str:
    """The account an attempt is for, as axes counts it: the e-mail address in lower case, so
    that ``Naam@…`` and ``naam@…`` share one count."""
    credentials = credentials or {}
    waarde = credentials.get("email") or credentials.get("username")
    if not waarde and request is not None:
        waarde = request.POST.get("login", "")
    return (waarde or "").strip().lower()


def ip_adres(request) -> str:
    """The address the request came from (see :mod:`portal.clientadres`: X-Forwarded-For only
    from proxies the portal trusts)."""
    return client_adres(request)


def geblokkeerd(request, response=None, credentials=None):
    """The lockout page: what happened, what to do, and from what time logging in works again."""
    wachttijd = get_cool_off(request)
    minuten = int(wachttijd.total_seconds() // 60)
    weer_mogelijk = timezone.localtime(timezone.now() + wachttijd)
    antwoord = render(
        request,
        "account/geblokkeerd.html",
        {"minuten": minuten, "weer_mogelijk": weer_mogelijk},
        status=429,
    )
    antwoord["Retry-After"] = str(int(wachttijd.total_seconds()))
    return antwoord


def factor_sleutel(user_id) -> str:
    return f"tweede-factor:{user_id}"


def heeft_tweede_factor(user) -> bool:
    """Whether the user has an authenticator app. Asked on every request of an advisor, so the
    answer is kept in the shared cache and dropped the moment an authenticator is added or
    removed (:func:`verbinden`): a removed app is never trusted from the cache. Without the cache
    (Redis down) the database answers."""
    sleutel = factor_sleutel(user.pk)
    # Mostly read already, in the same round trip as the user (portal/gebruikerscache.py).
    bewaard = gebruikerscache.meegelezen(user, sleutel)
    if bewaard is None:
        try:
            bewaard = cache.get(sleutel)
        except Exception:  # any cache failure: ask the database instead
            bewaard = None
    if bewaard is not None:
        return bewaard
    antwoord = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    with contextlib.suppress(Exception):  # the answer stands without the cache
        cache.set(sleutel, antwoord, 300)
    return antwoord


def _factor_gewijzigd(sender, instance, **kwargs) -> None:
    # Dropped when the transaction commits, so a concurrent request cannot store the old answer
    # after the change; dropped now as well, for code in this transaction.
    cache.delete(factor_sleutel(instance.user_id))
    transaction.on_commit(lambda: cache.delete(factor_sleutel(instance.user_id)))


def verbinden() -> None:
    """Drop the cached answer when an authenticator is saved or deleted (from ``ready``)."""
    post_save.connect(_factor_gewijzigd, sender=Authenticator, dispatch_uid="inloggen.factor")
    post_delete.connect(_factor_gewijzigd, sender=Authenticator, dispatch_uid="inloggen.factor")


def moet_tweede_factor_hebben(user) -> bool:
    """Advisors and beheerders, and anyone who can open the admin."""
    return bool(
        user.is_authenticated
        and (is_adviseur_of_beheerder(user) or user.is_staff or user.is_superuser)
    )


def _vrije_paden() -> tuple[str, ...]:
    """Pages someone without a second factor may still open: setting one up (and the password
    check it asks for first), logging out, and what every page needs. Asked on every request of
    an advisor: reversed once per script prefix."""
    return _vrije_paden_onder(get_script_prefix())


@functools.cache
def _vrije_paden_onder(prefix: str) -> tuple[str, ...]:
    return (
        reverse("mfa_index"),  # /accounts/2fa/: activate, recovery codes
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        settings.STATIC_URL,
        reverse("health"),
        reverse("sessie-stand"),
        reverse("sessie-verlengen"),
        reverse("set_language"),
        # The language links, /taal/<taal>/: any language.
        reverse("taal-kiezen", kwargs={"taal": "x"}).removesuffix("x/"),
    )


MELDING_KLAAR = "tweede_factor_melding"


class TweedeFactorMiddleware:
    """Without an authenticator app, an advisor or beheerder can only set one up (when
    ``MFA_VERPLICHT``). Every other page, the admin included, redirects to the activation page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_VERPLICHT
            and moet_tweede_factor_hebben(request.user)
            and not request.path.startswith(_vrije_paden())
            and not heeft_tweede_factor(request.user)
        ):
            # Once until a page shows it: several pages opened at once give one message.
            if not request.session.get(MELDING_KLAAR):
                messages.warning(
                    request,
                    _(
                        "Stel eerst een tweede stap voor het inloggen in. Dat is verplicht voor "
                        "adviseurs en beheerders. U heeft daarvoor een app op uw telefoon nodig, "
                        "zoals een authenticator-app."
                    ),
                    fail_silently=True,
                )
                request.session[MELDING_KLAAR] = True
            return redirect("mfa_activate_totp")
        response = self.get_response(request)
        if response.status_code == 200 and MELDING_KLAAR in request.session:
            del request.session[MELDING_KLAAR]  # shown on this page
        return response
