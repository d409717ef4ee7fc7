"""Two minutes before the login ends, a dialog offers to stay logged in; the keyboard alone is
enough, and axe finds nothing on the page with the dialog open."""

from datetime import timedelta

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_waarschuwing_voor_het_uitloggen_en_ingelogd_blijven_met_het_toetsenbord(
    pagina, axe_controle, settings, live_server
):
    # 2 minutes of warning + 3 seconds: the dialog opens about three seconds after the page.
    settings.SESSIE_INACTIEF = timedelta(seconds=123)
    user = UserFactory(password="Een-lang-wachtwoord-2026")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    pagina.goto("/accounts/login/")
    pagina.fill("input[name=login]", user.email)
    pagina.fill("input[name=password]", "Een-lang-wachtwoord-2026")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/mijn/**")
    pagina.goto("/mijn/")
    dialoog = pagina.get_by_role("dialog", name="Wilt u ingelogd blijven?")
    dialoog.wait_for(state="visible", timeout=15_000)
    knop = dialoog.get_by_role("button", name="Ingelogd blijven")
    assert knop.evaluate("el => el === document.activeElement")
    assert axe_controle(pagina) == []

    pagina.keyboard.press("Enter")
    dialoog.wait_for(state="hidden")
    assert pagina.locator("#sessie-melding").inner_text() == "U blijft ingelogd."
    stand = pagina.request.get("/sessie/", headers={"Accept": "application/json"}).json()
    assert stand["ingelogd"] and stand["seconden"] > 120
