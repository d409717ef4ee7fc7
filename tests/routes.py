"""Every named route of the portal, read from the URL configuration.

The page inventories (accessibility in the browser, the access matrix, the header test) start from
`portal_routes()`: a new route that none of them lists makes their tests fail instead of going
unchecked. Django's own admin, the language switch and allauth's routes are outside this list;
tests that cover those say so where they do.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Route prefixes that are not the portal's own pages.
BUITEN_PORTAAL = ("beheer/", "i18n/", "accounts/")


@dataclass(frozen=True)
class Route:
    naam: str  # "namespace:name", as given to reverse()
    patroon: str  # the full pattern, e.g. "adviseur/edities/<int:pk>/"
    parameters: tuple[str, ...]  # keyword arguments reverse() needs


def _doorlopen(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            volledig = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _doorlopen(entry.url_patterns, prefix + str(entry.pattern), volledig)
        elif isinstance(entry, URLPattern) and entry.name:
            patroon = prefix + str(entry.pattern)
            naam = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(naam, patroon, tuple(entry.pattern.converters))


def portal_routes() -> list[Route]:
    """The portal's named routes, sorted by name; one entry per name."""
    gezien = {}
    for route in _doorlopen(get_resolver().url_patterns):
        if route.patroon.startswith(BUITEN_PORTAAL):
            continue
        gezien.setdefault(route.naam, route)
    return sorted(gezien.values(), key=lambda r: r.naam)
