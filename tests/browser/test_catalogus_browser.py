"""The catalogue and a track page in real Chromium: filtering, keyboard use and axe-core."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalogus_filteren_en_trajectpagina_openen_zonder_toegankelijkheidsfouten(
    pagina, demo, axe_controle
):
    pagina.goto("/trajecten/")
    assert pagina.title() == "Trajecten | Trajectportaal"
    assert pagina.locator("h1").count() == 1
    assert axe_controle(pagina) == []

    pagina.get_by_label("Op aanvraag").check()
    pagina.get_by_role("button", name="Toon trajecten").click()
    pagina.wait_for_url("**soort=op_aanvraag*")
    assert pagina.get_by_role("heading", name="5 trajecten gevonden").is_visible()
    assert axe_controle(pagina) == []

    pagina.get_by_role("link", name="Training Budgetmonitoring").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Training Budgetmonitoring"
    assert pagina.get_by_role("heading", name="De stappen").is_visible()
    assert axe_controle(pagina) == []


def test_trajectpagina_met_editie_zonder_toegankelijkheidsfouten(pagina, demo, axe_controle):
    pagina.goto("/trajecten/inclusief-werken/")
    assert pagina.get_by_role("heading", name="Wij vragen").is_visible()
    assert pagina.get_by_role("cell", name="5 plaatsen").is_visible()
    assert axe_controle(pagina) == []


def test_zoeken_en_filteren_met_alleen_het_toetsenbord(pagina, catalogus):
    pagina.goto("/trajecten/")
    pagina.keyboard.press("Tab")
    eerste = pagina.evaluate("document.activeElement.textContent.trim()")
    assert eerste == "Ga direct naar de inhoud"
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "inhoud"

    pagina.get_by_role("textbox", name="Zoeken").focus()
    pagina.keyboard.type("buurtschouw")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**q=buurtschouw*")
    assert pagina.get_by_role("heading", name="1 traject gevonden").is_visible()

    # Open the track with the keyboard: focus the link and press Enter.
    pagina.get_by_role("link", name="Digitale Buurtschouw").focus()
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/trajecten/digitale-buurtschouw/")


def test_pagina_past_op_een_smal_scherm_zonder_horizontaal_scrollen(pagina, demo, axe_controle):
    pagina.set_viewport_size({"width": 320, "height": 800})
    for pad in ("/", "/trajecten/", "/trajecten/inclusief-werken/"):
        pagina.goto(pad)
        breedte = pagina.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 320, (pad, breedte)
        assert axe_controle(pagina) == [], pad


def test_de_axe_controle_vindt_echte_fouten(pagina, catalogus, axe_controle):
    # Guard against a harness that cannot fail: break the page on purpose.
    pagina.goto("/trajecten/")
    pagina.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<img src="/static/favicon.svg"><input type="text">\')'
    )
    gevonden = {fout["id"] for fout in axe_controle(pagina)}
    assert {"image-alt", "label"} <= gevonden
