"""Demo enrolments for the demo editions, drawn from the municipalities in the source documents
(DOMAIN.md §6.5): every status an advisor meets, made through the portal's own services so that
timelines, intakes and mails are real. Idempotent: a municipality that already has an enrolment
for the track is left alone."""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from portal.models import Gemeente, GemeenteLidmaatschap, User
from trajecten.models import Editie, Thema, Traject

from . import services
from .models import Aanmelding, Intakegesprek
from .services import Besluit
from .stappen import stappen_voor, velden_voor

S = Aanmelding.Status


@dataclass(frozen=True)
class Scenario:
    traject: str
    gemeente: str
    doel: str
    gegevens: dict
    partners: tuple[str, ...] = ()
    doelgroepen: tuple[str, ...] = ()
    vraagstukken: tuple[str, ...] = ()
    besluit_reden: str = ""
    extra: dict = field(default_factory=dict)


TOEGEZEGD = {
    "toezegging_college": "toegezegd",
    "toezegging_raad": "toegezegd",
    "toezegging_ambtenaren": "toegezegd",
}

SCENARIOS = [
    Scenario(
        "A",
        "Someren",
        S.TOEGELATEN,
        {
            "maatschappelijk_vraagstuk": "Jongeren eerder en breder betrekken, bijvoorbeeld bij de fietsverbinding "
            "naar de sportterreinen die als onveilig wordt ervaren.",
            "lopend_project": True,
            "lopend_project_beschrijving": "Het model Samen voor Someren: stamtafel en flexibele thematafels.",
            "inclusievraag": "Hoe bereiken we jongeren via een sociale onderneming en sociale media, los van "
            "de formele momenten?",
            "motivatie": "Wij willen leren hoe inwoners echt meebeslissen.",
        },
        doelgroepen=("jongeren", "mensen-met-een-beperking"),
        vraagstukken=(
            "Onveilige fietsroute naar de sportterreinen",
            "Bijbaan voor jongeren met een beperking",
        ),
    ),
    Scenario(
        "A",
        "Huizen",
        S.TOEGELATEN,
        {
            "maatschappelijk_vraagstuk": "Veiligheid en acceptatie van LHBTI-inwoners.",
            "inclusievraag": "Van praten over mensen naar praten met mensen.",
            "motivatie": "Wij werken samen met Blaricum, Eemnes en Laren en willen dit samen leren.",
        },
        doelgroepen=("lhbti-inwoners",),
        vraagstukken=("Praten mét LHBTI-inwoners in plaats van óver hen",),
    ),
    Scenario(
        "A",
        "Oss",
        S.TOEGELATEN,
        {
            "maatschappelijk_vraagstuk": "Meer zeggenschap voor mensen met een licht verstandelijke beperking "
            "over hun weg naar werk.",
            "lopend_project": True,
            "lopend_project_beschrijving": "De pilot Van zorg naar werk met IBN.",
            "inclusievraag": "Hoe werken we met 'ik wil, ik kan en ik heb nodig'?",
            "motivatie": "De pilot loopt en wij willen de lessen vasthouden.",
        },
        vraagstukken=("Van dagbesteding naar werk",),
    ),
    Scenario(
        "A",
        "Ede",
        S.TOEGELATEN,
        {
            "maatschappelijk_vraagstuk": "Langer thuis wonen en leefbaarheid in een inclusieve wijk (Vredenhorst).",
            "inclusievraag": "Hoe ontmoeten mensen van verschillende culturen en leeftijden elkaar?",
            "motivatie": "Wij bouwen voort op de lokale inclusieagenda.",
        },
        doelgroepen=("mensen-met-een-migratieachtergrond", "kwetsbare-ouderen"),
        vraagstukken=("Ontmoeting in de wijk Veldhuizen",),
    ),
    Scenario(
        "A",
        "Woerden",
        S.TOEGELATEN,
        {
            "maatschappelijk_vraagstuk": "Leefbaarheid en een inclusieve openbare ruimte.",
            "inclusievraag": "Hoge stoepen en rollators: hoe denken inwoners mee over de inrichting?",
            "motivatie": "Na de inclusieagenda willen wij de volgende stap zetten.",
        },
        doelgroepen=("mensen-met-een-beperking",),
        vraagstukken=("Toegankelijke openbare ruimte",),
    ),
    Scenario(
        "A",
        "Hillegom",
        S.WACHTLIJST,
        {
            "maatschappelijk_vraagstuk": "Mantelzorg, ook door jonge mantelzorgers.",
            "inclusievraag": "Hoe vinden we de mantelzorgers die we nu niet zien?",
            "motivatie": "Wij bouwen voort op het outcometraject van 2017.",
        },
        partners=("Lisse", "Teylingen"),
        doelgroepen=("mantelzorgers",),
        vraagstukken=("Jonge mantelzorgers bereiken",),
    ),
    Scenario(
        "A",
        "Bergen op Zoom",
        S.TERUGGETROKKEN,
        {
            "maatschappelijk_vraagstuk": "Zorgelijke situaties eerder zien (Ogen en oren in de wijk).",
            "inclusievraag": "Hoe betrekken we bewoners die weinig vertrouwen hebben?",
            "motivatie": "Wij willen leren van andere gemeenten.",
            "toezegging_raad": "in_voorbereiding",
        },
        besluit_reden="De raad kon nog geen toezegging geven.",
    ),
    Scenario(
        "B",
        "Groningen",
        S.TOEGELATEN,
        {
            "projecttype": "initiatievenfonds",
            "projectbeschrijving": "De wijkbudgetten omzetten in een initiatievenfonds met criteria.",
            "motivatie": "Kaderstelling en de rol van de raad zijn onze vragen.",
        },
        vraagstukken=("Criteria voor het initiatievenfonds",),
    ),
    Scenario(
        "B",
        "Leeuwarden",
        S.TOEGELATEN,
        {
            "projecttype": "initiatievenloket",
            "projectbeschrijving": "Eén voordeur voor initiatieven van inwoners.",
            "motivatie": "Wij willen weerstand in de eigen organisatie beter begrijpen.",
        },
        vraagstukken=("Eén loket, veel afdelingen",),
    ),
    Scenario(
        "B",
        "Gooise Meren",
        S.INTAKE_GEHOUDEN,
        {
            "projecttype": "initiatievenbeleid",
            "projectbeschrijving": "Onze visie op burgerparticipatie omzetten in een beleidsnota.",
            "motivatie": "De 9 uitgangspunten van de Nationale Ombudsman willen wij toepassen.",
        },
        vraagstukken=("Van visie naar beleidsnota",),
    ),
    Scenario(
        "B",
        "Waddinxveen",
        S.INTAKE_GEPLAND,
        {
            "projecttype": "contactfunctionaris",
            "projectbeschrijving": "Een contactfunctionaris voor initiatieven, na 'Samen maken we de toekomst'.",
            "motivatie": "Wij willen de cultuurverandering vasthouden.",
        },
    ),
    Scenario(
        "B",
        "Wijk bij Duurstede",
        S.INGEDIEND,
        {
            "projecttype": "initiatievenloket",
            "projectbeschrijving": "Een initiatievenloket samen met Binding.",
            "motivatie": "Het seniorenleercentrum liet zien wat inwoners zelf kunnen.",
        },
    ),
    Scenario(
        "B",
        "Ouder-Amstel",
        S.INGEDIEND,
        {
            "projecttype": "initiatievenbeleid",
            "projectbeschrijving": "Herziening van het beleid voor initiatieven.",
            "motivatie": "Movisie hielp ons eerder onze vraagstukken te ontrafelen.",
        },
    ),
    Scenario(
        "B",
        "Best",
        S.CONCEPT,
        {
            "projecttype": "initiatievenloket",
            "projectbeschrijving": "Een loket in het nieuwe welzijnsgebouw.",
        },
    ),
    Scenario(
        "B",
        "Breda",
        S.AFGEWEZEN,
        {
            "projecttype": "overig",
            "projectbeschrijving": "Een kader voor coöperatieve bewonersbedrijven zoals ONS Label.",
            "motivatie": "Wij zoeken financiële en juridische kennis.",
        },
        besluit_reden="Dit project past beter bij een traject op maat. Wij nemen contact op over de mogelijkheden.",
    ),
    Scenario(
        "B",
        "Boekel",
        S.AANVULLING_GEVRAAGD,
        {
            "projecttype": "overig",
            "projectbeschrijving": "Meer ruimte voor initiatief.",
            "motivatie": "Wij willen aan de slag met initiatieven.",
        },
        besluit_reden="Dit traject vraagt een concreet project. Welk project wilt u inbrengen?",
    ),
    Scenario(
        "C3",
        "Someren",
        S.INGEDIEND,
        {"vraag": "Een Youth Manifesto met 14 jongeren.", "motivatie": "Jongeren meer stem geven."},
    ),
    Scenario(
        "C4", "Leeuwarden", S.INTAKE_GEPLAND, {"vraag": "Budgetmonitoring op het domein armoede."}
    ),
    Scenario(
        "C5", "Bergen op Zoom", S.INGEDIEND, {"vraag": "Een digitale buurtschouw in twee wijken."}
    ),
]

_STAPPEN_VOLGORDE = {
    "gemeente": ("contact_functie",),
    "vraagstuk": (
        "maatschappelijk_vraagstuk",
        "lopend_project",
        "lopend_project_beschrijving",
        "inclusievraag",
    ),
    "doelgroepen": ("doelgroepen", "motivatie"),
    "project": ("projecttype", "projectbeschrijving"),
    "motivatie": ("motivatie",),
    "aanvraag": ("vraag", "motivatie"),
    "toezeggingen": (
        "toezegging_college",
        "toezegging_raad",
        "toezegging_ambtenaren",
        "tijd_toegezegd",
        "cofinanciering_akkoord",
    ),
}


def _ambtenaar(gemeente: Gemeente) -> User:
    slug = gemeente.naam.lower().replace(" ", "-").replace("'", "")
    email = f"ambtenaar.{slug}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=settings.DEMO_PASSWORD, naam=f"Ambtenaar {gemeente.naam}"
        )
    # Mandatory e-mail verification: demo accounts come with a verified address.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    GemeenteLidmaatschap.objects.get_or_create(
        user=user,
        gemeente=gemeente,
        defaults={"status": GemeenteLidmaatschap.Status.BEVESTIGD, "bevestigd_op": timezone.now()},
    )
    return user


def _werkdag(vandaag: datetime.date, dagen: int, uur: int) -> datetime.datetime:
    datum = vandaag + datetime.timedelta(days=dagen)
    while datum.weekday() not in (1, 3):  # intakes on Tuesdays and Thursdays
        datum += datetime.timedelta(days=1 if dagen >= 0 else -1)
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(uur, 0)))


def _scenario_uitvoeren(scenario: Scenario, nummer: int, vandaag: datetime.date) -> None:
    traject = Traject.objects.get(code=scenario.traject)
    gemeente = Gemeente.objects.actief().get(naam=scenario.gemeente)
    ambtenaar = _ambtenaar(gemeente)
    if Aanmelding.objects.filter(traject=traject, deelnemers__gemeente=gemeente).exists():
        return
    editie = (
        None
        if traject.is_op_aanvraag
        else Editie.objects.filter(traject=traject).order_by("-aanmelding_vanaf").first()
    )
    adviseur = (
        User.objects.filter(rol=User.Rol.ADVISEUR, organisatie__in=traject.organisaties.all())
        .order_by("email")
        .first()
    )

    aanmelding = services.aanmelding_starten(
        traject=traject, editie=editie, gemeente=gemeente, door=ambtenaar
    )
    gegevens = {
        **({} if traject.is_op_aanvraag else TOEGEZEGD),
        "tijd_toegezegd": True,
        "cofinanciering_akkoord": True,
        **scenario.gegevens,
    }
    if scenario.doelgroepen:
        gegevens["doelgroepen"] = list(Thema.objects.filter(slug__in=scenario.doelgroepen))
    for stap in stappen_voor(traject):
        velden = [
            v
            for v in _STAPPEN_VOLGORDE[stap.slug]
            if v in velden_voor(traject, stap) and v in gegevens
        ]
        partners = (
            [Gemeente.objects.actief().get(naam=n) for n in scenario.partners]
            if stap.slug == "gemeente"
            else None
        )
        if velden or partners:
            services.aanmelding_stap_opslaan(
                aanmelding=aanmelding,
                stap=stap.slug,
                gegevens={v: gegevens[v] for v in velden},
                partners=partners,
                door=ambtenaar,
            )
    if scenario.doel == S.CONCEPT:
        return
    services.aanmelding_indienen(aanmelding=aanmelding, door=ambtenaar)
    if scenario.doel in (S.INGEDIEND,):
        return
    if scenario.doel == S.AANVULLING_GEVRAAGD:
        services.aanmelding_besluiten(
            aanmelding=aanmelding,
            besluit=Besluit.AANVULLING,
            vraag=scenario.besluit_reden,
            door=adviseur,
        )
        return
    gehouden = scenario.doel != S.INTAKE_GEPLAND
    start = _werkdag(vandaag, -7 * (20 - nummer) if gehouden else 7 + nummer, 10 + nummer % 5)
    intake = services.intake_plannen(
        aanmelding=aanmelding,
        start=start,
        eind=start + datetime.timedelta(hours=1, minutes=30),
        vorm=Intakegesprek.Vorm.OP_LOCATIE,
        adres=f"Gemeentehuis {gemeente.naam}",
        adviseurs=[adviseur],
        door=adviseur,
    )
    if not gehouden:
        return
    onderdelen = traject.onderdelen.filter(intake_check=True)
    services.intake_vastleggen(
        intake=intake,
        aanwezigen=f"{ambtenaar.naam}, wethouder sociaal domein, {adviseur.naam}",
        notities="Demo: notities van de adviseur. Alleen adviseurs zien dit.",
        checks={o.pk: ("voldoet", "") for o in onderdelen},
        vraagstukken=[{"titel": titel} for titel in scenario.vraagstukken],
        advies=Intakegesprek.Advies.TOELATEN,
        cofinanciering_bedrag=None,
        door=adviseur,
    )
    if scenario.doel == S.INTAKE_GEHOUDEN:
        return
    if scenario.doel == S.AFGEWEZEN:
        services.aanmelding_besluiten(
            aanmelding=aanmelding,
            besluit=Besluit.AFWIJZEN,
            reden=scenario.besluit_reden,
            door=adviseur,
        )
        return
    if scenario.doel == S.TERUGGETROKKEN:
        services.aanmelding_terugtrekken(
            aanmelding=aanmelding, reden=scenario.besluit_reden, door=ambtenaar
        )
        return
    services.aanmelding_besluiten(
        aanmelding=aanmelding,
        besluit=Besluit.TOELATEN,
        toezeggingen_vrijstellen=True,
        door=adviseur,
    )


@transaction.atomic
def demo_laden(*, vandaag: datetime.date | None = None) -> dict[str, int]:
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured("Demo data is refused under production settings.")
    vandaag = vandaag or timezone.localdate()
    for nummer, scenario in enumerate(SCENARIOS):
        _scenario_uitvoeren(scenario, nummer, vandaag)
    return {"aanmeldingen": Aanmelding.objects.count()}
