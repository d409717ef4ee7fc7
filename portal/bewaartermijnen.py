"""Retention jobs (AVG art. 5 lid 1e): personal data that has served its purpose is removed.

Each job is one service, run nightly by Celery beat (``portal.tasks``, ``CELERY_BEAT_SCHEDULE``)
and safe to run twice. The terms are settings read from the environment (``BEWAARTERMIJN_*``);
``portal.avg.REGISTER`` says which term applies to which field.

- intake notes and attendees, and the contact details in enrolments: a term after the edition
  ended (an on-request enrolment: after its last status change to a closed status);
- participants' contact details (name, address, phone, needs) and their personal links: a term
  after the edition ended; invitations, answers and attendance stay as numbers;
- outbox mail that is sent, failed or held back: a number of days after it was last handled;
- expired sessions (``clearsessions``);
- login-attempt records of django-axes, when it is installed.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from . import audit
from .models import Mail, MailOpdracht


def _dagen(naam: str) -> timedelta:
    return timedelta(days=getattr(settings, naam))


def afgelopen_edities(*, voor: date) -> list[int]:
    """Ids of the editions whose planned end (start date plus duration,
    ``kennis.deelnamebewijs.geplande_einddatum``) is before ``voor``. An edition without a start
    date has no end to count from and is kept."""
    from kennis.deelnamebewijs import geplande_einddatum
    from trajecten.models import Editie

    ids = []
    for editie in Editie.objects.all():
        einde = geplande_einddatum(editie)
        if einde is not None and einde < voor:
            ids.append(editie.pk)
    return ids


def _vastleggen(actie_object: str, aantal: int) -> None:
    if aantal:
        audit.vastleggen(
            None,
            audit.BEWAARTERMIJN_OPGERUIMD,
            object_tekst=f"{actie_object}: {aantal}",
            kanaal="taak",
        )


@transaction.atomic
def intakegegevens_opruimen(*, nu=None) -> int:
    """Empty the intake notes and attendees, and the enrolment's contact details, once the
    edition ended ``BEWAARTERMIJN_INTAKE_DAGEN`` ago. Returns the number of enrolments."""
    from intake import rapportage
    from intake.models import Aanmelding, Intakegesprek

    nu = nu or timezone.now()
    grens = nu - _dagen("BEWAARTERMIJN_INTAKE_DAGEN")
    gesloten = [Aanmelding.Status.AFGEWEZEN, Aanmelding.Status.TERUGGETROKKEN]
    gesloten.append(Aanmelding.Status.AFGEROND)
    op_aanvraag = (
        Aanmelding.objects.filter(editie__isnull=True, status__in=gesloten)
        .annotate(laatst=Max("overgangen__created_at"))
        .filter(laatst__lt=grens)
    )
    aanmeldingen = Aanmelding.objects.filter(
        Q(editie__in=afgelopen_edities(voor=timezone.localdate(grens)))
        | Q(pk__in=op_aanvraag.values("pk"))
    )
    Intakegesprek.objects.filter(aanmelding__in=aanmeldingen).exclude(
        aanwezigen="", notities=""
    ).update(aanwezigen="", notities="")
    aantal = aanmeldingen.exclude(
        contact_naam="", contact_functie="", contact_email="", contact_telefoon=""
    ).update(contact_naam="", contact_functie="", contact_email="", contact_telefoon="")
    # The dashboard searches contact names: no cached search result may still find them.
    rapportage.vernieuwen()
    _vastleggen("intakegegevens", aantal)
    return aantal


@transaction.atomic
def deelnemergegevens_opruimen(*, nu=None) -> int:
    """Anonymise the participants of editions that ended ``BEWAARTERMIJN_DEELNEMERS_DAGEN`` ago
    and remove their personal links. Returns the number of participants."""
    from bijeenkomsten.models import Deelnemer, PersoonlijkeLink

    nu = nu or timezone.now()
    grens = timezone.localdate(nu - _dagen("BEWAARTERMIJN_DEELNEMERS_DAGEN"))
    deelnemers = Deelnemer.objects.filter(
        praktijk__aanmelding__editie__in=afgelopen_edities(voor=grens)
    ).exclude(email__endswith="@gewist.invalid")
    PersoonlijkeLink.objects.filter(deelnemer__in=deelnemers).delete()
    aantal = 0
    for deelnemer in deelnemers.select_for_update():
        deelnemer.naam = "Gewiste deelnemer"
        deelnemer.email = f"gewist-{deelnemer.pk}@gewist.invalid"
        deelnemer.telefoon = ""
        deelnemer.toegankelijkheid = ""
        deelnemer.save(update_fields=["naam", "email", "telefoon", "toegankelijkheid"])
        aantal += 1
    _vastleggen("deelnemers", aantal)
    return aantal


def mail_opruimen(*, nu=None) -> int:
    """Delete outbox mail that is done (sent, failed for good or held back) since
    ``BEWAARTERMIJN_MAIL_DAGEN``. Mail still waiting is never touched."""
    nu = nu or timezone.now()
    grens = nu - _dagen("BEWAARTERMIJN_MAIL_DAGEN")
    klaar = Q(status=Mail.Status.VERZONDEN, verzonden_op__lt=grens) | Q(
        status__in=[Mail.Status.MISLUKT, Mail.Status.TEGENGEHOUDEN], created_at__lt=grens
    )
    _, per_model = Mail.objects.filter(klaar).delete()
    aantal = per_model.get(Mail._meta.label, 0)
    # Finished mail jobs hold participant ids: they go with the mail they made.
    MailOpdracht.objects.filter(
        status__in=[MailOpdracht.Status.KLAAR, MailOpdracht.Status.MISLUKT], created_at__lt=grens
    ).delete()
    _vastleggen("mail", aantal)
    return aantal


def sessies_opruimen(*, nu=None) -> int:
    """What ``manage.py clearsessions`` does for the database backend."""
    aantal, _ = Session.objects.filter(expire_date__lt=nu or timezone.now()).delete()
    return aantal


def inlogpogingen_opruimen(*, nu=None) -> int:
    """Delete django-axes records older than ``BEWAARTERMIJN_INLOGPOGINGEN_DAGEN`` (nothing to
    do while axes is not installed)."""
    if not apps.is_installed("axes"):
        return 0
    grens = (nu or timezone.now()) - _dagen("BEWAARTERMIJN_INLOGPOGINGEN_DAGEN")
    aantal = 0
    for naam in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", naam)
        except LookupError:
            continue
        aantal += model.objects.filter(attempt_time__lt=grens).delete()[1].get(model._meta.label, 0)
    _vastleggen("inlogpogingen", aantal)
    return aantal
