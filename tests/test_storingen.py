"""The portal under faults, with real services: a broker that stops while an advisor fixes a
meeting, a worker killed with SIGKILL in the middle of 1,000 mails, database connections killed
under load (what a PostgreSQL restart does to the portal), and /health/ while Redis is down.

Every service that is stopped here is this module's own: a private ``redis-server`` on a free
port, a private SMTP sink, worker and gunicorn subprocesses. The shared PostgreSQL cluster and
Redis are never restarted; the database test only kills connections to this run's own test
database. SMTP 421/550 answers are covered in tests/test_mail.py (``test_421_…``,
``test_550_…``, ``test_wachttijd_verdubbelt_…``)."""

import asyncio
import datetime
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import psycopg2
import pytest
import redis
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import planning, services
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from intake.models import Aanmelding
from portal import mail as outbox
from portal import mailopdrachten
from portal.mail import Bericht, mails_klaarzetten, wachtrij_vegen
from portal.models import Mail, MailOpdracht
from trajecten.models import Traject

from . import celery_worker
from .celery_worker import ROOT, SmtpSink, database_url, vrije_poort
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

celery_broker = celery_worker.celery_broker
smtp_sink = celery_worker.smtp_sink
pytestmark = pytest.mark.django_db(transaction=True)

AMS = ZoneInfo("Europe/Amsterdam")
#: This module's own database on the shared Redis, only for the test process's cache.
EIGEN_REDIS_URL = "redis://127.0.0.1:6379/12"


# --- A private Redis ----------------------------------------------------------------------------


class PriveRedis:
    """``redis-server`` on a free port of its own, without persistence: stopping it loses what it
    held, like a broker that crashes."""

    def __init__(self):
        self.poort = vrije_poort()
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self._map = tempfile.mkdtemp(prefix="storingen-redis-")
        self.proces: subprocess.Popen | None = None

    def starten(self) -> None:
        self.proces = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.poort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                self._map,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.proces.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("The private redis-server did not start") from None
                time.sleep(0.05)
            finally:
                client.close()

    def stoppen(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(timeout=10)

    def opruimen(self) -> None:
        self.stoppen()
        shutil.rmtree(self._map, ignore_errors=True)


@pytest.fixture
def prive_redis():
    server = PriveRedis()
    server.starten()
    try:
        yield server
    finally:
        server.opruimen()


@pytest.fixture
def workers():
    """Start workers with ``workers(redis_url, smtp_poort)``; all are stopped afterwards, before
    the test database is emptied."""
    gestart: list[celery_worker.Worker] = []

    def starten(redis_url: str, smtp_poort: int) -> celery_worker.Worker:
        worker = celery_worker.worker_starten_op(redis_url=redis_url, smtp_poort=smtp_poort)
        gestart.append(worker)
        return worker

    try:
        yield starten
    finally:
        for worker in gestart:
            worker.stoppen()


def _eenmaal_per_message_id(sink) -> Counter:
    return Counter(sink.message_ids)


# --- Broker down while an advisor fixes a meeting -----------------------------------------------


@pytest.fixture
def startbijeenkomst(settings):
    """A published edition of three municipalities in one group: three officials and seven
    residents take part, one more no longer does. The start meeting is still being agreed. Built
    before the broker switch: the mail that publishing sends runs in this process."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie)
    aanmeldingen, adressen = [], set()
    for naam in ("Oss", "Best", "Breda"):
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
    services.samenstelling_opslaan(editie=editie, groepen=[aanmeldingen], versie=0, door=adviseur)
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    praktijken = list(LokalePraktijk.objects.filter(aanmelding__editie=editie).order_by("pk"))
    for i in range(7):
        Deelnemer.objects.create(
            praktijk=praktijken[i % 3],
            naam=f"Inwoner {i}",
            email=f"inwoner{i}@example.org",
            rol=Deelnemer.Rol.INWONER,
        )
        adressen.add(f"inwoner{i}@example.org")
    Deelnemer.objects.create(
        praktijk=praktijken[0],
        naam="Oud",
        email="oud@example.org",
        rol=Deelnemer.Rol.INWONER,
        actief=False,
    )
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=editie,
        soort=Bijeenkomst.Soort.START,
        titel="Startbijeenkomst",
        door=adviseur,
        locatie="Stadhuis Utrecht",
    )
    return {"bijeenkomst": bijeenkomst, "adviseur": adviseur, "adressen": adressen}


def test_broker_weg_bij_vastleggen_verzoek_lukt_en_na_herstel_krijgt_ieder_een_mail(
    startbijeenkomst, prive_redis, celery_broker, smtp_sink, workers, client, caplog
):
    sink, smtp_poort = smtp_sink
    bijeenkomst, adviseur = startbijeenkomst["bijeenkomst"], startbijeenkomst["adviseur"]
    adressen = startbijeenkomst["adressen"]
    celery_broker(prive_redis.url)
    prive_redis.stoppen()  # the broker crashes

    client.force_login(adviseur)
    antwoord = client.post(
        reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk}),
        {
            "actie": "vastleggen",
            "versie": str(bijeenkomst.versie),
            "datum": "2031-03-10",
            "begintijd": "10:00",
            "eindtijd": "15:00",
        },
    )

    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert antwoord.url == reverse("planning:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.status == Bijeenkomst.Status.VASTGESTELD
    assert bijeenkomst.start == datetime.datetime(2031, 3, 10, 10, tzinfo=AMS)
    # The mail job that would put the invitations in the outbox waits in the database.
    (opdracht,) = MailOpdracht.objects.all()
    assert opdracht.status == MailOpdracht.Status.WACHTRIJ
    rijen = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:0:")
    assert not rijen.exists()
    assert any("Broker unreachable" in r.getMessage() for r in caplog.records)
    assert sink.berichten == []

    # The broker comes back (empty: it kept nothing), a worker starts, the sweeper runs.
    prive_redis.starten()
    celery_broker(prive_redis.url)
    worker = workers(prive_redis.url, smtp_poort)
    later = timezone.now() + mailopdrachten.WACHTRIJ_WACHTTIJD + datetime.timedelta(seconds=1)
    assert mailopdrachten.vegen(nu=later) == [opdracht.pk]

    worker.wachten_tot(
        lambda: (
            rijen.count() == len(adressen) == 10
            and not rijen.exclude(status=Mail.Status.VERZONDEN).exists()
            and len(sink.message_ids) >= len(adressen)
        ),
        seconden=30,
        wat="delivery of the invitations",
    )
    time.sleep(0.5)  # a duplicate, if any, would arrive now
    aantallen = _eenmaal_per_message_id(sink)
    assert set(aantallen) == set(rijen.values_list("message_id", flat=True))
    assert set(aantallen.values()) == {1}, aantallen
    assert Counter(sink.ontvangers) == Counter(adressen)  # not oud@example.org


# --- A worker killed in the middle of 1,000 mails -----------------------------------------------


class TrageSink(SmtpSink):
    """Accepts every message after a short pause, like a busy mail server. ``bij_bericht(n)`` is
    called with the count right after the n-th message is stored, before the answer goes out."""

    def __init__(self, *, pauze: float):
        super().__init__()
        self.pauze = pauze
        self.bij_bericht = None

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.pauze)
        antwoord = await super().handle_DATA(server, session, envelope)
        if self.bij_bericht is not None:
            self.bij_bericht(len(self.berichten))
        return antwoord


@pytest.fixture
def trage_sink():
    # aiosmtpd logs every SMTP command at INFO: a thousand sessions would mostly measure logging.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = TrageSink(pauze=0.002)
    controller = Controller(sink, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


@pytest.fixture
def eenvoudige_mail(settings):
    """One small mail template, kept in memory."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"test/uitnodiging.txt": "Beste {{ naam }}, u bent uitgenodigd."},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


AANTAL = 1000
#: The worker is killed right after the sink stored this message and before it answered: the
#: worst moment, inside the documented window (accepted, not yet marked as sent).
DODEN_BIJ = 100


def test_worker_gedood_midden_in_1000_mails_alles_komt_aan_hooguit_het_venster_dubbel(
    eenvoudige_mail, prive_redis, celery_broker, trage_sink, workers
):
    begin = time.monotonic()
    sink, smtp_poort = trage_sink
    celery_broker(prive_redis.url)
    eerste = workers(prive_redis.url, smtp_poort)
    gedood = threading.Event()

    def doden(aantal: int) -> None:
        if aantal == DODEN_BIJ and not gedood.is_set():
            os.kill(eerste.proces.pid, signal.SIGKILL)
            gedood.set()

    sink.bij_bericht = doden
    with transaction.atomic():
        mails_klaarzetten(
            [
                Bericht(
                    sleutel=f"storing:{prive_redis.poort}:{i}",
                    aan=[f"deelnemer{i}@example.org"],
                    onderwerp="Uitnodiging",
                    sjabloon="test/uitnodiging",
                    context={"naam": f"Deelnemer {i}"},
                )
                for i in range(AANTAL)
            ]
        )
    assert gedood.wait(timeout=45), eerste.uitvoer()
    eerste.proces.wait(timeout=10)
    assert eerste.proces.returncode == -signal.SIGKILL
    time.sleep(0.3)  # let the sink finish the session the dead worker left

    bezig = dict(
        Mail.objects.filter(status=Mail.Status.BEZIG).values_list("message_id", "pk").iterator()
    )
    bij_de_dood = set(sink.message_ids)
    venster = bezig.keys() & bij_de_dood  # accepted by the server, not marked as sent
    assert len(bezig) >= 1 and venster, (bezig, len(bij_de_dood))

    # New workers take what is left in the queue; the killed task's message is held as
    # unacknowledged until the broker's visibility timeout, so its row stays "bezig".
    # Three new workers start side by side, so that the rest of the batch goes three times faster.
    with ThreadPoolExecutor(max_workers=3) as pool:
        tweede, *_andere = pool.map(lambda _: workers(prive_redis.url, smtp_poort), range(3))
    broker = redis.Redis.from_url(prive_redis.url)
    tweede.wachten_tot(
        lambda: (
            broker.llen("celery") == 0
            and not Mail.objects.exclude(status=Mail.Status.VERZONDEN)
            .exclude(message_id__in=list(bezig))
            .exists()
        ),
        seconden=60,
        wat="the rest of the batch",
    )
    assert set(Mail.objects.filter(status=Mail.Status.BEZIG).values_list("pk", flat=True)) == set(
        bezig.values()
    )

    # The sweeper after BEZIG_TIMEOUT: the stuck rows are sent again.
    later = timezone.now() + outbox.BEZIG_TIMEOUT + datetime.timedelta(minutes=1)
    assert sorted(wachtrij_vegen(nu=later)) == sorted(bezig.values())
    tweede.wachten_tot(
        lambda: (
            Mail.objects.filter(status=Mail.Status.VERZONDEN).count() == AANTAL
            and len(set(sink.message_ids)) == AANTAL
        ),
        seconden=30,
        wat="delivery of every mail",
    )
    time.sleep(0.5)  # a late duplicate would arrive now

    aantallen = _eenmaal_per_message_id(sink)
    dubbel = {message_id: n for message_id, n in aantallen.items() if n > 1}
    extra = sum(n - 1 for n in dubbel.values())
    print(
        f"\nSIGKILL after {DODEN_BIJ} accepted: {len(aantallen)} distinct Message-IDs, "
        f"{len(bezig)} row(s) 'bezig' at the kill, {len(venster)} of them already accepted, "
        f"{extra} duplicate(s), {time.monotonic() - begin:.1f} s"
    )
    assert len(aantallen) == AANTAL
    assert set(aantallen) == set(Mail.objects.values_list("message_id", flat=True))
    assert set(dubbel) <= venster
    assert extra <= len(bezig)


# --- PostgreSQL: every connection killed while requests come in --------------------------------


def _connecties_afbreken() -> int:
    """What a PostgreSQL restart does to the portal: end every backend of this test database,
    from a connection of our own. Returns how many were ended."""
    db = connection.settings_dict
    beheer = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    beheer.autocommit = True
    try:
        with beheer.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]
    finally:
        beheer.close()


def _status(url: str) -> int:
    # A cookie of its own keeps the request away from the shared cache of public pages
    # (portal.paginacache): these tests are about the database connection behind the page.
    verzoek = urllib.request.Request(url, headers={"Cookie": "storingstest=1"})  # noqa: S310
    try:
        with urllib.request.urlopen(verzoek, timeout=20) as antwoord:  # noqa: S310 (our own server)
            return antwoord.status
    except urllib.error.HTTPError as fout:
        return fout.code


def test_na_afgebroken_databaseverbindingen_antwoordt_de_live_server_weer(live_server):
    traject = TrajectFactory()
    url = f"{live_server.url}/trajecten/{traject.slug}/"
    catalogus = f"{live_server.url}/trajecten/"
    assert _status(url) == 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(_status, [url, catalogus] * 8)) == {200}
        tijdens = [pool.submit(_status, u) for u in [url, catalogus] * 60]
        while sum(f.done() for f in tijdens) < 20:
            time.sleep(0.01)
        afgebroken = _connecties_afbreken()
        tijdens_status = Counter(f.result() for f in tijdens)
        # This thread's own connection was ended too: the next query opens a new one.
        connection.close()
        na = Counter(pool.map(_status, [url, catalogus] * 20))

    print(f"\nlive_server: {afgebroken} connection(s) ended; during: {dict(tijdens_status)}")
    assert afgebroken >= 1
    assert set(tijdens_status) <= {200, 500}
    assert na == Counter({200: 40})
    assert TrajectFactory._meta.model.objects.filter(pk=traject.pk).exists()


@pytest.fixture
def gunicorn(tmp_path):
    """``gunicorn portal.wsgi`` with the production settings, as docker-compose runs it (sync
    workers that keep their database connection: CONN_MAX_AGE=60), on the test database."""
    gestart = []

    def starten(*, health_checks: bool = True) -> str:
        poort = vrije_poort()
        omgeving = {
            "PATH": os.environ["PATH"],
            "PORTAL_ENV": "production",
            "SECRET_KEY": "storingen-test-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "REDIS_URL": EIGEN_REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "false",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
        if not health_checks:
            # The control case: the same settings without CONN_HEALTH_CHECKS.
            (tmp_path / "zonder_health_checks.py").write_text(
                "from portal.settings import *  # noqa\n"
                'DATABASES["default"]["CONN_HEALTH_CHECKS"] = False\n'
            )
            omgeving["PYTHONPATH"] = f"{tmp_path}{os.pathsep}{ROOT}"
            omgeving["DJANGO_SETTINGS_MODULE"] = "zonder_health_checks"
        log = (tmp_path / f"gunicorn-{poort}.log").open("wb")
        proces = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{poort}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=omgeving,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        gestart.append((proces, log))
        basis = f"http://127.0.0.1:{poort}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if _status(f"{basis}/trajecten/") == 200:
                    return basis
            except OSError:
                pass
            if proces.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("gunicorn did not start:\n" + (tmp_path / log.name).read_text()[-3000:])
            time.sleep(0.2)

    try:
        yield starten
    finally:
        for proces, log in gestart:
            proces.terminate()
            try:
                proces.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait(timeout=5)
            log.close()


@pytest.mark.parametrize("health_checks", [True, False], ids=["met-health-checks", "zonder"])
def test_gunicorn_met_blijvende_verbindingen_herstelt_zonder_herstart(gunicorn, health_checks):
    traject = TrajectFactory()
    basis = gunicorn(health_checks=health_checks)
    urls = [f"{basis}/trajecten/{traject.slug}/", f"{basis}/trajecten/"] * 10

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(_status, urls)) == {200}  # both workers hold a connection now
        afgebroken = _connecties_afbreken()
        connection.close()
        na = list(pool.map(_status, urls))

    print(f"\ngunicorn, health checks {health_checks}: {afgebroken} ended; after: {Counter(na)}")
    assert afgebroken >= 2
    if health_checks:
        # Each worker notices its dead connection before using it and opens a new one.
        assert na == [200] * len(urls)
    else:
        # Without the check, each worker's first request after the kill fails, then it recovers.
        assert 1 <= na.count(500) <= 2
        assert na[-4:] == [200] * 4


# --- /health/ while Redis is down ---------------------------------------------------------------


def test_health_meldt_de_broker_terwijl_de_catalogus_blijft_werken(client, settings):
    dood = f"redis://127.0.0.1:{vrije_poort()}/0"  # nobody listens here
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dood
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dood}
    }
    with pytest.raises(redis.ConnectionError):
        cache.get("bestaat-niet")  # Redis really is gone for this process
    traject = TrajectFactory()

    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["onderdelen"] == {
        "database": {"ok": True, "detail": "ok"},
        "broker": {"ok": False, "detail": "ConnectionError"},
    }
    # Pages that do not need Redis keep working: the catalogue and a track.
    assert client.get("/trajecten/").status_code == 200
    assert client.get(f"/trajecten/{traject.slug}/").status_code == 200
    assert client.get("/").status_code == 200
    # Pages whose rate limits live in Redis say so plainly: 503, not 500.
    for antwoord in (
        client.get("/p/" + "0" * 64 + "/"),
        client.post("/accounts/login/", {"login": "iemand@example.org", "password": "x" * 12}),
    ):
        assert antwoord.status_code == 503
        assert antwoord["Retry-After"] == "60"
        assert "Even niet beschikbaar" in antwoord.content.decode()
