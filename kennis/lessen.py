"""Recording, proposing, correcting and approving lessons (lessen) of an edition.

Advisors of the track record lessons after a meeting: approved at once. Participants propose
lessons through their personal link (no account), officials of a practice through their account:
those wait until an advisor approves or rejects them. Only approved lessons go into the
knowledge product.

Every service owns its transaction and raises :class:`~portal.exceptions.PortaalFout` with a
message for the person acting. The database refuses empty texts, unknown kinds and statuses, two
kinds of submitter and a decision without a date; that a meeting and a practice belong to the
lesson's edition is checked here, because a CHECK cannot look across tables.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from bijeenkomsten.permissions import kan_praktijk_beheren
from intake.permissions import is_adviseur_van_traject
from portal.exceptions import PortaalFout
from portal.models import User
from trajecten.models import Editie, Thema

from .models import TEKST_MAX, Les
from .selectors import bijeenkomsten_voor_praktijk, bijeenkomsten_voor_voorstel

B = Bijeenkomst
S = Les.Status
BESLUITEN = {"goedkeuren": S.GOEDGEKEURD, "afwijzen": S.AFGEWEZEN}


def _eis_adviseur(editie: Editie, door: User) -> None:
    if not is_adviseur_van_traject(user=door, traject=editie.traject):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan lessen vastleggen."))


def _tekst(tekst: str) -> str:
    tekst = (tekst or "").strip()
    if not tekst:
        raise PortaalFout(_("Schrijf de les op. Het tekstvak is nog leeg."))
    if len(tekst) > TEKST_MAX:
        raise PortaalFout(
            _("De les is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": TEKST_MAX}
        )
    return tekst


def _soort(soort: str) -> str:
    if soort not in Les.Soort.values:
        raise PortaalFout(_("Kies wat voor les het is: een les, werkzaam element, tip of valkuil."))
    return soort


def _themas(themas: Iterable) -> list[Thema]:
    themas = list(themas or ())
    if any(not isinstance(thema, Thema) for thema in themas):
        raise TypeError("themas must be Thema instances")
    return themas


def _herkomst(
    editie: Editie, bijeenkomst: Bijeenkomst | None, praktijk: LokalePraktijk | None
) -> LokalePraktijk | None:
    """Check that meeting and practice belong to the edition and to each other. A local meeting
    gives its practice when none was named. Returns the practice."""
    if bijeenkomst is not None:
        if bijeenkomst.editie_id != editie.pk:
            raise PortaalFout(_("Kies een bijeenkomst van deze editie."))
        if bijeenkomst.status == B.Status.GEANNULEERD:
            raise PortaalFout(_("Deze bijeenkomst ging niet door. Kies een andere bijeenkomst."))
        if bijeenkomst.praktijk_id:
            if praktijk is None:
                praktijk = bijeenkomst.praktijk
            elif praktijk.pk != bijeenkomst.praktijk_id:
                raise PortaalFout(
                    _("Deze lokale bijeenkomst hoort bij een andere gemeente. Kies de juiste.")
                )
    if praktijk is not None and praktijk.aanmelding.editie_id != editie.pk:
        raise PortaalFout(_("Kies een gemeente van deze editie."))
    return praktijk


def _aanmaken(*, themas: list[Thema], **velden) -> Les:
    les = Les.objects.create(**velden)
    les.themas.set(themas)
    return les


@transaction.atomic
def les_vastleggen(
    *,
    editie: Editie,
    tekst: str,
    soort: str,
    themas: Iterable[Thema],
    door: User,
    bijeenkomst: Bijeenkomst | None = None,
    praktijk: LokalePraktijk | None = None,
) -> Les:
    """An advisor of the track records a lesson: approved at once, with the advisor as
    submitter and reviewer. Meeting and practice must belong to the edition; a local meeting
    fills in its practice (and so the municipality)."""
    _eis_adviseur(editie, door)
    tekst, soort, themas = _tekst(tekst), _soort(soort), _themas(themas)
    praktijk = _herkomst(editie, bijeenkomst, praktijk)
    return _aanmaken(
        editie=editie,
        tekst=tekst,
        soort=soort,
        themas=themas,
        bijeenkomst=bijeenkomst,
        praktijk=praktijk,
        status=S.GOEDGEKEURD,
        ingediend_door_user=door,
        beoordeeld_door=door,
        beoordeeld_op=timezone.now(),
    )


def _voorstel(editie, praktijk, tekst, soort, themas, bijeenkomst, **indiener) -> Les:
    """A proposal that waits for an advisor's decision; the callers have checked who may make
    it and which meeting it may name."""
    return _aanmaken(
        editie=editie,
        tekst=_tekst(tekst),
        soort=_soort(soort),
        themas=_themas(themas),
        bijeenkomst=bijeenkomst,
        praktijk=praktijk,
        status=S.VOORGESTELD,
        **indiener,
    )


@transaction.atomic
def les_voorstellen(
    *,
    deelnemer: Deelnemer,
    tekst: str,
    soort: str,
    themas: Iterable[Thema] = (),
    bijeenkomst: Bijeenkomst | None = None,
) -> Les:
    """A participant proposes a lesson through their personal link (the view has checked the
    link). The practice is the participant's own; the meeting, if any, must be one of their
    meetings with a date that was not cancelled. Waits for an advisor's decision."""
    if not deelnemer.actief:
        raise PortaalFout(_("U doet niet meer mee. Daarom kunt u geen les meer toevoegen."))
    praktijk = deelnemer.praktijk
    editie = praktijk.aanmelding.editie
    if editie is None:
        raise PortaalFout(_("Bij dit traject kunt u geen lessen toevoegen."))
    if (
        bijeenkomst is not None
        and not bijeenkomsten_voor_voorstel(deelnemer).filter(pk=bijeenkomst.pk).exists()
    ):
        raise PortaalFout(_("Kies een van uw eigen bijeenkomsten met een vaste datum."))
    return _voorstel(
        editie, praktijk, tekst, soort, themas, bijeenkomst, ingediend_door_deelnemer=deelnemer
    )


@transaction.atomic
def les_voorstellen_als_user(
    *,
    user: User,
    praktijk: LokalePraktijk,
    tekst: str,
    soort: str,
    themas: Iterable[Thema] = (),
    bijeenkomst: Bijeenkomst | None = None,
) -> Les:
    """An official of the practice (logged in) proposes a lesson for their municipality. The
    meeting, if any, must be one for the practice's participants with a date. Waits for an
    advisor's decision, as a participant's proposal does."""
    if not kan_praktijk_beheren(user=user, praktijk=praktijk):
        raise PortaalFout(_("Alleen de ambtenaren van deze gemeente kunnen hier een les delen."))
    editie = praktijk.aanmelding.editie
    if editie is None:
        raise PortaalFout(_("Bij dit traject kunt u geen lessen toevoegen."))
    if (
        bijeenkomst is not None
        and not bijeenkomsten_voor_praktijk(praktijk).filter(pk=bijeenkomst.pk).exists()
    ):
        raise PortaalFout(_("Kies een bijeenkomst van uw gemeente met een vaste datum."))
    return _voorstel(editie, praktijk, tekst, soort, themas, bijeenkomst, ingediend_door_user=user)


def _vergrendel(les: Les) -> Les:
    return Les.objects.select_for_update().select_related("editie__traject").get(pk=les.pk)


@transaction.atomic
def les_beoordelen(*, les: Les, besluit: str, door: User) -> Les:
    """An advisor approves (``goedkeuren``) or rejects (``afwijzen``) a lesson, under a row
    lock. A decision can be changed later; the newest one counts and records who and when."""
    if besluit not in BESLUITEN:
        raise PortaalFout(_("Kies of u de les goedkeurt of afwijst."))
    _eis_adviseur(les.editie, door)
    les = _vergrendel(les)
    les.status = BESLUITEN[besluit]
    les.beoordeeld_door = door
    les.beoordeeld_op = timezone.now()
    les.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op", "updated_at"])
    return les


@transaction.atomic
def les_wijzigen(
    *,
    les: Les,
    door: User,
    tekst: str | None = None,
    soort: str | None = None,
    themas: Iterable[Thema] | None = None,
) -> Les:
    """An advisor corrects the text, kind or themes (``None``: leave as it is), under a row
    lock. The status stays: correcting a proposal does not approve it."""
    _eis_adviseur(les.editie, door)
    les = _vergrendel(les)
    if tekst is not None:
        les.tekst = _tekst(tekst)
    if soort is not None:
        les.soort = _soort(soort)
    les.save(update_fields=["tekst", "soort", "updated_at"])
    if themas is not None:
        les.themas.set(_themas(themas))
    return les
