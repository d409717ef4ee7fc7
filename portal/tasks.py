"""Celery tasks of the portal app. Each task calls exactly one service and is safe to run twice;
ids, not instances, cross the queue."""

from celery import shared_task

from . import bewaartermijnen, mail, mailopdrachten


# The row counts the attempts (mail.MAX_POGINGEN), also across tasks queued by the sweeper, so
# Celery's own retry counter is not limited here.
@shared_task(bind=True, acks_late=True, soft_time_limit=60, time_limit=90, max_retries=None)
def mail_versturen(self, mail_id: int) -> None:
    """Send one outbox row (a task queued before :func:`mails_versturen` existed):
    :func:`portal.mail.mail_verzenden`, which checks under a row lock
    that the row is still to be sent. A transient failure retries the task after the backoff the
    service chose. In-process (eager) runs do not retry on the spot: the row stays ``opnieuw``
    and the sweeper or the admin action picks it up."""
    uitkomst = mail.mail_verzenden(mail_id=mail_id)
    if uitkomst.opnieuw_over is not None and not self.request.is_eager:
        raise self.retry(countdown=uitkomst.opnieuw_over.total_seconds())


@shared_task(bind=True, acks_late=True, soft_time_limit=300, time_limit=330)
def mails_versturen(self, mail_ids: list[int]) -> None:
    """Send outbox rows over one connection: :func:`portal.mail.mails_verzenden`, which checks
    under row locks that each row is still to be sent. Rows that failed for now are queued again
    after the backoff the service chose, as one task per wait. In-process (eager) runs do not
    retry on the spot: those rows stay ``opnieuw`` for the sweeper or the admin action."""
    uitkomsten = mail.mails_verzenden(mail_ids=mail_ids)
    if self.request.is_eager:
        return
    later: dict[float, list[int]] = {}
    for mail_id, uitkomst in uitkomsten.items():
        if uitkomst.opnieuw_over is not None:
            later.setdefault(uitkomst.opnieuw_over.total_seconds(), []).append(mail_id)
    for wachten, ids in sorted(later.items()):
        mails_versturen.apply_async(args=[ids], countdown=wachten)


# A job puts thousands of mails in the outbox (rendering each): minutes are allowed for it.
@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def mailopdracht_uitvoeren(opdracht_id: int) -> None:
    """Run one mail job: :func:`portal.mailopdrachten.uitvoeren`. Errors are recorded on the
    job and retried by the sweeper."""
    mailopdrachten.uitvoeren(opdracht_id=opdracht_id)


@shared_task(soft_time_limit=50, time_limit=55)
def mail_wachtrij_vegen() -> None:
    """Every minute (``CELERY_BEAT_SCHEDULE``): :func:`portal.mail.wachtrij_vegen` queues mail
    again whose task was lost or whose retry time has come, and
    :func:`portal.mailopdrachten.vegen` does the same for mail jobs."""
    mail.wachtrij_vegen()
    mailopdrachten.vegen()


# Retention jobs (portal.bewaartermijnen), nightly on beat. Each is a bulk clean-up that is safe
# to run twice: a second run finds nothing past its term.
@shared_task(soft_time_limit=300, time_limit=360)
def intakegegevens_opruimen() -> None:
    bewaartermijnen.intakegegevens_opruimen()


@shared_task(soft_time_limit=300, time_limit=360)
def deelnemergegevens_opruimen() -> None:
    bewaartermijnen.deelnemergegevens_opruimen()


@shared_task(soft_time_limit=300, time_limit=360)
def mail_opruimen() -> None:
    bewaartermijnen.mail_opruimen()


@shared_task(soft_time_limit=300, time_limit=360)
def sessies_opruimen() -> None:
    bewaartermijnen.sessies_opruimen()


@shared_task(soft_time_limit=300, time_limit=360)
def inlogpogingen_opruimen() -> None:
    bewaartermijnen.inlogpogingen_opruimen()
