"""Celery tasks for meetings. Each task calls exactly one service and is safe to run twice."""

from celery import shared_task

from . import planning


@shared_task(soft_time_limit=240, time_limit=300)
def herinneringen_versturen() -> int:
    """Hourly (``CELERY_BEAT_SCHEDULE``): :func:`bijeenkomsten.planning.herinneringen_versturen`
    marks each meeting under a row lock, so a second run reminds nobody twice."""
    return planning.herinneringen_versturen()
