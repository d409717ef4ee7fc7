"""The log scan (issue 7): no e-mail address of a test user or participant and no personal-link
token appears in any log record of any test.

How: every e-mail address of a ``User``, ``Deelnemer`` or enrolment contact saved during the
session, and every personal-link token made, is remembered (``post_save``). Around every test a
handler on the root logger collects each record at DEBUG level of the application and framework
loggers, passed through the filters that ``settings.LOGGING`` gives the console handler: it sees
what the portal's log would hold. At the end of the test the text is searched for every
remembered value; a hit fails that test and names the logger.

Installed from ``tests/conftest.py``."""

from __future__ import annotations

import contextlib
import logging

import pytest
from django.conf import settings
from django.db.models.signals import post_save
from django.utils.module_loading import import_string

#: Loggers that get DEBUG during a test (root stays as configured; factory_boy and Faker log
#: their own arguments at DEBUG and are test tooling, not the application).
LOGGERS = ("portal", "intake", "bijeenkomsten", "kennis", "trajecten", "django", "allauth")
LOGGERS += ("celery", "axes", "csp")

GEHEIMEN: set[str] = set()
#: The first characters of a token are enough to find it, also when a log shows a changed tail.
TOKEN_PREFIX = 24


def _onthouden(sender, instance, **kwargs):
    from bijeenkomsten.links import link_token
    from bijeenkomsten.models import Deelnemer, PersoonlijkeLink
    from intake.models import Aanmelding
    from portal.models import User

    if sender in (User, Deelnemer) and instance.email and "@" in instance.email:
        GEHEIMEN.add(instance.email.lower())
    elif sender is Aanmelding and instance.contact_email:
        GEHEIMEN.add(instance.contact_email.lower())
    elif sender is PersoonlijkeLink and instance.zout:
        GEHEIMEN.add(link_token(instance)[:TOKEN_PREFIX])


def signalen_koppelen() -> None:
    post_save.connect(_onthouden, dispatch_uid="logscan_onthouden")


class Verzamelaar(logging.Handler):
    """Keeps every record as the console handler would write it."""

    def __init__(self, filters=()):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        for filter_ in filters:
            self.addFilter(filter_)
        self.regels: list[tuple[str, str]] = []

    def emit(self, record):
        # A record that cannot be formatted is not written by the console either.
        with contextlib.suppress(Exception):
            self.regels.append((record.name, self.format(record)))


def console_filters() -> list[logging.Filter]:
    """The filters ``settings.LOGGING`` puts on the console handler, as instances."""
    namen = settings.LOGGING["handlers"]["console"].get("filters", [])
    return [import_string(settings.LOGGING["filters"][naam]["()"])() for naam in namen]


def lekken(regels: list[tuple[str, str]], geheimen: set[str]) -> list[tuple[str, str]]:
    """(logger, value) for every remembered value found in the collected records."""
    if not regels:
        return []
    gevonden = []
    for naam, tekst in regels:
        laag = tekst.lower()
        gevonden.extend((naam, g) for g in geheimen if g in laag)
    return gevonden


@pytest.fixture(autouse=True)
def _geen_persoonsgegevens_in_logs():
    verzamelaar = Verzamelaar(console_filters())
    root = logging.getLogger()
    root.addHandler(verzamelaar)
    niveaus = {}
    for naam in LOGGERS:
        logger = logging.getLogger(naam)
        niveaus[naam] = logger.level
        logger.setLevel(logging.DEBUG)
    try:
        yield verzamelaar
    finally:
        root.removeHandler(verzamelaar)
        for naam, niveau in niveaus.items():
            logging.getLogger(naam).setLevel(niveau)
    gevonden = lekken(verzamelaar.regels, GEHEIMEN)
    if gevonden:
        pytest.fail(
            "Personal data in the application log: "
            + "; ".join(f"{naam}: {waarde}" for naam, waarde in gevonden[:5])
        )
