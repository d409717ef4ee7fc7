"""Services for the participants of a local practice and their answers.

Officials of the practice and the track's advisors add and switch off participants and send,
revoke or renew personal links. Participants answer invitations and vote on date options, through
their personal link or their account. Every write here owns its transaction and locks the rows it
changes. Mail goes through the outbox (``portal.mail``) inside the same transaction.
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import PortaalFout
from portal.mail import mail_klaarzetten
from portal.models import User

from . import deelname_selectors as selectors
from . import planning
from .links import link_geven, link_intrekken, link_token
from .models import Bijeenkomst, Deelnemer, LokalePraktijk, PersoonlijkeLink, Stem, Uitnodiging
from .permissions import kan_praktijk_beheren

#: Meetings that still take an answer from a participant.
BEANTWOORDBAAR = (Bijeenkomst.Status.VASTGESTELD,)


def portaal_url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


def _eis_beheerder(praktijk: LokalePraktijk, door: User) -> None:
    if not kan_praktijk_beheren(user=door, praktijk=praktijk):
        raise PortaalFout(_("U mag de deelnemers van deze praktijk niet wijzigen."))


@transaction.atomic
def deelnemer_toevoegen(
    *,
    praktijk: LokalePraktijk,
    naam: str,
    email: str,
    rol: str,
    telefoon: str = "",
    toegankelijkheid: str = "",
    door: User,
) -> Deelnemer:
    """Add a participant. The e-mail address is unique per practice, in any case; a second one
    raises ``PortaalFout`` (the database constraint backs this up under concurrency). Coming
    meetings in their scope that are already fixed invite them at once."""
    _eis_beheerder(praktijk, door)
    LokalePraktijk.objects.select_for_update().get(pk=praktijk.pk)
    email = email.strip()
    fout = PortaalFout(
        _("Iemand met dit e-mailadres doet al mee in deze praktijk. Kies een ander e-mailadres.")
    )
    if praktijk.deelnemers.filter(email__iexact=email).exists():
        raise fout
    try:
        with transaction.atomic():
            deelnemer = Deelnemer.objects.create(
                praktijk=praktijk,
                naam=naam.strip(),
                email=email,
                telefoon=telefoon.strip(),
                rol=rol,
                toegankelijkheid=toegankelijkheid.strip(),
            )
    except IntegrityError as exc:
        raise fout from exc
    # Meetings fixed before they joined: invited now, like everyone else.
    planning.nieuwe_deelnemer_uitnodigen(deelnemer)
    return deelnemer


@transaction.atomic
def deelnemer_uitzetten(*, deelnemer: Deelnemer, door: User) -> Deelnemer:
    """Switch a participant off: they leave the invitations and their links stop working."""
    _eis_beheerder(deelnemer.praktijk, door)
    deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    deelnemer.actief = False
    deelnemer.save(update_fields=["actief"])
    PersoonlijkeLink.objects.filter(deelnemer=deelnemer, ingetrokken_op__isnull=True).update(
        ingetrokken_op=timezone.now()
    )
    return deelnemer


@transaction.atomic
def deelnemer_aanzetten(*, deelnemer: Deelnemer, door: User) -> Deelnemer:
    """Undo :func:`deelnemer_uitzetten`. The old links stay revoked; the participant gets a new
    link when it is sent, and is invited to the coming fixed meetings in their scope."""
    _eis_beheerder(deelnemer.praktijk, door)
    deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    if not deelnemer.actief:
        deelnemer.actief = True
        deelnemer.save(update_fields=["actief"])
        planning.nieuwe_deelnemer_uitnodigen(deelnemer)
    return deelnemer


def _link_mailen(deelnemer: Deelnemer, link: PersoonlijkeLink) -> None:
    url = portaal_url(reverse("deelname:link", kwargs={"token": link_token(link)}))
    mail_klaarzetten(
        # Every send is deliberate (a resend too), so each gets its own key.
        sleutel=f"deelname:link:{deelnemer.pk}:{link.pk}:{uuid.uuid4().hex}",
        aan=[deelnemer.email],
        onderwerp=_("Uw persoonlijke link voor de bijeenkomsten"),
        sjabloon="mail/deelname/persoonlijke_link",
        context={
            "naam": deelnemer.naam,
            "gemeente": deelnemer.praktijk.aanmelding.gemeente.naam,
            "url": url,
        },
        organisaties=deelnemer.praktijk.aanmelding.traject.organisaties.all(),
    )


@transaction.atomic
def link_versturen(*, deelnemer: Deelnemer, door: User) -> PersoonlijkeLink:
    """Mail the participant their personal link (made when there is none yet)."""
    _eis_beheerder(deelnemer.praktijk, door)
    deelnemer = (
        Deelnemer.objects.select_for_update()
        .select_related("praktijk__aanmelding__gemeente")
        .get(pk=deelnemer.pk)
    )
    if not deelnemer.actief:
        raise PortaalFout(_("Deze deelnemer doet niet meer mee. Er gaat geen link naartoe."))
    link = link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
    link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.AGENDA)
    _link_mailen(deelnemer, link)
    return link


@transaction.atomic
def link_vernieuwen(*, deelnemer: Deelnemer, door: User) -> PersoonlijkeLink:
    """Revoke the participant's page link and calendar feed at once and mail a new page link.
    The old addresses stop working when this commits."""
    _eis_beheerder(deelnemer.praktijk, door)
    deelnemer = (
        Deelnemer.objects.select_for_update()
        .select_related("praktijk__aanmelding__gemeente")
        .get(pk=deelnemer.pk)
    )
    if not deelnemer.actief:
        raise PortaalFout(_("Deze deelnemer doet niet meer mee. Er gaat geen link naartoe."))
    for link in deelnemer.links.filter(ingetrokken_op__isnull=True):
        link_intrekken(link=link)
    link = link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
    link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.AGENDA)
    _link_mailen(deelnemer, link)
    return link


@transaction.atomic
def links_intrekken(*, deelnemer: Deelnemer, door: User) -> None:
    """Revoke the participant's page link and calendar feed; nothing new is sent."""
    _eis_beheerder(deelnemer.praktijk, door)
    Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    for link in deelnemer.links.filter(ingetrokken_op__isnull=True):
        link_intrekken(link=link)


@transaction.atomic
def agenda_vernieuwen(*, deelnemer: Deelnemer) -> PersoonlijkeLink:
    """The participant revokes their own calendar feed; a new feed address replaces it."""
    for link in deelnemer.links.filter(
        soort=PersoonlijkeLink.Soort.AGENDA, ingetrokken_op__isnull=True
    ):
        link_intrekken(link=link)
    return link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.AGENDA)


def _eis_in_bereik(deelnemer: Deelnemer, bijeenkomst: Bijeenkomst) -> None:
    if not selectors.bijeenkomsten_van_deelnemer(deelnemer).filter(pk=bijeenkomst.pk).exists():
        raise PortaalFout(_("Deze bijeenkomst is niet voor u."))


@transaction.atomic
def antwoord_geven(*, deelnemer: Deelnemer, bijeenkomst: Bijeenkomst, antwoord: str) -> Uitnodiging:
    """Answer (or change the answer to) the invitation of a fixed meeting in the participant's
    scope. Makes the invitation when planning has not made it yet."""
    if antwoord not in {
        Uitnodiging.Antwoord.JA,
        Uitnodiging.Antwoord.NEE,
        Uitnodiging.Antwoord.MISSCHIEN,
    }:
        raise PortaalFout(_("Kies ja, nee of misschien."))
    _eis_in_bereik(deelnemer, bijeenkomst)
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if bijeenkomst.status not in BEANTWOORDBAAR:
        raise PortaalFout(_("U kunt op deze bijeenkomst niet meer antwoorden."))
    uitnodiging, _nieuw = Uitnodiging.objects.get_or_create(
        bijeenkomst=bijeenkomst, deelnemer=deelnemer
    )
    uitnodiging = Uitnodiging.objects.select_for_update().get(pk=uitnodiging.pk)
    uitnodiging.antwoord = antwoord
    uitnodiging.beantwoord_op = timezone.now()
    uitnodiging.save(update_fields=["antwoord", "beantwoord_op"])
    return uitnodiging


@transaction.atomic
def stemmen(*, deelnemer: Deelnemer, bijeenkomst: Bijeenkomst, antwoorden: dict[int, str]) -> None:
    """Vote on the date options of a meeting that is still being planned: one answer per option
    (ja / als het moet / nee). Changing a vote overwrites it."""
    _eis_in_bereik(deelnemer, bijeenkomst)
    bijeenkomst = Bijeenkomst.objects.select_for_update().get(pk=bijeenkomst.pk)
    if bijeenkomst.status != Bijeenkomst.Status.IN_OVERLEG:
        raise PortaalFout(_("De datum staat al vast. Stemmen kan niet meer."))
    opties = set(bijeenkomst.datumopties.values_list("pk", flat=True))
    if not antwoorden or set(antwoorden) - opties:
        raise PortaalFout(_("Kies bij elke datum ja, als het moet of nee."))
    for optie_id, antwoord in antwoorden.items():
        if antwoord not in Stem.Antwoord.values:
            raise PortaalFout(_("Kies bij elke datum ja, als het moet of nee."))
        Stem.objects.update_or_create(
            optie_id=optie_id, deelnemer=deelnemer, defaults={"antwoord": antwoord}
        )
