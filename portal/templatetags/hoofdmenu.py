"""``{% hoofdmenu %}``: the main menu of the layout (templates/portal/_hoofdmenu.html).

The menu depends only on the language, the script prefix, whether someone is logged in, their
role and which item the page belongs to; it is rendered once per process for each such
combination (a few dozen at most) and then reused. Together with the session dialog's fixed
texts in ``{% vast %}``, this halved the base template's time on a logged-in page
(``docs/benchmark.md``).
"""

import functools

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.context_processors import basis_urls

register = template.Library()


def huidige_items(pad: str, urls: dict[str, str]) -> frozenset[str]:
    """The menu items this page belongs to (``aria-current="page"``)."""
    huidig = {naam for naam in ("home", "mijn", "mijn_bijeenkomsten") if pad == urls[naam]}
    huidig |= {
        naam for naam in ("catalogus", "bibliotheek", "adviseur") if pad.startswith(urls[naam])
    }
    if "/accounts/" in pad:
        huidig.add("account")
    return frozenset(huidig)


@functools.lru_cache(maxsize=256)
def _menu(
    taal: str, prefix: str, ingelogd: bool, adviseur: bool, beheer: bool, huidig: frozenset
) -> str:
    # The language is part of the key: the one active now is the one rendered.
    return get_template("portal/_hoofdmenu.html").render(
        {
            "urls": basis_urls(prefix),
            "ingelogd": ingelogd,
            "adviseur": adviseur,
            "beheer": beheer,
            "huidig": huidig,
        }
    )


@register.simple_tag(takes_context=True)
def hoofdmenu(context) -> str:
    user = context.get("user")
    request = context.get("request")
    prefix = get_script_prefix()
    # Rendered from our own template with autoescaping.
    return mark_safe(
        _menu(
            get_language(),
            prefix,
            bool(user is not None and user.is_authenticated),
            bool(context.get("portal_is_adviseur")),
            bool(context.get("portal_toon_beheer")),
            huidige_items(request.path if request else "", basis_urls(prefix)),
        )
    )
