"""The steps of the enrolment form, one topic a page, and what each track requires.

The form follows the track: track A asks the social issue, the inclusion question, target groups,
motivation, time and agreement to co-financing; a track with a required concrete project (B) asks
the project; an on-request track asks the question. Every edition asks the commitment of college,
raad and ambtenaren.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from trajecten.models import Traject

from .models import Aanmelding


@dataclass(frozen=True)
class Stap:
    slug: str
    titel: str
    velden: tuple[str, ...]


GEMEENTE = Stap(
    "gemeente",
    _("Uw gemeente en contactpersoon"),
    ("contact_naam", "contact_functie", "contact_email", "contact_telefoon"),
)
VRAAGSTUK = Stap(
    "vraagstuk",
    _("Uw vraag"),
    ("maatschappelijk_vraagstuk", "lopend_project", "lopend_project_beschrijving", "inclusievraag"),
)
PROJECT = Stap("project", _("Uw project"), ("projecttype", "projectbeschrijving"))
DOELGROEPEN = Stap("doelgroepen", _("Doelgroepen en motivatie"), ("doelgroepen", "motivatie"))
MOTIVATIE = Stap("motivatie", _("Motivatie"), ("motivatie",))
AANVRAAG = Stap("aanvraag", _("Uw vraag"), ("vraag", "motivatie"))
TOEZEGGINGEN = Stap(
    "toezeggingen",
    _("Toezeggingen"),
    (
        "toezegging_college",
        "toezegging_raad",
        "toezegging_ambtenaren",
        "toezegging_toelichting",
        "tijd_toegezegd",
        "cofinanciering_akkoord",
    ),
)


def stappen_voor(traject: Traject) -> list[Stap]:
    if traject.is_op_aanvraag:
        return [GEMEENTE, AANVRAAG]
    if traject.concreet_project_verplicht:
        return [GEMEENTE, PROJECT, MOTIVATIE, TOEZEGGINGEN]
    return [GEMEENTE, VRAAGSTUK, DOELGROEPEN, TOEZEGGINGEN]


def velden_voor(traject: Traject, stap: Stap) -> tuple[str, ...]:
    """The fields of ``stap`` that apply to ``traject`` (co-financing only where it is asked)."""
    velden = stap.velden
    if stap is TOEZEGGINGEN and traject.cofinanciering_percentage is None:
        velden = tuple(v for v in velden if v not in {"cofinanciering_akkoord", "tijd_toegezegd"})
    return velden


def ontbrekend(aanmelding: Aanmelding) -> list[tuple[Stap, str]]:
    """What must still be filled in before the enrolment can be submitted, per step."""
    traject = aanmelding.traject
    tekorten: list[tuple[Stap, str]] = []

    def eis(stap, voorwaarde, melding):
        if not voorwaarde:
            tekorten.append((stap, melding))

    eis(GEMEENTE, aanmelding.contact_naam.strip(), _("Vul de naam van de contactpersoon in."))
    eis(
        GEMEENTE,
        aanmelding.contact_email.strip(),
        _("Vul het e-mailadres van de contactpersoon in."),
    )
    if traject.is_op_aanvraag:
        eis(AANVRAAG, aanmelding.vraag.strip(), _("Beschrijf uw vraag."))
        return tekorten
    if traject.concreet_project_verplicht:
        eis(
            PROJECT,
            aanmelding.projecttype,
            _("Kies de soort project. Dit traject vraagt een concreet project."),
        )
        eis(PROJECT, aanmelding.projectbeschrijving.strip(), _("Beschrijf uw project."))
        eis(MOTIVATIE, aanmelding.motivatie.strip(), _("Schrijf waarom u mee wilt doen."))
    else:
        eis(
            VRAAGSTUK,
            aanmelding.maatschappelijk_vraagstuk.strip(),
            _("Beschrijf het maatschappelijk vraagstuk."),
        )
        eis(
            VRAAGSTUK,
            not aanmelding.lopend_project or aanmelding.lopend_project_beschrijving.strip(),
            _("Beschrijf het lopende project, of zet het vinkje uit."),
        )
        eis(
            VRAAGSTUK,
            aanmelding.inclusievraag.strip(),
            _("Beschrijf uw vraag over inclusie en zeggenschap."),
        )
        eis(DOELGROEPEN, aanmelding.motivatie.strip(), _("Schrijf waarom u mee wilt doen."))
    eis(
        TOEZEGGINGEN,
        aanmelding.toezegging_college,
        _("Geef aan hoe het staat met de toezegging van het college."),
    )
    eis(
        TOEZEGGINGEN,
        aanmelding.toezegging_raad,
        _("Geef aan hoe het staat met de toezegging van de raad."),
    )
    eis(
        TOEZEGGINGEN,
        aanmelding.toezegging_ambtenaren,
        _("Geef aan hoe het staat met de toezegging van de ambtenaren."),
    )
    if traject.cofinanciering_percentage is not None:
        eis(
            TOEZEGGINGEN,
            aanmelding.tijd_toegezegd,
            _("Zeg toe dat er tijd is voor de bijeenkomsten."),
        )
        eis(
            TOEZEGGINGEN,
            aanmelding.cofinanciering_akkoord,
            _("Ga akkoord met de bijdrage van %(procent)s%% van de kosten van de lokale praktijk.")
            % {"procent": traject.cofinanciering_percentage},
        )
    return tekorten
