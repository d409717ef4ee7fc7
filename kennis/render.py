"""Rendered versions (``Weergave``) of a knowledge product: ask for a PDF, render it in a Celery
task, try again after a failure.

A version is a snapshot of the product's final HTML. Its SHA-256 is the version's identity
(unique per product): asking for a PDF of content that already has a version returns that
version, so the same content is never rendered twice; changed content gets the next number.
The HTML is kept in the storage next to the PDF (``kennisproducten/<product pk>/<hash>.html``
and ``.pdf``), so the task renders exactly what was asked for, also when the product changed in
between, on any worker machine. Same content, same file names; and since :func:`pdf_maken` is
deterministic, the same bytes.

States: wachtrij → bezig → klaar, or mislukt with a reason in plain Dutch (``reden``; the
technical cause goes to the log). Only a failed version can be tried again
(:func:`weergave_opnieuw`).

A worker that dies mid-render leaves a version "bezig". The model keeps no "bezig sinds", so the
claim lives in the cache (``kennis:weergave:<id>:bezig``) for :data:`BEZIG_MAX`, longer than the
task's hard time limit. While the claim lives, another run of the task leaves the version alone
(and, on a worker, retries once the claim has run out); after that the version counts as
abandoned: the task takes it over and asking for the same content queues it again. Losing the
cache can at worst give one extra render of the same content, which writes the same bytes to the
same name. A message lost on the way (a broker outage) leaves a version "wachtrij":
:func:`weergaven_vegen` (the task ``kennis.tasks.weergaven_vegen``, for the beat schedule)
queues such versions again, and so does asking for the same content once more.

Who may see what (plain functions) and the reads of the public library are here too: the latest
finished version of a published product is public, every other version only for the track's
advisors and the officials of the municipalities in the product's scope.
"""

import hashlib
import logging
import re
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortaalFout
from trajecten.models import Traject

from .models import Kennisproduct, Les, Toestemming, Weergave
from .pdf import PdfFout, pdf_maken
from .permissions import kan_weergaven_beheren

logger = logging.getLogger(__name__)

W = Weergave.Status
#: How long a "bezig" claim lives: longer than the task's hard time limit (kennis.tasks).
BEZIG_MAX = timedelta(seconds=240)
BEZIG_OF_WACHTRIJ = (W.WACHTRIJ, W.BEZIG)
#: A version still waiting after this long has probably lost its message: the sweeper queues it.
WACHTRIJ_MAX = timedelta(minutes=10)


# --- Names and helpers ---------------------------------------------------------------------------


def inhoud_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _map(product_id: int) -> str:
    return f"kennisproducten/{product_id}"


def pdf_naam(weergave: Weergave) -> str:
    return f"{_map(weergave.product_id)}/{weergave.inhoud_hash}.pdf"


def html_naam(weergave: Weergave) -> str:
    return f"{_map(weergave.product_id)}/{weergave.inhoud_hash}.html"


def _claim_sleutel(weergave_id: int) -> str:
    return f"kennis:weergave:{weergave_id}:bezig"


def is_verlaten(weergave: Weergave) -> bool:
    """Whether a version "bezig" has lost its worker (its claim ran out)."""
    return weergave.status == W.BEZIG and cache.get(_claim_sleutel(weergave.pk)) is None


def _overschrijven(naam: str, inhoud: bytes) -> str:
    """Store ``inhoud`` under exactly ``naam``. A file left there by an earlier run has the same
    content by construction, but may be cut short by a dead worker: write it again."""
    if default_storage.exists(naam):
        default_storage.delete(naam)
    opgeslagen = default_storage.save(naam, ContentFile(inhoud))
    if opgeslagen != naam:  # another run wrote it between delete and save: same content
        default_storage.delete(opgeslagen)
    return naam


_PAGES_COUNT = re.compile(
    rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b"
)
_STREAM = re.compile(rb"stream\r?\n")


def paginas_tellen(pdf: bytes) -> int | None:
    """The number of pages of a PDF written by WeasyPrint: the ``/Count`` of its page tree root,
    which pydyf writes inside a compressed object stream. A small reader for our own output, so
    that the web and worker processes need no PDF library; None when it is not found."""
    tellingen = [int(a or b) for a, b in _PAGES_COUNT.findall(pdf)]
    for match in _STREAM.finditer(pdf):
        einde = pdf.find(b"endstream", match.end())
        try:
            inhoud = zlib.decompress(pdf[match.end() : einde])
        except zlib.error:
            continue
        tellingen += [int(a or b) for a, b in _PAGES_COUNT.findall(inhoud)]
    # Nested page trees count their own pages; the root counts them all.
    return max(tellingen) if tellingen else None


def _in_wachtrij_zetten(weergave: Weergave) -> None:
    from .tasks import weergave_maken

    weergave_id = weergave.pk
    transaction.on_commit(lambda: weergave_maken.delay(weergave_id))


# --- Services ------------------------------------------------------------------------------------


def _eis_beheerder(product: Kennisproduct, door) -> None:
    if not kan_weergaven_beheren(user=door, product=product):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan een PDF laten maken."))


@transaction.atomic
def weergave_aanvragen(*, product: Kennisproduct, door, html: str | None = None) -> Weergave:
    """A PDF of the product's final HTML (``html``; by default
    :func:`kennis.weergave.product_html`, computed under the lock).

    Under a row lock on the product, so that two requests at once make one version: returns the
    version with the same content hash when there is one (queued again when it failed or was
    abandoned by a dead worker, and again when it is still waiting), else stores the HTML and
    creates the next number, "wachtrij". The render task is queued when the transaction
    commits."""
    _eis_beheerder(product, door)
    product = Kennisproduct.objects.select_for_update().get(pk=product.pk)
    if html is None:
        from .weergave import product_html

        html = product_html(product)
    sha = inhoud_hash(html)
    bestaand = product.weergaven.select_for_update().filter(inhoud_hash=sha).first()
    if bestaand is not None:
        if bestaand.status == W.MISLUKT or is_verlaten(bestaand):
            _opnieuw(bestaand)
        elif bestaand.status == W.WACHTRIJ:
            # Its message may have been lost (a broker outage); a second one does no harm.
            _in_wachtrij_zetten(bestaand)
        return bestaand
    nummer = (product.weergaven.aggregate(m=Max("nummer"))["m"] or 0) + 1
    weergave = Weergave(product=product, nummer=nummer, inhoud_hash=sha, status=W.WACHTRIJ)
    # Not transactional; a rollback leaves an unused file whose name nothing else can take.
    _overschrijven(html_naam(weergave), html.encode())
    weergave.save()
    _in_wachtrij_zetten(weergave)
    return weergave


def _opnieuw(weergave: Weergave) -> None:
    weergave.status = W.WACHTRIJ
    weergave.reden = ""
    weergave.save(update_fields=["status", "reden"])
    _in_wachtrij_zetten(weergave)


@transaction.atomic
def weergave_opnieuw(*, weergave: Weergave, door) -> Weergave:
    """Queue a failed version again. Other states are refused: a version that is queued or being
    made is on its way, a finished one does not change."""
    _eis_beheerder(weergave.product, door)
    weergave = Weergave.objects.select_for_update().get(pk=weergave.pk)
    if weergave.status != W.MISLUKT:
        raise PortaalFout(
            _("Deze versie is niet mislukt. U hoeft haar niet opnieuw te laten maken.")
        )
    _opnieuw(weergave)
    return weergave


def weergaven_vegen(*, nu=None) -> int:
    """Queue again what a lost message or a dead worker left behind: versions waiting for
    longer than :data:`WACHTRIJ_MAX` and versions "bezig" whose claim ran out (these go back to
    "wachtrij"). Safe to run at any time: the task checks the state under a row lock. Returns
    the number queued. Meant for the beat schedule, like the mail sweeper."""
    nu = nu or timezone.now()
    aantal = 0
    kandidaten = Weergave.objects.filter(
        Q(status=W.WACHTRIJ, created_at__lt=nu - WACHTRIJ_MAX) | Q(status=W.BEZIG)
    ).values_list("pk", flat=True)
    for pk in kandidaten:
        with transaction.atomic():
            weergave = (
                Weergave.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status__in=BEZIG_OF_WACHTRIJ)
                .first()
            )
            if weergave is None or (weergave.status == W.BEZIG and not is_verlaten(weergave)):
                continue
            if weergave.status == W.BEZIG:
                _opnieuw(weergave)
            else:
                _in_wachtrij_zetten(weergave)
            aantal += 1
    return aantal


@dataclass(frozen=True)
class Uitkomst:
    """What a run of :func:`weergave_maken` did. ``wacht_nog`` is set when another worker holds
    the version: the task may look again after that time."""

    status: str
    wacht_nog: timedelta | None = None


def _reden(fout: Exception) -> str:
    """The failure as the advisor reads it; stored, so always in Dutch (the portal's language)."""
    from celery.exceptions import SoftTimeLimitExceeded

    with translation.override("nl"):
        if isinstance(fout, PdfFout):
            return gettext(
                "De opmaak van de PDF kon niet worden geladen. Probeer het opnieuw. "
                "Lukt het weer niet? Meld het dan aan de beheerder van het portaal."
            )
        if isinstance(fout, SoftTimeLimitExceeded):
            return gettext(
                "Het maken van de PDF duurde te lang. Probeer het opnieuw. Is de tekst erg lang "
                "of staan er veel plaatjes in? Maak hem dan korter."
            )
        if isinstance(fout, FileNotFoundError):
            return gettext(
                "De inhoud van deze versie is niet meer te vinden. Kies 'PDF maken' voor een "
                "nieuwe versie."
            )
        if isinstance(fout, OSError):
            return gettext("De PDF kon niet worden opgeslagen. Probeer het later opnieuw.")
        return gettext(
            "Er ging iets mis bij het maken van de PDF. Probeer het opnieuw. "
            "Lukt het weer niet? Meld het dan aan de beheerder van het portaal."
        )


def _html_lezen(weergave: Weergave) -> str:
    naam = html_naam(weergave)
    if not default_storage.exists(naam):
        raise FileNotFoundError(naam)
    with default_storage.open(naam, "rb") as bestand:
        html = bestand.read().decode()
    if inhoud_hash(html) != weergave.inhoud_hash:
        raise ValueError(f"Stored HTML of version {weergave.pk} does not match its hash")
    return html


def _afronden(weergave_id: int, **velden) -> str:
    """Record the outcome, unless another run took the version over meanwhile."""
    with transaction.atomic():
        weergave = Weergave.objects.select_for_update().get(pk=weergave_id)
        if weergave.status != W.BEZIG:
            return weergave.status
        for veld, waarde in velden.items():
            setattr(weergave, veld, waarde)
        weergave.save()
    cache.delete(_claim_sleutel(weergave_id))
    return weergave.status


def weergave_maken(*, weergave_id: int) -> Uitkomst:
    """Render one version: the body of the task ``kennis.tasks.weergave_maken``.

    Under a row lock: does nothing unless the version is "wachtrij", or "bezig" and abandoned
    (see the module docstring); sets "bezig" and claims it. Renders outside the transaction (a
    second or more), stores the PDF at ``kennisproducten/<product>/<hash>.pdf`` through
    ``default_storage`` and records "klaar" with pages, size and time. Any failure becomes
    "mislukt" with a reason in plain Dutch; nothing is raised, so a retried task does not fail
    twice."""
    with transaction.atomic():
        weergave = (
            Weergave.objects.select_for_update(of=("self",))
            .select_related("product")
            .filter(pk=weergave_id)
            .first()
        )
        if weergave is None:
            return Uitkomst(status="verdwenen")
        if weergave.status == W.BEZIG and not is_verlaten(weergave):
            return Uitkomst(status=weergave.status, wacht_nog=BEZIG_MAX)
        if weergave.status not in BEZIG_OF_WACHTRIJ:
            return Uitkomst(status=weergave.status)
        if weergave.status == W.BEZIG:
            logger.warning(
                "Version %s was abandoned by its worker; rendering it again", weergave.pk
            )
        weergave.status = W.BEZIG
        weergave.save(update_fields=["status"])
        cache.set(
            _claim_sleutel(weergave.pk), timezone.now().isoformat(), BEZIG_MAX.total_seconds()
        )

    try:
        html = _html_lezen(weergave)
        pdf = pdf_maken(html, titel=weergave.product.titel)
        naam = _overschrijven(pdf_naam(weergave), pdf)
    except Exception as fout:  # every failure is shown to the advisor, with a retry button
        logger.exception(
            "Rendering version %s of product %s failed", weergave.pk, weergave.product_id
        )
        return Uitkomst(status=_afronden(weergave.pk, status=W.MISLUKT, reden=_reden(fout)))
    return Uitkomst(
        status=_afronden(
            weergave.pk,
            status=W.KLAAR,
            reden="",
            bestand=naam,
            paginas=paginas_tellen(pdf),
            bytes=len(pdf),
            klaar_op=timezone.now(),
        )
    )


# --- Reads ---------------------------------------------------------------------------------------


def weergaven_van(product: Kennisproduct):
    return product.weergaven.order_by("-nummer")


def laatste_openbare_weergave(product: Kennisproduct) -> Weergave | None:
    if product.status != Kennisproduct.Status.GEPUBLICEERD:
        return None
    return product.weergaven.filter(status=W.KLAAR).order_by("-nummer").first()


def iets_onderweg(product: Kennisproduct) -> bool:
    return product.weergaven.filter(status__in=BEZIG_OF_WACHTRIJ).exists()


# --- The public library --------------------------------------------------------------------------


def _genoemd() -> QuerySet:
    """Consent given: only these municipalities are named, and only they count for the province
    filter (filtering on an anonymised municipality's province would give away a little)."""
    return Toestemming.objects.filter(status=Toestemming.Status.GEGEVEN)


def gepubliceerde_producten(
    *, traject_id: int | None = None, thema_id: int | None = None, provincie_id: int | None = None
) -> QuerySet:
    """Published products for the library, newest first, each with ``genoemde_toestemmingen``
    (the named municipalities) and ``laatste_pdf`` (the number of the public PDF, or None).

    ``thema_id``: a theme of the product's track or of an approved lesson of its edition;
    ``provincie_id``: a named municipality of the product lies in it."""
    producten = Kennisproduct.objects.filter(status=Kennisproduct.Status.GEPUBLICEERD)
    if traject_id:
        producten = producten.filter(editie__traject_id=traject_id)
    if thema_id:
        van_les = Les.objects.filter(
            editie=OuterRef("editie"), status=Les.Status.GOEDGEKEURD, themas=thema_id
        )
        van_traject = Traject.objects.filter(pk=OuterRef("editie__traject"), themas=thema_id)
        producten = producten.filter(Exists(van_les) | Exists(van_traject))
    if provincie_id:
        producten = producten.filter(
            Exists(
                _genoemd().filter(
                    product=OuterRef("pk"),
                    praktijk__aanmelding__deelnemers__gemeente__provincie_id=provincie_id,
                )
            )
        )
    laatste_pdf = (
        Weergave.objects.filter(product=OuterRef("pk"), status=W.KLAAR)
        .order_by("-nummer")
        .values("nummer")[:1]
    )
    return (
        producten.select_related("editie__traject")
        .prefetch_related(
            Prefetch(
                "toestemmingen",
                queryset=_genoemd()
                .select_related("praktijk__aanmelding__gemeente")
                .order_by("praktijk__aanmelding__gemeente__naam"),
                to_attr="genoemde_toestemmingen",
            )
        )
        .annotate(laatste_pdf=Subquery(laatste_pdf))
        .order_by("-gepubliceerd_op", "-pk")
    )


def gepubliceerd_product(slug: str) -> Kennisproduct | None:
    return (
        Kennisproduct.objects.select_related("editie__traject")
        .filter(slug=slug, status=Kennisproduct.Status.GEPUBLICEERD)
        .first()
    )
