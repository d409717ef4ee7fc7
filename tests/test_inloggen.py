"""Logging in safely: the lockout after wrong passwords (django-axes, per account and address),
allauth's rate limit on the shared Redis cache, the second factor for advisors and beheerders,
the password rules, and what happens to sessions at login, logout and a password change."""

import datetime
import re
from pathlib import Path

import pytest
import redis
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portal.models import User

from .factories import AdviseurFactory, UserFactory

pytestmark = pytest.mark.django_db

WACHTWOORD = settings.DEMO_PASSWORD
HIER = "192.0.2.10"  # addresses from the documentation ranges: never a real machine
ELDERS = "198.51.100.20"


def _account(**kwargs) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _inloggen(client, email, wachtwoord=WACHTWOORD, ip=HIER):
    return client.post("/accounts/login/", {"login": email, "password": wachtwoord}, REMOTE_ADDR=ip)


def _ingelogd(client) -> bool:
    return client.get(reverse("portal:mijn")).status_code == 200


def _fout_tot_blokkade(client, email, ip=HIER):
    antwoorden = [
        _inloggen(client, email, "verkeerd-wachtwoord", ip)
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return antwoorden[-1]


# --- Lockout (django-axes) --------------------------------------------------------------------


def test_te_vaak_fout_blokkeert_dit_account_vanaf_dit_adres_met_een_nederlandse_pagina():
    user = _account()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _inloggen(client, user.email, "verkeerd-wachtwoord").status_code == 200
    blokkade = _inloggen(client, user.email, "verkeerd-wachtwoord")
    assert blokkade.status_code == 429
    inhoud = blokkade.content.decode()
    assert '<html lang="nl"' in inhoud
    assert "Inloggen even niet mogelijk" in inhoud
    assert "15 minuten" in inhoud
    assert re.search(r"Vanaf \d\d:\d\d uur kunt u het weer proberen", inhoud)
    assert reverse("account_reset_password") in inhoud
    assert int(blokkade["Retry-After"]) == 15 * 60

    # Even the right password is refused now, from this address.
    assert _inloggen(client, user.email).status_code == 429
    assert not _ingelogd(client)


def test_de_blokkade_geldt_niet_voor_een_ander_adres_of_een_ander_account():
    user = _account()
    collega = _account()
    assert _fout_tot_blokkade(Client(), user.email).status_code == 429

    vanaf_elders = Client()
    assert _inloggen(vanaf_elders, user.email, ip=ELDERS).status_code == 302
    assert _ingelogd(vanaf_elders)

    collega_hier = Client()
    assert _inloggen(collega_hier, collega.email, ip=HIER).status_code == 302
    assert _ingelogd(collega_hier)


def test_hoofdletters_in_het_adres_tellen_mee_voor_hetzelfde_account():
    user = _account()
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        adres = user.email.upper() if i % 2 else user.email
        antwoord = _inloggen(client, adres, "verkeerd-wachtwoord")
    assert antwoord.status_code == 429


def test_na_de_wachttijd_kan_het_weer_en_niet_eerder():
    user = _account()
    client = Client()
    _fout_tot_blokkade(client, user.email)
    wachttijd = settings.AXES_COOLOFF_TIME

    # Time travel: the failed attempts happened (almost) a cool-off ago.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - wachttijd + datetime.timedelta(minutes=1)
    )
    assert _inloggen(client, user.email).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - wachttijd - datetime.timedelta(minutes=1)
    )
    assert _inloggen(client, user.email).status_code == 302
    assert _ingelogd(client)


def test_een_goede_login_zet_de_teller_weer_op_nul():
    user = _account()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _inloggen(client, user.email, "verkeerd-wachtwoord")
    assert _inloggen(client, user.email).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _inloggen(client, user.email, "verkeerd-wachtwoord").status_code == 200
    assert _inloggen(client, user.email).status_code == 302


# --- allauth's rate limit on the shared cache -------------------------------------------------


def test_de_limiet_per_adres_telt_over_alle_webprocessen():
    """allauth counts failed logins in the default cache. That is Redis, shared by every web
    process: the count is in Redis itself (read here over a connection of its own), and a second
    browser from the same address is refused once the first used the limit up."""
    assert settings.CACHES["default"]["BACKEND"] == "portal.rediscache.GedeeldeRedisCache"
    limiet = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0])
    eerste = Client()
    # Each attempt for another (unknown) account, so that axes blocks none of them.
    for i in range(limiet):
        assert _inloggen(eerste, f"onbekend{i}@example.org", "fout").status_code == 200

    eigen_verbinding = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    sleutels = [k.decode() for k in eigen_verbinding.scan_iter("*login_failed*")]
    assert sleutels, "the rate limit is not counted in Redis"

    user = _account()
    tweede = Client()
    geweigerd = _inloggen(tweede, user.email)
    assert geweigerd.status_code == 200
    assert "Te veel" in geweigerd.content.decode()
    assert not _ingelogd(tweede)
    # From another address it works.
    assert _inloggen(Client(), user.email, ip=ELDERS).status_code == 302


# --- Second factor ----------------------------------------------------------------------------


@pytest.fixture
def mfa_verplicht(settings):
    settings.MFA_VERPLICHT = True
    return settings


def _met_totp(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def test_adviseur_zonder_tweede_factor_moet_die_eerst_instellen(client, mfa_verplicht):
    adviseur = AdviseurFactory()
    client.force_login(adviseur)
    activeren = reverse("mfa_activate_totp")
    for pad in (reverse("intake:adviseur-start"), reverse("portal:mijn"), "/trajecten/"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 302, pad
        assert antwoord["Location"] == activeren
    # The activation page itself first asks for the password again: no redirect loop.
    antwoord = client.get(activeren)
    assert antwoord["Location"].startswith(reverse("account_reauthenticate"))
    pagina = client.get(antwoord["Location"])
    assert pagina.status_code == 200
    # Three pages were refused, but the message is shown once.
    assert pagina.content.decode().count("Stel eerst een tweede stap voor het inloggen in") == 1
    # After it was shown, the next refused page says it again.
    client.get(reverse("portal:mijn"))
    pagina = client.get(antwoord["Location"])
    assert pagina.content.decode().count("Stel eerst een tweede stap voor het inloggen in") == 1
    # Logging out stays possible.
    assert client.post(reverse("account_logout")).status_code == 302


def test_beheerder_zonder_tweede_factor_komt_niet_in_het_beheer(client, mfa_verplicht):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER, is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    antwoord = client.get("/beheer/")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("mfa_activate_totp")

    _met_totp(beheerder)
    assert client.get("/beheer/").status_code == 200


def test_adviseur_met_tweede_factor_komt_overal(client, mfa_verplicht):
    adviseur = _met_totp(AdviseurFactory())
    client.force_login(adviseur)
    assert client.get(reverse("intake:adviseur-start")).status_code == 200


def test_een_ambtenaar_hoeft_geen_tweede_factor(client, mfa_verplicht):
    client.force_login(UserFactory())
    assert client.get(reverse("portal:mijn")).status_code == 200


def test_met_tweede_factor_vraagt_inloggen_om_de_code(mfa_verplicht):
    """The admin has no login of its own, so this is also how a beheerder reaches /beheer/."""
    beheerder = _met_totp(_account(rol=User.Rol.BEHEERDER, is_staff=True))
    client = Client()
    antwoord = _inloggen(client, beheerder.email)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("mfa_authenticate")
    assert client.get("/beheer/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_tweede_factor_is_verplicht_in_productie_en_uit_in_ontwikkeling():
    from .test_settings import PRODUCTIE, _django

    code = "from django.conf import settings; print(settings.MFA_VERPLICHT)"
    assert _django(code, PRODUCTIE).stdout.strip() == "True"
    assert _django(code, {}).stdout.strip() == "False"
    assert Authenticator.Type.TOTP in settings.MFA_SUPPORTED_TYPES
    assert "recovery_codes" in settings.MFA_SUPPORTED_TYPES


# --- Passwords --------------------------------------------------------------------------------


def test_wachtwoorden_minstens_12_tekens_geen_bekende_en_geen_samenstellingsregels():
    with pytest.raises(ValidationError):
        validate_password("kortwoord11")  # 11 characters
    with pytest.raises(ValidationError):
        validate_password("password1234")  # a common password
    # Only lower-case letters, no digit, no symbol: long and uncommon is enough.
    validate_password("paardenbloemenveld")


@pytest.mark.parametrize("pad", ["/accounts/login/", "/accounts/signup/"])
def test_plakken_van_wachtwoorden_mag(client, pad):
    inhoud = client.get(pad).content.decode()
    velden = re.findall(r"<input[^>]*type=\"password\"[^>]*>", inhoud)
    assert velden
    for veld in velden:
        assert "onpaste" not in veld and 'autocomplete="off"' not in veld
    scripts = "".join(p.read_text() for p in Path(settings.BASE_DIR, "static").rglob("*.js"))
    assert "paste" not in scripts


# --- Sessions ---------------------------------------------------------------------------------


def test_inloggen_geeft_een_nieuwe_sessiesleutel():
    user = _account()
    client = Client()
    oud = SessionStore()
    oud["voor_het_inloggen"] = True
    oud.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = oud.session_key
    assert _inloggen(client, user.email).status_code == 302
    nieuw = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert nieuw != oud.session_key
    assert not SessionStore().exists(oud.session_key)


def test_uitloggen_beeindigt_de_sessie_op_de_server():
    user = _account()
    client = Client()
    _inloggen(client, user.email)
    sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))

    met_oude_cookie = Client()
    met_oude_cookie.cookies[settings.SESSION_COOKIE_NAME] = sleutel
    assert not _ingelogd(met_oude_cookie)
    assert not SessionStore().exists(sleutel)


def test_wachtwoord_wijzigen_beeindigt_andere_sessies_maar_niet_de_eigen():
    user = _account()
    hier, elders = Client(), Client()
    _inloggen(hier, user.email)
    _inloggen(elders, user.email, ip=ELDERS)
    assert _ingelogd(hier) and _ingelogd(elders)

    nieuw = "een-nieuw-lang-wachtwoord-2026"
    antwoord = hier.post(
        reverse("account_change_password"),
        {"oldpassword": WACHTWOORD, "password1": nieuw, "password2": nieuw},
    )
    assert antwoord.status_code == 302
    assert _ingelogd(hier)
    assert not _ingelogd(elders)


def test_wachtwoord_wijzigen_vraagt_het_oude_wachtwoord():
    user = _account()
    client = Client()
    _inloggen(client, user.email)
    nieuw = "een-nieuw-lang-wachtwoord-2026"
    antwoord = client.post(
        reverse("account_change_password"),
        {"oldpassword": "niet-het-oude", "password1": nieuw, "password2": nieuw},
    )
    assert antwoord.status_code == 200
    user.refresh_from_db()
    assert user.check_password(WACHTWOORD)


def test_e_mailadres_of_tweede_factor_wijzigen_vraagt_eerst_het_wachtwoord(settings):
    """Also right after logging in: allauth counts only a password typed again, for
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds."""
    user = _account()
    client = Client()
    _inloggen(client, user.email)
    herbevestigen = reverse("account_reauthenticate")

    toevoegen = client.post(
        reverse("account_email"), {"action_add": "", "email": "nieuw@example.org"}
    )
    assert toevoegen.status_code == 302
    assert toevoegen["Location"].startswith(herbevestigen)
    assert not EmailAddress.objects.filter(email="nieuw@example.org").exists()

    factor = client.get(reverse("mfa_activate_totp"))
    assert factor.status_code == 302
    assert factor["Location"].startswith(herbevestigen)

    # After typing the password again the page opens, until the time-out has passed.
    client.post(herbevestigen, {"password": WACHTWOORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    assert client.get(reverse("mfa_activate_totp")).status_code == 302


# --- The client address behind a load balancer ------------------------------------------------

BALANCER = "10.0.0.5"


def _inloggen_via_balancer(client, email, wachtwoord, xff):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": wachtwoord},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=xff,
    )


def test_zonder_vertrouwde_proxy_telt_een_zelf_gevuld_forwarded_for_niet(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    user = _account()
    client = Client()
    # A different made-up X-Forwarded-For on every attempt does not give a fresh count.
    for i in range(settings.AXES_FAILURE_LIMIT):
        antwoord = _inloggen_via_balancer(
            client, user.email, "verkeerd-wachtwoord", f"203.0.113.{i}"
        )
    assert antwoord.status_code == 429


def test_achter_een_vertrouwde_balancer_telt_het_adres_van_de_bezoeker(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = _account()
    # The balancer appends the address it saw; what the visitor wrote before it is not trusted.
    for i in range(settings.AXES_FAILURE_LIMIT):
        antwoord = _inloggen_via_balancer(
            Client(), user.email, "verkeerd-wachtwoord", f"203.0.113.{i}, {HIER}"
        )
    assert antwoord.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HIER}

    # Someone else behind the same balancer logs in to the same account without trouble.
    elders = Client()
    assert _inloggen_via_balancer(elders, user.email, WACHTWOORD, ELDERS).status_code == 302
    assert _ingelogd(elders)


def test_een_te_kort_forwarded_for_valt_terug_op_de_verbinding(settings, rf):
    from portal.clientadres import client_adres

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    verzoek = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=HIER)
    assert client_adres(verzoek) == BALANCER
    verzoek = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"{ELDERS}, {HIER}, 10.0.0.4")
    assert client_adres(verzoek) == HIER


def test_de_tweede_factor_wordt_per_verzoek_zonder_query_gecontroleerd_en_verwijderen_telt_meteen(
    client, mfa_verplicht, django_assert_num_queries
):
    from portal.inloggen import heeft_tweede_factor

    adviseur = _met_totp(AdviseurFactory())
    assert heeft_tweede_factor(adviseur)
    with django_assert_num_queries(0):
        assert heeft_tweede_factor(adviseur)

    # Removing the app counts at once: the cached "yes" is not trusted afterwards.
    client.force_login(adviseur)
    assert client.get(reverse("intake:adviseur-start")).status_code == 200
    Authenticator.objects.filter(user=adviseur).delete()
    antwoord = client.get(reverse("intake:adviseur-start"))
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("mfa_activate_totp")
