import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse

from .permissions import is_adviseur_of_beheerder

#: The addresses the layout (templates/base.html) links to on every page, by the name the
#: template uses. Reversed once per process and script prefix: some fifteen ``{% url %}`` tags
#: per page were a tenth of a logged-in page's time.
_BASIS_ROUTES = {
    "home": "portal:home",
    "catalogus": "trajecten:catalogus",
    "bibliotheek": "weergave:bibliotheek",
    "mijn": "portal:mijn",
    "mijn_bijeenkomsten": "deelname:mijn-bijeenkomsten",
    "adviseur": "intake:adviseur-start",
    "account": "account_email",
    "beheer": "admin:index",
    "inloggen": "account_login",
    "uitloggen": "account_logout",
    "sessie_stand": "sessie-stand",
}


@functools.cache
def basis_urls(prefix: str) -> dict[str, str]:
    urls = {naam: reverse(route) for naam, route in _BASIS_ROUTES.items()}
    for taal, _naam in settings.LANGUAGES:
        urls[f"taal_{taal}"] = reverse("taal-kiezen", kwargs={"taal": taal})
    return urls


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_toon_beheer": bool(user and user.is_authenticated and user.is_staff),
        "portal_is_adviseur": bool(user and is_adviseur_of_beheerder(user)),
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
        "portal_urls": basis_urls(get_script_prefix()),
    }
