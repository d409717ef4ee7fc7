"""The measured pages and the SQL queries each one costs.

The pages are looked up in the data set (the largest edition, its advisor, one participant's
links), so the same list serves the national set, the ten-times-smaller one and the test.
Queries are counted in-process with Django's test client on the same settings, on the second
request (the first logs in and warms up), with the cache emptied just before it: the public
pages' queries are those of rendering them, as for the first visitor after a change."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .rapport import MET_SESSIE

OPENBAAR, INGELOGD, PLAFOND = "openbaar", "ingelogd", "plafond"


@dataclass(frozen=True)
class Pagina:
    sleutel: str
    naam: str
    soort: str
    pad: str


@dataclass(frozen=True)
class Opzet:
    paginas: list[Pagina]
    adviseur_id: int
    editie_id: int
    start_id: int
    deelnemer_id: int


def opzet() -> Opzet:
    """The pages of the data set in this database."""
    from bijeenkomsten import links
    from bijeenkomsten.models import Bijeenkomst, Deelnemer, PersoonlijkeLink
    from portal.models import User
    from trajecten.models import Editie

    from .data import ADVISEUR_EMAIL, GROOT_SLUG

    editie = Editie.objects.select_related("traject").get(slug=GROOT_SLUG, traject__code="A")
    adviseur = User.objects.get(email=ADVISEUR_EMAIL)
    _tweede_factor(adviseur)
    deelnemer = (
        Deelnemer.objects.filter(praktijk__aanmelding__editie=editie, actief=True)
        .order_by("pk")
        .first()
    )
    rooster = links.link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
    agenda = links.link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.AGENDA)
    start = Bijeenkomst.objects.get(editie=editie, soort=Bijeenkomst.Soort.START)
    product = editie.kennisproducten.get()
    paginas = [
        Pagina("leeg", "Trivial view (ceiling)", PLAFOND, "/bench/leeg/"),
        # Not a goal: what any page costs with a login (session, user, middleware), the floor
        # under the advisor's pages.
        Pagina("leeg-ingelogd", "Trivial view, advisor's session (floor)", PLAFOND, "/bench/leeg/"),
        Pagina("catalogus", "Catalogue", OPENBAAR, reverse("trajecten:catalogus")),
        Pagina(
            "traject",
            "Track page (A)",
            OPENBAAR,
            reverse("trajecten:traject-detail", kwargs={"slug": editie.traject.slug}),
        ),
        Pagina("bibliotheek", "Knowledge library", OPENBAAR, reverse("weergave:bibliotheek")),
        Pagina(
            "product",
            "Knowledge product (HTML)",
            OPENBAAR,
            reverse("weergave:bibliotheek-product", kwargs={"slug": product.slug}),
        ),
        Pagina(
            "dashboard",
            "Advisor dashboard, largest edition",
            INGELOGD,
            reverse("intake:editie-dashboard", kwargs={"pk": editie.pk}),
        ),
        Pagina(
            "kalender",
            "Edition calendar",
            INGELOGD,
            reverse("planning:kalender", kwargs={"pk": editie.pk}),
        ),
        Pagina(
            "rooster",
            "Participant's schedule (/p/…/)",
            INGELOGD,
            reverse("deelname:link", kwargs={"token": links.link_token(rooster)}),
        ),
        Pagina(
            "feed",
            "Calendar feed (agenda.ics)",
            INGELOGD,
            reverse("deelname:agenda-feed", kwargs={"token": links.link_token(agenda)}),
        ),
    ]
    return Opzet(
        paginas=paginas,
        adviseur_id=adviseur.pk,
        editie_id=editie.pk,
        start_id=start.pk,
        deelnemer_id=deelnemer.pk,
    )


def _tweede_factor(adviseur) -> None:
    """Advisors log in with an authenticator app (required in production): the benchmark's
    advisor has one, as a real advisor would."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=adviseur, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )


def _client() -> Client:
    """A client whose requests arrive over HTTPS through the proxy, as in production (which
    redirects plain HTTP)."""
    return Client(headers={"X-Forwarded-Proto": "https"})


def adviseur_client(adviseur_id: int) -> Client:
    """A client logged in as the advisor (a real session row in the database)."""
    from portal.models import User

    client = _client()
    client.force_login(User.objects.get(pk=adviseur_id))
    return client


def sessie_cookie(client: Client, pad: str) -> str:
    """The ``Cookie`` header of the client after it opened ``pad``, for the load tool: the
    session and the CSRF cookie, as a browser sends them from its second page on. (Without the
    CSRF cookie every page with a form would make a new CSRF secret and set the cookie again.)"""
    antwoord = client.get(pad)
    if antwoord.status_code != 200:
        raise RuntimeError(f"{pad} answered {antwoord.status_code}")
    namen = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{naam}={client.cookies[naam].value}" for naam in namen)


def queries_tellen(o: Opzet) -> dict[str, int]:
    """SQL queries of the second request to every page (anonymous for public pages and
    personal links, as the advisor for the advisor's pages)."""
    anoniem = _client()
    adviseur = adviseur_client(o.adviseur_id)
    tellingen = {}
    for pagina in o.paginas:
        client = adviseur if pagina.sleutel in MET_SESSIE else anoniem
        eerste = client.get(pagina.pad)
        if eerste.status_code != 200:
            raise RuntimeError(f"{pagina.pad} answered {eerste.status_code}")
        # An empty cache: the public pages are counted as they are rendered, not as served
        # from the page cache (which costs no query at all).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            antwoord = client.get(pagina.pad)
        if antwoord.status_code != 200:
            raise RuntimeError(f"{pagina.pad} answered {antwoord.status_code}")
        tellingen[pagina.sleutel] = len(queries)
    return tellingen
