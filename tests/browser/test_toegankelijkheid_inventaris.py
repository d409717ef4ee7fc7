"""Every page state of the inventory (tests/inventaris.py) in real Chromium, for every role.

The demo data is loaded once; each account gets one browser context, logged in by a session made
with Django's test client (no login form per account). For every state: 0 axe-core violations
(WCAG 2.2 AA tags, conftest.AXE_TAGS), `lang` set, exactly one h1, a title of its own, the
landmarks header, main and footer, headers in every table, no horizontal scrolling at 320 px and
at 200% zoom (a 1280 px window at 200% is 640 CSS px wide), and no text cut off. After a failed
submit the title starts with "Fout:", the error summary has the focus and its links point at
fields; after a confirmation a status message is there; buttons have one font
size. All problems are reported together.
"""

import re
import time
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils.module_loading import import_string

from portal.models import User
from tests.inventaris import ROLLEN, TOESTANDEN, UITGEZONDERD, gegevens_verzamelen
from tests.routes import portal_routes

from .conftest import AXE_TAGS

BREEDTES = {"320 px": 320, "200% zoom": 640}

PAGINA_CONTROLE = """() => {
    const fouten = [];
    const html = document.documentElement;
    if (!html.lang) fouten.push('no lang on <html>');
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) fouten.push(`${h1} h1 elements instead of 1`);
    for (const [css, naam] of [['header', 'header'], ['main', 'main'], ['footer', 'footer']]) {
        if (document.querySelectorAll(css).length < 1) fouten.push(`no <${naam}> landmark`);
    }
    document.querySelectorAll('table').forEach((tabel, i) => {
        if (!tabel.querySelector('th')) fouten.push(`table ${i + 1} has no <th>`);
    });
    const knoppen = [...document.querySelectorAll('main button, main .utrecht-button-link')]
        .filter(el => el.getClientRects().length);
    const maten = new Set(knoppen.map(el => getComputedStyle(el).fontSize));
    if (maten.size > 1) fouten.push(`buttons in ${maten.size} font sizes: ${[...maten]}`);
    return {fouten, titel: document.title};
}"""

# The page may not scroll sideways; content may not be cut off by a box that hides overflow.
REFLOW_CONTROLE = """() => {
    const fouten = [];
    const breed = document.documentElement.scrollWidth;
    if (breed > window.innerWidth) {
        const schuift = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        const boosdoeners = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(el => {
                for (let p = el.parentElement; p; p = p.parentElement) if (schuift(p)) return false;
                return true;
            })
            .slice(0, 3)
            .map(el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ')[0]);
        fouten.push(
            `page scrolls sideways (${breed} > ${window.innerWidth}): ${boosdoeners.join(', ')}`
        );
    }
    for (const el of document.querySelectorAll('main *')) {
        const stijl = getComputedStyle(el);
        if (!['hidden', 'clip'].includes(stijl.overflowX)) continue;
        // Visually hidden text (for screen readers) is meant to be clipped.
        if (stijl.clip !== 'auto' || stijl.clipPath !== 'none' || el.clientWidth <= 1) continue;
        if (el.scrollWidth > el.clientWidth + 1 && el.innerText.trim()) {
            fouten.push(`text cut off in ${el.tagName.toLowerCase()}.${el.className}`);
            break;
        }
    }
    return fouten;
}"""

FOUT_CONTROLE = """() => {
    const fouten = [];
    if (!document.title.startsWith('Fout:')) {
        fouten.push(`title "${document.title}" does not start with "Fout:"`);
    }
    const overzicht = document.querySelector('.portal-error-summary, #foutoverzicht');
    if (!overzicht) return [...fouten, 'no error summary'];
    if (!overzicht.contains(document.activeElement)) {
        const naam = document.activeElement.tagName.toLowerCase();
        fouten.push(`focus is on ${naam}, not on the error summary`);
    }
    for (const a of overzicht.querySelectorAll('a[href^="#"]')) {
        const doel = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        if (!doel) fouten.push(`summary link ${a.hash} points at nothing`);
    }
    return fouten;
}"""


def test_elke_route_staat_in_de_inventaris():
    """A route without a page state and without a reason to skip it fails here, by name."""
    routes = {route.naam for route in portal_routes()}
    gecontroleerd = {toestand.route for toestand in TOESTANDEN}
    ontbreekt = sorted(routes - gecontroleerd - UITGEZONDERD.keys())
    assert not ontbreekt, (
        "Routes without a page state in tests/inventaris.py (add one to TOESTANDEN, or a reason "
        f"to UITGEZONDERD): {ontbreekt}"
    )
    assert not gecontroleerd & UITGEZONDERD.keys(), "both checked and excluded"
    assert not (gecontroleerd | UITGEZONDERD.keys()) - routes, "routes that no longer exist"
    assert {toestand.rol for toestand in TOESTANDEN} == set(ROLLEN)
    soorten = {toestand.toestand for toestand in TOESTANDEN}
    assert {"leeg", "gevuld", "fout", "bevestiging", "404", "403"} <= soorten


def _inloggen(context, live_server, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _axe(pagina, axe_bron):
    if not pagina.evaluate("typeof window.axe !== 'undefined'"):
        pagina.evaluate(axe_bron)
    resultaat = pagina.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in resultaat["violations"]
    ]


def _verzenden(pagina, verzenden):
    for label, waarde in verzenden.velden:
        pagina.get_by_label(label, exact=True).first.fill(waarde)
    for label in verzenden.aanvinken:
        pagina.get_by_label(label, exact=True).first.check()
    # The server must refuse bad data, not only the browser's own form validation.
    pagina.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name=verzenden.knop).first.click()


def _controleren(pagina, toestand, gegevens, axe_bron, titels):
    fouten = []
    antwoord = pagina.goto(toestand.url(gegevens))
    if antwoord.status != toestand.status:
        return [f"HTTP {antwoord.status} instead of {toestand.status}"]
    for verzenden in toestand.verzenden:
        _verzenden(pagina, verzenden)
    if toestand.verzenden and toestand.verzenden[-1].verwacht == "fout":
        fouten += pagina.evaluate(FOUT_CONTROLE)
    elif toestand.verzenden and toestand.verzenden[-1].verwacht == "melding":
        meldingen = pagina.locator("[role=status], [role=alert]").filter(has_text=re.compile(r"\w"))
        if not meldingen.count():
            fouten.append("no status message after sending the form")
    fouten += _axe(pagina, axe_bron)
    controle = pagina.evaluate(PAGINA_CONTROLE)
    fouten += controle["fouten"]
    if toestand.status == 200:
        titels[(toestand.rol, controle["titel"])].add(urlsplit(pagina.url).path)
    for naam, breedte in BREEDTES.items():
        pagina.set_viewport_size({"width": breedte, "height": 800})
        fouten += [f"{naam}: {fout}" for fout in pagina.evaluate(REFLOW_CONTROLE)]
    pagina.set_viewport_size({"width": 1280, "height": 900})
    return fouten


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_elke_pagina_in_elke_toestand_is_toegankelijk(
    chromium, live_server, gemeenten, catalogus, axe_bron
):
    for pad in settings.DEMO_LADERS:
        import_string(pad)()
    gegevens = gegevens_verzamelen()

    per_account = defaultdict(list)
    for toestand in TOESTANDEN:
        per_account[toestand.account].append(toestand)

    problemen, titels = [], defaultdict(set)
    begin = time.monotonic()
    for account, toestanden in per_account.items():
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nl-NL"
        )
        if account:
            _inloggen(context, live_server, account)
        pagina = context.new_page()
        pagina.set_default_timeout(10_000)
        js_fouten = []
        pagina.on("pageerror", lambda exc, fouten=js_fouten: fouten.append(str(exc)))
        for toestand in toestanden:
            try:
                fouten = _controleren(pagina, toestand, gegevens, axe_bron, titels)
            except Exception as exc:  # reported with the others below
                fouten = [f"could not check: {type(exc).__name__}: {str(exc)[:300]}"]
            fouten += [f"JavaScript error: {fout}" for fout in js_fouten]
            js_fouten.clear()
            problemen += [f"{toestand}: {fout}" for fout in fouten]
        context.close()

    # One person must tell pages apart by their title: within a role, two different pages
    # (paths) never share one. States of the same page (empty, after an error) may.
    for (rol, titel), paden in titels.items():
        if len(paden) > 1:
            problemen.append(f"{rol}: title {titel!r} is shared by {sorted(paden)}")
    duur = time.monotonic() - begin
    assert not problemen, (
        f"{len(problemen)} accessibility problems in {len(TOESTANDEN)} page states "
        f"({duur:.0f} s):\n" + "\n".join(problemen)
    )
