"""E-mails about memberships of a municipality (through the outbox in ``portal.mail``)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .mail import mail_klaarzetten
from .models import GemeenteLidmaatschap, User


def _url(naam: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(naam)


def lidmaatschap_aangevraagd(lidmaatschap: GemeenteLidmaatschap) -> None:
    if lidmaatschap.status == GemeenteLidmaatschap.Status.BEVESTIGD:
        mail_klaarzetten(
            sleutel=f"lidmaatschap:{lidmaatschap.pk}:bevestigd",
            aan=[lidmaatschap.user.email],
            onderwerp=_("U bent gekoppeld aan %(gemeente)s")
            % {"gemeente": lidmaatschap.gemeente.naam},
            sjabloon="mail/portal/lidmaatschap_bevestigd",
            context={"lidmaatschap": lidmaatschap, "url": _url("portal:mijn")},
        )
        return
    beoordelaars = set(
        GemeenteLidmaatschap.objects.filter(
            gemeente=lidmaatschap.gemeente,
            status=GemeenteLidmaatschap.Status.BEVESTIGD,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if not beoordelaars:
        beoordelaars = set(
            User.objects.filter(
                rol__in=[User.Rol.ADVISEUR, User.Rol.BEHEERDER], is_active=True
            ).values_list("email", flat=True)
        )
    if beoordelaars:
        mail_klaarzetten(
            sleutel=f"lidmaatschap:{lidmaatschap.pk}:aangevraagd",
            aan=sorted(beoordelaars),
            onderwerp=_("Aanvraag: %(naam)s wil lid worden van %(gemeente)s")
            % {"naam": lidmaatschap.user, "gemeente": lidmaatschap.gemeente.naam},
            sjabloon="mail/portal/lidmaatschap_aangevraagd",
            context={"lidmaatschap": lidmaatschap, "url": _url("portal:lidmaatschappen")},
        )


def lidmaatschap_beoordeeld(lidmaatschap: GemeenteLidmaatschap) -> None:
    bevestigd = lidmaatschap.status == GemeenteLidmaatschap.Status.BEVESTIGD
    mail_klaarzetten(
        sleutel=f"lidmaatschap:{lidmaatschap.pk}:{lidmaatschap.status}",
        aan=[lidmaatschap.user.email],
        onderwerp=(
            _("U bent gekoppeld aan %(gemeente)s")
            if bevestigd
            else _("Uw aanvraag voor %(gemeente)s is afgewezen")
        )
        % {"gemeente": lidmaatschap.gemeente.naam},
        sjabloon="mail/portal/lidmaatschap_bevestigd"
        if bevestigd
        else "mail/portal/lidmaatschap_afgewezen",
        context={"lidmaatschap": lidmaatschap, "url": _url("portal:mijn")},
    )
