"""Who a meeting is for, and its calendar event. Shared by invitations, schedules and feeds."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal.ics import IcsEvent

from .models import Bijeenkomst, Deelnemer


def deelnemers_in_bereik(bijeenkomst: Bijeenkomst) -> QuerySet:
    """Active participants in the meeting's scope: the whole edition for start and closing
    meetings, the learning group for an exchange meeting, the practice for a local meeting."""
    deelnemers = Deelnemer.objects.filter(actief=True)
    if bijeenkomst.praktijk_id:
        return deelnemers.filter(praktijk_id=bijeenkomst.praktijk_id)
    if bijeenkomst.leergroep_id:
        return deelnemers.filter(praktijk__leergroep_id=bijeenkomst.leergroep_id)
    return deelnemers.filter(praktijk__aanmelding__editie_id=bijeenkomst.editie_id)


def bijeenkomst_event(bijeenkomst: Bijeenkomst, *, url: str = "") -> IcsEvent:
    """The meeting as a calendar event. Names no participants: a feed or invitation shows only
    the meeting itself."""
    plaats = (
        ", ".join(p for p in (bijeenkomst.locatie, bijeenkomst.adres) if p)
        or bijeenkomst.online_link
    )
    return IcsEvent(
        uid=f"bijeenkomst-{bijeenkomst.uid}@trajectportaal",
        sequence=bijeenkomst.sequence,
        start=bijeenkomst.start,
        eind=bijeenkomst.eind,
        titel=bijeenkomst.titel,
        beschrijving=bijeenkomst.agenda or _("Bijeenkomst van het traject."),
        locatie=plaats,
        url=url,
        organisator_naam=_("Trajectportaal"),
        organisator_email=settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"),
        deelnemers=(),
        geannuleerd=bijeenkomst.status == Bijeenkomst.Status.GEANNULEERD,
    )
