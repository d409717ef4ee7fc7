"""The access matrix (issue 7): every route of the portal, requested as every role, with the ids
and tokens of objects that belong to someone else.

The world has two sides. Side X is the owner of every object in the URLs: organisation X with
its advisor, a municipality with a confirmed official, an unconfirmed official who asked to join
it, enrolments in every state a page needs, an edition with learning groups, practices,
participants with personal links, meetings, a lesson and a knowledge product with a PDF. Side Y
is the same once more for organisation Y (its advisor, official and participant), so that every
role except X's own has objects of its own and asks for X's.

``MATRIX`` gives every route of :func:`tests.routes.portal_routes` one entry: who owns the
objects in its URL, and what the owner gets on GET and POST. Everyone else is refused: anonymous
visitors go to the login page (a 404 behind a personal link), logged-in users get 403 or 404
(405 for a method the route does not take). Three tests use it:

- every route has an entry (a new view without one fails, naming the route);
- nobody else gets X's objects, and X's owners do get them: without that the matrix could not
  tell "refused" from "broken". No answer to an outsider holds X's personal data. And a GET,
  by anyone, changes no row in any table (audit log and sessions aside: reading personal data
  is logged, and a visit is a session);
- a POST without the CSRF token is refused with 403 on every route that takes a POST;
- Y's advisor, on Y's own pages, puts X's ids in the POST body: X's objects stay as they were.

The world is built once per module; every request runs in a savepoint that is rolled back, so a
POST of one owner (cancel, withdraw, erase) never changes what the next request sees.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import planning, services
from bijeenkomsten.links import link_geven, link_intrekken, link_token
from bijeenkomsten.models import (
    Bijeenkomst,
    Deelnemer,
    Leergroep,
    LokalePraktijk,
    PersoonlijkeLink,
    Samenstelling,
)
from intake.models import Aanmelding, Intakegesprek
from kennis import lessen, producten
from kennis.models import Kennisproduct, Les, Opmerking, Weergave
from portal.models import GemeenteLidmaatschap, Mail, User
from portal.sessies import SessionStore
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)
from .routes import portal_routes

S = Aanmelding.Status
B = Bijeenkomst
P = Kennisproduct.Status

# --- Roles ---------------------------------------------------------------------------------------

ANONIEM = "anoniem"
ONBEVESTIGD = "onbevestigd"  # asked to join X's municipality, not confirmed
AMBTENAAR = "ambtenaar"  # confirmed official of X's municipality
AMBTENAAR_Y = "ambtenaar_y"
DEELNEMER = "deelnemer"  # X's participant, behind a personal link
DEELNEMER_Y = "deelnemer_y"
ADVISEUR = "adviseur"  # advisor of X's organisation
ADVISEUR_Y = "adviseur_y"
BEHEERDER = "beheerder"
ROLLEN = (
    ANONIEM,
    ONBEVESTIGD,
    AMBTENAAR,
    AMBTENAAR_Y,
    DEELNEMER,
    DEELNEMER_Y,
    ADVISEUR,
    ADVISEUR_Y,
    BEHEERDER,
)
#: Roles without an account: the participants reach their pages through their link only.
ZONDER_ACCOUNT = {ANONIEM, DEELNEMER, DEELNEMER_Y}
IEDEREEN = frozenset(ROLLEN)
INGELOGD = IEDEREEN - ZONDER_ACCOUNT
ADVISEURS = frozenset({ADVISEUR, ADVISEUR_Y, BEHEERDER})
ADVISEUR_X = frozenset({ADVISEUR, BEHEERDER})
GEMEENTE_X = frozenset({AMBTENAAR, ADVISEUR, BEHEERDER})

#: Text in X's personal data (its participant, its enrolments' contact, the intake notes, the
#: mail) that no answer to an outsider may hold, refused or not...
GEHEIM = "Xanadu"
BUITENSTAANDERS = {ANONIEM, ONBEVESTIGD, AMBTENAAR_Y, DEELNEMER_Y, ADVISEUR_Y}


# --- The world -----------------------------------------------------------------------------------


def _gebruiker(**velden) -> User:
    # No password: the tests log in with force_login, and hashing costs time.
    return UserFactory(password=None, **velden)


def _kant(letter: str) -> dict:
    """One side: an organisation with its advisor, an edition with two published learning groups
    of two municipalities each, a participant with a personal link, meetings, a lesson and a
    knowledge product in review with a PDF. The first municipality's official is returned."""
    organisatie = OrganisatieFactory(naam=f"Organisatie {letter}")
    adviseur = AdviseurFactory(organisatie=organisatie, password=None)
    traject = TrajectFactory(
        soort=Traject.Soort.EDITIE, organisaties=[organisatie], titel=f"Traject {letter}"
    )
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=2)
    ids, ambtenaren = [], []
    for nummer in range(4):
        gemeente = GemeenteFactory(naam=f"{letter}dorp {nummer}")
        aanmelding = AanmeldingFactory(
            editie=editie,
            traject=traject,
            gemeente=gemeente,
            status=S.TOEGELATEN,
            contact_naam=f"{GEHEIM} Contact" if letter == "X" else "Yara Contact",
        )
        ambtenaar = _gebruiker()
        maak_lid(ambtenaar, gemeente)
        ambtenaren.append(ambtenaar)
        ids.append(aanmelding.pk)
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:2], ids[2:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    aanmelding = Aanmelding.objects.get(pk=ids[0])
    praktijk = LokalePraktijk.objects.get(aanmelding=aanmelding)
    deelnemer = Deelnemer.objects.create(
        praktijk=praktijk,
        naam=f"{GEHEIM} Inwoner" if letter == "X" else "Yvonne Inwoner",
        email=f"inwoner-{letter.lower()}@example.org",
        rol=Deelnemer.Rol.INWONER,
    )
    link = link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
    agenda = link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.AGENDA)

    # A fixed start meeting (to answer) and a local meeting with date options (to vote on).
    morgen = timezone.now() + datetime.timedelta(days=10)
    start = planning.bijeenkomst_aanmaken(
        editie=editie, soort=B.Soort.START, titel="Start", door=adviseur
    )
    start = planning.datum_vastleggen(
        bijeenkomst=start,
        start=morgen,
        eind=morgen + datetime.timedelta(hours=2),
        versie=start.versie,
        door=adviseur,
    )
    lokaal = planning.bijeenkomst_aanmaken(
        editie=editie, soort=B.Soort.LOKAAL, titel="Lokaal", praktijk=praktijk, door=adviseur
    )
    planning.datumopties_zetten(
        bijeenkomst=lokaal,
        opties=[(morgen, morgen + datetime.timedelta(hours=1))],
        versie=lokaal.versie,
        door=adviseur,
    )
    lokaal.refresh_from_db()

    les = lessen.les_vastleggen(
        editie=editie,
        tekst="Vraag het de inwoners zelf.",
        soort="les",
        themas=[],
        praktijk=praktijk,
        door=adviseur,
    )
    product = producten.product_aanmaken(editie=editie, door=adviseur)
    product = producten.status_zetten(
        product=product, naar=P.TER_REVIEW, versie=product.versie, door=adviseur
    )
    sectie = product.secties.order_by("volgorde").first()
    opmerking = Opmerking.objects.create(
        sectie=sectie, deelnemer=deelnemer, tekst=f"Mooi stuk, {letter}."
    )
    naam = default_storage.save(
        f"kennisproducten/toegangsmatrix-{letter}.pdf", ContentFile(b"%PDF")
    )
    weergave = Weergave.objects.create(
        product=product,
        nummer=1,
        inhoud_hash="0" * 64,
        status=Weergave.Status.KLAAR,
        bestand=naam,
        klaar_op=timezone.now(),
    )
    return {
        "organisatie": organisatie,
        "adviseur": adviseur,
        "traject": traject,
        "editie": editie,
        "aanmelding": aanmelding,
        "gemeente": aanmelding.gemeente,
        "ambtenaar": ambtenaren[0],
        "praktijk": praktijk,
        "leergroep": praktijk.leergroep,
        "deelnemer": deelnemer,
        "token": link_token(link),
        "agenda_token": link_token(agenda),
        "start": start,
        "lokaal": lokaal,
        "les": les,
        "product": product,
        "sectie": sectie,
        "toestemming": product.toestemmingen.get(praktijk=praktijk),
        "opmerking": opmerking,
        "weergave": weergave,
    }


def _bouwen() -> dict:
    x, y = _kant("X"), _kant("Y")

    # Enrolments of X's municipality in the states the enrolment pages need: a draft, one that
    # waits for more information, and a request for an on-request track with a planned intake.
    # One open request per municipality per track: three tracks on request.
    op_aanvraag = [TrajectFactory(organisaties=[x["organisatie"]]) for _ in range(3)]
    concept = AanmeldingFactory(
        editie=None, traject=op_aanvraag[0], gemeente=x["gemeente"], status=S.CONCEPT
    )
    aanvulling = AanmeldingFactory(
        editie=None, traject=op_aanvraag[1], gemeente=x["gemeente"], status=S.AANVULLING_GEVRAAGD
    )
    aanvulling.aanvullingsverzoeken.create(vraag="Wie doen er mee?", gevraagd_door=x["adviseur"])
    met_intake = AanmeldingFactory(
        editie=None, traject=op_aanvraag[2], gemeente=x["gemeente"], status=S.INTAKE_GEPLAND
    )
    intake = Intakegesprek.objects.create(
        aanmelding=met_intake,
        start=timezone.now() + datetime.timedelta(days=3),
        eind=timezone.now() + datetime.timedelta(days=3, hours=1),
        adres="Raadhuis Xanadu",
        status=Intakegesprek.Status.GEPLAND,
        notities=f"{GEHEIM}: geheime notitie",
    )
    intake.adviseurs.add(x["adviseur"])

    onbevestigd = _gebruiker()
    verzoek = maak_lid(onbevestigd, x["gemeente"], status=GemeenteLidmaatschap.Status.AANGEVRAAGD)

    # A revoked link of X's: nobody gets in with it.
    oud = Deelnemer.objects.create(
        praktijk=x["praktijk"], naam="Oud Lid", email="oud-x@example.org", rol="inwoner"
    )
    oude_link = link_geven(deelnemer=oud, soort=PersoonlijkeLink.Soort.ROOSTER)
    ingetrokken = link_token(oude_link)
    link_intrekken(link=oude_link)

    # Mail about X's track that needs a person (the advisor's mail overview).
    mail = Mail.objects.create(
        sleutel="toegangsmatrix-x",
        message_id="<toegangsmatrix-x@example.org>",
        aan=["fout@xanadu.example"],
        onderwerp=f"Uitnodiging {GEHEIM}",
        tekst="Beste deelnemer.",
        status=Mail.Status.MISLUKT,
    )
    mail.organisaties.set([x["organisatie"]])

    # Y's product is published: the library shows it to everyone.
    Kennisproduct.objects.filter(pk=y["product"].pk).update(
        status=P.GEPUBLICEERD, gepubliceerd_op=timezone.now()
    )
    gebruikers = {
        ONBEVESTIGD: onbevestigd,
        AMBTENAAR: x["ambtenaar"],
        AMBTENAAR_Y: y["ambtenaar"],
        ADVISEUR: x["adviseur"],
        ADVISEUR_Y: y["adviseur"],
        BEHEERDER: _gebruiker(rol=User.Rol.BEHEERDER),
    }
    return {
        "x": x,
        "y": y,
        "concept": concept,
        "aanvulling": aanvulling,
        "met_intake": met_intake,
        "verzoek": verzoek,
        "ingetrokken": ingetrokken,
        "mail": mail,
        "gebruikers": gebruikers,
    }


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _bouwen()
        finally:
            for letter in "XY":
                default_storage.delete(f"kennisproducten/toegangsmatrix-{letter}.pdf")
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def clients(wereld, db, settings):
    # Hundreds of link requests from one address: the rate limit has its own test.
    settings.DEELNAME_LIMIET_PER_MINUUT = 100_000
    return {rol: _client(wereld, rol) for rol in ROLLEN}


def _client(wereld, rol: str, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if rol not in ZONDER_ACCOUNT:
        client.force_login(wereld["gebruikers"][rol])
    return client


# --- The matrix ----------------------------------------------------------------------------------

W = dict  # the world, for the lambdas below


@dataclass(frozen=True)
class Regel:
    """Who owns the objects in the route's URL, and what an owner gets.

    ``get``/``post``: the status an owner gets (None: the route does not take the method, 405
    for every logged-in user). ``kwargs``: X's objects for the URL; ``data``: the POST body.
    ``link``: the route is behind a personal link (no login; a wrong token is a 404).
    ``sjabloon``: the owner's answer must be rendered with this template (a 404 that says
    "not yet", to tell it from a refusal). ``extra``: (role, method) to status, where a role
    gets something else than the rule above says."""

    eigenaars: frozenset
    get: int | None = 200
    post: int | None = None
    kwargs: Callable[[W], dict] = lambda w: {}
    data: Callable[[W], dict] = lambda w: {}
    link: bool = False
    sjabloon: str = ""
    extra: dict = field(default_factory=dict)


def openbaar(get=200, post=None, **kwargs) -> Regel:
    return Regel(IEDEREEN, get=get, post=post, **kwargs)


def x(sleutel):
    return lambda w: w["x"][sleutel]


def pk(sleutel):
    return lambda w: {"pk": w["x"][sleutel].pk}


def aanmelding(sleutel):
    return lambda w: {"pk": w[sleutel].pk}


def _sectie_data(w):
    sectie = w["x"]["sectie"]
    return {"sectie": sectie.pk, f"s{sectie.pk}-tekst": "Een opmerking."}


MATRIX: dict[str, Regel] = {
    # Public pages.
    "portal:home": openbaar(),
    "portal:toegankelijkheid": openbaar(),
    "portal:privacy": openbaar(),
    "portal:contact": openbaar(),
    "health": openbaar(),
    # The language link sets the language cookie (no data) and goes back to the page.
    "taal-kiezen": openbaar(get=302, kwargs=lambda w: {"taal": "en"}),
    "trajecten:catalogus": openbaar(),
    "trajecten:traject-detail": openbaar(kwargs=lambda w: {"slug": w["x"]["traject"].slug}),
    "weergave:bibliotheek": openbaar(),
    "weergave:bibliotheek-product": openbaar(kwargs=lambda w: {"slug": w["y"]["product"].slug}),
    # The session clock: answers for whoever asks, about their own session only.
    "sessie-stand": openbaar(),
    "sessie-verlengen": openbaar(get=None, post=302),
    # Every logged-in user's own pages: nothing in the URL to belong to someone else.
    "portal:mijn": Regel(INGELOGD, post=200),
    "portal:lidmaatschappen": Regel(INGELOGD),
    "intake:mijn-aanmeldingen": Regel(INGELOGD),
    "deelname:mijn-bijeenkomsten": Regel(INGELOGD),
    "intake:aanmelding-start": Regel(
        INGELOGD, post=200, kwargs=lambda w: {"traject": w["x"]["traject"].slug}
    ),
    # Memberships: X's officials, and every advisor and beheerder, confirm a request.
    "portal:lidmaatschap-beoordelen": Regel(
        frozenset({AMBTENAAR, ADVISEUR, ADVISEUR_Y, BEHEERDER}),
        get=None,
        post=302,
        kwargs=aanmelding("verzoek"),
    ),
    # Advisors' and beheerders' pages without an object; the mail in the POST is X's.
    "intake:adviseur-start": Regel(ADVISEURS),
    "portal:mail-overzicht": Regel(
        ADVISEURS,
        post=302,
        data=lambda w: {"mail": w["mail"].pk, f"mail{w['mail'].pk}-adres": "goed@example.org"},
        # Y's advisor sees the page, but not X's mail: sending it again is a 404.
        extra={(ADVISEUR_Y, "POST"): 404},
    ),
    # The privacy page: beheerders only.
    "portal:privacy-zoeken": Regel(
        frozenset({BEHEERDER}), post=200, data=lambda w: {"email": w["x"]["ambtenaar"].email}
    ),
    "portal:privacy-exporteren": Regel(
        frozenset({BEHEERDER}),
        get=None,
        post=200,
        data=lambda w: {"email": w["x"]["ambtenaar"].email},
    ),
    "portal:privacy-wissen": Regel(
        frozenset({BEHEERDER}),
        get=None,
        post=200,
        data=lambda w: {"email": w["x"]["ambtenaar"].email},
    ),
    # X's enrolments.
    "intake:aanmelding-detail": Regel(GEMEENTE_X, kwargs=pk("aanmelding")),
    "intake:aanmelding-stap": Regel(
        frozenset({AMBTENAAR}),
        post=200,
        kwargs=lambda w: {"pk": w["concept"].pk, "stap": "gemeente"},
    ),
    "intake:aanmelding-controleren": Regel(
        frozenset({AMBTENAAR}), post=200, kwargs=aanmelding("concept")
    ),
    "intake:aanvulling-geven": Regel(
        frozenset({AMBTENAAR}), get=None, post=200, kwargs=aanmelding("aanvulling")
    ),
    "intake:aanmelding-terugtrekken": Regel(GEMEENTE_X, post=200, kwargs=aanmelding("met_intake")),
    "intake:intake-ics": Regel(GEMEENTE_X, kwargs=aanmelding("met_intake")),
    "intake:intake-plannen": Regel(ADVISEUR_X, post=200, kwargs=aanmelding("met_intake")),
    "intake:intake-afzeggen": Regel(ADVISEUR_X, post=200, kwargs=aanmelding("met_intake")),
    "intake:intake-verslag": Regel(ADVISEUR_X, post=200, kwargs=aanmelding("met_intake")),
    "intake:aanmelding-besluit": Regel(ADVISEUR_X, post=200, kwargs=aanmelding("met_intake")),
    # X's edition.
    "intake:editie-dashboard": Regel(ADVISEUR_X, kwargs=pk("editie")),
    "intake:editie-export": Regel(
        ADVISEUR_X, kwargs=lambda w: {"pk": w["x"]["editie"].pk, "formaat": "csv"}
    ),
    "bijeenkomsten:leergroepen": Regel(ADVISEUR_X, post=200, kwargs=pk("editie")),
    "planning:kalender": Regel(ADVISEUR_X, kwargs=pk("editie")),
    "planning:tellingen": Regel(ADVISEUR_X, kwargs=pk("editie")),
    "planning:bijeenkomst-nieuw": Regel(ADVISEUR_X, post=200, kwargs=pk("editie")),
    "kennis:lessen": Regel(ADVISEUR_X, kwargs=pk("editie")),
    "kennis:les-nieuw": Regel(ADVISEUR_X, post=200, kwargs=pk("editie")),
    # The product exists: the page sends the advisor on to its editor.
    "kennisproduct:editie": Regel(ADVISEUR_X, get=302, post=200, kwargs=pk("editie")),
    # X's meetings and lessons.
    "planning:bijeenkomst": Regel(ADVISEUR_X, post=302, kwargs=pk("lokaal")),
    "planning:bijeenkomst-wijzigen": Regel(ADVISEUR_X, post=200, kwargs=pk("lokaal")),
    "planning:bijeenkomst-annuleren": Regel(ADVISEUR_X, post=302, kwargs=pk("lokaal")),
    "planning:bijeenkomst-verslag": Regel(ADVISEUR_X, post=200, kwargs=pk("start")),
    "kennis:les-wijzigen": Regel(ADVISEUR_X, post=200, kwargs=pk("les")),
    "kennis:les-beoordelen": Regel(ADVISEUR_X, get=None, post=302, kwargs=pk("les")),
    # X's practice and its participants.
    "deelname:praktijk": Regel(GEMEENTE_X, post=200, kwargs=pk("praktijk")),
    **{
        f"deelname:deelnemer-{actie}": Regel(
            GEMEENTE_X,
            get=None,
            post=302,
            kwargs=lambda w: {"pk": w["x"]["praktijk"].pk, "deelnemer_pk": w["x"]["deelnemer"].pk},
        )
        for actie in ("versturen", "uitzetten", "aanzetten")
    },
    "deelname:deelnemer-intrekken": Regel(
        GEMEENTE_X,
        post=302,
        kwargs=lambda w: {"pk": w["x"]["praktijk"].pk, "deelnemer_pk": w["x"]["deelnemer"].pk},
    ),
    "kennis:praktijk-lessen": Regel(GEMEENTE_X, post=200, kwargs=pk("praktijk")),
    "bewijs:praktijk": Regel(
        GEMEENTE_X, get=404, sjabloon="kennis/bewijs_nog_niet.html", kwargs=pk("praktijk")
    ),
    # Meetings of X's official, who takes part with their account.
    "deelname:mijn-antwoord": Regel(
        frozenset({AMBTENAAR}),
        get=None,
        post=302,
        kwargs=pk("start"),
        data=lambda w: {f"b{w['x']['start'].pk}-antwoord": "ja"},
    ),
    "deelname:mijn-stem": Regel(frozenset({AMBTENAAR}), get=None, post=302, kwargs=pk("lokaal")),
    # Behind X's participant's personal link.
    "deelname:link": Regel(frozenset({DEELNEMER}), link=True, kwargs=lambda w: {}),
    "deelname:agenda-feed": Regel(
        frozenset({DEELNEMER}), link=True, kwargs=lambda w: {"token": w["x"]["agenda_token"]}
    ),
    "deelname:link-agenda": Regel(frozenset({DEELNEMER}), get=None, post=302, link=True),
    "deelname:link-antwoord": Regel(
        frozenset({DEELNEMER}), get=None, post=302, link=True, kwargs=pk("start")
    ),
    "deelname:link-stem": Regel(
        frozenset({DEELNEMER}), get=None, post=302, link=True, kwargs=pk("lokaal")
    ),
    "kennis:link-lessen": Regel(frozenset({DEELNEMER}), post=200, link=True),
    "kennisproduct:link-review": Regel(
        frozenset({DEELNEMER}), post=302, link=True, kwargs=pk("product"), data=_sectie_data
    ),
    "bewijs:link": Regel(
        frozenset({DEELNEMER}), get=404, link=True, sjabloon="kennis/bewijs_nog_niet.html"
    ),
    # X's knowledge product.
    "kennisproduct:review": Regel(
        frozenset({AMBTENAAR}), post=302, kwargs=pk("product"), data=_sectie_data
    ),
    "kennisproduct:editor": Regel(ADVISEUR_X, kwargs=pk("product")),
    "kennisproduct:omslag": Regel(ADVISEUR_X, post=200, kwargs=pk("product")),
    "kennisproduct:sectie": Regel(
        ADVISEUR_X,
        post=200,
        kwargs=lambda w: {"pk": w["x"]["product"].pk, "sectie_pk": w["x"]["sectie"].pk},
    ),
    "kennisproduct:sectie-nieuw": Regel(ADVISEUR_X, get=None, post=302, kwargs=pk("product")),
    "kennisproduct:status": Regel(ADVISEUR_X, post=302, kwargs=pk("product")),
    "kennisproduct:toestemming": Regel(
        ADVISEUR_X,
        get=None,
        post=302,
        kwargs=lambda w: {"pk": w["x"]["product"].pk, "toestemming_pk": w["x"]["toestemming"].pk},
    ),
    "kennisproduct:volgorde": Regel(
        ADVISEUR_X,
        get=None,
        post=302,
        kwargs=pk("product"),
        data=lambda w: {"sectie": w["x"]["sectie"].pk, "richting": "omlaag"},
    ),
    "kennisproduct:voorbeeld": Regel(ADVISEUR_X, kwargs=pk("product")),
    "kennisproduct:opmerking-afhandelen": Regel(
        ADVISEUR_X,
        get=None,
        post=302,
        kwargs=lambda w: {"pk": w["x"]["product"].pk, "opmerking_pk": w["x"]["opmerking"].pk},
    ),
    "weergave:overzicht": Regel(ADVISEUR_X, post=302, kwargs=pk("product")),
    "weergave:opnieuw": Regel(
        ADVISEUR_X, get=None, post=302, kwargs=lambda w: {"pk": w["x"]["product"].pk, "nummer": 1}
    ),
    "weergave:stand": Regel(ADVISEUR_X, kwargs=pk("product")),
    # A PDF of a product in review: its advisors and the officials in its scope.
    "weergave:download": Regel(
        GEMEENTE_X, kwargs=lambda w: {"slug": w["x"]["product"].slug, "nummer": 1}
    ),
}


# --- Requests ------------------------------------------------------------------------------------

AUDIT_EN_SESSIES = ("portal_auditregel", "django_session", "axes_")


def _stand() -> dict[str, int]:
    """Rows inserted, updated and deleted per table in this transaction so far (PostgreSQL's
    own counters: one cheap query), audit log and sessions left out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {t: n for t, n in cursor.fetchall() if not t.startswith(AUDIT_EN_SESSIES)}


@dataclass
class Antwoord:
    status: int
    locatie: str
    sjablonen: list[str]
    inhoud: bytes
    gewijzigd: list[str]


def _sessiekopie_terugdraaien(client: Client) -> None:
    """The savepoint rolled the session's row back; its copy in Redis (portal/sessies.py) lies
    outside the transaction, so it goes too, and the next request reads the row as it was."""
    sleutel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if sleutel is not None:
        cache.delete(SessionStore.cache_key_prefix + sleutel.value)


def _vragen(client: Client, methode: str, url: str, data: dict, *, meten=False) -> Antwoord:
    """One request in a savepoint that is rolled back; with ``meten`` the tables that changed."""
    with transaction.atomic():
        voor = _stand() if meten else {}
        response = client.get(url) if methode == "GET" else client.post(url, data)
        na = _stand() if meten else {}
        transaction.set_rollback(True)
    _sessiekopie_terugdraaien(client)
    if response.streaming:
        inhoud = b"".join(response.streaming_content)
        # As the test client does: closing ends the request, which must not close the
        # connection in the middle of the world's transaction.
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    else:
        inhoud = response.content
    return Antwoord(
        status=response.status_code,
        locatie=response.get("Location", ""),
        sjablonen=[t.name for t in response.templates if t.name],
        inhoud=inhoud,
        gewijzigd=sorted(t for t in na if na[t] != voor.get(t)),
    )


def _url(wereld, naam: str, regel: Regel, rol: str) -> str:
    kwargs = dict(regel.kwargs(wereld))
    if regel.link:
        kwargs.setdefault("token", wereld["x"]["token"])
        if rol == DEELNEMER_Y and "pk" in kwargs:
            # Y's own link, with X's object.
            kwargs["token"] = wereld["y"]["token"]
        elif rol != DEELNEMER:
            # Whoever does not have X's link: the revoked one.
            kwargs["token"] = wereld["ingetrokken"]
    return reverse(naam, kwargs=kwargs)


def _verwacht(regel: Regel, rol: str, methode: str) -> set:
    """The statuses ``rol`` may get; "login" for a redirect to the login page."""
    eigen = regel.get if methode == "GET" else regel.post
    if (rol, methode) in regel.extra:
        return {regel.extra[rol, methode]}
    if rol in regel.eigenaars:
        return {eigen or 405}
    if regel.link:
        return {404, 405}
    if rol in ZONDER_ACCOUNT:
        # A route that does not take the method may say so before it asks for a login.
        return {"login"} if eigen else {"login", 405}
    return {403, 404, 405}


def _controleren(
    antwoord: Antwoord, verwacht, regel: Regel, *, eigenaar: bool, geheim: bool
) -> str:
    login = resolve_url(settings.LOGIN_URL)
    if "login" in verwacht and antwoord.status == 302 and antwoord.locatie.startswith(login):
        return ""
    if antwoord.status not in verwacht:
        return f"{antwoord.status} {antwoord.locatie}, expected {sorted(map(str, verwacht))}"
    if antwoord.status == 302 and antwoord.locatie.startswith(login):
        return f"redirected to the login page, expected {sorted(map(str, verwacht))}"
    if (
        eigenaar
        and regel.sjabloon
        and antwoord.status != 405
        and regel.sjabloon not in antwoord.sjablonen
    ):
        return f"rendered {antwoord.sjablonen}, expected {regel.sjabloon}"
    if geheim and GEHEIM.encode() in antwoord.inhoud:
        return f"{antwoord.status} that shows {GEHEIM}'s data"
    return ""


def _routes():
    return {route.naam: route for route in portal_routes()}


# --- Tests ---------------------------------------------------------------------------------------


def test_elke_route_staat_in_de_matrix():
    routes = _routes()
    zonder = sorted(set(routes) - set(MATRIX))
    assert not zonder, f"Routes without an entry in the access matrix: {zonder}"
    verdwenen = sorted(set(MATRIX) - set(routes))
    assert not verdwenen, f"Matrix entries for routes that no longer exist: {verdwenen}"


def test_niemand_komt_bij_andermans_objecten_en_een_get_verandert_niets(wereld, clients):
    """Every route, every role, GET and POST: X's owners get the page, everyone else is
    refused, and no GET changes a row. One assertion lists every deviation as (route, role,
    method, got, expected)."""
    fouten = []
    for naam in sorted(_routes()):
        regel = MATRIX[naam]
        for rol in ROLLEN:
            url = _url(wereld, naam, regel, rol)
            for methode in ("GET", "POST"):
                verwacht = _verwacht(regel, rol, methode)
                antwoord = _vragen(
                    clients[rol], methode, url, regel.data(wereld), meten=methode == "GET"
                )
                fout = _controleren(
                    antwoord,
                    verwacht,
                    regel,
                    eigenaar=rol in regel.eigenaars,
                    geheim=rol in BUITENSTAANDERS,
                )
                if fout:
                    fouten.append(f"{naam} {rol} {methode}: {fout}")
                if antwoord.gewijzigd:
                    fouten.append(f"{naam} {rol} GET changed {antwoord.gewijzigd}")
    assert not fouten, "\n".join(fouten)


def test_elke_post_zonder_csrf_token_wordt_geweigerd(wereld, db, settings):
    settings.DEELNAME_LIMIET_PER_MINUUT = 100_000
    fouten = []
    for naam in sorted(_routes()):
        regel = MATRIX[naam]
        if regel.post is None:
            continue
        rol = sorted(regel.eigenaars)[0]
        client = _client(wereld, rol, csrf=True)
        antwoord = _vragen(client, "POST", _url(wereld, naam, regel, rol), regel.data(wereld))
        if antwoord.status != 403:
            fouten.append(f"{naam} {rol} POST without token: {antwoord.status}")
    assert not fouten, "\n".join(fouten)


#: Y's advisor on Y's own pages, with X's ids in the form: (route, Y's URL, the body, the status
#: Y gets, what of X's must stay the same). An id of X's is not found (404) or not a choice of
#: the form (200 with the error).
IDS_IN_HET_FORMULIER = [
    (
        "bijeenkomsten:leergroepen",
        lambda w: {"pk": w["y"]["editie"].pk},
        lambda w: {
            "actie": "hernoemen",
            "groep": w["x"]["leergroep"].pk,
            "naam": "Overgenomen",
            "versie": Samenstelling.objects.get(editie=w["y"]["editie"]).versie,
        },
        404,
        lambda w: Leergroep.objects.get(pk=w["x"]["leergroep"].pk).naam,
    ),
    (
        "planning:bijeenkomst",
        lambda w: {"pk": w["y"]["lokaal"].pk},
        lambda w: {
            "actie": "vastleggen_optie",
            "optie": w["x"]["lokaal"].datumopties.get().pk,
            "versie": w["y"]["lokaal"].versie,
        },
        404,
        lambda w: list(Bijeenkomst.objects.values_list("pk", "status", "start")),
    ),
    (
        "planning:bijeenkomst-nieuw",
        lambda w: {"pk": w["y"]["editie"].pk},
        lambda w: {"soort": "lokaal", "titel": "Overgenomen", "praktijk": w["x"]["praktijk"].pk},
        200,
        lambda w: Bijeenkomst.objects.filter(praktijk=w["x"]["praktijk"]).count(),
    ),
    (
        "kennis:les-nieuw",
        lambda w: {"pk": w["y"]["editie"].pk},
        lambda w: {"tekst": "Overgenomen", "soort": "les", "praktijk": w["x"]["praktijk"].pk},
        200,
        lambda w: Les.objects.filter(praktijk=w["x"]["praktijk"]).count(),
    ),
    (
        "kennisproduct:editie",
        lambda w: {"pk": w["y"]["editie"].pk},
        lambda w: {"leergroep": w["x"]["leergroep"].pk},
        200,
        lambda w: Kennisproduct.objects.filter(editie=w["x"]["editie"]).count(),
    ),
    (
        "kennisproduct:volgorde",
        lambda w: {"pk": w["y"]["product"].pk},
        lambda w: {"sectie": w["x"]["sectie"].pk, "richting": "omlaag", "versie": 0},
        404,
        lambda w: list(w["x"]["product"].secties.values_list("pk", "volgorde")),
    ),
]


@pytest.mark.parametrize("route", IDS_IN_HET_FORMULIER, ids=lambda r: r[0])
def test_andermans_id_in_het_formulier_verandert_niets(wereld, clients, route):
    naam, kwargs, data, status, stand_van_x = route
    with transaction.atomic():
        voor = stand_van_x(wereld)
        response = clients[ADVISEUR_Y].post(reverse(naam, kwargs=kwargs(wereld)), data(wereld))
        na = stand_van_x(wereld)
        transaction.set_rollback(True)
    _sessiekopie_terugdraaien(clients[ADVISEUR_Y])
    assert response.status_code == status
    assert na == voor
