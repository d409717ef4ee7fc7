"""The mail outbox: a mail exists only when the business change commits, is sent exactly once, a
temporary SMTP failure delays it, a permanent one stops it, the real people from the source
documents never get mail, and a lost task or a dead worker delays mail but loses none.

Against the real PostgreSQL and Redis, with a real SMTP server (aiosmtpd) on 127.0.0.1 and, in one
test, a real Celery worker process."""

import email
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from portal import mail as outbox
from portal.celery import app as celery_app
from portal.mail import mail_klaarzetten, mail_verzenden, message_id_maken, wachtrij_vegen
from portal.models import Mail
from portal.tasks import mail_versturen

from . import celery_worker
from .celery_worker import vrije_poort

# The real worker's fixtures, by the names the tests ask for.
celery_broker = celery_worker.celery_broker
smtp_sink = celery_worker.smtp_sink
worker_starten = celery_worker.worker_starten
pytestmark = pytest.mark.django_db

WORKER_REDIS_URL = "redis://127.0.0.1:6379/2"

SJABLONEN = {
    "test/bericht.txt": (
        '{% extends "mail/base.txt" %}'
        "{% block content %}Uw aanmelding voor {{ traject }} is ontvangen.{% endblock %}"
    ),
    "test/bericht.html": (
        '{% extends "mail/base.html" %}'
        "{% block content %}<p>Uw aanmelding voor {{ traject }} is ontvangen.</p>{% endblock %}"
    ),
    "test/alleen_tekst.txt": (
        '{% extends "mail/base.txt" %}{% block content %}Alleen tekst.{% endblock %}'
    ),
}


@pytest.fixture
def mailsjablonen(settings):
    """Mails that extend the real base templates, kept in memory for the tests."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", SJABLONEN),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def _klaarzetten(sleutel="aanmelding:12:ingediend:1", aan=None, **extra):
    velden = {
        "sleutel": sleutel,
        "aan": ["ambtenaar@someren.example"] if aan is None else aan,
        "onderwerp": "Uw aanmelding is ontvangen",
        "sjabloon": "test/bericht",
        "context": {"naam": "Sanne de Vries", "traject": "Zorg & Welzijn"},
        **extra,
    }
    return mail_klaarzetten(**velden)


# --- Django sends to the SMTP sink (tests/celery_worker.py) -----------------------------------


@pytest.fixture
def smtp(settings, smtp_sink):
    """Django sends through SMTP to the sink."""
    sink, poort = smtp_sink
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = poort
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return sink


class TraagBackend(LocmemBackend):
    """The locmem backend, but sending takes a moment, like a real SMTP server."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


# --- Transactions and idempotency -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_teruggedraaide_transactie_laat_geen_mail_achter_en_verstuurt_niets(
    mailsjablonen, mailoutbox
):
    class Afgebroken(Exception):
        pass

    with pytest.raises(Afgebroken), transaction.atomic():
        _klaarzetten(sleutel="aanmelding:1:ingediend:1")
        raise Afgebroken

    assert not Mail.objects.exists()
    assert mailoutbox == []

    # The same call in a transaction that commits does send: the test above can fail.
    with transaction.atomic():
        _klaarzetten(sleutel="aanmelding:1:ingediend:2")
    assert len(mailoutbox) == 1
    assert Mail.objects.get().status == Mail.Status.VERZONDEN


@pytest.mark.django_db(transaction=True)
def test_klaarzetten_buiten_een_transactie_of_zonder_ontvanger_wordt_geweigerd(mailsjablonen):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        _klaarzetten()
    with transaction.atomic(), pytest.raises(ValueError, match="at least one recipient"):
        _klaarzetten(aan=[" "])
    assert not Mail.objects.exists()


def test_twee_keer_klaarzetten_met_dezelfde_sleutel_geeft_een_rij_en_een_mail(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        eerste = _klaarzetten()
        tweede = _klaarzetten(onderwerp="Een ander onderwerp")
    assert eerste.pk == tweede.pk
    assert tweede.onderwerp == "Uw aanmelding is ontvangen"
    assert Mail.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _klaarzetten()
    assert callbacks == []
    assert len(mailoutbox) == 1


def test_veel_tegelijk_klaarzetten_in_een_vast_aantal_queries_elke_sleutel_een_keer(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks, django_assert_num_queries
):
    def berichten(aantal, *, extra=""):
        return [
            outbox.Bericht(
                sleutel=f"bulk:{i}",
                aan=[f"deelnemer{i}@example.org" if i else "adviseur@movisie.nl"],
                onderwerp=f"Bericht {i}{extra}",
                sjabloon="test/bericht",
                context={"naam": f"Deelnemer {i}", "traject": "A"},
            )
            for i in range(aantal)
        ]

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        django_assert_num_queries(3),  # find the keys, insert, find the new rows
    ):
        assert outbox.mails_klaarzetten(berichten(50)) == 50
    assert len(callbacks) == 1
    # The address of Movisie is held back: stored, never sent.
    assert Mail.objects.get(sleutel="bulk:0").status == Mail.Status.TEGENGEHOUDEN
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f"deelnemer{i}@example.org" for i in range(1, 50)
    )
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == {
        message_id_maken(f"bulk:{i}") for i in range(1, 50)
    }

    # Again, with ten more and other wording: only the ten new keys are written and sent.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert outbox.mails_klaarzetten(berichten(60, extra=" (nieuw)")) == 10
    assert Mail.objects.filter(sleutel__startswith="bulk:").count() == 60
    assert Mail.objects.get(sleutel="bulk:1").onderwerp == "Bericht 1"
    assert len(mailoutbox) == 59

    with pytest.raises(ValueError), transaction.atomic():
        outbox.mails_klaarzetten([outbox.Bericht("bulk:x", [" "], "Leeg", "test/bericht", {})])


def test_taak_twee_keer_draaien_verstuurt_een_bericht(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _klaarzetten()
    mail_versturen.delay(mail.pk)
    mail_versturen.apply(args=[mail.pk])

    assert len(mailoutbox) == 1
    mail.refresh_from_db()
    assert mail.status == Mail.Status.VERZONDEN
    assert mail.verzonden_op is not None
    assert mail.pogingen == 1


@pytest.mark.django_db(transaction=True)
def test_dubbele_aflevering_tegelijk_verstuurt_een_bericht(settings, mailoutbox):
    """Four workers get the same task at the same moment (a redelivered message): the row lock
    and the "bezig" marker let exactly one of them send."""
    settings.EMAIL_BACKEND = "tests.test_mail.TraagBackend"
    mail = Mail.objects.create(
        sleutel="dubbel:1",
        message_id=message_id_maken("dubbel:1"),
        aan=["ambtenaar@someren.example"],
        onderwerp="Dubbel afgeleverd",
        tekst="Hallo",
    )
    start = threading.Barrier(4)
    uitkomsten = []

    def worker():
        try:
            start.wait()
            uitkomsten.append(mail_verzenden(mail_id=mail.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert len(mailoutbox) == 1
    assert sorted(u.verstuurd for u in uitkomsten) == [False, False, False, True]
    mail.refresh_from_db()
    assert mail.status == Mail.Status.VERZONDEN


def test_onbekende_mail_is_geen_fout(mailoutbox):
    assert mail_verzenden(mail_id=987654).verstuurd is False
    mail_versturen.apply(args=[987654])
    assert mailoutbox == []


# --- What is sent -------------------------------------------------------------------------------


def test_bericht_heeft_message_id_van_de_rij_html_en_bijlage(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        mail = _klaarzetten(
            bijlagen=[{"naam": "intakegesprek.ics", "mimetype": "text/calendar", "inhoud": ics}]
        )
    assert mail.message_id == message_id_maken("aanmelding:12:ingediend:1")
    assert mail.message_id.startswith("<") and mail.message_id.endswith("@trajectportaal>")

    (bericht,) = mailoutbox
    assert bericht.extra_headers["Message-ID"] == mail.message_id
    geparsed = email.message_from_bytes(bericht.message().as_bytes())
    assert geparsed["Message-ID"] == mail.message_id
    assert geparsed["Subject"] == "Uw aanmelding is ontvangen"
    assert bericht.to == ["ambtenaar@someren.example"]
    assert bericht.alternatives[0].mimetype == "text/html"
    assert "Zorg &amp; Welzijn" in bericht.alternatives[0].content
    assert bericht.attachments[0].filename == "intakegesprek.ics"
    assert bericht.attachments[0].mimetype == "text/calendar"
    assert bericht.attachments[0].content == ics


def test_sjablonen_geven_aanhef_inhoud_groet_en_reden(mailsjablonen):
    mail = _klaarzetten()
    assert mail.tekst.startswith("Beste Sanne de Vries,\n")
    assert "Uw aanmelding voor Zorg & Welzijn is ontvangen." in mail.tekst  # not HTML-escaped
    assert "Met vriendelijke groet,\nTrajectportaal van Movisie en VNG" in mail.tekst
    assert "U krijgt deze e-mail van het Trajectportaal, omdat u meedoet" in mail.tekst

    assert '<html lang="nl">' in mail.html
    assert "<title>Uw aanmelding is ontvangen</title>" in mail.html
    assert "<p>Beste Sanne de Vries,</p>" in mail.html
    assert "<p>Uw aanmelding voor Zorg &amp; Welzijn is ontvangen.</p>" in mail.html
    assert "Trajectportaal van Movisie en VNG" in mail.html
    assert "<img" not in mail.html

    zonder_html = _klaarzetten(sleutel="alleen-tekst", sjabloon="test/alleen_tekst", context={})
    assert zonder_html.html == ""
    assert zonder_html.tekst.startswith("Beste lezer,\n")


def test_sjablonen_in_het_engels(mailsjablonen):
    mail = _klaarzetten(taal="en")
    assert mail.tekst.startswith("Dear Sanne de Vries,\n")
    assert "Kind regards," in mail.tekst
    assert "Beste" not in mail.tekst
    assert '<html lang="en">' in mail.html


def test_ongeldige_bijlage_wordt_geweigerd(mailsjablonen):
    with pytest.raises(ValueError, match="attachment"):
        _klaarzetten(bijlagen=[{"naam": "x.ics", "inhoud": "..."}])
    assert not Mail.objects.exists()


# --- Real people from the source documents are never mailed -------------------------------------


@pytest.mark.parametrize(
    "adres",
    [
        "D.deBruijn@movisie.nl",
        "m.cadat@MOVISIE.NL",
        "mathilde.vandeven@vng.nl",
        "iemand@mail.vng.nl",
    ],
)
def test_adressen_van_movisie_en_vng_worden_tegengehouden_en_nooit_verstuurd(
    mailsjablonen, smtp, django_capture_on_commit_callbacks, adres
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mail = _klaarzetten(aan=["ambtenaar@someren.example", adres])
    assert callbacks == []
    assert mail.status == Mail.Status.TEGENGEHOUDEN

    assert mail_verzenden(mail_id=mail.pk).verstuurd is False
    with django_capture_on_commit_callbacks(execute=True):
        assert wachtrij_vegen(nu=timezone.now() + timedelta(days=1)) == []
    assert smtp.berichten == []
    mail.refresh_from_db()
    assert mail.status == Mail.Status.TEGENGEHOUDEN


def test_een_domein_dat_er_alleen_op_lijkt_wordt_wel_verstuurd(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail = _klaarzetten(aan=["iemand@notvng.nl"])
    assert mail.status == Mail.Status.WACHTRIJ
    assert len(mailoutbox) == 1


# --- SMTP failures ------------------------------------------------------------------------------


def test_421_zet_mail_op_opnieuw_met_een_volgende_poging_en_later_komt_hij_aan(
    mailsjablonen, smtp, django_capture_on_commit_callbacks
):
    smtp.data_antwoorden.append("421 4.7.0 Probeer het later nog eens")
    voor = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        mail = _klaarzetten()

    mail.refresh_from_db()
    assert mail.status == Mail.Status.OPNIEUW
    assert mail.pogingen == 1
    assert "421" in mail.laatste_fout
    assert voor + timedelta(seconds=29) < mail.volgende_poging_op < voor + timedelta(seconds=60)
    assert smtp.berichten == []

    # Not yet time: the sweeper leaves it alone.
    assert wachtrij_vegen() == []
    # Once the time has come, the sweeper queues it and it is delivered.
    with django_capture_on_commit_callbacks(execute=True):
        assert wachtrij_vegen(nu=mail.volgende_poging_op + timedelta(seconds=1)) == [mail.pk]

    mail.refresh_from_db()
    assert mail.status == Mail.Status.VERZONDEN
    assert mail.pogingen == 2
    assert mail.laatste_fout == ""
    assert smtp.message_ids == [mail.message_id]


@pytest.mark.parametrize("weigering", ["data", "ontvanger"])
def test_550_mislukt_met_reden_en_zonder_nieuwe_poging(
    mailsjablonen, smtp, django_capture_on_commit_callbacks, weigering
):
    if weigering == "data":
        smtp.data_antwoorden.append("550 5.7.1 Bericht geweigerd")
    else:
        smtp.ontvangers_weigeren = True
    with django_capture_on_commit_callbacks(execute=True):
        mail = _klaarzetten()

    mail.refresh_from_db()
    assert mail.status == Mail.Status.MISLUKT
    assert mail.pogingen == 1
    assert mail.volgende_poging_op is None
    assert "550" in mail.laatste_fout

    smtp.ontvangers_weigeren = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert wachtrij_vegen(nu=timezone.now() + timedelta(days=1)) == []
    assert callbacks == []
    assert mail_verzenden(mail_id=mail.pk).verstuurd is False
    assert smtp.berichten == []


def test_wachttijd_verdubbelt_en_na_acht_pogingen_mislukt(mailsjablonen, smtp):
    smtp.data_antwoorden.extend(["451 4.3.0 Tijdelijk probleem"] * outbox.MAX_POGINGEN)
    mail = _klaarzetten()

    wachttijden = [mail_verzenden(mail_id=mail.pk).opnieuw_over for _ in range(outbox.MAX_POGINGEN)]

    assert [w.total_seconds() for w in wachttijden[:-1]] == [30, 60, 120, 240, 480, 960, 1920]
    assert wachttijden[-1] is None
    mail.refresh_from_db()
    assert mail.status == Mail.Status.MISLUKT
    assert mail.pogingen == outbox.MAX_POGINGEN
    assert smtp.berichten == []


def test_geen_smtp_server_is_tijdelijk(mailsjablonen, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = vrije_poort()  # nobody listens here
    settings.EMAIL_TIMEOUT = 2
    mail = _klaarzetten()
    uitkomst = mail_verzenden(mail_id=mail.pk)
    assert uitkomst.opnieuw_over == timedelta(seconds=30)
    mail.refresh_from_db()
    assert mail.status == Mail.Status.OPNIEUW
    assert "ConnectionRefusedError" in mail.laatste_fout


# --- Batches: one connection for many mails ----------------------------------------------------


def _reeks(aantal: int) -> list[Mail]:
    """``aantal`` mails put in the outbox together, as a service that invites a group does."""
    outbox.mails_klaarzetten(
        [
            outbox.Bericht(
                f"reeks:{i}", [f"deelnemer{i}@example.org"], "Uitnodiging", "test/bericht", {}
            )
            for i in range(aantal)
        ]
    )
    return list(Mail.objects.filter(sleutel__startswith="reeks:").order_by("pk"))


def test_mails_gaan_in_taken_van_vijftig_elk_over_een_verbinding(
    mailsjablonen, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mails = _reeks(120)

    assert smtp.sessies == 3  # 50 + 50 + 20
    assert sorted(smtp.message_ids) == sorted(m.message_id for m in mails)
    assert set(Mail.objects.values_list("status", "pogingen")) == {(Mail.Status.VERZONDEN, 1)}


def test_een_fout_midden_in_een_reeks_houdt_de_rest_niet_tegen(
    mailsjablonen, smtp, django_capture_on_commit_callbacks
):
    smtp.data_antwoorden.extend(["550 5.7.1 Bericht geweigerd", "421 4.7.0 Later nog eens"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        eerste, tweede, *rest = _reeks(5)

    for mail in (eerste, tweede):
        mail.refresh_from_db()
    assert (eerste.status, eerste.volgende_poging_op) == (Mail.Status.MISLUKT, None)
    assert tweede.status == Mail.Status.OPNIEUW and tweede.volgende_poging_op is not None
    assert sorted(smtp.message_ids) == sorted(m.message_id for m in rest)
    # After each failure the connection is closed and the next mail opens a new one.
    assert smtp.sessies == 3


def test_na_drie_tijdelijke_fouten_op_rij_wacht_de_rest_zonder_poging(
    mailsjablonen, smtp, django_capture_on_commit_callbacks
):
    smtp.data_antwoorden.extend(["421 4.3.2 Even niet"] * (outbox.FOUTEN_OP_RIJ + 1))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _reeks(6)

    # Three were tried and refused; the other three were not tried (one scripted answer left).
    assert len(smtp.data_antwoorden) == 1
    assert smtp.berichten == []
    rijen = Mail.objects.values_list("status", "pogingen", "laatste_fout")
    assert {(status, pogingen) for status, pogingen, _f in rijen} == {(Mail.Status.OPNIEUW, 1)}
    assert all("421" in fout for _s, _p, fout in rijen)


class TussenstandBackend(LocmemBackend):
    """Locmem, and notes how many rows are stored as sent when the 15th message goes out."""

    bij_vijftien: list[int] = []

    def send_messages(self, messages):
        from django.core import mail as django_mail

        if len(getattr(django_mail, "outbox", [])) == 14:
            TussenstandBackend.bij_vijftien.append(
                Mail.objects.filter(status=Mail.Status.VERZONDEN).count()
            )
        return super().send_messages(messages)


def test_een_reeks_legt_verzonden_vast_per_tussenstand(
    mailsjablonen, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """A worker that dies in the middle of a batch leaves at most TUSSENSTAND sent mails
    "bezig" (to be sent twice after the timeout), not the whole batch."""
    settings.EMAIL_BACKEND = "tests.test_mail.TussenstandBackend"
    TussenstandBackend.bij_vijftien = []
    with transaction.atomic():
        mails = _reeks(20)
    outbox.mails_verzenden(mail_ids=[m.pk for m in mails])

    assert TussenstandBackend.bij_vijftien == [outbox.TUSSENSTAND]
    assert len(mailoutbox) == 20
    assert Mail.objects.filter(status=Mail.Status.VERZONDEN).count() == 20


def test_reeks_met_dezelfde_rij_twee_keer_en_een_onbekende_rij(mailsjablonen, mailoutbox):
    with transaction.atomic():
        mail = _klaarzetten()
    uitkomsten = outbox.mails_verzenden(mail_ids=[mail.pk, 987654, mail.pk])

    assert uitkomsten[mail.pk].verstuurd is True
    assert uitkomsten[987654] == outbox.Verzending(status="")
    assert len(mailoutbox) == 1


# --- The sweeper: lost tasks and dead workers ---------------------------------------------------


def test_veger_pakt_vastgelopen_bezig_op_en_laat_een_recente_met_rust(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    # Rows put in the outbox whose task never ran (on_commit is not executed here).
    vastgelopen = _klaarzetten(sleutel="vastgelopen")
    recent = _klaarzetten(sleutel="recent")
    nu = timezone.now()
    Mail.objects.filter(pk=vastgelopen.pk).update(
        status=Mail.Status.BEZIG, bezig_sinds=nu - timedelta(minutes=11)
    )
    Mail.objects.filter(pk=recent.pk).update(
        status=Mail.Status.BEZIG, bezig_sinds=nu - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert wachtrij_vegen(nu=nu) == [vastgelopen.pk]

    vastgelopen.refresh_from_db()
    recent.refresh_from_db()
    assert vastgelopen.status == Mail.Status.VERZONDEN
    assert vastgelopen.pogingen == 2  # the lost attempt counts
    assert recent.status == Mail.Status.BEZIG
    assert [b.extra_headers["Message-ID"] for b in mailoutbox] == [vastgelopen.message_id]
    # A task for the recent row (a late duplicate delivery) does not send it either.
    assert mail_verzenden(mail_id=recent.pk).verstuurd is False
    assert len(mailoutbox) == 1


def test_veger_verstuurt_mail_waarvan_de_taak_verloren_ging(
    mailsjablonen, mailoutbox, django_capture_on_commit_callbacks
):
    """The broker was down at commit: the row waits in "wachtrij" without a task."""
    mail = _klaarzetten()
    assert wachtrij_vegen() == []  # just created: its own task may still be on its way

    later = timezone.now() + outbox.WACHTRIJ_WACHTTIJD + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert wachtrij_vegen(nu=later) == [mail.pk]
    assert len(mailoutbox) == 1
    # Queued once, not again at the next sweep.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert wachtrij_vegen(nu=later + timedelta(minutes=1)) == []
    assert callbacks == []


def test_veger_staat_in_het_beat_schema(settings):
    taken = {regel["task"]: regel["schedule"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    assert taken["portal.tasks.mail_wachtrij_vegen"] <= 60
    assert "portal.tasks.mail_wachtrij_vegen" in celery_app.tasks


# --- Admin --------------------------------------------------------------------------------------


def test_beheerder_verstuurt_mislukte_mail_opnieuw(
    mailsjablonen, admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    mislukt = _klaarzetten(sleutel="mislukt")
    verzonden = _klaarzetten(sleutel="al-verzonden")
    Mail.objects.filter(pk=mislukt.pk).update(
        status=Mail.Status.MISLUKT, pogingen=1, laatste_fout="550 5.7.1 Bericht geweigerd"
    )
    Mail.objects.filter(pk=verzonden.pk).update(
        status=Mail.Status.VERZONDEN, verzonden_op=timezone.now()
    )

    lijst = reverse("admin:portal_mail_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = admin_client.post(
            lijst,
            {"action": "opnieuw_versturen", ACTION_CHECKBOX_NAME: [mislukt.pk, verzonden.pk]},
            follow=True,
        )
    assert antwoord.status_code == 200
    berichten = [str(m) for m in antwoord.context["messages"]]
    assert "1 e-mail staat weer klaar om te versturen." in berichten
    assert any("1 e-mail is overgeslagen" in m for m in berichten)

    mislukt.refresh_from_db()
    assert mislukt.status == Mail.Status.VERZONDEN
    assert [b.extra_headers["Message-ID"] for b in mailoutbox] == [mislukt.message_id]

    zoeken = admin_client.get(lijst, {"q": "someren.example", "status__exact": "verzonden"})
    assert zoeken.status_code == 200
    assert zoeken.context["cl"].result_count == 2
    detail = admin_client.get(reverse("admin:portal_mail_change", args=[mislukt.pk]))
    assert detail.status_code == 200
    assert b"Zorg &amp;amp; Welzijn" in detail.content  # the HTML body is shown, not rendered


# --- A real Celery worker -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_broker_onbereikbaar_bij_commit_mail_gaat_niet_verloren(
    mailsjablonen, mailoutbox, celery_broker, caplog
):
    celery_broker(f"redis://127.0.0.1:{vrije_poort()}/0")  # nobody listens here
    with transaction.atomic():
        mail = _klaarzetten()  # the commit succeeds; queueing the task fails

    mail.refresh_from_db()
    assert mail.status == Mail.Status.WACHTRIJ
    assert any("on_commit" in r.message for r in caplog.records if r.levelname == "ERROR")
    assert mailoutbox == []

    # The broker is back (here: in-process again); the sweeper sends the waiting mail.
    celery_app.conf.task_always_eager = True
    later = timezone.now() + outbox.WACHTRIJ_WACHTTIJD + timedelta(seconds=1)
    assert wachtrij_vegen(nu=later) == [mail.pk]
    mail.refresh_from_db()
    assert mail.status == Mail.Status.VERZONDEN
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_echte_worker_bezorgt_twintig_mails_elk_precies_een_keer(
    mailsjablonen, smtp_sink, worker_starten
):
    sink, _poort = smtp_sink
    worker = worker_starten(WORKER_REDIS_URL)

    with transaction.atomic():
        mails = [
            _klaarzetten(sleutel=f"worker:{worker.naam}:{i}", aan=[f"deelnemer{i}@example.org"])
            for i in range(20)
        ]
    verwacht = {m.message_id for m in mails}

    worker.wachten_tot(
        lambda: (
            Mail.objects.filter(status=Mail.Status.VERZONDEN).count() == 20
            and len(sink.message_ids) >= 20
        ),
        seconden=20,
        wat="delivery of 20 mails",
    )
    time.sleep(0.5)  # a duplicate, if any, would arrive now

    aantallen = Counter(sink.message_ids)
    assert set(aantallen) == verwacht, worker.uitvoer()
    assert set(aantallen.values()) == {1}, aantallen
    assert Mail.objects.filter(status=Mail.Status.VERZONDEN).count() == 20
