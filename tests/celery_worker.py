"""A real Celery worker for tests that must prove what happens across processes: an SMTP sink on
127.0.0.1 that keeps what it accepts, a switch that makes this process queue tasks on a real Redis
broker instead of running them in-process, and a worker subprocess (``celery -A portal worker
--pool=solo``) on the test database that sends its mail to the sink and is stopped afterwards.

Bind the fixtures (``smtp_sink``, ``celery_broker``, ``worker_starten``: the last needs the other
two) in the test module that uses them, e.g. ``smtp_sink = celery_worker.smtp_sink``. A test with
a worker needs ``django_db(transaction=True)``: the worker reads only committed data. Give every
test module its own Redis database, so that two modules never share a queue."""

import email
import os
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from kombu import pools as kombu_pools

from bench.processen import worker_opdracht
from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
#: Where kombu keeps the default queue and the messages a worker holds but has not acked yet.
WACHTRIJ_SLEUTELS = ("celery", "unacked", "unacked_index")


# --- A real SMTP server on 127.0.0.1 ------------------------------------------------------------


class SmtpSink:
    """aiosmtpd handler that keeps what it accepts. ``data_antwoorden`` holds scripted answers to
    the next DATA commands (e.g. "421 …", "550 …"); after those it answers 250."""

    def __init__(self):
        self.berichten: list[email.message.Message] = []
        self.enveloppen: list[list[str]] = []
        self.data_antwoorden: deque[str] = deque()
        self.ontvangers_weigeren = False
        #: SMTP sessions opened (one EHLO each): how many connections the senders used.
        self.sessies = 0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.sessies += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.ontvangers_weigeren:
            return "550 5.1.1 Dit adres bestaat niet"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.data_antwoorden:
                return self.data_antwoorden.popleft()
            self.berichten.append(email.message_from_bytes(envelope.content))
            self.enveloppen.append(list(envelope.rcpt_tos))
        return "250 Bericht aangenomen"

    @property
    def message_ids(self) -> list[str]:
        with self._lock:
            return [bericht["Message-ID"] for bericht in self.berichten]

    @property
    def ontvangers(self) -> list[str]:
        """Every envelope recipient of every accepted message (RCPT TO, not the To header)."""
        with self._lock:
            return [adres for ontvangers in self.enveloppen for adres in ontvangers]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


# --- This process queues on a real broker -------------------------------------------------------


@pytest.fixture
def celery_broker():
    """Send tasks from this test process to a real broker instead of running them in-process;
    everything is put back afterwards."""
    oud = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)

    def pools_vergeten():
        # kombu keeps one pool per broker URL in a process-wide registry: closing the app's pool
        # without emptying that registry hands the closed pool back the next time this URL is
        # used ("Acquire on closed pool").
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def gebruiken(url: str):
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = False
        pools_vergeten()

    try:
        yield gebruiken
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = oud
        pools_vergeten()


# --- A worker subprocess ------------------------------------------------------------------------


def database_url() -> str:
    """The URL of the database this test runs on (the test database, once it is set up)."""
    db = connection.settings_dict
    wachtwoord = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{wachtwoord}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class Worker:
    """A running ``celery worker`` subprocess. Every wait fails the test at once, with the
    worker's log, when the process has stopped, and after its deadline otherwise."""

    def __init__(self, *, proces: subprocess.Popen, naam: str, log, redis_url: str):
        self.proces = proces
        self.naam = naam
        self.redis_url = redis_url
        self._log = log

    def uitvoer(self) -> str:
        """The last lines the worker wrote."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-3000:]

    def wachten_tot(self, voorwaarde: Callable[[], bool], *, seconden: float, wat: str) -> None:
        """Poll ``voorwaarde`` until it holds; fail when the worker stops or time runs out."""
        deadline = time.monotonic() + seconden
        while not voorwaarde():
            if self.proces.poll() is not None:
                pytest.fail(f"The Celery worker stopped before {wat}:\n{self.uitvoer()}")
            if time.monotonic() > deadline:
                pytest.fail(f"No {wat} within {seconden} s. Worker log:\n{self.uitvoer()}")
            time.sleep(0.1)

    def wachtrij_leeg(self) -> bool:
        """Nothing waits in the queue and the worker holds no unacknowledged message. The send
        task is ``acks_late``: its message is acked only after the task returned, so an empty
        queue means every task queued so far has finished."""
        r = redis.Redis.from_url(self.redis_url)
        return r.llen("celery") == 0 and r.hlen("unacked") == 0

    def stoppen(self) -> None:
        """Warm shutdown (the running task finishes); killed when that takes too long."""
        if self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait(timeout=5)
        self._log.close()


def worker_starten_op(*, redis_url: str, smtp_poort: int, start_binnen: float = 30) -> Worker:
    """Start ``celery -A portal worker --pool=solo`` on the test database with ``redis_url`` as
    broker (and cache) and the SMTP server on ``smtp_poort``; return once it answers a ping.

    This process must already queue on ``redis_url`` (``celery_broker``): the ping goes through it.
    """
    naam = f"testworker-{uuid.uuid4().hex[:8]}@127.0.0.1"
    omgeving = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_poort),
    }
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Worker.stoppen)
    proces = subprocess.Popen(
        worker_opdracht(naam),
        cwd=ROOT,
        env=omgeving,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = Worker(proces=proces, naam=naam, log=log, redis_url=redis_url)
    try:
        worker.wachten_tot(
            lambda: bool(celery_app.control.ping(destination=[naam], timeout=0.5)),
            seconden=start_binnen,
            wat="answer to a ping",
        )
    except BaseException:
        worker.stoppen()
        raise
    return worker


@pytest.fixture
def worker_starten(smtp_sink, celery_broker):
    """``worker_starten(redis_url)``: empty that database's queue, make this process queue there
    and start a real worker that sends to ``smtp_sink``. Every worker is stopped afterwards, before
    the test database is emptied.

    Call it after building the test data: mail that the data setup sends (e.g. on publishing
    groups) then goes through the in-process task to Django's test outbox, not to the sink."""
    _sink, poort = smtp_sink
    gestart: list[Worker] = []

    def starten(redis_url: str) -> Worker:
        redis.Redis.from_url(redis_url).delete(*WACHTRIJ_SLEUTELS)
        celery_broker(redis_url)
        worker = worker_starten_op(redis_url=redis_url, smtp_poort=poort)
        gestart.append(worker)
        return worker

    try:
        yield starten
    finally:
        for worker in gestart:
            worker.stoppen()
