"""The security headers and cookie flags on every URL of the page inventory, under the production
settings: a Content-Security-Policy without inline script or style, HSTS, nosniff, a referrer
policy, a cross-origin-opener policy, a permissions policy, no caching of pages shown to a person,
and ``__Host-`` cookies that are Secure, HttpOnly (session) and SameSite.

The URLs come from ``tests/inventaris.py`` (the page states of the accessibility tests) plus
the routes it leaves out, each with a recipe below: a route with no recipe fails the test. The
production values of the settings are read from ``portal.settings`` loaded with
``PORTAL_ENV=production`` in a subprocess, so that the test checks what production runs."""

import json
import os
import subprocess
import sys
from http.cookies import Morsel
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from portal.models import User

from .inventaris import (
    ADVISEUR,
    AMBTENAAR,
    BEHEERDER,
    NIET_BESTAAND,
    TOESTANDEN,
    UITGEZONDERD,
    gegevens_verzamelen,
)
from .routes import portal_routes
from .test_settings import PRODUCTIE, ROOT

# Production settings the headers and cookies depend on. (The Content-Security-Policy is the same
# in every environment; the test reads it from the responses.)
PRODUCTIE_INSTELLINGEN = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "MFA_VERPLICHT",
)

# The routes tests/inventaris.py leaves out (no HTML page of their own): how to reach each one,
# as whom. POST-only routes are opened with GET: the 405 answer must carry the headers too.
EXTRA: dict[str, tuple[str | None, object]] = {
    "health": (None, lambda g: {}),
    "taal-kiezen": (None, lambda g: {"taal": "en"}),
    "sessie-stand": (ADVISEUR, lambda g: {}),
    "sessie-verlengen": (ADVISEUR, lambda g: {}),
    "weergave:stand": (ADVISEUR, lambda g: {"pk": g.product_review}),
    "deelname:agenda-feed": (None, lambda g: {"token": g.token}),
    "intake:intake-ics": (ADVISEUR, lambda g: {"pk": g.aanmelding_someren}),
    "bewijs:link": (None, lambda g: {"token": g.token}),
    "bewijs:praktijk": (ADVISEUR, lambda g: {"pk": g.praktijk_someren}),
    "weergave:download": (None, lambda g: {"slug": g.product_gepubliceerd, "nummer": 1}),
    "intake:editie-export": (ADVISEUR, lambda g: {"pk": g.editie_a, "formaat": "csv"}),
    "kennisproduct:voorbeeld": (ADVISEUR, lambda g: {"pk": g.product_review}),
    "portal:lidmaatschap-beoordelen": (BEHEERDER, lambda g: {"pk": NIET_BESTAAND}),
    "intake:aanvulling-geven": (AMBTENAAR, lambda g: {"pk": g.aanmelding_someren}),
    "deelname:link-antwoord": (None, lambda g: {"token": g.token, "pk": NIET_BESTAAND}),
    "deelname:link-stem": (None, lambda g: {"token": g.token, "pk": NIET_BESTAAND}),
    "deelname:link-agenda": (None, lambda g: {"token": g.token}),
    "deelname:mijn-antwoord": (ADVISEUR, lambda g: {"pk": NIET_BESTAAND}),
    "deelname:mijn-stem": (ADVISEUR, lambda g: {"pk": NIET_BESTAAND}),
    "deelname:deelnemer-versturen": (
        ADVISEUR,
        lambda g: {"pk": g.praktijk_someren, "deelnemer_pk": g.deelnemer},
    ),
    "deelname:deelnemer-uitzetten": (
        ADVISEUR,
        lambda g: {"pk": g.praktijk_someren, "deelnemer_pk": g.deelnemer},
    ),
    "deelname:deelnemer-aanzetten": (
        ADVISEUR,
        lambda g: {"pk": g.praktijk_someren, "deelnemer_pk": g.deelnemer},
    ),
    "kennis:les-beoordelen": (ADVISEUR, lambda g: {"pk": g.les}),
    "kennisproduct:volgorde": (ADVISEUR, lambda g: {"pk": g.product_review}),
    "kennisproduct:sectie-nieuw": (ADVISEUR, lambda g: {"pk": g.product_review}),
    "kennisproduct:opmerking-afhandelen": (
        ADVISEUR,
        lambda g: {"pk": g.product_review, "opmerking_pk": NIET_BESTAAND},
    ),
    "kennisproduct:toestemming": (
        ADVISEUR,
        lambda g: {"pk": g.product_review, "toestemming_pk": NIET_BESTAAND},
    ),
    "weergave:opnieuw": (ADVISEUR, lambda g: {"pk": g.product_review, "nummer": 1}),
    "portal:privacy-exporteren": (BEHEERDER, lambda g: {}),
    # In the inventory only as a step after portal:privacy-zoeken.
    "portal:privacy-wissen": (BEHEERDER, lambda g: {}),
}

# Pages outside portal_routes() that matter as much: allauth's, the admin, a static file.
BUITEN_DE_ROUTES: list[tuple[str | None, str]] = [
    (None, "/accounts/login/"),
    (None, "/accounts/signup/"),
    (None, "/accounts/password/reset/"),
    (ADVISEUR, "/accounts/2fa/"),
    (ADVISEUR, "/accounts/password/change/"),
    (BEHEERDER, "/beheer/"),
    (BEHEERDER, "/beheer/portal/gemeente/"),
    (None, "/static/css/portal.css"),
    (None, "/bestaat-niet/"),
]

VERBODEN_BRONNEN = ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:")


def productie_instellingen() -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTIE_INSTELLINGEN!r}}}))"
    )
    uitkomst = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings", **PRODUCTIE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    return json.loads(uitkomst.stdout)


def csp_richtlijnen(kop: str) -> dict[str, list[str]]:
    richtlijnen = {}
    for deel in kop.split(";"):
        woorden = deel.split()
        if woorden:
            richtlijnen[woorden[0]] = woorden[1:]
    return richtlijnen


def koppen_fouten(response, *, ingelogd: bool) -> list[str]:
    """What is wrong with the headers of one response (empty: all right)."""
    fouten = []
    csp = response.headers.get("Content-Security-Policy", "")
    richtlijnen = csp_richtlijnen(csp)
    verwacht = {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for naam, waarde in verwacht.items():
        if richtlijnen.get(naam) != waarde:
            fouten.append(f"CSP {naam} is {richtlijnen.get(naam)}, expected {waarde}")
    for naam, bronnen in richtlijnen.items():
        for bron in bronnen:
            if bron in VERBODEN_BRONNEN:
                fouten.append(f"CSP {naam} allows {bron}")
    hsts = response.headers.get("Strict-Transport-Security", "")
    if "max-age=31536000" not in hsts or "includeSubDomains" not in hsts:
        fouten.append(f"HSTS is {hsts!r}")
    eisen = {
        "X-Content-Type-Options": {"nosniff"},
        "Referrer-Policy": {"same-origin", "no-referrer"},
        "Cross-Origin-Opener-Policy": {"same-origin"},
    }
    if response.get("Content-Type", "").startswith("text/html"):
        # What a document needs; a style sheet or font (served by WhiteNoise) is never framed.
        eisen["X-Frame-Options"] = {"DENY"}
        for deel in ("camera=()", "microphone=()", "geolocation=()"):
            if deel not in response.headers.get("Permissions-Policy", ""):
                fouten.append(f"Permissions-Policy misses {deel}")
    for kop, goed in eisen.items():
        if response.headers.get(kop) not in goed:
            fouten.append(f"{kop} is {response.headers.get(kop)!r}")
    if ingelogd and "no-store" not in response.headers.get("Cache-Control", ""):
        fouten.append(f"Cache-Control is {response.headers.get('Cache-Control')!r}")
    for naam, koekje in response.cookies.items():
        fouten.extend(koekje_fouten(naam, koekje))
    return fouten


def koekje_fouten(naam: str, koekje: Morsel) -> list[str]:
    if not koekje.value:  # a deleted cookie (logout) only carries an expiry in the past
        return []
    fouten = []
    if not naam.startswith("__Host-"):
        fouten.append(f"cookie {naam} has no __Host- prefix")
    if not koekje["secure"]:
        fouten.append(f"cookie {naam} is not Secure")
    if koekje["path"] != "/":
        fouten.append(f"cookie {naam} has Path={koekje['path']!r}")
    if koekje["domain"]:
        fouten.append(f"cookie {naam} has Domain={koekje['domain']!r}")
    if koekje["samesite"] not in ("Lax", "Strict"):
        fouten.append(f"cookie {naam} has SameSite={koekje['samesite']!r}")
    if (
        naam in (settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME)
        and not koekje["httponly"]
    ):
        fouten.append(f"cookie {naam} is not HttpOnly")
    return fouten


@pytest.fixture(scope="module")
def productie():
    return productie_instellingen()


def test_de_productie_instellingen_zijn_streng(productie):
    """The values the other tests run under, as production loads them."""
    assert productie["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert productie["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert productie["LANGUAGE_COOKIE_NAME"].startswith("__Host-")
    assert productie["SESSION_COOKIE_SECURE"] and productie["CSRF_COOKIE_SECURE"]
    assert productie["SESSION_COOKIE_HTTPONLY"]
    assert productie["SECURE_HSTS_SECONDS"] >= 31536000
    assert productie["MFA_VERPLICHT"] is True


def _bezoeken(
    client: Client, gebruikers: dict, account: str | None, url: str
) -> tuple[object, bool]:
    client.logout()
    if account is not None:
        client.force_login(gebruikers[account])
    return client.get(url, secure=True), account is not None


@pytest.mark.django_db
def test_elke_url_van_de_inventaris_heeft_de_koppen_en_veilige_cookies(demo, productie):
    for lader in settings.DEMO_LADERS[1:]:
        import_string(lader)()
    gegevens: SimpleNamespace = gegevens_verzamelen()
    # Under production settings advisors and beheerders need a second factor (see
    # test_tweede_factor.py); here they have one, as they would in production.
    gebruikers = {u.email: u for u in User.objects.all()}
    for user in gebruikers.values():
        if user.rol != User.Rol.AMBTENAAR:
            TOTP.activate(user, generate_totp_secret())

    bezoeken: list[tuple[str, str | None, str]] = []
    gedekt = set()
    for toestand in TOESTANDEN:
        if toestand.start:
            continue
        bezoeken.append((toestand.route, toestand.account, toestand.url(gegevens)))
        gedekt.add(toestand.route)
    for route, (account, kwargs) in EXTRA.items():
        bezoeken.append((route, account, reverse(route, kwargs=kwargs(gegevens))))
        gedekt.add(route)
    zonder_recept = [r.naam for r in portal_routes() if r.naam not in gedekt]
    assert not zonder_recept, (
        f"routes without a URL recipe in tests/test_headers.py: {zonder_recept}"
    )
    assert set(UITGEZONDERD) <= set(EXTRA), "a route left out of the inventory needs a recipe"
    bezoeken += [(url, account, url) for account, url in BUITEN_DE_ROUTES]

    fouten = []
    client = Client()
    with override_settings(**productie):
        for naam, account, url in bezoeken:
            response, ingelogd = _bezoeken(client, gebruikers, account, url)
            # A redirect to the login or the second factor means the wrong role: the page
            # itself was not checked. Other redirects (to the page after an action) are fine.
            if response.status_code >= 500 or any(
                deel in response.get("Location", "") for deel in ("/accounts/", "/beheer/login")
            ):
                fouten.append(f"{naam} {url}: status {response.status_code}")
            fouten += [
                f"{naam} {url}: {fout}" for fout in koppen_fouten(response, ingelogd=ingelogd)
            ]
    assert not fouten, "\n".join(fouten)


@pytest.mark.django_db
def test_inloggen_en_taalkeuze_zetten_alleen_veilige_cookies(demo, productie):
    """The cookies a browser gets from the login page, the login itself and the language
    switch, as production sends them."""
    client = Client()
    with override_settings(**productie):
        pagina = client.get("/accounts/login/", secure=True)
        assert productie["CSRF_COOKIE_NAME"] in pagina.cookies
        inloggen = client.post(
            "/accounts/login/",
            {"login": "ambtenaar.someren@example.org", "password": settings.DEMO_PASSWORD},
            secure=True,
        )
        assert inloggen.status_code == 302
        assert productie["SESSION_COOKIE_NAME"] in inloggen.cookies
        taal = client.get("/taal/en/", {"volgende": "/"}, secure=True)
        assert productie["LANGUAGE_COOKIE_NAME"] in taal.cookies
        for response in (pagina, inloggen, taal):
            for naam, koekje in response.cookies.items():
                assert koekje_fouten(naam, koekje) == []
