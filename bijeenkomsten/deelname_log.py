"""A logging filter that hides personal-link tokens (``/p/<token>/``) in log records.

Kept free of model imports, so that Django's logging setup can load it before the apps are
ready. Registered on the console handler and the ``django.server`` logger in ``LOGGING``."""

import logging
import re

PERSOONLIJKE_LINK = re.compile(r"/p/[^/\s\"'?#]+")
VERBORGEN = "/p/[verborgen]"


def verbergen(tekst: str) -> str:
    return PERSOONLIJKE_LINK.sub(VERBORGEN, tekst)


class PersoonlijkeLinksVerbergen(logging.Filter):
    """Replaces ``/p/<token>`` in the message (after formatting its arguments) and drops the
    request object, so no handler or formatter can print the path later."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except Exception:  # a broken record must still be logged, never raise here
            return True
        if "/p/" in bericht:
            record.msg = verbergen(bericht)
            record.args = ()
        # Django's request loggers attach the HttpRequest; runserver's "django.server" attaches
        # its socket, which has no path (the path is in the message, hidden above).
        if "/p/" in str(getattr(getattr(record, "request", None), "path", "")):
            record.request = None
        return True
