"""Demo data for the portal: fictional accounts (all ``@example.org``, one shared password) and
editions of tracks A and B that are open for enrolment now.

Loading is idempotent: running it twice changes nothing. It is refused under production settings,
and it never uses the real people from the source documents as accounts.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from trajecten.models import Editie, Traject

from .models import Gemeente, GemeenteLidmaatschap, Organisatie, User

# Cooperations named in the source documents (DOMAIN.md §3.5).
SAMENWERKINGEN = {
    "Hillegom": "HLTsamen (met Lisse en Teylingen)",
    "Lisse": "HLTsamen (met Hillegom en Teylingen)",
    "Teylingen": "HLTsamen (met Hillegom en Lisse)",
    "Huizen": "Werkt in het sociaal domein samen met Blaricum, Eemnes en Laren",
    "Blaricum": "Werkt in het sociaal domein samen met Huizen, Eemnes en Laren",
    "Eemnes": "Werkt in het sociaal domein samen met Huizen, Blaricum en Laren",
    "Laren (NH.)": "Werkt in het sociaal domein samen met Huizen, Blaricum en Eemnes",
    "Dordrecht": "Drechtsteden",
}


@dataclass(frozen=True)
class DemoAccount:
    email: str
    naam: str
    rol: str
    organisatie: str | None = None
    gemeente: str | None = None
    functie: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("beheerder@example.org", "Bea Beheer", User.Rol.BEHEERDER),
    DemoAccount("adviseur.movisie@example.org", "Anouk Adviseur", User.Rol.ADVISEUR, "movisie"),
    DemoAccount("adviseur.vng@example.org", "Victor Verbinder", User.Rol.ADVISEUR, "vng"),
    DemoAccount(
        "ambtenaar.someren@example.org",
        "Sanne Smits",
        User.Rol.AMBTENAAR,
        gemeente="Someren",
        functie="Beleidsmedewerker participatie",
    ),
    DemoAccount(
        "ambtenaar.groningen@example.org",
        "Gijs Grootveld",
        User.Rol.AMBTENAAR,
        gemeente="Groningen",
        functie="Gebiedsadviseur",
    ),
    DemoAccount(
        "ambtenaar.hillegom@example.org",
        "Hanna de Haan",
        User.Rol.AMBTENAAR,
        gemeente="Hillegom",
        functie="Beleidsmedewerker sociaal domein (HLTsamen)",
    ),
]


def _eerste_donderdag_na(datum: datetime.date) -> datetime.date:
    return datum + datetime.timedelta(days=(3 - datum.weekday()) % 7 or 7)


def demo_edities_plannen(vandaag: datetime.date) -> dict[str, dict]:
    """Dates for the demo editions: enrolment open from the first of this month for three months,
    the start meeting on a Thursday (A) or Tuesday (B) a few weeks after enrolment closes. Track B
    works in small regional groups of two to four municipalities (DOMAIN.md §6.7)."""
    vanaf = vandaag.replace(day=1)
    jaar, maand = divmod(vanaf.month - 1 + 3, 12)
    tot = datetime.date(vanaf.year + jaar, maand + 1, 1) - datetime.timedelta(days=1)
    start_a = _eerste_donderdag_na(tot + datetime.timedelta(days=14))
    start_b = start_a + datetime.timedelta(days=12)  # a Tuesday, as in the B calendar
    return {
        "A": {"vanaf": vanaf, "tot": tot, "start": start_a, "plaatsen": 5, "groepsgrootte": (4, 6)},
        "B": {
            "vanaf": vanaf,
            "tot": tot,
            "start": start_b,
            "plaatsen": None,
            "groepsgrootte": (2, 4),
        },
    }


@transaction.atomic
def demo_laden(*, vandaag: datetime.date | None = None) -> dict[str, int]:
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    vandaag = vandaag or timezone.localdate()

    for naam, samenwerking in SAMENWERKINGEN.items():
        Gemeente.objects.actief().filter(naam=naam).update(samenwerking=samenwerking)

    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=settings.DEMO_PASSWORD,
                naam=account.naam,
                rol=account.rol,
                organisatie=Organisatie.objects.get(slug=account.organisatie)
                if account.organisatie
                else None,
                is_staff=account.rol == User.Rol.BEHEERDER,
                is_superuser=account.rol == User.Rol.BEHEERDER,
            )
        # allauth needs a verified e-mail address for login with mandatory verification.
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.gemeente:
            GemeenteLidmaatschap.objects.get_or_create(
                user=user,
                gemeente=Gemeente.objects.actief().get(naam=account.gemeente),
                defaults={
                    "status": GemeenteLidmaatschap.Status.BEVESTIGD,
                    "functie": account.functie,
                    "bevestigd_op": timezone.now(),
                },
            )

    for code, plan in demo_edities_plannen(vandaag).items():
        traject = Traject.objects.get(code=code)
        jaar = plan["start"].year
        Editie.objects.get_or_create(
            traject=traject,
            slug=str(jaar),
            defaults={
                "naam": f"Editie {jaar}",
                "status": Editie.Status.OPEN,
                "aanmelding_vanaf": plan["vanaf"],
                "aanmelding_tot": plan["tot"],
                "startdatum": plan["start"],
                "start_indicatie": f"begin {jaar}",
                "doorlooptijd_maanden": 12,
                "plaatsen": plan["plaatsen"],
                "groepsgrootte_min": plan["groepsgrootte"][0],
                "groepsgrootte_max": plan["groepsgrootte"][1],
            },
        )

    return {
        "accounts": User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).count(),
        "edities": Editie.objects.count(),
    }
