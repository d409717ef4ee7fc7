"""Retention jobs (portal.bewaartermijnen): for each, a record just past its term is removed or
anonymised and one just before it is kept. The beat schedule runs every job."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from bijeenkomsten.links import link_geven
from bijeenkomsten.models import Deelnemer, LokalePraktijk, PersoonlijkeLink
from intake.models import Aanmelding, Intakegesprek, Overgang
from portal import bewaartermijnen, tasks
from portal.models import AuditRegel, Mail, MailOpdracht

from .factories import AanmeldingFactory, EditieFactory

pytestmark = pytest.mark.django_db


def _editie_die_eindigde_op(einde: date):
    """An edition of twelve months whose planned end is ``einde``."""
    start = einde.replace(year=einde.year - 1)
    return EditieFactory(
        aanmelding_vanaf=start - timedelta(days=60),
        aanmelding_tot=start - timedelta(days=30),
        startdatum=start,
        doorlooptijd_maanden=12,
    )


@pytest.fixture
def twee_edities():
    """Two editions: one ended just past the term, one ended a day later (just before)."""
    vandaag = timezone.localdate()

    def maak(dagen_geleden):
        editie = _editie_die_eindigde_op(vandaag - timedelta(days=dagen_geleden))
        aanmelding = AanmeldingFactory(
            editie=editie,
            traject=editie.traject,
            status=Aanmelding.Status.AFGEROND,
            contact_naam="Carla Contact",
            contact_telefoon="06-12345678",
        )
        start = timezone.now() - timedelta(days=dagen_geleden + 400)
        Intakegesprek.objects.create(
            aanmelding=aanmelding,
            start=start,
            eind=start + timedelta(hours=1),
            adres="Raadhuis",
            aanwezigen="Carla Contact",
            notities="Vertrouwelijk",
        )
        praktijk = LokalePraktijk.objects.create(aanmelding=aanmelding)
        deelnemer = Deelnemer.objects.create(
            praktijk=praktijk,
            naam="Dirk Deelnemer",
            email=f"dirk{dagen_geleden}@example.net",
            telefoon="06-87654321",
            toegankelijkheid="Rolstoel",
            rol=Deelnemer.Rol.INWONER,
        )
        link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
        return aanmelding

    return maak


def test_intakegegevens_weg_na_de_termijn(twee_edities, settings):
    settings.BEWAARTERMIJN_INTAKE_DAGEN = 100
    oud, net_niet = twee_edities(101), twee_edities(99)

    assert bewaartermijnen.intakegegevens_opruimen() == 1

    oud.refresh_from_db()
    net_niet.refresh_from_db()
    assert (oud.contact_naam, oud.contact_email, oud.contact_telefoon) == ("", "", "")
    assert oud.intakes.get().notities == "" and oud.intakes.get().aanwezigen == ""
    assert net_niet.contact_naam == "Carla Contact" and net_niet.contact_email
    assert net_niet.intakes.get().notities == "Vertrouwelijk"
    assert Aanmelding.objects.count() == 2  # the enrolment itself stays (statistics)
    assert AuditRegel.objects.filter(actie="bewaartermijn.opgeruimd", kanaal="taak").exists()
    assert bewaartermijnen.intakegegevens_opruimen() == 0  # safe to run twice


def test_intakegegevens_van_een_aanvraag_weg_na_sluiten(settings):
    settings.BEWAARTERMIJN_INTAKE_DAGEN = 100
    aanvragen = []
    for dagen in (101, 99):
        aanvraag = AanmeldingFactory(editie=None, status=Aanmelding.Status.AFGEWEZEN)
        overgang = Overgang.objects.create(aanmelding=aanvraag, van="ingediend", naar="afgewezen")
        Overgang.objects.filter(pk=overgang.pk).update(
            created_at=timezone.now() - timedelta(days=dagen)
        )
        aanvragen.append(aanvraag)
    bewaartermijnen.intakegegevens_opruimen()
    oud, net_niet = (Aanmelding.objects.get(pk=a.pk) for a in aanvragen)
    assert oud.contact_email == "" and net_niet.contact_email != ""


def test_deelnemergegevens_weg_na_de_termijn(twee_edities, settings):
    settings.BEWAARTERMIJN_DEELNEMERS_DAGEN = 50
    twee_edities(51)
    twee_edities(49)

    assert bewaartermijnen.deelnemergegevens_opruimen() == 1

    oud = Deelnemer.objects.get(email__endswith="@gewist.invalid")
    assert (oud.naam, oud.telefoon, oud.toegankelijkheid) == ("Gewiste deelnemer", "", "")
    assert not oud.links.exists()
    bewaard = Deelnemer.objects.get(email="dirk49@example.net")
    assert bewaard.naam == "Dirk Deelnemer" and bewaard.links.exists()
    assert Deelnemer.objects.count() == 2
    assert bewaartermijnen.deelnemergegevens_opruimen() == 0


def _mail(sleutel, status, dagen_geleden):
    moment = timezone.now() - timedelta(days=dagen_geleden)
    mail = Mail.objects.create(
        sleutel=sleutel,
        message_id=f"<{sleutel}@test>",
        aan=["iemand@example.net"],
        onderwerp="Onderwerp",
        tekst="Tekst",
        status=status,
        verzonden_op=moment if status == Mail.Status.VERZONDEN else None,
    )
    Mail.objects.filter(pk=mail.pk).update(created_at=moment)
    return mail


def test_mail_weg_na_de_termijn(settings):
    settings.BEWAARTERMIJN_MAIL_DAGEN = 30
    _mail("oud-verzonden", Mail.Status.VERZONDEN, 31)
    _mail("oud-mislukt", Mail.Status.MISLUKT, 31)
    _mail("net-niet", Mail.Status.VERZONDEN, 29)
    _mail("oud-wacht-nog", Mail.Status.WACHTRIJ, 31)

    assert bewaartermijnen.mail_opruimen() == 2
    assert set(Mail.objects.values_list("sleutel", flat=True)) == {"net-niet", "oud-wacht-nog"}


def test_mailopdrachten_weg_na_de_termijn_van_de_mail(settings):
    settings.BEWAARTERMIJN_MAIL_DAGEN = 30
    nu = timezone.now()
    for functie, status, dagen in [
        ("oud-klaar", "klaar", 31),
        ("oud-mislukt", "mislukt", 31),
        ("net-niet", "klaar", 29),
        ("oud-wacht-nog", "wachtrij", 31),
    ]:
        opdracht = MailOpdracht.objects.create(
            functie=functie, status=status, uitgevoerd_op=nu, gegevens={"deelnemers": [1, 2]}
        )
        MailOpdracht.objects.filter(pk=opdracht.pk).update(created_at=nu - timedelta(days=dagen))

    bewaartermijnen.mail_opruimen()
    assert set(MailOpdracht.objects.values_list("functie", flat=True)) == {
        "net-niet",
        "oud-wacht-nog",
    }


def test_verlopen_sessies_weg():
    for seconden in (-1, 60):
        sessie = SessionStore()
        sessie["x"] = 1
        sessie.create()
        Session.objects.filter(session_key=sessie.session_key).update(
            expire_date=timezone.now() + timedelta(seconds=seconden)
        )
    assert bewaartermijnen.sessies_opruimen() == 1
    assert Session.objects.count() == 1


@pytest.mark.skipif(
    "axes" not in settings.INSTALLED_APPS, reason="django-axes is not installed (yet)"
)
def test_inlogpogingen_weg_na_de_termijn(settings):
    from axes.models import AccessAttempt, AccessLog

    settings.BEWAARTERMIJN_INLOGPOGINGEN_DAGEN = 10
    for dagen in (11, 9):
        moment = timezone.now() - timedelta(days=dagen)
        poging = AccessAttempt.objects.create(
            username=f"iemand{dagen}@example.net", ip_address="192.0.2.1", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=poging.pk).update(attempt_time=moment)
        log = AccessLog.objects.create(
            username=f"iemand{dagen}@example.net", ip_address="192.0.2.1"
        )
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=moment)

    assert bewaartermijnen.inlogpogingen_opruimen() == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["iemand9@example.net"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["iemand9@example.net"]


def test_elke_taak_staat_op_beat_en_bestaat():
    taken = {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    for naam in (
        "intakegegevens_opruimen",
        "deelnemergegevens_opruimen",
        "mail_opruimen",
        "sessies_opruimen",
        "inlogpogingen_opruimen",
    ):
        assert f"portal.tasks.{naam}" in taken
        getattr(tasks, naam).delay()  # eager in the tests: runs the service
