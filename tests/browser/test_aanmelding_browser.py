"""The whole enrolment journey in real Chromium, with axe-core on every page:
an official signs up, verifies the e-mail address from the mail the portal wrote, joins a
municipality, enrols step by step, closes the browser halfway and resumes, submits; an advisor
plans the intake, records it and admits; the official sees each status."""

import re

import pytest
from django.conf import settings
from django.core import mail

from intake.models import Aanmelding
from portal.models import Gemeente

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WACHTWOORD = "Een-lang-wachtwoord-2026"


def _inloggen(pagina, email, wachtwoord):
    pagina.goto("/accounts/login/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(wachtwoord)
    pagina.get_by_role("button", name="Inloggen").click()


def _controleer(pagina, axe_controle):
    assert axe_controle(pagina) == [], pagina.url
    assert pagina.locator("h1").count() == 1, pagina.url


def test_ambtenaar_meldt_aan_en_adviseur_laat_toe(chromium, live_server, demo, axe_controle):
    Gemeente.objects.filter(naam="Lisse").update(email_domeinen="lisse.example.org")

    def nieuwe_pagina():
        context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
        return context, context.new_page()

    # 1. Sign up and verify the address with the link from the mail.
    context, pagina = nieuwe_pagina()
    pagina.goto("/trajecten/inclusief-werken/")
    pagina.get_by_role("link", name="Account maken en aanmelden").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Uw naam").fill("Lotte Lisse")
    pagina.get_by_label("E-mailadres").fill("lotte@lisse.example.org")
    pagina.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    pagina.get_by_label("Wachtwoord (bevestigen)").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Account maken").click()
    assert pagina.get_by_role("heading", name="Bevestig uw e-mailadres").is_visible()
    _controleer(pagina, axe_controle)
    bericht = next(m for m in mail.outbox if "lotte@lisse.example.org" in m.to)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", bericht.body).group(1)
    pagina.goto(link)
    _controleer(pagina, axe_controle)
    pagina.get_by_role("button", name=re.compile("Bevestig")).click()

    # 2. Join the municipality: the e-mail domain is Lisse's, so it is confirmed at once.
    pagina.goto("/mijn/")
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Bij welke gemeente werkt u?").select_option(label="Lisse")
    pagina.get_by_role("button", name="Koppeling aanvragen").click()
    assert pagina.get_by_text("U bent gekoppeld aan Lisse.").is_visible()

    # 3. Start the enrolment and fill in the first two steps.
    pagina.goto("/trajecten/inclusief-werken/")
    pagina.get_by_role("link", name="Gemeente aanmelden").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_role("button", name="Begin met de aanmelding").click()
    assert pagina.get_by_role("heading", name="Uw gemeente en contactpersoon").is_visible()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Functie").fill("Beleidsmedewerker")
    pagina.get_by_role("button", name="Opslaan en verder").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Aan welk maatschappelijk vraagstuk wilt u werken?").fill(
        "Mantelzorgers ontlasten"
    )
    pagina.get_by_label("Wat is uw vraag over inclusie en zeggenschap van inwoners?").fill(
        "Hoe bereiken we jonge mantelzorgers?"
    )
    pagina.get_by_role("button", name="Opslaan en verder").click()

    # 4. Close the browser halfway; nothing is lost.
    context.close()
    context, pagina = nieuwe_pagina()
    _inloggen(pagina, "lotte@lisse.example.org", WACHTWOORD)
    pagina.goto("/mijn/")
    pagina.get_by_role("link", name=re.compile("Inclusief werken")).click()
    assert pagina.get_by_text("Concept").first.is_visible()
    _controleer(pagina, axe_controle)
    pagina.get_by_role("link", name="Verder met invullen").click()
    assert pagina.get_by_role("heading", name="Doelgroepen en motivatie").is_visible()
    pagina.get_by_label("Mantelzorgers").check()
    pagina.get_by_label("Waarom wilt u meedoen?").fill("Wij willen leren van andere gemeenten.")
    pagina.get_by_role("button", name="Opslaan en verder").click()

    # 5. Commitments. The check page lists what is still missing (here: the co-financing).
    _controleer(pagina, axe_controle)
    pagina.get_by_role("group", name=re.compile("College")).get_by_label("Toegezegd").check()
    pagina.get_by_role("group", name=re.compile("Gemeenteraad")).get_by_label("Toegezegd").check()
    pagina.get_by_role("group", name=re.compile("Ambtenaren")).get_by_label("Toegezegd").check()
    pagina.get_by_label("Wij maken tijd om actief mee te doen aan de bijeenkomsten").check()
    pagina.get_by_role("button", name="Opslaan en verder").click()
    assert pagina.get_by_role("heading", name="Controleren en versturen").is_visible()
    assert pagina.get_by_text("Ga akkoord met de bijdrage").is_visible()
    _controleer(pagina, axe_controle)
    pagina.get_by_role("link", name=re.compile("Ga akkoord met de bijdrage")).click()
    pagina.get_by_label("Wij betalen 50% van de kosten van de lokale praktijk").check()
    pagina.get_by_role("button", name="Opslaan en verder").click()
    pagina.get_by_role("button", name="Aanmelding versturen").click()
    assert pagina.get_by_text("Uw aanmelding is verstuurd").is_visible()
    assert pagina.locator(".portal-statusregel").inner_text().endswith("Ingediend")
    _controleer(pagina, axe_controle)
    aanmelding = Aanmelding.objects.get(gemeente__naam="Lisse")
    assert aanmelding.status == Aanmelding.Status.INGEDIEND
    context.close()

    # 6. The advisor plans the intake, records it and admits.
    context, pagina = nieuwe_pagina()
    _inloggen(pagina, "adviseur.movisie@example.org", settings.DEMO_PASSWORD)
    pagina.goto(aanmelding.get_absolute_url())
    _controleer(pagina, axe_controle)
    pagina.get_by_role("link", name="Intake plannen").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Datum").fill("2027-03-30")
    pagina.get_by_label("Begintijd").fill("14:00")
    pagina.get_by_label("Eindtijd").fill("15:30")
    pagina.get_by_label("Op locatie").check()
    pagina.get_by_label("Adres").fill("Gemeentehuis Lisse, Heereweg 254")
    pagina.get_by_role("button", name="Uitnodiging versturen").click()
    assert pagina.get_by_text("Het intakegesprek is gepland").is_visible()
    assert any(
        "Uitnodiging" in m.subject and "lotte@lisse.example.org" in m.to for m in mail.outbox
    )

    pagina.get_by_role("link", name="Verslag van de intake").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Wie waren er bij het gesprek?").fill("Lotte Lisse, wethouder")
    pagina.get_by_label("Notities").fill("Vertrouwelijk: raad twijfelt nog.")
    pagina.get_by_label(re.compile(r"^Vraagstuk")).fill("Jonge mantelzorgers bereiken")
    pagina.get_by_label("Advies").select_option(label="Toelaten")
    pagina.get_by_role("button", name="Verslag opslaan").click()
    assert pagina.get_by_text("Vertrouwelijk: raad twijfelt nog.").is_visible()

    pagina.get_by_role("link", name="Besluit nemen").click()
    _controleer(pagina, axe_controle)
    pagina.get_by_label("Toelaten", exact=True).check()
    pagina.get_by_role("button", name="Besluit vastleggen").click()
    assert pagina.locator(".portal-statusregel").inner_text().endswith("Toegelaten")
    context.close()

    # 7. The official sees the status and the whole timeline, but never the advisor's notes.
    context, pagina = nieuwe_pagina()
    _inloggen(pagina, "lotte@lisse.example.org", WACHTWOORD)
    pagina.goto(aanmelding.get_absolute_url())
    tijdlijn = pagina.locator(".portal-tijdlijn").inner_text()
    for status in ("Toegelaten", "Intake gehouden", "Intake gepland", "Ingediend"):
        assert status in tijdlijn
    assert "Vertrouwelijk" not in pagina.content()
    assert "Jonge mantelzorgers bereiken" in pagina.content()
    _controleer(pagina, axe_controle)
    context.close()
