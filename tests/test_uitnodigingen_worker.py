"""Meeting invitations through a real Celery worker and Redis, counted at a real SMTP server
(aiosmtpd): fixing a start meeting for 50 participants only writes the outbox and the worker
delivers exactly one invitation each; duplicated and retried send tasks and a repeated invitation
step send nothing more; moving the meeting sends exactly one update each, whose calendar file has
the same UID and a higher SEQUENCE."""

import datetime
import uuid
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from bijeenkomsten import planning, services
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from intake.models import Aanmelding
from portal.exceptions import PortaalFout
from portal.models import Mail, MailOpdracht
from portal.tasks import mail_versturen
from trajecten.models import Traject

from . import celery_worker
from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)

# The real worker's fixtures, by the names the tests ask for.
celery_broker = celery_worker.celery_broker
smtp_sink = celery_worker.smtp_sink
worker_starten = celery_worker.worker_starten
# The worker only sees committed data.
pytestmark = pytest.mark.django_db(transaction=True)

#: This module's own broker database: test_mail uses 2, the test process's cache another one.
WORKER_REDIS_URL = "redis://127.0.0.1:6379/8"
AMS = ZoneInfo("Europe/Amsterdam")
START = datetime.datetime(2031, 3, 10, 10, tzinfo=AMS)
DUUR = datetime.timedelta(hours=5)
GEMEENTEN = ("Oss", "Best", "Breda", "Haren", "Stad")
INWONERS = 45  # with the five officials: 50 participants


@pytest.fixture
def opzet(settings):
    """A published edition of five municipalities in two learning groups: every practice has its
    official as participant (added on publishing) and nine residents, 50 participants in all,
    plus one who no longer takes part. The start meeting is still being agreed.

    Built before the worker starts: the mail publishing sends runs in-process, not via the sink."""
    # Eleven accounts, nobody logs in: the default hasher would take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie)
    aanmeldingen, adressen = [], set()
    for naam in GEMEENTEN:
        gemeente = GemeenteFactory(naam=naam)
        aanmeldingen.append(
            AanmeldingFactory(
                editie=editie,
                traject=traject,
                gemeente=gemeente,
                status=Aanmelding.Status.TOEGELATEN,
            ).pk
        )
        maak_lid(UserFactory(email=f"{naam.lower()}@example.org"), gemeente)
        adressen.add(f"{naam.lower()}@example.org")
    services.samenstelling_opslaan(
        editie=editie, groepen=[aanmeldingen[:3], aanmeldingen[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)

    praktijken = list(LokalePraktijk.objects.filter(aanmelding__editie=editie).order_by("pk"))
    inwoners = [
        Deelnemer(
            praktijk=praktijken[i % len(praktijken)],
            naam=f"Inwoner {i}",
            email=f"inwoner{i}@example.org",
            rol=Deelnemer.Rol.INWONER,
        )
        for i in range(INWONERS)
    ]
    Deelnemer.objects.bulk_create(inwoners)
    adressen.update(d.email for d in inwoners)
    Deelnemer.objects.create(
        praktijk=praktijken[0],
        naam="Oud Lid",
        email="oud@example.org",
        rol=Deelnemer.Rol.INWONER,
        actief=False,
    )
    assert len(adressen) == 50
    assert Deelnemer.objects.filter(actief=True).count() == 50
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=editie,
        soort=Bijeenkomst.Soort.START,
        titel="Startbijeenkomst",
        door=adviseur,
        locatie="Stadhuis Utrecht",
        adres="Stadsplateau 1, Utrecht",
    )
    mail.outbox.clear()
    return {"bijeenkomst": bijeenkomst, "adviseur": adviseur, "adressen": adressen}


def _vastleggen(opzet) -> Bijeenkomst:
    bijeenkomst = opzet["bijeenkomst"]
    return planning.datum_vastleggen(
        bijeenkomst=bijeenkomst,
        versie=bijeenkomst.versie,
        door=opzet["adviseur"],
        start=START,
        eind=START + DUUR,
    )


def _rijen(bijeenkomst: Bijeenkomst, sequence: int):
    """The outbox rows of one calendar version of the meeting (reminders excluded)."""
    return Mail.objects.filter(
        sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:{sequence}:"
    ).exclude(sleutel__endswith=":herinnering")


def _afgehandeld(worker, sink, rijen, *, berichten: int) -> None:
    """Wait until every row is sent, the sink has ``berichten`` messages and the queue is empty
    on two looks in a row. (A worker takes the next message from the list a moment before it
    records it as unacknowledged; the second look, 0.1 s later, sees it held or finished.)"""
    worker.wachten_tot(
        lambda: (
            not rijen.exclude(status=Mail.Status.VERZONDEN).exists()
            and len(sink.message_ids) >= berichten
        ),
        seconden=25,
        wat=f"delivery of {berichten} messages",
    )
    leeg: list[bool] = []

    def twee_keer_leeg() -> bool:
        leeg.append(worker.wachtrij_leeg())
        return leeg[-2:] == [True, True]

    worker.wachten_tot(twee_keer_leeg, seconden=25, wat="an empty queue")
    assert " ERROR" not in worker.uitvoer() and "Traceback" not in worker.uitvoer(), (
        worker.uitvoer()
    )


def _per_ontvanger(sink, onderwerp: str) -> Counter:
    return Counter(b["To"] for b in sink.berichten if b["Subject"] == onderwerp)


def _event(bericht):
    (deel,) = [d for d in bericht.walk() if d.get_content_type() == "text/calendar"]
    agenda = Calendar.from_ical(deel.get_payload(decode=True))
    (event,) = agenda.walk("VEVENT")
    return event


def test_vastleggen_voor_50_deelnemers_bezorgt_via_de_worker_ieder_precies_een_uitnodiging(
    opzet, smtp_sink, worker_starten
):
    sink, _poort = smtp_sink
    worker = worker_starten(WORKER_REDIS_URL)

    bijeenkomst = _vastleggen(opzet)

    # The call wrote one mail job: the worker put the 50 mails in the outbox and sent them.
    assert mail.outbox == []
    (opdracht,) = MailOpdracht.objects.all()
    assert opdracht.gegevens["bijeenkomst"] == bijeenkomst.pk
    rijen = _rijen(bijeenkomst, 0)
    _afgehandeld(worker, sink, rijen, berichten=50)
    assert rijen.count() == 50
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.aantal) == (MailOpdracht.Status.KLAAR, 50)

    aantallen = Counter(sink.message_ids)
    assert set(aantallen) == set(rijen.values_list("message_id", flat=True))
    assert set(aantallen.values()) == {1}
    assert Counter(sink.ontvangers) == Counter(opzet["adressen"])  # not oud@example.org
    assert _per_ontvanger(sink, "Uitnodiging: Startbijeenkomst") == Counter(opzet["adressen"])
    assert set(rijen.values_list("status", "pogingen")) == {(Mail.Status.VERZONDEN, 1)}
    assert _event(sink.berichten[0])["SEQUENCE"] == 0


def test_dubbele_en_herhaalde_taken_en_opnieuw_uitnodigen_sturen_geen_tweede_mail(
    opzet, smtp_sink, worker_starten
):
    sink, _poort = smtp_sink
    worker = worker_starten(WORKER_REDIS_URL)
    bijeenkomst = _vastleggen(opzet)
    rijen = _rijen(bijeenkomst, 0)
    _afgehandeld(worker, sink, rijen, berichten=50)
    assert len(sink.message_ids) == 50

    # A second fix (a double click, an old form) is refused.
    for versie in (opzet["bijeenkomst"].versie, bijeenkomst.versie):
        with pytest.raises(PortaalFout):
            planning.datum_vastleggen(
                bijeenkomst=bijeenkomst,
                versie=versie,
                door=opzet["adviseur"],
                start=START,
                eind=START + DUUR,
            )
    # The invitation step run again for the same calendar version (as a retried job would): the
    # keys exist, so it writes no rows and queues nothing.
    with transaction.atomic():
        bijeenkomst.refresh_from_db()
        planning._uitnodigen(bijeenkomst, soort="uitnodiging")
    assert Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:").count() == 50

    # Every send task again through the real broker: the same task id delivered twice (a
    # redelivered message) and once more under a new id (a retry).
    for mail_id in rijen.values_list("pk", flat=True):
        taak_id = str(uuid.uuid4())
        mail_versturen.apply_async(args=[mail_id], task_id=taak_id)
        mail_versturen.apply_async(args=[mail_id], task_id=taak_id)
        mail_versturen.delay(mail_id)
    _afgehandeld(worker, sink, rijen, berichten=50)

    aantallen = Counter(sink.message_ids)
    assert len(aantallen) == 50
    assert set(aantallen.values()) == {1}, aantallen
    assert Counter(sink.ontvangers) == Counter(opzet["adressen"])
    assert set(rijen.values_list("status", "pogingen")) == {(Mail.Status.VERZONDEN, 1)}


def test_verplaatsen_stuurt_ieder_precies_een_update_met_hogere_sequence(
    opzet, smtp_sink, worker_starten
):
    sink, _poort = smtp_sink
    worker = worker_starten(WORKER_REDIS_URL)
    bijeenkomst = _vastleggen(opzet)
    _afgehandeld(worker, sink, _rijen(bijeenkomst, 0), berichten=50)

    nieuw_start = START + datetime.timedelta(days=7)
    bijeenkomst = planning.bijeenkomst_wijzigen(
        bijeenkomst=bijeenkomst,
        versie=bijeenkomst.versie,
        door=opzet["adviseur"],
        start=nieuw_start,
        eind=nieuw_start + DUUR,
    )
    assert bijeenkomst.sequence == 1
    updates = _rijen(bijeenkomst, 1)
    _afgehandeld(worker, sink, updates, berichten=100)
    assert updates.count() == 50

    aantallen = Counter(sink.message_ids)
    assert len(aantallen) == 100
    assert set(aantallen.values()) == {1}
    assert set(updates.values_list("message_id", flat=True)) <= set(aantallen)
    assert Counter(sink.ontvangers) == Counter(dict.fromkeys(opzet["adressen"], 2))
    assert _per_ontvanger(sink, "Gewijzigd: Startbijeenkomst") == Counter(opzet["adressen"])

    uitnodiging = next(b for b in sink.berichten if b["Subject"].startswith("Uitnodiging"))
    update = next(b for b in sink.berichten if b["Subject"].startswith("Gewijzigd"))
    oud, nieuw = _event(uitnodiging), _event(update)
    assert str(nieuw["UID"]) == str(oud["UID"]) == f"bijeenkomst-{bijeenkomst.uid}@trajectportaal"
    assert oud["SEQUENCE"] == 0
    assert nieuw["SEQUENCE"] == 1
    assert nieuw["DTSTART"].dt == nieuw_start
