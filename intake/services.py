"""Services that change enrolments and intakes. Every status change goes through ``_overgang``,
which checks that the step is allowed, records it in the timeline and has the officials (and
where useful the advisors) e-mailed through the outbox in the same transaction.

Locks: an enrolment is changed under ``select_for_update`` on its row; admitting and freeing places
lock the edition row first, so that concurrent advisors never exceed the number of places.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import PortaalFout
from portal.models import Gemeente, User
from portal.permissions import is_bevestigd_lid
from trajecten.models import Editie, Thema, Traject

from . import meldingen, permissions
from .models import (
    Aanmelding,
    AanmeldingGemeente,
    Aanvullingsverzoek,
    IntakeCheck,
    Intakegesprek,
    Overgang,
    Vraagstuk,
)
from .stappen import ontbrekend, stappen_voor, velden_voor

S = Aanmelding.Status

# Which status may follow which. Withdrawal is possible from every open status.
OVERGANGEN: dict[str, set[str]] = {
    S.CONCEPT: {S.INGEDIEND},
    S.INGEDIEND: {S.INTAKE_GEPLAND, S.AANVULLING_GEVRAAGD, S.AFGEWEZEN},
    S.INTAKE_GEPLAND: {S.INGEDIEND, S.INTAKE_GEHOUDEN},
    S.INTAKE_GEHOUDEN: {S.TOEGELATEN, S.WACHTLIJST, S.AANVULLING_GEVRAAGD, S.AFGEWEZEN},
    S.AANVULLING_GEVRAAGD: {S.INGEDIEND},
    S.WACHTLIJST: {S.TOEGELATEN, S.AFGEWEZEN},
    S.TOEGELATEN: {S.GEPLAATST},
    S.GEPLAATST: {S.AFGEROND},
    S.AFGEWEZEN: set(),
    S.AFGEROND: set(),
    S.TERUGGETROKKEN: set(),
}
for _status in Aanmelding.OPEN_STATUSSEN:
    OVERGANGEN[_status].add(S.TERUGGETROKKEN)


def _vergrendel(aanmelding: Aanmelding) -> Aanmelding:
    return (
        Aanmelding.objects.select_for_update(of=("self",))
        .select_related("traject", "editie")
        .get(pk=aanmelding.pk)
    )


def _eis_overgang_mogelijk(aanmelding: Aanmelding, naar: str) -> None:
    if naar not in OVERGANGEN[aanmelding.status]:
        raise PortaalFout(
            _("Dit kan niet. De aanmelding heeft nu de status '%(status)s'.")
            % {"status": aanmelding.get_status_display()}
        )


def _overgang(aanmelding: Aanmelding, naar: str, *, door: User | None, reden: str = "") -> Overgang:
    _eis_overgang_mogelijk(aanmelding, naar)
    van = aanmelding.status
    aanmelding.status = naar
    velden = ["status", "updated_at"]
    if naar == S.INGEDIEND and aanmelding.ingediend_op is None:
        aanmelding.ingediend_op = timezone.now()
        velden.append("ingediend_op")
    if naar == S.WACHTLIJST:
        aanmelding.wachtlijst_sinds = timezone.now()
        velden.append("wachtlijst_sinds")
    aanmelding.save(update_fields=velden)
    overgang = Overgang.objects.create(
        aanmelding=aanmelding, van=van, naar=naar, door=door, reden=reden
    )
    meldingen.status_gewijzigd(overgang)
    return overgang


# --- Officials -----------------------------------------------------------------------------------


@transaction.atomic
def aanmelding_starten(
    *, traject: Traject, editie: Editie | None, gemeente: Gemeente, door: User
) -> Aanmelding:
    """Start (or resume) the municipality's enrolment as a draft.

    Idempotent: a second start for the same municipality and edition, a double click included,
    returns the existing enrolment.
    """
    if not is_bevestigd_lid(user=door, gemeente=gemeente):
        raise PortaalFout(
            _("U kunt alleen aanmelden voor een gemeente waarvan u bevestigd lid bent.")
        )
    if traject.status != Traject.Status.GEPUBLICEERD:
        raise PortaalFout(_("Dit traject staat niet open voor aanmelding."))
    if traject.is_op_aanvraag:
        editie = None
        bestaand = Aanmelding.objects.filter(
            traject=traject, gemeente=gemeente, editie=None
        ).exclude(status__in=[S.AFGEWEZEN, S.TERUGGETROKKEN, S.AFGEROND])
    else:
        if editie is None or editie.traject_id != traject.pk:
            raise PortaalFout(_("Kies een editie van dit traject."))
        bestaand = Aanmelding.objects.filter(editie=editie, deelnemers__gemeente=gemeente)
    if (gevonden := bestaand.first()) is not None:
        return gevonden
    if editie is not None and not editie.is_aanmelding_open():
        raise PortaalFout(_("Aanmelden voor deze editie kan niet meer."))
    try:
        with transaction.atomic():
            aanmelding = Aanmelding.objects.create(
                traject=traject,
                editie=editie,
                gemeente=gemeente,
                aangemaakt_door=door,
                contact_naam=door.naam,
                contact_email=door.email,
            )
            AanmeldingGemeente.objects.create(
                aanmelding=aanmelding, gemeente=gemeente, editie=editie, is_penvoerder=True
            )
    except IntegrityError:
        # Another request created it at the same moment: that one is ours too.
        gevonden = bestaand.first()
        if gevonden is None:
            raise
        return gevonden
    Overgang.objects.create(aanmelding=aanmelding, van="", naar=S.CONCEPT, door=door)
    return aanmelding


@transaction.atomic
def aanmelding_stap_opslaan(
    *,
    aanmelding: Aanmelding,
    stap: str,
    gegevens: dict,
    door: User,
    partners: list[Gemeente] | None = None,
) -> Aanmelding:
    """Save one step of the draft. Saving never submits, so closing the browser loses nothing."""
    aanmelding = _vergrendel(aanmelding)
    if not permissions.kan_aanmelding_invullen(user=door, aanmelding=aanmelding):
        raise PortaalFout(_("Deze aanmelding kunt u niet meer wijzigen."))
    stappen = {s.slug: s for s in stappen_voor(aanmelding.traject)}
    if stap not in stappen:
        raise PortaalFout(_("Deze stap hoort niet bij dit traject."))
    toegestaan = set(velden_voor(aanmelding.traject, stappen[stap]))
    for veld, waarde in gegevens.items():
        if veld not in toegestaan:
            raise ValueError(f"{veld} is not a field of step {stap}")
        if veld == "doelgroepen":
            aanmelding.doelgroepen.set(waarde)
        else:
            setattr(aanmelding, veld, waarde)
    if "lopend_project" in gegevens and not aanmelding.lopend_project:
        aanmelding.lopend_project_beschrijving = ""
    aanmelding.laatste_stap = stap
    aanmelding.save()
    if partners is not None:
        _partners_opslaan(aanmelding, partners)
    return aanmelding


def _partners_opslaan(aanmelding: Aanmelding, partners: list[Gemeente]) -> None:
    gewenst = {g.pk for g in partners if g.pk != aanmelding.gemeente_id}
    aanmelding.deelnemers.filter(is_penvoerder=False).exclude(gemeente_id__in=gewenst).delete()
    aanwezig = set(aanmelding.deelnemers.values_list("gemeente_id", flat=True))
    for gemeente in partners:
        if gemeente.pk in aanwezig or gemeente.pk == aanmelding.gemeente_id:
            continue
        try:
            with transaction.atomic():
                AanmeldingGemeente.objects.create(
                    aanmelding=aanmelding, gemeente=gemeente, editie=aanmelding.editie
                )
        except IntegrityError as exc:
            raise PortaalFout(
                _(
                    "%(gemeente)s is al aangemeld voor deze editie. "
                    "Een gemeente kan maar één keer meedoen."
                )
                % {"gemeente": gemeente.naam}
            ) from exc


@transaction.atomic
def aanmelding_indienen(*, aanmelding: Aanmelding, door: User) -> Aanmelding:
    aanmelding = _vergrendel(aanmelding)
    if aanmelding.status == S.INGEDIEND:
        return aanmelding  # a double submit changes nothing
    if not permissions.kan_aanmelding_invullen(user=door, aanmelding=aanmelding):
        raise PortaalFout(_("Deze aanmelding kunt u niet indienen."))
    tekorten = ontbrekend(aanmelding)
    if tekorten:
        raise PortaalFout(
            _("De aanmelding is nog niet compleet: %(tekorten)s")
            % {"tekorten": " ".join(str(melding) for _stap, melding in tekorten)}
        )
    if aanmelding.editie is not None and not aanmelding.editie.is_aanmelding_open():
        raise PortaalFout(_("De aanmeldperiode van deze editie is voorbij."))
    _overgang(aanmelding, S.INGEDIEND, door=door)
    return aanmelding


@transaction.atomic
def aanvulling_beantwoorden(*, aanmelding: Aanmelding, antwoord: str, door: User) -> Aanmelding:
    aanmelding = _vergrendel(aanmelding)
    if not permissions.kan_aanvulling_geven(user=door, aanmelding=aanmelding):
        raise PortaalFout(_("Op deze aanmelding staat geen vraag open."))
    if not antwoord.strip():
        raise PortaalFout(_("Schrijf een antwoord op de vraag."))
    verzoek = aanmelding.aanvullingsverzoeken.select_for_update().filter(beantwoord_op=None).last()
    if verzoek is not None:
        verzoek.antwoord = antwoord
        verzoek.beantwoord_door = door
        verzoek.beantwoord_op = timezone.now()
        verzoek.save()
    _overgang(aanmelding, S.INGEDIEND, door=door, reden=_("Aanvulling gegeven"))
    return aanmelding


@transaction.atomic
def aanmelding_terugtrekken(*, aanmelding: Aanmelding, door: User, reden: str = "") -> Aanmelding:
    """Withdraw. A place that frees up goes to the first on the waiting list."""
    if aanmelding.editie_id:
        Editie.objects.select_for_update().get(pk=aanmelding.editie_id)
    aanmelding = _vergrendel(aanmelding)
    if not permissions.kan_terugtrekken(user=door, aanmelding=aanmelding):
        raise PortaalFout(_("Deze aanmelding kan niet meer worden teruggetrokken."))
    had_plaats = aanmelding.status in Aanmelding.BEZETTE_STATUSSEN
    _overgang(aanmelding, S.TERUGGETROKKEN, door=door, reden=reden)
    aanmelding.intakes.filter(status=Intakegesprek.Status.GEPLAND).update(
        status=Intakegesprek.Status.GEANNULEERD
    )
    if had_plaats:
        _plaatsen_vergeven(aanmelding.editie, door=door)
    return aanmelding


# --- Advisors ------------------------------------------------------------------------------------


def _eis_adviseur(aanmelding: Aanmelding, door: User) -> None:
    if not permissions.kan_intake_beheren(user=door, aanmelding=aanmelding):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan dit doen."))


@transaction.atomic
def intake_plannen(
    *,
    aanmelding: Aanmelding,
    start: datetime.datetime,
    eind: datetime.datetime,
    vorm: str,
    adres: str = "",
    online_link: str = "",
    adviseurs: list[User],
    door: User,
) -> Intakegesprek:
    """Plan the intake, or move it when one is planned: the officials get an invitation, or an
    update with a raised SEQUENCE, with a calendar attachment."""
    aanmelding = _vergrendel(aanmelding)
    _eis_adviseur(aanmelding, door)
    if eind <= start:
        raise PortaalFout(_("Het gesprek moet eindigen na het begin."))
    if vorm == Intakegesprek.Vorm.ONLINE and not online_link:
        raise PortaalFout(_("Vul de link voor het online gesprek in."))
    if vorm == Intakegesprek.Vorm.OP_LOCATIE and not adres.strip():
        raise PortaalFout(_("Vul het adres in, bijvoorbeeld van het gemeentehuis."))
    if not adviseurs:
        raise PortaalFout(_("Kies minstens één adviseur die bij het gesprek is."))
    intake = (
        aanmelding.intakes.select_for_update().filter(status=Intakegesprek.Status.GEPLAND).first()
    )
    velden = {
        "start": start,
        "eind": eind,
        "vorm": vorm,
        "adres": adres,
        "online_link": online_link,
    }
    if intake is None:
        intake = Intakegesprek.objects.create(aanmelding=aanmelding, **velden)
        intake.adviseurs.set(adviseurs)
        if aanmelding.adviseur_id is None:
            aanmelding.adviseur = adviseurs[0]
            aanmelding.save(update_fields=["adviseur", "updated_at"])
        _overgang(aanmelding, S.INTAKE_GEPLAND, door=door)
        meldingen.intake_uitnodiging(intake)
        return intake
    for veld, waarde in velden.items():
        setattr(intake, veld, waarde)
    intake.sequence += 1
    intake.save()
    intake.adviseurs.set(adviseurs)
    meldingen.intake_uitnodiging(intake)
    return intake


@transaction.atomic
def intake_annuleren(*, intake: Intakegesprek, door: User, reden: str = "") -> Intakegesprek:
    aanmelding = _vergrendel(intake.aanmelding)
    _eis_adviseur(aanmelding, door)
    intake = Intakegesprek.objects.select_for_update().get(pk=intake.pk)
    if intake.status != Intakegesprek.Status.GEPLAND:
        raise PortaalFout(_("Alleen een gepland gesprek kan worden afgezegd."))
    intake.status = Intakegesprek.Status.GEANNULEERD
    intake.sequence += 1
    intake.save(update_fields=["status", "sequence"])
    _overgang(aanmelding, S.INGEDIEND, door=door, reden=reden or _("Intakegesprek afgezegd"))
    meldingen.intake_uitnodiging(intake)
    return intake


@transaction.atomic
def intake_vastleggen(
    *,
    intake: Intakegesprek,
    aanwezigen: str,
    notities: str,
    checks: dict[int, tuple[str, str]],
    vraagstukken: list[dict],
    advies: str,
    cofinanciering_bedrag: Decimal | None,
    door: User,
) -> Intakegesprek:
    """Record what happened at the intake. Can be corrected until the decision."""
    aanmelding = _vergrendel(intake.aanmelding)
    _eis_adviseur(aanmelding, door)
    intake = Intakegesprek.objects.select_for_update().get(pk=intake.pk)
    if intake.status == Intakegesprek.Status.GEANNULEERD:
        raise PortaalFout(_("Dit gesprek is afgezegd."))
    if aanmelding.status not in (S.INTAKE_GEPLAND, S.INTAKE_GEHOUDEN):
        raise PortaalFout(_("Het verslag kan niet meer worden gewijzigd: er is al een besluit."))
    geldige_onderdelen = set(
        aanmelding.traject.onderdelen.filter(intake_check=True).values_list("pk", flat=True)
    )
    if not set(checks) <= geldige_onderdelen:
        raise PortaalFout(_("Een controlepunt hoort niet bij dit traject."))

    intake.aanwezigen = aanwezigen
    intake.notities = notities
    intake.advies = advies
    intake.cofinanciering_bedrag = cofinanciering_bedrag
    intake.status = Intakegesprek.Status.GEHOUDEN
    intake.gehouden_op = intake.gehouden_op or timezone.now()
    intake.save()
    intake.checks.exclude(onderdeel_id__in=checks).delete()
    for onderdeel_id, (resultaat, toelichting) in checks.items():
        IntakeCheck.objects.update_or_create(
            intake=intake,
            onderdeel_id=onderdeel_id,
            defaults={"resultaat": resultaat, "toelichting": toelichting},
        )
    intake.vraagstukken.all().delete()
    for item in vraagstukken:
        vraagstuk = Vraagstuk.objects.create(
            aanmelding=aanmelding,
            intake=intake,
            titel=item["titel"],
            beschrijving=item.get("beschrijving", ""),
        )
        vraagstuk.themas.set(Thema.objects.filter(pk__in=[t.pk for t in item.get("themas", [])]))
        vraagstuk.doelgroepen.set(
            Thema.objects.filter(
                pk__in=[t.pk for t in item.get("doelgroepen", [])], soort=Thema.Soort.DOELGROEP
            )
        )
    if aanmelding.status == S.INTAKE_GEPLAND:
        _overgang(aanmelding, S.INTAKE_GEHOUDEN, door=door)
    return intake


class Besluit:
    TOELATEN = "toelaten"
    WACHTLIJST = "wachtlijst"
    AANVULLING = "aanvulling"
    AFWIJZEN = "afwijzen"


@transaction.atomic
def aanmelding_besluiten(
    *,
    aanmelding: Aanmelding,
    besluit: str,
    door: User,
    reden: str = "",
    vraag: str = "",
    toezeggingen_vrijstellen: bool = False,
) -> Aanmelding:
    """Decide after the intake. Admitting beyond the edition's places puts the enrolment on the
    waiting list instead; the edition row is locked so that concurrent decisions never exceed it."""
    if aanmelding.editie_id:
        Editie.objects.select_for_update().get(pk=aanmelding.editie_id)
    aanmelding = _vergrendel(aanmelding)
    _eis_adviseur(aanmelding, door)
    if besluit == Besluit.AANVULLING:
        if not vraag.strip():
            raise PortaalFout(_("Schrijf de vraag aan de gemeente."))
        Aanvullingsverzoek.objects.create(aanmelding=aanmelding, vraag=vraag, gevraagd_door=door)
        _overgang(aanmelding, S.AANVULLING_GEVRAAGD, door=door, reden=vraag)
        return aanmelding
    if besluit == Besluit.AFWIJZEN:
        if not reden.strip():
            raise PortaalFout(_("Schrijf de reden van de afwijzing. De gemeente leest die."))
        _overgang(aanmelding, S.AFGEWEZEN, door=door, reden=reden)
        return aanmelding
    if besluit == Besluit.WACHTLIJST:
        _overgang(aanmelding, S.WACHTLIJST, door=door, reden=reden)
        return aanmelding
    if besluit != Besluit.TOELATEN:
        raise PortaalFout(_("Kies een besluit."))
    _eis_overgang_mogelijk(aanmelding, S.TOEGELATEN)
    if toezeggingen_vrijstellen and not aanmelding.toezeggingen_vrijgesteld:
        aanmelding.toezeggingen_vrijgesteld = True
        aanmelding.save(update_fields=["toezeggingen_vrijgesteld", "updated_at"])
    if not (aanmelding.toezeggingen_rond or aanmelding.toezeggingen_vrijgesteld):
        raise PortaalFout(
            _(
                "Nog niet alle toezeggingen van college, raad en ambtenaren zijn rond. Vraag een "
                "aanvulling, of kies bewust om toch toe te laten."
            )
        )
    if aanmelding.editie is not None and not _heeft_plaats(aanmelding.editie):
        _overgang(
            aanmelding,
            S.WACHTLIJST,
            door=door,
            reden=_("Alle plaatsen zijn bezet. De gemeente staat op de wachtlijst."),
        )
        return aanmelding
    _overgang(aanmelding, S.TOEGELATEN, door=door, reden=reden)
    return aanmelding


@transaction.atomic
def aanmelding_plaatsen(*, aanmelding: Aanmelding, door: User, reden: str = "") -> Aanmelding:
    """Mark an admitted enrolment as placed in a learning group (called when groups are
    published). Already placed: nothing changes."""
    aanmelding = _vergrendel(aanmelding)
    if aanmelding.status == S.GEPLAATST:
        return aanmelding
    _eis_adviseur(aanmelding, door)
    _overgang(aanmelding, S.GEPLAATST, door=door, reden=reden)
    return aanmelding


@transaction.atomic
def wachtlijst_prioriteit_zetten(
    *, aanmelding: Aanmelding, prioriteit: int, door: User
) -> Aanmelding:
    aanmelding = _vergrendel(aanmelding)
    _eis_adviseur(aanmelding, door)
    aanmelding.prioriteit = prioriteit
    aanmelding.save(update_fields=["prioriteit", "updated_at"])
    return aanmelding


def bezette_plaatsen(editie: Editie) -> int:
    return editie.aanmeldingen.filter(status__in=Aanmelding.BEZETTE_STATUSSEN).count()


def _heeft_plaats(editie: Editie) -> bool:
    return editie.plaatsen is None or bezette_plaatsen(editie) < editie.plaatsen


def _plaatsen_vergeven(editie: Editie | None, *, door: User | None) -> None:
    """Offer freed places to the waiting list: advisor priority first, then who waited longest.
    The caller holds the lock on the edition row."""
    if editie is None:
        return
    while _heeft_plaats(editie):
        volgende = (
            editie.aanmeldingen.select_for_update()
            .filter(status=S.WACHTLIJST)
            .order_by("prioriteit", "wachtlijst_sinds", "pk")
            .first()
        )
        if volgende is None or editie.plaatsen is None:
            return
        _overgang(volgende, S.TOEGELATEN, door=door, reden=_("Er kwam een plaats vrij."))
        meldingen.plaats_vrijgekomen(volgende)
