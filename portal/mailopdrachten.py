"""Mail jobs: put many mails in the outbox in a worker instead of in the request.

A service that would render a mail for each of thousands of participants (fixing the date of a
national start meeting) calls :func:`klaarzetten` inside its own transaction with a function
marked :func:`mailopdracht` and JSON arguments. That writes one ``MailOpdracht`` row and, once the
transaction commits, queues the task ``portal.tasks.mailopdracht_uitvoeren``, which calls
:func:`uitvoeren`: the function runs in the worker and puts the mails in the outbox
(``portal.mail``), whose own tasks send them. So the request stays fast, a rolled-back change
leaves no job, and a broker outage delays the mails but loses none: the sweeper
(:func:`vegen`, every minute) queues jobs again whose task got lost or whose retry time has come.

A job function must be safe to run twice (the outbox keys make a repeat write nothing) and must
check that what it mails about is still current: the data may have changed between the request
and the worker.

Status flow::

    wachtrij ──► klaar
       │  ▲
       └──┘ (an error: retried with a backoff, at most MAX_POGINGEN times, then mislukt)
"""

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

from .models import MailOpdracht

logger = logging.getLogger(__name__)

MAX_POGINGEN = 5
BACKOFF_BASIS = timedelta(minutes=1)
#: A job still ``wachtrij`` this long after it was created lost its task (broker down at commit).
WACHTRIJ_WACHTTIJD = timedelta(minutes=2)
#: How long the sweeper leaves a job alone after queueing it.
VEGEN_PAUZE = timedelta(minutes=5)


def mailopdracht(functie: Callable[..., int]) -> Callable[..., int]:
    """Mark a function as one that :func:`klaarzetten` may run in a worker. It takes keyword
    arguments that survive JSON and returns the number of mails it put in the outbox."""
    functie.is_mailopdracht = True
    return functie


def _naam(functie: Callable[..., int]) -> str:
    if not getattr(functie, "is_mailopdracht", False):
        raise ValueError(f"{functie!r} is not marked with @mailopdracht")
    return f"{functie.__module__}.{functie.__qualname__}"


def _functie(naam: str) -> Callable[..., int]:
    functie = import_string(naam)
    if not getattr(functie, "is_mailopdracht", False):
        raise ValueError(f"{naam} is not marked with @mailopdracht")
    return functie


def klaarzetten(functie: Callable[..., int], **gegevens) -> MailOpdracht:
    """Write the job and queue it once the caller's transaction commits. Call it inside that
    transaction; outside one it raises ``RuntimeError``. ``gegevens`` must survive JSON
    unchanged (ids, not instances), else ``ValueError``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("klaarzetten must run inside the transaction of the change")
    if json.loads(json.dumps(gegevens)) != gegevens:
        raise ValueError("The arguments of a mail job must survive JSON unchanged")
    opdracht = MailOpdracht.objects.create(functie=_naam(functie), gegevens=gegevens)
    _na_commit_uitvoeren([opdracht.pk])
    return opdracht


def _na_commit_uitvoeren(opdracht_ids: list[int]) -> None:
    from .tasks import mailopdracht_uitvoeren

    def queue():
        for opdracht_id in opdracht_ids:
            try:
                mailopdracht_uitvoeren.delay(opdracht_id)
            except OperationalError:
                logger.exception("Broker unreachable in on_commit: mail job waits for the sweeper")
                return
            except Exception:
                logger.exception("Running mail job %s failed in on_commit", opdracht_id)

    if opdracht_ids:
        transaction.on_commit(queue)


def uitvoeren(*, opdracht_id: int) -> MailOpdracht | None:
    """Run one job, at most once to completion. Under a row lock (a second delivery of the same
    task skips a job in hand): the function runs in a savepoint, in the same transaction that
    marks the job ``klaar``, so the mails and the mark commit together. An error rolls the
    function's writes back and is recorded on the job, which the sweeper runs again after
    the backoff; after ``MAX_POGINGEN`` errors the job is ``mislukt`` and logged as an error.
    Returns the job, or ``None`` when there was nothing to do."""
    with transaction.atomic():
        opdracht = (
            MailOpdracht.objects.select_for_update(skip_locked=True)
            .filter(pk=opdracht_id, status=MailOpdracht.Status.WACHTRIJ)
            .first()
        )
        if opdracht is None:
            return None
        try:
            with transaction.atomic():
                aantal = _functie(opdracht.functie)(**opdracht.gegevens)
        except Exception as fout:  # recorded on the job; the sweeper tries again
            _mislukking_vastleggen(opdracht, fout)
            return opdracht
        opdracht.status = MailOpdracht.Status.KLAAR
        opdracht.aantal = aantal
        opdracht.uitgevoerd_op = timezone.now()
        opdracht.volgende_poging_op = None
        opdracht.laatste_fout = ""
        opdracht.save()
    logger.info("Mail job %s put %s mails in the outbox", opdracht.pk, aantal)
    return opdracht


def _mislukking_vastleggen(opdracht: MailOpdracht, fout: Exception) -> None:
    opdracht.pogingen += 1
    opdracht.laatste_fout = f"{type(fout).__name__}: {fout}"[:2000]
    if opdracht.pogingen >= MAX_POGINGEN:
        opdracht.status = MailOpdracht.Status.MISLUKT
        opdracht.volgende_poging_op = None
        logger.error("Mail job %s failed for good", opdracht.pk, exc_info=fout)
    else:
        wachten = BACKOFF_BASIS * 2 ** (opdracht.pogingen - 1)
        opdracht.volgende_poging_op = timezone.now() + wachten
        logger.warning("Mail job %s will be retried in %s", opdracht.pk, wachten, exc_info=fout)
    opdracht.save()


def vegen(*, nu: datetime | None = None) -> list[int]:
    """Queue again the jobs that should have run by now: ``wachtrij`` whose retry time has come,
    or older than ``WACHTRIJ_WACHTTIJD`` without one (their task was lost). Jobs in hand (row
    locked) are skipped. Called every minute with the outbox's sweeper."""
    nu = nu or timezone.now()
    klaar = Q(volgende_poging_op__lte=nu) | Q(
        volgende_poging_op__isnull=True, created_at__lte=nu - WACHTRIJ_WACHTTIJD
    )
    with transaction.atomic():
        ids = list(
            MailOpdracht.objects.select_for_update(skip_locked=True)
            .filter(klaar, status=MailOpdracht.Status.WACHTRIJ)
            .order_by("created_at")
            .values_list("pk", flat=True)[:100]
        )
        MailOpdracht.objects.filter(pk__in=ids).update(volgende_poging_op=nu + VEGEN_PAUZE)
        _na_commit_uitvoeren(ids)
    if ids:
        logger.info("Sweeper queued %s mail jobs again", len(ids))
    return ids
