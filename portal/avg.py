"""The register of personal data (AVG art. 30): which field of which model holds personal data,
what kind, why, on what legal basis and for how long.

This list is the source: ``docs/privacy.md`` is generated from it (``manage.py
privacyregister``) and a test compares the two. Another test walks every model of every
installed app and fails when a text field of our own apps is in neither ``REGISTER`` nor
``GEEN_PERSOONSGEGEVENS``, or when a field of another app looks personal (e-mail, name, IP,
token, free text) and is not registered: a new field cannot slip by.

The export (inzage) and the erasure of one person live in ``portal.privacy``; the retention
jobs in ``portal.bewaartermijnen``."""

from dataclasses import dataclass

# Categories
IDENTIFICATIE = "Identificatie en contact"
INLOGGEGEVENS = "Inloggegevens en beveiliging"
VRIJE_TEKST = "Vrije tekst van of over personen"
GEZONDHEID = "Mogelijk gezondheid (bijzonder persoonsgegeven)"
COMMUNICATIE = "Communicatie (e-mail)"
LOGGING = "Logging en herkomst"
PUBLIEK_CONTACT = "Publieke contactgegevens"

# Legal bases (AVG art. 6)
TAAK = "Algemeen belang (art. 6 lid 1e): uitvoering van het ontwikkeltraject"
OVEREENKOMST = "Overeenkomst (art. 6 lid 1b): het account en de deelname"
BELANG = "Gerechtvaardigd belang (art. 6 lid 1f): beveiliging en verantwoording"
TOESTEMMING = "Uitdrukkelijke toestemming (art. 9 lid 2a): de deelnemer vult het zelf in"

# Retention
TOT_WISSEN = "Tot het account wordt gewist"
NA_EDITIE_INTAKE = "Tot BEWAARTERMIJN_INTAKE_DAGEN na het einde van de editie"
NA_EDITIE_DEELNEMERS = "Tot BEWAARTERMIJN_DEELNEMERS_DAGEN na het einde van de editie"
MAIL = "BEWAARTERMIJN_MAIL_DAGEN na verzenden"
SESSIE = "Tot de sessie verloopt (SESSIE_MAXIMUM), daarna opgeruimd"
INLOGPOGINGEN = "BEWAARTERMIJN_INLOGPOGINGEN_DAGEN"
AUDIT = "Blijft (verantwoording); na wissen van een persoon geredigeerd"
ZOLANG_GEPUBLICEERD = "Zolang het traject in de catalogus staat"
KENNIS = "Blijft als deel van het kennisproduct; naam en e-mail worden gewist"


@dataclass(frozen=True)
class Veld:
    model: str  # app_label.ModelName
    veld: str
    categorie: str
    doel: str
    grondslag: str
    bewaartermijn: str


def _velden(model, categorie, doel, grondslag, bewaartermijn, *namen):
    return [Veld(model, naam, categorie, doel, grondslag, bewaartermijn) for naam in namen]


REGISTER: list[Veld] = [
    *_velden(
        "portal.User",
        IDENTIFICATIE,
        "Inloggen, mail over de aanmelding en het traject, tonen wie iets deed",
        OVEREENKOMST,
        TOT_WISSEN,
        "email",
        "naam",
    ),
    *_velden("portal.User", INLOGGEGEVENS, "Inloggen", OVEREENKOMST, TOT_WISSEN, "password"),
    *_velden(
        "portal.GemeenteLidmaatschap",
        IDENTIFICATIE,
        "Laten zien wie namens een gemeente werkt",
        TAAK,
        TOT_WISSEN,
        "functie",
    ),
    *_velden(
        "portal.Mail",
        COMMUNICATIE,
        "Mail betrouwbaar versturen en laten zien wat er is verstuurd",
        TAAK,
        MAIL,
        "aan",
        "onderwerp",
        "tekst",
        "html",
        "bijlagen",
        "laatste_fout",
    ),
    # A mail job holds the ids of the participants it mails (no addresses or names) until the
    # mail's own term ends.
    *_velden(
        "portal.MailOpdracht",
        COMMUNICATIE,
        "Mail betrouwbaar versturen en laten zien wat er is verstuurd",
        TAAK,
        MAIL,
        "gegevens",
        "laatste_fout",
    ),
    *_velden(
        "portal.AuditRegel",
        LOGGING,
        "Verantwoording (BIO 8.15): wie deed wat, wanneer en vanaf waar",
        BELANG,
        AUDIT,
        "actor_tekst",
        "object_tekst",
        "ip",
    ),
    *_velden(
        "trajecten.TrajectContact",
        PUBLIEK_CONTACT,
        "Contactpersonen van een traject tonen, zoals op de flyer",
        TAAK,
        ZOLANG_GEPUBLICEERD,
        "naam",
        "functie",
        "email",
        "telefoon",
        "toelichting",
    ),
    *_velden(
        "intake.Aanmelding",
        IDENTIFICATIE,
        "Contact met de gemeente over de aanmelding",
        TAAK,
        NA_EDITIE_INTAKE,
        "contact_naam",
        "contact_functie",
        "contact_email",
        "contact_telefoon",
    ),
    *_velden(
        "intake.Intakegesprek",
        VRIJE_TEKST,
        "Verslag van het intakegesprek voor de adviseurs",
        TAAK,
        NA_EDITIE_INTAKE,
        "aanwezigen",
        "notities",
    ),
    *_velden(
        "intake.Overgang",
        VRIJE_TEKST,
        "Uitleg bij een besluit over de aanmelding",
        TAAK,
        NA_EDITIE_INTAKE,
        "reden",
    ),
    *_velden(
        "intake.Aanvullingsverzoek",
        VRIJE_TEKST,
        "Vraag van de adviseur en antwoord van de gemeente",
        TAAK,
        NA_EDITIE_INTAKE,
        "vraag",
        "antwoord",
    ),
    *_velden(
        "bijeenkomsten.Deelnemer",
        IDENTIFICATIE,
        "Deelnemers uitnodigen en hun eigen rooster geven",
        TAAK,
        NA_EDITIE_DEELNEMERS,
        "naam",
        "email",
        "telefoon",
    ),
    *_velden(
        "bijeenkomsten.Deelnemer",
        GEZONDHEID,
        "Bijeenkomsten toegankelijk maken (rolstoel, ringleiding, tolk)",
        TOESTEMMING,
        NA_EDITIE_DEELNEMERS,
        "toegankelijkheid",
    ),
    *_velden(
        "bijeenkomsten.PersoonlijkeLink",
        INLOGGEGEVENS,
        "Persoonlijke link zonder account (alleen zout en hash, nooit het token)",
        TAAK,
        NA_EDITIE_DEELNEMERS,
        "zout",
        "sleutel_hash",
    ),
    *_velden(
        "bijeenkomsten.Bijeenkomst",
        VRIJE_TEKST,
        "Verslag van een bijeenkomst",
        TAAK,
        KENNIS,
        "verslag",
    ),
    *_velden(
        "kennis.Les",
        VRIJE_TEKST,
        "Lessen voor het kennisproduct",
        TAAK,
        KENNIS,
        "tekst",
    ),
    *_velden(
        "kennis.Opmerking",
        VRIJE_TEKST,
        "Reacties van deelnemers op het kennisproduct",
        TAAK,
        KENNIS,
        "tekst",
    ),
    # Django, allauth and (when installed) django-axes
    *_velden(
        "sessions.Session",
        INLOGGEGEVENS,
        "Ingelogd blijven",
        OVEREENKOMST,
        SESSIE,
        "session_key",
        "session_data",
    ),
    *_velden(
        "account.EmailAddress",
        IDENTIFICATIE,
        "Het e-mailadres bevestigen",
        OVEREENKOMST,
        TOT_WISSEN,
        "email",
    ),
    *_velden(
        "account.EmailConfirmation",
        INLOGGEGEVENS,
        "Het e-mailadres bevestigen",
        OVEREENKOMST,
        TOT_WISSEN,
        "key",
    ),
    *_velden(
        "mfa.Authenticator",
        INLOGGEGEVENS,
        "Tweede factor bij het inloggen",
        BELANG,
        TOT_WISSEN,
        "data",
    ),
    *_velden(
        "admin.LogEntry",
        LOGGING,
        "Wijzigingen in het beheer (Django admin)",
        BELANG,
        AUDIT,
        "object_repr",
        "change_message",
    ),
    *_velden(
        "axes.AccessAttempt",
        LOGGING,
        "Inlogpogingen tellen en blokkeren (brute force)",
        BELANG,
        INLOGPOGINGEN,
        "username",
        "ip_address",
        "user_agent",
        "http_accept",
        "path_info",
        "get_data",
        "post_data",
    ),
    *_velden(
        "axes.AccessLog",
        LOGGING,
        "Inlogpogingen tellen en blokkeren (brute force)",
        BELANG,
        INLOGPOGINGEN,
        "username",
        "ip_address",
        "user_agent",
        "http_accept",
        "path_info",
        "session_hash",
    ),
    *_velden(
        "axes.AccessFailureLog",
        LOGGING,
        "Inlogpogingen tellen en blokkeren (brute force)",
        BELANG,
        INLOGPOGINGEN,
        "username",
        "ip_address",
        "user_agent",
        "http_accept",
        "path_info",
    ),
]

# Text fields of our own apps that hold no personal data: reference data, statuses, the
# content of tracks and knowledge products, and texts about a municipality's project.
GEEN_PERSOONSGEGEVENS: dict[str, set[str]] = {
    "auth.Permission": {"name", "codename"},
    "auth.Group": {"name"},
    "portal.User": {"rol"},
    "portal.Provincie": {"code", "naam"},
    "portal.Gemeente": {"cbs_code", "naam", "samenwerking", "website", "email_domeinen"},
    "portal.Organisatie": {"slug", "naam", "soort", "website", "omschrijving"},
    "portal.GemeenteLidmaatschap": {"status"},
    "portal.Mail": {"sleutel", "message_id", "status"},
    "portal.MailOpdracht": {"functie", "status"},
    "portal.AuditRegel": {"actie", "object_type", "object_id", "resultaat", "kanaal"},
    "trajecten.Programma": {"slug", "naam", "omschrijving"},
    "trajecten.Thema": {"slug", "naam", "soort"},
    "trajecten.Publiek": {"slug", "naam"},
    "trajecten.Traject": {
        "code",
        "slug",
        "titel",
        "ondertitel",
        "soort",
        "status",
        "samenvatting",
        "waar_gaat_het_over",
        "doel",
        "aan_de_slag",
        "voor",
        "vorm",
        "kosten",
        "aantal",
        "doorlooptijd",
        "start",
        "praktische_informatie",
        "interesse",
        "projecttypen",
        "bron",
    },
    "trajecten.TrajectOnderdeel": {"sectie", "tekst"},
    "trajecten.MethodeStap": {"titel", "beschrijving"},
    "trajecten.Editie": {"naam", "slug", "status", "start_indicatie"},
    "intake.Aanmelding": {
        "maatschappelijk_vraagstuk",
        "lopend_project_beschrijving",
        "inclusievraag",
        "projecttype",
        "projectbeschrijving",
        "vraag",
        "motivatie",
        "toezegging_college",
        "toezegging_raad",
        "toezegging_ambtenaren",
        "toezegging_toelichting",
        "status",
        "laatste_stap",
    },
    "intake.Overgang": {"van", "naar"},
    "intake.Intakegesprek": {"status", "vorm", "adres", "online_link", "advies"},
    "intake.IntakeCheck": {"resultaat", "toelichting"},
    "intake.Vraagstuk": {"titel", "beschrijving"},
    "bijeenkomsten.Leergroep": {"naam", "uitleg"},
    "bijeenkomsten.Koppeleis": {"soort"},
    "bijeenkomsten.LokalePraktijk": {"focus"},
    "bijeenkomsten.Deelnemer": {"rol"},
    "bijeenkomsten.PersoonlijkeLink": {"soort"},
    "bijeenkomsten.Bijeenkomst": {
        "soort",
        "titel",
        "status",
        "locatie",
        "adres",
        "online_link",
        "toegankelijkheid",
        "agenda",
    },
    "bijeenkomsten.Stem": {"antwoord"},
    "bijeenkomsten.Uitnodiging": {"antwoord"},
    "kennis.Les": {"soort", "status"},
    "kennis.Kennisproduct": {"titel", "ondertitel", "status", "slug"},
    "kennis.Sectie": {"soort", "titel", "tekst"},
    "kennis.Toestemming": {"status"},
    "kennis.Weergave": {"inhoud_hash", "status", "reden", "bestand"},
}

EIGEN_APPS = ("portal", "trajecten", "intake", "bijeenkomsten", "kennis")

# Field names of other apps that look like personal data.
LIJKT_PERSOONLIJK = (
    "email",
    "naam",
    "name",
    "user",
    "phone",
    "telefoon",
    "ip",
    "address",
    "token",
    "key",
    "session",
    "data",
    "agent",
    "repr",
    "message",
    "password",
    "secret",
    "note",
)


def geregistreerd() -> set[tuple[str, str]]:
    return {(v.model, v.veld) for v in REGISTER}


def markdown() -> str:
    """The register as the Markdown table in ``docs/privacy.md``."""
    regels = [
        "| Model | Veld | Soort gegeven | Doel | Grondslag | Bewaartermijn |",
        "|---|---|---|---|---|---|",
    ]
    for v in REGISTER:
        regels.append(
            f"| `{v.model}` | `{v.veld}` | {v.categorie} | {v.doel} | {v.grondslag} | "
            f"{v.bewaartermijn} |"
        )
    return "\n".join(regels) + "\n"
