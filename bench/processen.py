"""Processes the benchmark starts and watches: a Celery worker, gunicorn, an SMTP sink; and the
peak resident memory of a process (``VmHWM``, what the kernel recorded as its highest)."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def piek_mb(pid: int) -> float | None:
    """Peak resident memory of a running process in MB, or None when it is gone."""
    try:
        for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return round(int(regel.split()[1]) / 1024, 1)
    except FileNotFoundError:
        return None
    return None


def kinderen(pid: int) -> list[int]:
    try:
        tekst = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in tekst.split()]


class Proces:
    """A subprocess with its output in a temporary file, stopped by its own id."""

    def __init__(self, args: list[str], *, env: dict[str, str]):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stoppen)
        self.proces = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.proces.pid

    def uitvoer(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def leeft(self) -> bool:
        return self.proces.poll() is None

    def stoppen(self) -> None:
        if self.leeft():
            self.proces.send_signal(signal.SIGTERM)
            try:
                self.proces.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait(timeout=5)
        self.log.close()


def worker_opdracht(naam: str) -> list[str]:
    """The command line of one real Celery worker named ``naam``, for the benchmark and for the
    tests that need a worker (``tests/celery_worker.py``): one process (``--pool=solo``) on the
    default queue, quiet, without waiting for other workers."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "-Q",
        "celery",
        "--loglevel=WARNING",
        "--without-mingle",
        "--without-gossip",
        "-n",
        naam,
    ]


def celery_worker(env: dict[str, str], naam: str) -> Proces:
    """``celery -A portal worker --pool=solo``: one process does the work, so its peak memory is
    the worker's."""
    return Proces(worker_opdracht(naam), env=env)


def wachten_op_worker(proces: Proces, naam: str, *, seconden: float = 60) -> None:
    from portal.celery import app

    einde = time.monotonic() + seconden
    while not app.control.ping(destination=[naam], timeout=0.5):
        if not proces.leeft() or time.monotonic() > einde:
            raise RuntimeError(f"Celery worker did not start:\n{proces.uitvoer()}")


class SmtpTeller:
    """An SMTP sink on 127.0.0.1 (aiosmtpd) that only counts what it accepts, and when."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.aantal = 0
        self.eerste: float | None = None
        self.laatste: float | None = None
        self._lock = threading.Lock()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.poort = s.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.poort)

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            nu = time.monotonic()
            self.eerste = self.eerste or nu
            self.laatste = nu
            self.aantal += 1
        return "250 OK"

    def starten(self) -> int:
        self.controller.start()
        return self.poort

    def opnieuw(self) -> None:
        with self._lock:
            self.aantal, self.eerste, self.laatste = 0, None, None

    def stoppen(self) -> None:
        self.controller.stop()


def omgeving(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env
