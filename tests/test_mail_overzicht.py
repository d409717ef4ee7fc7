"""The mail overview for advisors (/adviseur/mail/): only advisors and beheerders see it, it shows
the mail that needs a person with the reason in plain words, and a corrected address goes out
again as the same mail (same key and Message-ID), counted at a real SMTP server (aiosmtpd)."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import mail as outbox
from portal.exceptions import PortaalFout
from portal.mail import adres_corrigeren, mail_verzenden, message_id_maken
from portal.models import Mail, Organisatie, User

from . import celery_worker
from .factories import AdviseurFactory, OrganisatieFactory, UserFactory

smtp_sink = celery_worker.smtp_sink
pytestmark = pytest.mark.django_db

URL = "/adviseur/mail/"
S = Mail.Status


@pytest.fixture
def smtp(settings, smtp_sink):
    """Django sends through SMTP to the sink; tasks run in this process."""
    sink, poort = smtp_sink
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = poort
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return sink


def _rij(
    sleutel: str,
    *,
    status=S.MISLUKT,
    aan="fout@oss.example",
    oud=False,
    organisaties=None,
    **velden,
) -> Mail:
    """An outbox row as the sender left it (written directly: the test is about the overview),
    about a track of every organisation there is unless ``organisaties`` says otherwise."""
    mail = Mail.objects.create(
        sleutel=sleutel,
        message_id=message_id_maken(sleutel),
        aan=[aan],
        onderwerp=velden.pop("onderwerp", f"Uitnodiging {sleutel}"),
        tekst="Beste deelnemer,\n\nU bent uitgenodigd.\n",
        status=status,
        **velden,
    )
    mail.organisaties.set(Organisatie.objects.all() if organisaties is None else organisaties)
    if oud:
        Mail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    return mail


@pytest.fixture
def adviseur(client):
    gebruiker = AdviseurFactory()
    client.force_login(gebruiker)
    return gebruiker


def test_alleen_adviseurs_en_beheerders_zien_het_overzicht(client):
    anoniem = client.get(URL)
    assert anoniem.status_code == 302
    assert anoniem.url.startswith(reverse("account_login"))

    client.force_login(UserFactory(rol=User.Rol.AMBTENAAR))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"mail": "1"}).status_code == 403

    client.force_login(AdviseurFactory())
    assert client.get(URL).status_code == 200
    client.force_login(UserFactory(rol=User.Rol.BEHEERDER))
    antwoord = client.get(URL)
    assert antwoord.status_code == 200
    assert antwoord.content.count(b"<h1") == 1
    assert b"Alle e-mails zijn verstuurd" in antwoord.content  # the empty state


def test_toont_alleen_wat_aandacht_nodig_heeft_nieuwste_eerst_en_filtert(client, adviseur):
    mislukt = _rij("mislukt", laatste_fout="SMTPDataError: (550, b'5.1.1 Onbekend')")
    opnieuw = _rij("opnieuw", status=S.OPNIEUW, aan="tijdelijk@best.example")
    tegen = _rij("tegen", status=S.TEGENGEHOUDEN, aan="iemand@movisie.nl")
    lang_wachtend = _rij("lang-wachtend", status=S.WACHTRIJ, oud=True)
    _rij("net-klaargezet", status=S.WACHTRIJ)  # its own task may still come
    _rij("verzonden", status=S.VERZONDEN, verzonden_op=timezone.now())
    _rij("bezig", status=S.BEZIG, bezig_sinds=timezone.now())

    antwoord = client.get(URL)
    getoond = [rij.mail.pk for rij in antwoord.context["rijen"]]
    assert getoond == [tegen.pk, opnieuw.pk, mislukt.pk, lang_wachtend.pk]
    assert b'scope="col"' in antwoord.content and b'scope="row"' in antwoord.content

    def gevonden(**filters):
        return [rij.mail.pk for rij in client.get(URL, filters).context["rijen"]]

    assert gevonden(status="mislukt") == [mislukt.pk]
    assert gevonden(status="wachtrij") == [lang_wachtend.pk]
    assert gevonden(q="BEST.example") == [opnieuw.pk]
    assert gevonden(q="uitnodiging tegen") == [tegen.pk]
    leeg = client.get(URL, {"q": "niemand"})
    assert b"Er is geen e-mail die past bij deze filters" in leeg.content
    # Only failed rows get the form; a held-back row cannot be sent.
    formulieren = {rij.mail.pk: rij.form is not None for rij in antwoord.context["rijen"]}
    assert formulieren == {
        tegen.pk: False,
        opnieuw.pk: True,
        mislukt.pk: True,
        lang_wachtend.pk: False,
    }


def test_25_per_pagina(client, adviseur, django_assert_max_num_queries):
    for i in range(30):
        _rij(f"rij-{i}")
    with django_assert_max_num_queries(8):
        eerste = client.get(URL)
    assert len(eerste.context["rijen"]) == 25
    tweede = client.get(URL, {"pagina": 2})
    assert len(tweede.context["rijen"]) == 5
    assert b'aria-current="page"' in tweede.content


def test_een_550_toont_de_reden_in_gewone_woorden(client, adviseur, smtp):
    smtp.data_antwoorden.append("550 5.1.1 Dit adres bestaat niet")
    mail = _rij("weigering", status=S.WACHTRIJ)
    assert mail_verzenden(mail_id=mail.pk).status == S.MISLUKT

    tekst = client.get(URL).content.decode()
    assert "De mailserver van de ontvanger kent dit adres niet of weigert het." in tekst
    assert "Controleer het adres, verbeter het en verstuur de e-mail opnieuw." in tekst
    assert "550" in tekst  # the technical text, folded away
    assert "fout@oss.example" in tekst
    assert ">Mislukt<" in tekst


def test_adres_verbeteren_en_opnieuw_versturen_bezorgt_op_het_nieuwe_adres(
    client, adviseur, smtp, django_capture_on_commit_callbacks, caplog
):
    smtp.data_antwoorden.append("550 5.1.1 Dit adres bestaat niet")
    mail = _rij("verbeteren", status=S.WACHTRIJ)
    mail_verzenden(mail_id=mail.pk)
    mail.refresh_from_db()
    assert (mail.status, smtp.berichten) == (S.MISLUKT, [])

    with (
        caplog.at_level(logging.INFO, logger="portal.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        antwoord = client.post(
            f"{URL}?status=mislukt",
            {"mail": mail.pk, f"mail{mail.pk}-adres": " goed@oss.example "},
            follow=True,
        )

    assert antwoord.redirect_chain == [(f"{URL}?status=mislukt", 302)]
    (bericht,) = antwoord.context["messages"]
    assert "De e-mail aan goed@oss.example staat weer klaar." in str(bericht)
    vers = Mail.objects.get(pk=mail.pk)
    assert vers.status == S.VERZONDEN
    assert vers.aan == ["goed@oss.example"]
    assert (vers.sleutel, vers.message_id) == (mail.sleutel, mail.message_id)
    assert vers.tekst == mail.tekst
    assert smtp.message_ids == [mail.message_id]
    assert smtp.ontvangers == ["goed@oss.example"]
    assert f"User {adviseur.pk} changed the address of mail {mail.pk}" in caplog.text
    portaal_log = [r.getMessage() for r in caplog.records if r.name.startswith("portal")]
    assert not any("@" in regel for regel in portaal_log), portaal_log


def test_ongeldig_adres_geeft_een_foutoverzicht_en_verandert_niets(
    client, adviseur, django_capture_on_commit_callbacks
):
    mail = _rij("ongeldig")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        antwoord = client.post(URL, {"mail": mail.pk, f"mail{mail.pk}-adres": "geen adres"})
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert "Er ging iets mis. Verbeter de punten hieronder." in tekst
    assert f'href="#id_mail{mail.pk}-adres"' in tekst
    assert "Vul een geldig e-mailadres in" in tekst
    assert callbacks == []
    mail.refresh_from_db()
    assert (mail.status, mail.aan) == (S.MISLUKT, ["fout@oss.example"])


def test_mail_aan_meerdere_adressen_gaat_opnieuw_naar_allemaal_zonder_adres_te_wijzigen(
    client, adviseur, smtp, django_capture_on_commit_callbacks
):
    mail = _rij("adviseurs", laatste_fout="SMTPDataError: (554, b'5.7.1 Geweigerd')")
    Mail.objects.filter(pk=mail.pk).update(aan=["a@oss.example", "b@oss.example"])
    (rij,) = client.get(URL).context["rijen"]
    assert (rij.form, rij.alleen_opnieuw) == (None, True)
    with pytest.raises(PortaalFout, match="meer dan één adres"):
        adres_corrigeren(mail=mail, nieuw_adres="c@oss.example", door=adviseur)

    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(URL, {"mail": mail.pk, f"mail{mail.pk}-adres": "c@oss.example"})

    assert antwoord.status_code == 302
    mail.refresh_from_db()
    assert (mail.status, mail.aan) == (S.VERZONDEN, ["a@oss.example", "b@oss.example"])
    assert sorted(smtp.ontvangers) == ["a@oss.example", "b@oss.example"]
    assert smtp.message_ids == [mail.message_id]


def test_zonder_csrf_token_wordt_niets_verstuurd(adviseur):
    from django.test import Client

    strikt = Client(enforce_csrf_checks=True)
    strikt.force_login(adviseur)
    mail = _rij("csrf")
    antwoord = strikt.post(URL, {"mail": mail.pk, f"mail{mail.pk}-adres": "a@b.example"})
    assert antwoord.status_code == 403
    mail.refresh_from_db()
    assert mail.status == S.MISLUKT


def test_adres_corrigeren_alleen_voor_mislukte_mail_en_niet_naar_een_tegengehouden_domein():
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    verzonden = _rij("al-weg", status=S.VERZONDEN, verzonden_op=timezone.now())
    with pytest.raises(PortaalFout, match="is niet mislukt"):
        adres_corrigeren(mail=verzonden, nieuw_adres="ander@oss.example", door=beheerder)

    mislukt = _rij("naar-vng")
    with pytest.raises(PortaalFout, match="geen e-mail naar dit domein"):
        adres_corrigeren(mail=mislukt, nieuw_adres="iemand@vng.nl", door=beheerder)
    with pytest.raises(PortaalFout, match="geldig e-mailadres"):
        adres_corrigeren(mail=mislukt, nieuw_adres="iemand@", door=beheerder)
    mislukt.refresh_from_db()
    assert mislukt.aan == ["fout@oss.example"]

    opnieuw = _rij("opnieuw", status=S.OPNIEUW, pogingen=3)
    assert adres_corrigeren(mail=opnieuw, nieuw_adres="ander@oss.example", door=beheerder).aan == [
        "ander@oss.example"
    ]
    opnieuw.refresh_from_db()
    assert (opnieuw.status, opnieuw.pogingen) == (S.OPNIEUW, 3)  # only the address changed


def test_uitleg_per_soort_fout():
    from portal.mail_views import uitleg

    def tekst(**velden):
        return uitleg(Mail(aan=["a@b.example"], **velden))

    assert "even niet beschikbaar" in tekst(
        status=S.OPNIEUW, laatste_fout="SMTPDataError: (421, b'4.7.0 Later')"
    )
    assert "van het portaal was niet bereikbaar" in tekst(
        status=S.OPNIEUW, laatste_fout="ConnectionRefusedError: [Errno 111] Connection refused"
    )
    assert "kent dit adres niet" in tekst(
        status=S.MISLUKT,
        laatste_fout="SMTPRecipientsRefused: {'a@b.example': (550, b'5.1.1 Unknown')}",
    )
    assert "weigert deze e-mail" in tekst(
        status=S.MISLUKT, laatste_fout="SMTPDataError: (554, b'5.7.1 Spam')"
    )
    assert "vaak geprobeerd" in tekst(
        status=S.MISLUKT,
        pogingen=outbox.MAX_POGINGEN,
        laatste_fout="SMTPDataError: (451, b'4.3.0 Tijdelijk')",
    )
    assert "onderbroken" in tekst(
        status=S.OPNIEUW, laatste_fout="Stuck while sending (worker stopped?); queued again"
    )


def test_een_adviseur_ziet_alleen_de_mail_over_trajecten_van_de_eigen_organisatie(client):
    movisie, vng = OrganisatieFactory(), OrganisatieFactory()
    eigen = _rij("eigen:1", organisaties=[movisie])
    ander = _rij("ander:1", aan="fout@best.example", organisaties=[vng])
    lidmaatschap = _rij("lidmaatschap:1", aan="fout@ede.example", organisaties=[])

    client.force_login(AdviseurFactory(organisatie=movisie))
    inhoud = client.get(URL).content.decode()
    assert "fout@oss.example" in inhoud
    assert "fout@best.example" not in inhoud and "fout@ede.example" not in inhoud
    # Nor can it be changed or sent again by its number.
    for mail in (ander, lidmaatschap):
        antwoord = client.post(URL, {"mail": mail.pk, f"mail{mail.pk}-adres": "x@oss.example"})
        assert antwoord.status_code == 404
    assert Mail.objects.get(pk=ander.pk).aan == ["fout@best.example"]

    client.force_login(UserFactory(rol=User.Rol.BEHEERDER))
    inhoud = client.get(URL).content.decode()
    assert all(a in inhoud for a in ("fout@oss.example", "fout@best.example", "fout@ede.example"))
    assert eigen.pk


def test_de_mail_van_een_traject_hoort_bij_de_organisaties_van_dat_traject(
    django_capture_on_commit_callbacks,
):
    """Through the real services: an intake invitation and the bulk meeting mail both carry
    the organisations of their track."""
    from django.db import transaction

    organisatie = OrganisatieFactory()
    with transaction.atomic():
        enkel = outbox.mail_klaarzetten(
            sleutel="test:enkel",
            aan=["a@example.org"],
            onderwerp="Test",
            sjabloon="mail/deelname/persoonlijke_link",
            context={"naam": "A", "gemeente": "Oss", "url": "https://example.org/"},
            organisaties=[organisatie],
        )
        outbox.mails_klaarzetten(
            [
                outbox.Bericht(
                    sleutel=f"test:bulk:{i}",
                    aan=[f"b{i}@example.org"],
                    onderwerp="Test",
                    sjabloon="mail/deelname/persoonlijke_link",
                    context={"naam": "B", "gemeente": "Oss", "url": "https://example.org/"},
                    organisaties=(organisatie.pk,),
                )
                for i in range(3)
            ]
        )
    assert list(enkel.organisaties.all()) == [organisatie]
    assert Mail.objects.filter(organisaties=organisatie).count() == 4
