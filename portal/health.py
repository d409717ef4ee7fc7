"""Dependency checks for ``/health/``: each check answers quickly and says what failed."""

from django.conf import settings
from django.db import connection


def database_bereikbaar() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, "ok"


def broker_bereikbaar() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory://"):
        return True, "in-process"
    import redis

    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return False, exc.__class__.__name__
    finally:
        client.close()
    return True, "ok"


def status() -> dict[str, tuple[bool, str]]:
    return {"database": database_bereikbaar(), "broker": broker_bereikbaar()}
