"""Mail jobs (portal.mailopdrachten): a service writes one job in its transaction; a worker puts
the mails in the outbox. A rollback leaves no job, an error is retried after a backoff, a lost
task is picked up by the sweeper, and only marked functions can run."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from portal import mail as outbox
from portal import mailopdrachten
from portal.celery import app as celery_app
from portal.models import Mail, MailOpdracht

from . import celery_worker
from .celery_worker import vrije_poort

celery_broker = celery_worker.celery_broker
pytestmark = pytest.mark.django_db

#: How many times each test job still has to fail before it works.
FOUTEN = {"aantal": 0}


@mailopdrachten.mailopdracht
def groet_mailen(*, adressen: list[str], groet: str) -> int:
    """A test job: one mail per address, like the meeting job."""
    if FOUTEN["aantal"]:
        FOUTEN["aantal"] -= 1
        raise RuntimeError("Database even weg")
    return outbox.mails_klaarzetten(
        [
            outbox.Bericht(f"groet:{adres}", [adres], groet, "mail/bijeenkomsten/stemverzoek", {})
            for adres in adressen
        ]
    )


def niet_gemarkeerd(**_gegevens) -> int:
    return 0


@pytest.fixture(autouse=True)
def _geen_fouten():
    FOUTEN["aantal"] = 0
    yield
    FOUTEN["aantal"] = 0


def _klaarzetten(capture, adressen=("a@example.org", "b@example.org")):
    with capture(execute=True), transaction.atomic():
        return mailopdrachten.klaarzetten(groet_mailen, adressen=list(adressen), groet="Hallo")


def test_een_opdracht_zet_na_de_commit_de_mails_klaar_en_ze_worden_verstuurd(
    django_capture_on_commit_callbacks, mailoutbox
):
    opdracht = _klaarzetten(django_capture_on_commit_callbacks)

    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.aantal, opdracht.pogingen) == ("klaar", 2, 0)
    assert opdracht.uitgevoerd_op is not None
    assert sorted(a for m in mailoutbox for a in m.to) == ["a@example.org", "b@example.org"]
    # Running it again (a redelivered task) does nothing.
    assert mailopdrachten.uitvoeren(opdracht_id=opdracht.pk) is None
    assert len(mailoutbox) == 2


def test_teruggedraaid_laat_geen_opdracht_achter(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        mailopdrachten.klaarzetten(groet_mailen, adressen=["a@example.org"], groet="Hallo")
        1 / 0  # noqa: B018 - the change fails after the job was written
    assert callbacks == []
    assert not MailOpdracht.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_buiten_een_transactie_geweigerd():
    with pytest.raises(RuntimeError):
        mailopdrachten.klaarzetten(groet_mailen, adressen=[], groet="Hallo")
    assert not MailOpdracht.objects.exists()


def test_alleen_gemarkeerde_functies_met_json_gegevens():
    with transaction.atomic():
        with pytest.raises(ValueError, match="not marked"):
            mailopdrachten.klaarzetten(niet_gemarkeerd)
        with pytest.raises(ValueError, match="JSON"):
            mailopdrachten.klaarzetten(groet_mailen, adressen=("a@example.org",), groet="Hallo")
    # A row that names another function (written by hand, or an old name) does not run it.
    opdracht = MailOpdracht.objects.create(functie="os.getcwd", gegevens={})
    assert mailopdrachten.uitvoeren(opdracht_id=opdracht.pk).laatste_fout.startswith("ValueError")


def test_een_fout_wordt_vastgelegd_en_na_de_wachttijd_opnieuw_geprobeerd(
    django_capture_on_commit_callbacks, mailoutbox
):
    FOUTEN["aantal"] = 1
    opdracht = _klaarzetten(django_capture_on_commit_callbacks)

    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.pogingen) == ("wachtrij", 1)
    assert "Database even weg" in opdracht.laatste_fout
    assert not Mail.objects.exists()  # the job's writes were rolled back with it
    assert mailopdrachten.vegen() == []  # not yet time

    with django_capture_on_commit_callbacks(execute=True):
        assert mailopdrachten.vegen(nu=opdracht.volgende_poging_op) == [opdracht.pk]
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.aantal, opdracht.laatste_fout) == ("klaar", 2, "")
    assert len(mailoutbox) == 2


def test_na_vijf_fouten_is_de_opdracht_mislukt(django_capture_on_commit_callbacks, caplog):
    FOUTEN["aantal"] = mailopdrachten.MAX_POGINGEN
    opdracht = _klaarzetten(django_capture_on_commit_callbacks)
    for _ in range(mailopdrachten.MAX_POGINGEN - 1):
        mailopdrachten.uitvoeren(opdracht_id=opdracht.pk)

    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.pogingen) == ("mislukt", mailopdrachten.MAX_POGINGEN)
    assert any("failed for good" in r.message for r in caplog.records if r.levelname == "ERROR")
    assert mailopdrachten.vegen(nu=timezone.now() + timedelta(days=1)) == []


@pytest.mark.django_db(transaction=True)
def test_broker_onbereikbaar_bij_commit_de_veger_voert_de_opdracht_later_uit(
    celery_broker, mailoutbox
):
    celery_broker(f"redis://127.0.0.1:{vrije_poort()}/0")  # nobody listens here
    with transaction.atomic():
        opdracht = mailopdrachten.klaarzetten(
            groet_mailen, adressen=["a@example.org"], groet="Hallo"
        )
    opdracht.refresh_from_db()
    assert opdracht.status == "wachtrij"

    celery_app.conf.task_always_eager = True
    assert mailopdrachten.vegen() == []  # too early: its task may still come
    later = timezone.now() + mailopdrachten.WACHTRIJ_WACHTTIJD + timedelta(seconds=1)
    assert mailopdrachten.vegen(nu=later) == [opdracht.pk]
    opdracht.refresh_from_db()
    assert opdracht.status == "klaar"
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
