"""E-mails about enrolments and intakes. Each function is called inside the business transaction
and only puts rows in the outbox (``portal.mail``); a Celery task sends them after the commit.
The idempotency key of each mail names the event, so a repeated call never mails twice."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.ics import IcsEvent, ics_agenda
from portal.mail import mail_klaarzetten
from portal.models import GemeenteLidmaatschap, User

from .models import Aanmelding, Intakegesprek, Overgang

S = Aanmelding.Status

# What an official reads about each new status: what it means and what happens next (B1).
UITLEG = {
    S.INGEDIEND: _(
        "Wij hebben de aanmelding ontvangen. Een adviseur neemt contact met u op om een "
        "intakegesprek te plannen."
    ),
    S.INTAKE_GEPLAND: _(
        "Het intakegesprek is gepland. U krijgt een aparte uitnodiging voor uw agenda."
    ),
    S.INTAKE_GEHOUDEN: _("Het intakegesprek is geweest. De adviseur neemt binnenkort een besluit."),
    S.AANVULLING_GEVRAAGD: _(
        "De adviseur heeft een vraag. Geef het antwoord op de pagina van de aanmelding. Daarna "
        "gaat de aanmelding weer naar de adviseur."
    ),
    S.TOEGELATEN: _("Uw gemeente doet mee. Binnenkort hoort u in welke leergroep u komt."),
    S.WACHTLIJST: _(
        "Alle plaatsen zijn nu bezet. Uw gemeente staat op de wachtlijst. Komt er een plaats vrij? "
        "Dan krijgt u bericht."
    ),
    S.AFGEWEZEN: _("Uw gemeente doet niet mee aan dit traject. Hieronder leest u waarom."),
    S.GEPLAATST: _("Uw gemeente is geplaatst in een leergroep."),
    S.AFGEROND: _("Het traject is afgerond. Bedankt voor uw deelname."),
    S.TERUGGETROKKEN: _("De aanmelding is teruggetrokken."),
}


def _portaal_url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


def ontvangers_gemeente(aanmelding: Aanmelding) -> list[str]:
    """The confirmed officials of every municipality in the enrolment, and its contact person."""
    adressen = set(
        GemeenteLidmaatschap.objects.filter(
            gemeente__in=aanmelding.deelnemers.values("gemeente"),
            status=GemeenteLidmaatschap.Status.BEVESTIGD,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if aanmelding.contact_email:
        adressen.add(aanmelding.contact_email.lower())
    return sorted(adressen)


def ontvangers_adviseurs(aanmelding: Aanmelding) -> list[str]:
    """The assigned advisor, or else every advisor of the organisations that run the track."""
    if aanmelding.adviseur_id and aanmelding.adviseur.is_active:
        return [aanmelding.adviseur.email]
    return sorted(
        User.objects.filter(
            Q(rol=User.Rol.ADVISEUR, organisatie__in=aanmelding.traject.organisaties.all()),
            is_active=True,
        ).values_list("email", flat=True)
    )


def status_gewijzigd(overgang: Overgang) -> None:
    aanmelding = overgang.aanmelding
    if overgang.naar == S.CONCEPT:
        return
    context = {
        "aanmelding": aanmelding,
        "overgang": overgang,
        "uitleg": UITLEG.get(overgang.naar, ""),
        "url": _portaal_url(aanmelding.get_absolute_url()),
    }
    ontvangers = ontvangers_gemeente(aanmelding)
    if ontvangers:
        mail_klaarzetten(
            sleutel=f"aanmelding:{aanmelding.pk}:overgang:{overgang.pk}",
            aan=ontvangers,
            onderwerp=_("%(traject)s: %(status)s")
            % {"traject": aanmelding.traject.titel, "status": overgang.get_naar_display()},
            sjabloon="mail/intake/status_gewijzigd",
            context=context,
            organisaties=_organisaties(aanmelding),
        )
    if overgang.naar in (S.INGEDIEND, S.TERUGGETROKKEN):
        adviseurs = ontvangers_adviseurs(aanmelding)
        if adviseurs:
            mail_klaarzetten(
                sleutel=f"aanmelding:{aanmelding.pk}:overgang:{overgang.pk}:adviseurs",
                aan=adviseurs,
                onderwerp=_("%(gemeente)s: %(status)s")
                % {"gemeente": aanmelding.gemeente.naam, "status": overgang.get_naar_display()},
                sjabloon="mail/intake/voor_adviseur",
                context=context,
                organisaties=_organisaties(aanmelding),
            )


def _organisaties(aanmelding: Aanmelding) -> list[int]:
    """The track's organisations: their advisors see the mail in the mail overview."""
    return list(aanmelding.traject.organisaties.values_list("pk", flat=True))


def plaats_vrijgekomen(aanmelding: Aanmelding) -> None:
    adviseurs = ontvangers_adviseurs(aanmelding)
    if not adviseurs:
        return
    mail_klaarzetten(
        sleutel=f"aanmelding:{aanmelding.pk}:plaats-vrijgekomen:{aanmelding.overgangen.count()}",
        aan=adviseurs,
        onderwerp=_("Plaats vrijgekomen: %(gemeente)s is toegelaten")
        % {"gemeente": aanmelding.gemeente.naam},
        sjabloon="mail/intake/plaats_vrijgekomen",
        context={"aanmelding": aanmelding, "url": _portaal_url(aanmelding.get_absolute_url())},
        organisaties=_organisaties(aanmelding),
    )


def intake_ics(intake: Intakegesprek) -> bytes:
    aanmelding = intake.aanmelding
    geannuleerd = intake.status == Intakegesprek.Status.GEANNULEERD
    locatie = intake.adres if intake.vorm == Intakegesprek.Vorm.OP_LOCATIE else intake.online_link
    event = IcsEvent(
        uid=f"intake-{intake.uid}@trajectportaal",
        sequence=intake.sequence,
        start=intake.start,
        eind=intake.eind,
        titel=_("Intakegesprek %(traject)s") % {"traject": aanmelding.traject.titel},
        beschrijving=_(
            "Intakegesprek over de aanmelding van %(gemeente)s. Meer informatie: %(url)s"
        )
        % {
            "gemeente": aanmelding.gemeente.naam,
            "url": _portaal_url(aanmelding.get_absolute_url()),
        },
        locatie=locatie,
        url=_portaal_url(aanmelding.get_absolute_url()),
        organisator_naam=_("Trajectportaal"),
        organisator_email=settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">"),
        deelnemers=[(a.naam, a.email) for a in intake.adviseurs.all()],
        geannuleerd=geannuleerd,
    )
    return ics_agenda([event], methode="CANCEL" if geannuleerd else "REQUEST")


def intake_uitnodiging(intake: Intakegesprek) -> None:
    """Invitation, update (raised SEQUENCE) or cancellation of the intake, with the .ics."""
    aanmelding = intake.aanmelding
    ontvangers = ontvangers_gemeente(aanmelding)
    if not ontvangers:
        return
    if intake.status == Intakegesprek.Status.GEANNULEERD:
        onderwerp = _("Afgezegd: intakegesprek %(traject)s")
        soort = "afgezegd"
    elif intake.sequence > 0:
        onderwerp = _("Nieuwe tijd: intakegesprek %(traject)s")
        soort = "verplaatst"
    else:
        onderwerp = _("Uitnodiging: intakegesprek %(traject)s")
        soort = "uitnodiging"
    mail_klaarzetten(
        sleutel=f"intake:{intake.uid}:{intake.sequence}",
        aan=ontvangers,
        onderwerp=onderwerp % {"traject": aanmelding.traject.titel},
        sjabloon="mail/intake/intake_uitnodiging",
        context={
            "aanmelding": aanmelding,
            "intake": intake,
            "soort": soort,
            "url": _portaal_url(aanmelding.get_absolute_url()),
            "ics_url": _portaal_url(reverse("intake:intake-ics", kwargs={"pk": aanmelding.pk})),
        },
        bijlagen=[
            {
                "naam": "intakegesprek.ics",
                "mimetype": "text/calendar; method=%s"
                % ("CANCEL" if soort == "afgezegd" else "REQUEST"),
                "inhoud": intake_ics(intake).decode(),
            }
        ],
        organisaties=_organisaties(aanmelding),
    )
