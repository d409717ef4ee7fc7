"""The mail outbox: the one place where the portal creates and sends e-mail.

A service that changes something and wants to tell someone calls :func:`mail_klaarzetten` inside
its own transaction. That writes a ``Mail`` row with the rendered text and, once the transaction
commits, queues the Celery task ``portal.tasks.mails_versturen`` (one per :data:`PER_TAAK`
rows). The task calls :func:`mails_verzenden`, which sends the rows through Django's
``EMAIL_BACKEND`` over one connection, at most once per row (see its docstring for the one window
in which a duplicate is possible). The periodic task
``portal.tasks.mail_wachtrij_vegen`` calls :func:`wachtrij_vegen`, which queues rows again whose
task got lost (broker outage, killed worker) or whose retry time has come. So a broker outage
delays mail, but loses none, and a rolled-back change sends nothing.

Status flow::

    wachtrij ──► bezig ──► verzonden
                   │
                   ├──► opnieuw ──► bezig …   (4xx, connection errors; at most MAX_POGINGEN)
                   └──► mislukt              (5xx, refused recipients, too many attempts)
    tegengehouden                              (recipient in MAIL_TEGENHOUDEN_DOMEINEN; never sent)
"""

import contextlib
import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from .exceptions import PortaalFout
from .models import Mail

logger = logging.getLogger(__name__)

#: After this many failed attempts a mail is given up (``mislukt``).
MAX_POGINGEN = 8
#: Wait before the n-th next attempt: 30 s, 1 min, 2 min, … at most one hour.
BACKOFF_BASIS = timedelta(seconds=30)
BACKOFF_MAXIMUM = timedelta(hours=1)
#: A row ``bezig`` for longer than this belongs to a worker that died (or hangs): the sweeper
#: takes it back. Much longer than the task's hard time limit, so a live send is never doubled.
BEZIG_TIMEOUT = timedelta(minutes=10)
#: A row still ``wachtrij`` this long after it was created lost its task (broker down at commit).
WACHTRIJ_WACHTTIJD = timedelta(minutes=2)
#: How long the sweeper leaves a row alone after queueing it, so a long queue is not flooded with
#: copies of the same task every minute.
VEGEN_PAUZE = timedelta(minutes=5)
VEGEN_PER_KEER = 500
#: Rows per send task; one task sends them over one SMTP connection.
PER_TAAK = 50
#: A batch stores "verzonden" after every this many accepted mails, so a worker that dies in the
#: middle of a batch leaves at most this many sent rows "bezig" (see :func:`mails_verzenden`).
TUSSENSTAND = 10
#: After this many passing failures in a row (connection errors, 4xx) a batch stops trying: the
#: server is down or busy, and its remaining rows get the same failure and wait like the others.
FOUTEN_OP_RIJ = 3

AFGEROND = (Mail.Status.VERZONDEN, Mail.Status.MISLUKT, Mail.Status.TEGENGEHOUDEN)


def message_id_maken(sleutel: str) -> str:
    """The Message-ID follows from the key, so a mail sent twice by accident carries the same
    Message-ID both times and receiving systems (and our tests) can tell it is one mail."""
    digest = hashlib.sha256(sleutel.encode()).hexdigest()[:32]
    return f"<{digest}@trajectportaal>"


def _tegengehouden_domein(adressen: list[str]) -> str | None:
    domeinen = {d.strip().lower().lstrip("@") for d in settings.MAIL_TEGENHOUDEN_DOMEINEN}
    for adres in adressen:
        domein = adres.rpartition("@")[2].strip().rstrip(">").lower()
        for tegen in domeinen:
            if domein == tegen or domein.endswith("." + tegen):
                return tegen
    return None


def _bijlagen_controleren(bijlagen: list[dict]) -> list[dict]:
    schoon = []
    for bijlage in bijlagen:
        if set(bijlage) != {"naam", "mimetype", "inhoud"}:
            raise ValueError("An attachment needs exactly the keys naam, mimetype and inhoud")
        if not all(isinstance(bijlage[k], str) for k in ("naam", "mimetype", "inhoud")):
            raise ValueError("Attachment naam, mimetype and inhoud must be text")
        schoon.append(dict(bijlage))
    return schoon


@dataclass(frozen=True)
class Bericht:
    """One mail to put in the outbox; see :func:`mail_klaarzetten` for the meaning of each field."""

    sleutel: str
    aan: list[str]
    onderwerp: str
    sjabloon: str
    context: dict
    bijlagen: list[dict] | None = None
    taal: str = "nl"
    #: ids of the organisations whose advisors may see this mail in the mail overview (the
    #: organisations of the track it is about); empty: only beheerders see it.
    organisaties: tuple[int, ...] = ()


def _eis_transactie() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "mail_klaarzetten must run inside the transaction of the change that causes the mail"
        )


def _ids(organisaties) -> tuple[int, ...]:
    return tuple(sorted({getattr(o, "pk", o) for o in organisaties}))


def _controleren(bericht: Bericht) -> tuple[list[str], list[dict]]:
    aan = [adres.strip() for adres in bericht.aan if adres and adres.strip()]
    if not aan:
        raise ValueError("A mail needs at least one recipient")
    if not bericht.sleutel or len(bericht.sleutel) > Mail._meta.get_field("sleutel").max_length:
        raise ValueError("The key must be 1 to 200 characters")
    return aan, _bijlagen_controleren(bericht.bijlagen or [])


def _opstellen(bericht: Bericht, aan: list[str], bijlagen: list[dict]) -> Mail:
    """The unsaved row: text and HTML rendered now, in the mail's language."""
    with translation.override(bericht.taal):
        onderwerp = " ".join(str(bericht.onderwerp).split())[
            : Mail._meta.get_field("onderwerp").max_length
        ]
        sjabloon_context = {**bericht.context, "onderwerp": onderwerp}
        tekst = str(render_to_string(f"{bericht.sjabloon}.txt", sjabloon_context))
        try:
            html_sjabloon = get_template(f"{bericht.sjabloon}.html")
        except TemplateDoesNotExist:
            html = ""
        else:
            html = str(html_sjabloon.render(sjabloon_context))
    tegen = _tegengehouden_domein(aan)
    return Mail(
        sleutel=bericht.sleutel,
        message_id=message_id_maken(bericht.sleutel),
        aan=aan,
        onderwerp=onderwerp,
        tekst=tekst,
        html=html,
        bijlagen=bijlagen,
        status=Mail.Status.TEGENGEHOUDEN if tegen else Mail.Status.WACHTRIJ,
        laatste_fout=f"Held back: {tegen} is in MAIL_TEGENHOUDEN_DOMEINEN" if tegen else "",
    )


def mail_klaarzetten(
    *,
    sleutel: str,
    aan: list[str],
    onderwerp: str,
    sjabloon: str,
    context: dict,
    bijlagen: list[dict] | None = None,
    taal: str = "nl",
    organisaties=(),
) -> Mail:
    """Put one e-mail in the outbox and queue it for sending once the caller's transaction commits.

    Call it inside the transaction of the change that causes the mail (``transaction.atomic``);
    outside one it raises ``RuntimeError``. Then a rollback leaves no mail behind and a commit
    always leaves one.

    - ``sleutel`` makes the mail idempotent: when a row with this key exists, that row is returned
      and nothing new is written or queued. Put everything that makes the mail unique in it, e.g.
      ``"aanmelding:12:ingediend:1"``.
    - ``sjabloon`` names templates without extension: ``{sjabloon}.txt`` is required,
      ``{sjabloon}.html`` is used when it exists. Both should extend ``mail/base.txt`` and
      ``mail/base.html``. They are rendered now, in language ``taal``, with ``context`` plus
      ``onderwerp``; the row keeps the result, so later template changes do not alter it.
    - ``bijlagen`` is a list of ``{"naam", "mimetype", "inhoud"}`` with text content (an .ics).
    - A recipient in a domain of ``settings.MAIL_TEGENHOUDEN_DOMEINEN`` makes the whole mail
      ``tegengehouden``: stored for the record, never sent.
    - ``organisaties``: the organisations (or their ids) of the track the mail is about; their
      advisors see the mail in the overview of mail that needs attention.

    Raises ``ValueError`` for an empty recipient list or a malformed attachment.
    """
    _eis_transactie()
    bericht = Bericht(
        sleutel, aan, onderwerp, sjabloon, context, bijlagen, taal, _ids(organisaties)
    )
    aan, bijlagen = _controleren(bericht)

    bestaand = Mail.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand

    nieuw = _opstellen(bericht, aan, bijlagen)
    # get_or_create under a savepoint: two transactions that put the same mail in the outbox at
    # once end with one row, and only the one that wrote it queues a task.
    velden = {f.attname: getattr(nieuw, f.attname) for f in Mail._meta.concrete_fields}
    for naam in ("id", "sleutel"):
        velden.pop(naam, None)
    mail, gemaakt = Mail.objects.get_or_create(sleutel=sleutel, defaults=velden)
    if gemaakt and bericht.organisaties:
        mail.organisaties.set(bericht.organisaties)
    if gemaakt and mail.status == Mail.Status.WACHTRIJ:
        _na_commit_versturen([mail.pk])
    elif gemaakt:
        logger.info("Mail %s held back: %s", mail.pk, mail.laatste_fout)
    return mail


def mails_klaarzetten(berichten: list[Bericht]) -> int:
    """Put many mails in the outbox at once, with the same promises as :func:`mail_klaarzetten`,
    in a fixed number of queries: one to find the keys that exist, one insert, one to find the
    new rows (and one more to link them to their organisations). Returns how many rows are new.

    A key written at the same moment by another transaction is skipped by the insert
    (``ON CONFLICT DO NOTHING``); if its row is found here too, its task may be queued twice,
    which is harmless: sending is a no-op for a row that is sent or in flight."""
    _eis_transactie()
    gecontroleerd = {}
    for bericht in berichten:
        gecontroleerd.setdefault(bericht.sleutel, (bericht, *_controleren(bericht)))
    bestaand = set(
        Mail.objects.filter(sleutel__in=list(gecontroleerd)).values_list("sleutel", flat=True)
    )
    nieuw = [
        _opstellen(bericht, aan, bijlagen)
        for sleutel, (bericht, aan, bijlagen) in gecontroleerd.items()
        if sleutel not in bestaand
    ]
    if not nieuw:
        return 0
    Mail.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=500)
    rijen = list(
        Mail.objects.filter(sleutel__in=[m.sleutel for m in nieuw]).values_list(
            "pk", "sleutel", "status"
        )
    )
    koppelingen = [
        Mail.organisaties.through(mail_id=pk, organisatie_id=organisatie)
        for pk, sleutel, _status in rijen
        for organisatie in _ids(gecontroleerd[sleutel][0].organisaties)
    ]
    if koppelingen:
        Mail.organisaties.through.objects.bulk_create(koppelingen, ignore_conflicts=True)
    _na_commit_versturen([pk for pk, _s, status in rijen if status == Mail.Status.WACHTRIJ])
    return len(nieuw)


def _na_commit_versturen(mail_ids: list[int]) -> None:
    """Queue the rows for sending once the transaction commits, in tasks of at most
    :data:`PER_TAAK` rows that each send over one SMTP connection. When the broker is down, the
    failure is logged once, the caller's request still succeeds and the rows wait in the outbox
    until the sweeper queues them; a task that fails in-process (eager mode) does not stop the
    others."""
    from .tasks import mails_versturen

    def queue():
        for begin in range(0, len(mail_ids), PER_TAAK):
            deel = mail_ids[begin : begin + PER_TAAK]
            try:
                mails_versturen.delay(deel)
            except OperationalError:
                logger.exception(
                    "Broker unreachable in on_commit: %s mails wait for the sweeper", len(mail_ids)
                )
                return
            except Exception:
                logger.exception("Queueing mails %s failed in on_commit", deel)

    if mail_ids:
        transaction.on_commit(queue)


@dataclass(frozen=True)
class Verzending:
    """What :func:`mail_verzenden` did. ``opnieuw_over`` is set when a later attempt should
    follow; the task uses it as its retry countdown."""

    status: str
    verstuurd: bool = False
    opnieuw_over: timedelta | None = None


def _wachttijd(pogingen: int) -> timedelta:
    return min(BACKOFF_BASIS * 2 ** max(pogingen - 1, 0), BACKOFF_MAXIMUM)


def _bericht(mail: Mail) -> EmailMultiAlternatives:
    bericht = EmailMultiAlternatives(
        subject=mail.onderwerp,
        body=mail.tekst,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.aan,
        headers={"Message-ID": mail.message_id},
    )
    if mail.html:
        bericht.attach_alternative(mail.html, "text/html")
    for bijlage in mail.bijlagen:
        bericht.attach(bijlage["naam"], bijlage["inhoud"], bijlage["mimetype"])
    return bericht


def _fout_indelen(fout: Exception) -> bool:
    """True when the error is permanent: the server refused this message or its recipients.
    Everything else (4xx, lost connections, timeouts, a wrong password) may pass."""
    if isinstance(fout, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(fout, smtplib.SMTPAuthenticationError):
        return False  # our configuration, not this message: retry after it is fixed
    if isinstance(fout, smtplib.SMTPResponseException):
        return 500 <= fout.smtp_code < 600
    return False


def mail_verzenden(*, mail_id: int) -> Verzending:
    """Send one outbox row, at most once: :func:`mails_verzenden` for a single row."""
    return mails_verzenden(mail_ids=[mail_id])[mail_id]


def _claimen(mail_ids: list[int], nu: datetime) -> tuple[list[Mail], dict[int, Verzending]]:
    """Under row locks (in id order, so two batches never deadlock): mark the rows that are
    still to be sent ``bezig`` and commit. The others get the outcome that says why not."""
    uitkomsten: dict[int, Verzending] = {}
    with transaction.atomic():
        rijen = list(Mail.objects.select_for_update().filter(pk__in=mail_ids).order_by("pk"))
        gevonden = {mail.pk for mail in rijen}
        for mail_id in mail_ids:
            if mail_id not in gevonden:
                logger.warning("Mail %s does not exist (any more); nothing to send", mail_id)
                uitkomsten[mail_id] = Verzending(status="")
        te_versturen = []
        for mail in rijen:
            bezet = (
                mail.status == Mail.Status.BEZIG
                and mail.bezig_sinds
                and mail.bezig_sinds > nu - BEZIG_TIMEOUT
            )
            if mail.status in AFGEROND or bezet:
                uitkomsten[mail.pk] = Verzending(status=mail.status)
            else:
                mail.status, mail.bezig_sinds = Mail.Status.BEZIG, nu
                te_versturen.append(mail)
        Mail.objects.filter(pk__in=[m.pk for m in te_versturen]).update(
            status=Mail.Status.BEZIG, bezig_sinds=nu
        )
    return te_versturen, uitkomsten


def _verzonden_vastleggen(mails: list[Mail], nu: datetime) -> None:
    bijgewerkt = Mail.objects.filter(
        pk__in=[m.pk for m in mails], status=Mail.Status.BEZIG, bezig_sinds=nu
    ).update(
        status=Mail.Status.VERZONDEN,
        verzonden_op=timezone.now(),
        pogingen=F("pogingen") + 1,
        volgende_poging_op=None,
        laatste_fout="",
    )
    if bijgewerkt < len(mails):
        logger.warning(
            "%s of %s mails were sent but another run had taken them over",
            len(mails) - bijgewerkt,
            len(mails),
        )


def mails_verzenden(*, mail_ids: list[int]) -> dict[int, Verzending]:
    """Send outbox rows, each at most once, over one connection of ``EMAIL_BACKEND``. Called by
    the task ``portal.tasks.mails_versturen``; returns the outcome per id.

    1. Under row locks (``select_for_update``): skip a row that is ``verzonden``, ``mislukt`` or
       ``tegengehouden``, or ``bezig`` since less than ``BEZIG_TIMEOUT`` (another worker has it
       in hand), and one that does not exist. Mark the others ``bezig`` and commit, so that a
       second delivery of the same task, at the same time or later, finds them taken.
    2. Send them one by one over one connection, outside any transaction (SMTP can be slow; no
       lock is held meanwhile), with the row's Message-ID, HTML alternative and attachments.
       After a failure the connection is closed and the next mail opens a new one; after
       :data:`FOUTEN_OP_RIJ` failures in a row the rest of the batch gets the same failure.
    3. Mark the accepted rows ``verzonden`` in one update per :data:`TUSSENSTAND` mails; a failed
       row becomes ``mislukt`` (a 5xx answer or refused recipients: retrying will not help) or
       ``opnieuw`` with a backoff (4xx, connection errors and anything unexpected, at most
       ``MAX_POGINGEN`` attempts, then ``mislukt``).

    The duplicate window: when the worker dies (or the database is unreachable) after the SMTP
    server accepted a message and before step 3 stored it, the row stays ``bezig``; after
    ``BEZIG_TIMEOUT`` the sweeper queues it again and the recipient gets the mail twice, with the
    same Message-ID. SMTP offers no way to close that window; it is at most
    :data:`TUSSENSTAND` mails wide.
    """
    nu = timezone.now()
    te_versturen, uitkomsten = _claimen(list(dict.fromkeys(mail_ids)), nu)
    if not te_versturen:
        return uitkomsten
    verbinding = get_connection(fail_silently=False)
    open_nodig = True
    verzonden: list[Mail] = []
    fouten_op_rij, laatste_fout = 0, None
    try:
        for mail in te_versturen:
            if fouten_op_rij >= FOUTEN_OP_RIJ:
                uitkomsten[mail.pk] = _mislukking_vastleggen(mail, laatste_fout)
                continue
            try:
                if open_nodig:
                    verbinding.open()
                    open_nodig = False
                verbinding.send_messages([_bericht(mail)])
            except Exception as fout:  # every failure is recorded on the row, none escapes
                uitkomsten[mail.pk] = _mislukking_vastleggen(mail, fout)
                # Only passing failures (connection, 4xx) say the server is the problem.
                fouten_op_rij = 0 if _fout_indelen(fout) else fouten_op_rij + 1
                laatste_fout = fout
                with contextlib.suppress(Exception):
                    verbinding.close()
                open_nodig = True
                continue
            fouten_op_rij = 0
            uitkomsten[mail.pk] = Verzending(status=Mail.Status.VERZONDEN, verstuurd=True)
            verzonden.append(mail)
            if len(verzonden) >= TUSSENSTAND:
                _verzonden_vastleggen(verzonden, nu)
                verzonden = []
    finally:
        if verzonden:
            _verzonden_vastleggen(verzonden, nu)
        if not open_nodig:
            with contextlib.suppress(Exception):
                verbinding.close()
    return uitkomsten


def _mislukking_vastleggen(mail: Mail, fout: Exception) -> Verzending:
    pogingen = mail.pogingen + 1
    reden = f"{type(fout).__name__}: {fout}"[:2000]
    verwacht = isinstance(fout, smtplib.SMTPException | OSError)
    if not verwacht:
        logger.exception("Unexpected error while sending mail %s", mail.pk, exc_info=fout)
    if _fout_indelen(fout) or pogingen >= MAX_POGINGEN:
        status, volgende, opnieuw_over = Mail.Status.MISLUKT, None, None
        logger.error("Mail %s failed for good after %s attempts: %s", mail.pk, pogingen, reden)
    else:
        opnieuw_over = _wachttijd(pogingen)
        status, volgende = Mail.Status.OPNIEUW, timezone.now() + opnieuw_over
        logger.warning("Mail %s will be retried in %s: %s", mail.pk, opnieuw_over, reden)
    Mail.objects.filter(pk=mail.pk, status=Mail.Status.BEZIG, bezig_sinds=mail.bezig_sinds).update(
        status=status, pogingen=pogingen, volgende_poging_op=volgende, laatste_fout=reden
    )
    return Verzending(status=status, opnieuw_over=opnieuw_over)


def wachtrij_vegen(*, nu: datetime | None = None) -> list[int]:
    """Queue again what should be sent by now. Called every minute by the task
    ``portal.tasks.mail_wachtrij_vegen``; returns the ids it queued.

    - ``opnieuw`` rows whose ``volgende_poging_op`` has passed;
    - ``wachtrij`` rows older than ``WACHTRIJ_WACHTTIJD`` (their task was lost: broker down at
      commit) or whose ``volgende_poging_op`` has passed;
    - ``bezig`` rows older than ``BEZIG_TIMEOUT``: their worker died. They become ``opnieuw``
      and count as an attempt, so a mail that kills its worker every time ends as ``mislukt``.

    Each row it queues gets ``volgende_poging_op = nu + VEGEN_PAUZE``, so it is not queued again
    every minute while the queue is long. Rows locked by a running send are skipped.
    """
    nu = nu or timezone.now()
    klaar = (
        Q(status=Mail.Status.OPNIEUW, volgende_poging_op__lte=nu)
        | Q(status=Mail.Status.WACHTRIJ, volgende_poging_op__lte=nu)
        | Q(
            status=Mail.Status.WACHTRIJ,
            volgende_poging_op__isnull=True,
            created_at__lte=nu - WACHTRIJ_WACHTTIJD,
        )
        | Q(status=Mail.Status.BEZIG, bezig_sinds__lte=nu - BEZIG_TIMEOUT)
    )
    opnieuw_gezet = []
    with transaction.atomic():
        rijen = list(
            Mail.objects.select_for_update(skip_locked=True)
            .filter(klaar)
            .order_by("created_at")[:VEGEN_PER_KEER]
        )
        for mail in rijen:
            if mail.status == Mail.Status.BEZIG:
                mail.pogingen += 1
                mail.laatste_fout = "Stuck while sending (worker stopped?); queued again"
                if mail.pogingen >= MAX_POGINGEN:
                    mail.status = Mail.Status.MISLUKT
                    mail.volgende_poging_op = None
                    mail.save(
                        update_fields=["status", "pogingen", "laatste_fout", "volgende_poging_op"]
                    )
                    continue
                mail.status = Mail.Status.OPNIEUW
            mail.volgende_poging_op = nu + VEGEN_PAUZE
            mail.save(update_fields=["status", "pogingen", "laatste_fout", "volgende_poging_op"])
            opnieuw_gezet.append(mail.pk)
        _na_commit_versturen(opnieuw_gezet)
    if opnieuw_gezet:
        logger.info("Sweeper queued %s mails again", len(opnieuw_gezet))
    return opnieuw_gezet


def mails_opnieuw_versturen(*, mail_ids: list[int], door) -> int:
    """Give failed mail (``mislukt`` or ``opnieuw``) a fresh start: back to ``wachtrij`` with no
    attempts counted, queued once the transaction commits. ``door`` is the acting user (logged).
    Other rows are left alone. Returns how many rows were put back."""
    with transaction.atomic():
        rijen = list(
            Mail.objects.select_for_update()
            .filter(pk__in=mail_ids, status__in=[Mail.Status.MISLUKT, Mail.Status.OPNIEUW])
            .order_by("pk")
        )
        for mail in rijen:
            mail.status = Mail.Status.WACHTRIJ
            mail.pogingen = 0
            mail.volgende_poging_op = None
            mail.bezig_sinds = None
            mail.save(update_fields=["status", "pogingen", "volgende_poging_op", "bezig_sinds"])
        _na_commit_versturen([mail.pk for mail in rijen])
    logger.info("User %s queued %s failed mails again", getattr(door, "pk", None), len(rijen))
    return len(rijen)


@transaction.atomic
def adres_corrigeren(*, mail: Mail, nieuw_adres: str, door) -> Mail:
    """Send a failed mail (``mislukt`` or ``opnieuw``) to another address from now on.

    Only ``aan`` changes, to this one address: the row keeps its key, Message-ID, text and
    attachments (nothing is rendered again), so the mail stays one mail. It does not queue the
    row; call :func:`mails_opnieuw_versturen` for that. Locks the row. Who changed which mail is
    logged by user id, without the addresses (``door`` is the acting user). Raises
    ``PortaalFout`` when the row is no longer failed, when it has more than one recipient (which
    one to replace is not clear), or when the new address is in ``MAIL_TEGENHOUDEN_DOMEINEN``: a
    corrected address must not open a way around that list."""
    nieuw_adres = (nieuw_adres or "").strip()
    try:
        validate_email(nieuw_adres)
    except ValidationError as fout:
        raise PortaalFout(_("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")) from fout
    vers = Mail.objects.select_for_update().get(pk=mail.pk)
    if vers.status not in (Mail.Status.MISLUKT, Mail.Status.OPNIEUW):
        raise PortaalFout(_("Deze e-mail is niet mislukt. Daarom kunt u het adres niet aanpassen."))
    if len(vers.aan) != 1:
        raise PortaalFout(
            _(
                "Deze e-mail ging naar meer dan één adres. "
                "Verstuur hem opnieuw zonder het adres te wijzigen."
            )
        )
    if _tegengehouden_domein([nieuw_adres]):
        raise PortaalFout(
            _("Het portaal stuurt geen e-mail naar dit domein. Kies een ander e-mailadres.")
        )
    oud = vers.aan
    vers.aan = [nieuw_adres]
    vers.save(update_fields=["aan"])
    # The addresses themselves stay out of the log (personal data); the row holds the new one.
    logger.info(
        "User %s changed the address of mail %s (was %s recipient)", door.pk, vers.pk, len(oud)
    )
    return vers
