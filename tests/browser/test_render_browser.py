"""The PDF status page of a knowledge product in real Chromium: it updates itself without a
reload (klaar, mislukt) and axe-core finds nothing; the public library too."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kennis import producten, render, tasks
from kennis.models import Kennisproduct, Weergave
from tests.test_render import NIEUWE_TEKST, _opzet, _publiceren, media  # noqa: F401

W = Weergave.Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statuspagina_werkt_zich_bij_zonder_herladen_en_is_toegankelijk(
    pagina,
    axe_controle,
    monkeypatch,
    settings,
):
    """The advisor asks for a PDF; the worker is elsewhere (the task is not run on commit). The
    page polls stand.json and shows "Klaar" with a download link, and later a failure with its
    reason and retry button, without reloading. axe-core finds nothing on any page."""
    from allauth.account.models import EmailAddress

    opzet = _opzet()
    product, adviseur = opzet["product"], opzet["adviseur"]
    EmailAddress.objects.create(user=adviseur, email=adviseur.email, verified=True, primary=True)
    monkeypatch.setattr(tasks.weergave_maken, "delay", lambda weergave_id: None)

    pagina.goto("/accounts/login/")
    pagina.get_by_label("E-mailadres").fill(adviseur.email)
    pagina.get_by_label("Wachtwoord").fill(settings.DEMO_PASSWORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(lambda url: "/accounts/login/" not in url)

    pagina.goto(reverse("weergave:overzicht", kwargs={"pk": product.pk}))
    assert axe_controle(pagina) == []
    pagina.get_by_role("button", name="PDF maken").click()
    status = pagina.locator('tr[data-nummer="1"] [role="status"]')
    assert status.inner_text() == "In de wachtrij"
    assert pagina.get_by_role("link", name="Vernieuwen").is_visible()
    assert axe_controle(pagina) == []
    pagina.evaluate("window.nietHerladen = true")

    weergave = Weergave.objects.get(product=product)
    assert render.weergave_maken(weergave_id=weergave.pk).status == W.KLAAR
    # Longer than one poll of 2 s; the page was not reloaded (checked below).
    expect(status).to_have_text("Klaar", timeout=8_000)
    download = pagina.get_by_role("link", name="PDF downloaden (versie 1)")
    assert download.is_visible()
    assert download.get_attribute("href") == reverse(
        "weergave:download", kwargs={"slug": product.slug, "nummer": 1}
    )
    assert not pagina.get_by_text("Even geduld.").is_visible()
    assert not pagina.get_by_role("link", name="Vernieuwen").is_visible()
    assert pagina.evaluate("window.nietHerladen") is True
    assert axe_controle(pagina) == []

    # A second version fails while the page is open.
    producten.sectie_wijzigen(
        sectie=opzet["sectie"],
        titel="Samenvatting",
        tekst=NIEUWE_TEKST,
        versie=Kennisproduct.objects.get(pk=product.pk).versie,
        door=adviseur,
    )
    pagina.get_by_role("button", name="PDF maken").click()
    pagina.evaluate("window.nietHerladen = true")
    monkeypatch.setattr(render, "pdf_maken", lambda html, **kw: 1 / 0)
    tweede = Weergave.objects.get(product=product, nummer=2)
    assert render.weergave_maken(weergave_id=tweede.pk).status == W.MISLUKT
    expect(pagina.locator('tr[data-nummer="2"] [role="status"]')).to_have_text(
        "Mislukt", timeout=8_000
    )
    assert pagina.get_by_text("Er ging iets mis bij het maken van de PDF.").is_visible()
    assert pagina.get_by_role("button", name="Opnieuw proberen (versie 2)").is_visible()
    assert pagina.evaluate("window.nietHerladen") is True
    assert axe_controle(pagina) == []

    _publiceren(product)
    pagina.goto(reverse("weergave:bibliotheek"))
    assert axe_controle(pagina) == []
    pagina.get_by_role("link", name="Online lezen").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == product.titel
    assert axe_controle(pagina) == []
