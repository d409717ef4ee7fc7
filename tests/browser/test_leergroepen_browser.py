"""The advisor composes and publishes learning groups in real Chromium, keyboard only for the
adjustment, with axe-core on every state of the page."""

import pytest
from django.conf import settings

from intake.demo import demo_laden as intake_demo_laden
from intake.models import Aanmelding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adviseur_stelt_leergroepen_samen_en_publiceert(pagina, demo, axe_controle):
    intake_demo_laden()
    editie = Aanmelding.objects.get(gemeente__naam="Someren", traject__code="A").editie
    pagina.goto("/accounts/login/")
    pagina.get_by_label("E-mailadres").fill("adviseur.movisie@example.org")
    pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()

    pagina.goto(f"/adviseur/edities/{editie.pk}/")
    pagina.get_by_role("link", name="Leergroepen samenstellen").click()
    assert pagina.get_by_role("heading", level=1).inner_text().startswith("Leergroepen")
    assert axe_controle(pagina) == []

    pagina.get_by_role("button", name="Bereken een voorstel").click()
    assert pagina.get_by_role("heading", name="Voorstel (score", exact=False).is_visible()
    assert axe_controle(pagina) == []
    pagina.get_by_role("button", name="Dit voorstel overnemen").click()
    assert pagina.get_by_text("De leergroepen zijn opgeslagen.").is_visible()
    assert pagina.get_by_role("img", name="Groepen per provincie").is_visible()
    assert axe_controle(pagina) == []

    # Keyboard only: move Huizen to a new group; the page says what is off (too small).
    huizen = pagina.get_by_label("Huizen")
    huizen.focus()
    pagina.keyboard.press("End")
    assert huizen.input_value() == "2"
    pagina.get_by_role("button", name="Indeling opslaan").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.get_by_role("heading", name="Dit klopt nog niet").is_visible()
    assert axe_controle(pagina) == []
    pagina.get_by_role("button", name="Leergroepen publiceren").click()
    assert pagina.get_by_text("Publiceren kan nog niet").is_visible()

    # Back to one group of five and publish.
    pagina.get_by_label("Huizen").select_option(label="Groep 1")
    pagina.get_by_role("button", name="Indeling opslaan").click()
    pagina.get_by_role("button", name="Leergroepen publiceren").click()
    assert pagina.get_by_text("De leergroepen zijn gepubliceerd").is_visible()
    assert axe_controle(pagina) == []
    assert Aanmelding.objects.filter(editie=editie, status="geplaatst").count() == 5

    # The same page on a 320 px wide screen: no sideways scrolling of the page, still accessible.
    pagina.set_viewport_size({"width": 320, "height": 800})
    pagina.goto(f"/adviseur/edities/{editie.pk}/leergroepen/?voorstel=1")
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_controle(pagina) == []
