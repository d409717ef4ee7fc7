"""Celery tasks of the knowledge product. Each task calls exactly one service and is safe to run
twice; ids, not instances, cross the queue."""

from celery import shared_task

from . import render


# The service checks the version's state under a row lock, so a redelivered message (acks_late:
# a worker that died before acknowledging) does no harm. The hard time limit stays below
# render.BEZIG_MAX, so a claim never outlives a live render.
@shared_task(bind=True, acks_late=True, soft_time_limit=120, time_limit=150, max_retries=3)
def weergave_maken(self, weergave_id: int) -> str:
    """Render one version of a knowledge product: :func:`kennis.render.weergave_maken`. When
    another worker holds the version, look again after its claim has run out: then either that
    worker finished, or it died and this run takes over."""
    uitkomst = render.weergave_maken(weergave_id=weergave_id)
    if uitkomst.wacht_nog is not None and not self.request.is_eager:
        raise self.retry(countdown=uitkomst.wacht_nog.total_seconds())
    return uitkomst.status


@shared_task(soft_time_limit=50, time_limit=55)
def weergaven_vegen() -> int:
    """For the beat schedule (every few minutes): :func:`kennis.render.weergaven_vegen` queues
    versions again whose message was lost or whose worker died."""
    return render.weergaven_vegen()
