"""The page inventory for the accessibility tests: every named portal route (`portal_routes()`)
is either checked in one or more page states or excluded here with the reason.

A page state is a route, the role that opens it (with the account used), how its URL arguments
come from the demo data, and what a person does first: nothing (a list, empty or filled), or send
a form with bad data (the page after a failed submit) or with good data (the confirmation). The
404 and 403 pages hang on the route that shows them. A new route that is in neither `TOESTANDEN`
nor `UITGEZONDERD` makes `test_elke_route_staat_in_de_inventaris` fail with its name.

`gegevens_verzamelen()` runs after the demo data is loaded (settings.DEMO_LADERS); it adds the
few things the demo has not: a personal link for a participant (made with the portal's own
service), an official without enrolments and an edition without enrolments or groups.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse

# The roles of the issue. A role may be played by more than one account, so that each page
# state meets the person it is for (the Movisie advisor for track A, the VNG advisor for B).
ROLLEN = ("anoniem", "ambtenaar", "deelnemer", "adviseur", "beheerder")
AMBTENAAR = "ambtenaar.someren@example.org"
AMBTENAAR_CONCEPT = "ambtenaar.best@example.org"  # track B, enrolment still a draft
AMBTENAAR_AANVULLING = "ambtenaar.boekel@example.org"  # track B, asked to add information
AMBTENAAR_NIEUW = "ambtenaar.nieuw@example.org"  # confirmed for Lisse, no enrolments yet
ADVISEUR = "adviseur.movisie@example.org"  # track A
ADVISEUR_B = "adviseur.vng@example.org"  # track B
BEHEERDER = "beheerder@example.org"

# Routes that show no HTML page of their own, with the reason. A POST-only action redirects to a
# page that is itself a checked state (named in the reason).
UITGEZONDERD = {
    "health": "JSON for the load balancer, no page",
    "taal-kiezen": "sets the language cookie and redirects back to the page",
    "sessie-stand": "JSON for the session-timeout warning (sessie.js), no page",
    "sessie-verlengen": "POST only; redirects back to the page it came from",
    "weergave:stand": "JSON for the PDF status on weergave:overzicht, no page",
    "deelname:agenda-feed": "ICS calendar feed, no page",
    "intake:intake-ics": "ICS file, no page",
    "bewijs:link": "PDF (tagged PDF/UA, checked in test_deelnamebewijs.py)",
    "bewijs:praktijk": "PDF (tagged PDF/UA, checked in test_deelnamebewijs.py)",
    "weergave:download": "PDF (tagged PDF/UA, checked in test_kennisproduct_pdf.py)",
    "intake:editie-export": "CSV/XLSX download, no page",
    "kennisproduct:voorbeeld": "PDF preview of the draft, no page",
    "portal:lidmaatschap-beoordelen": "POST only; its result shows on portal:lidmaatschappen",
    "intake:aanvulling-geven": "POST only; form and errors show on intake:aanmelding-detail",
    "deelname:link-antwoord": "POST only; the confirmation is a checked state of deelname:link",
    "deelname:link-stem": "POST only; the confirmation shows on deelname:link",
    "deelname:link-agenda": "POST only; redirects to deelname:link",
    "deelname:mijn-antwoord": "POST only; redirects to deelname:mijn-bijeenkomsten",
    "deelname:mijn-stem": "POST only; redirects to deelname:mijn-bijeenkomsten",
    "deelname:deelnemer-versturen": "POST only; the confirmation shows on deelname:praktijk",
    "deelname:deelnemer-uitzetten": "POST only; redirects to deelname:praktijk",
    "deelname:deelnemer-aanzetten": "POST only; redirects to deelname:praktijk",
    "kennis:les-beoordelen": "POST only; the confirmation is a checked state of kennis:lessen",
    "kennisproduct:volgorde": "POST only; redirects to kennisproduct:editor",
    "kennisproduct:sectie-nieuw": "POST only; the form and its result are on kennisproduct:editor",
    "kennisproduct:opmerking-afhandelen": "POST only; redirects to kennisproduct:editor",
    "kennisproduct:toestemming": "POST only; redirects to kennisproduct:editor",
    "weergave:opnieuw": "POST only; redirects to weergave:overzicht",
    "portal:privacy-exporteren": "POST only, a zip download; errors show on portal:privacy-zoeken",
}


@dataclass(frozen=True)
class Verzenden:
    """Send the first form whose button has this name, after filling in `velden` (label ->
    value) and ticking `aanvinken` (labels). `verwacht` is what the page must show after the
    last step: "fout" (refused: title "Fout: ...", error summary with the focus), "melding" (a
    status message) or "" (just the page)."""

    knop: str
    velden: tuple[tuple[str, str], ...] = ()
    verwacht: str = "fout"
    aanvinken: tuple[str, ...] = ()


@dataclass(frozen=True)
class Toestand:
    route: str
    rol: str
    toestand: str  # leeg, gevuld, fout, bevestiging, 404, 403, ...
    account: str | None = None  # e-mail address to log in with; None: not logged in
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda g: {})
    query: str = ""
    status: int = 200
    verzenden: tuple[Verzenden, ...] = ()
    start: str = ""  # a POST-only route is reached from this page, through `verzenden`

    def __post_init__(self):
        if isinstance(self.verzenden, Verzenden):
            object.__setattr__(self, "verzenden", (self.verzenden,))

    def url(self, gegevens: SimpleNamespace) -> str:
        return reverse(self.start or self.route, kwargs=self.kwargs(gegevens)) + self.query

    def __str__(self) -> str:
        wie = f"{self.rol} ({self.account})" if self.account else self.rol
        return f"{self.route} | {wie} | {self.toestand}"


def _anoniem(route, toestand="gevuld", **kw):
    return Toestand(route, "anoniem", toestand, **kw)


def _ambtenaar(route, toestand="gevuld", account=AMBTENAAR, **kw):
    return Toestand(route, "ambtenaar", toestand, account=account, **kw)


def _deelnemer(route, toestand="gevuld", **kw):
    return Toestand(route, "deelnemer", toestand, **kw)


def _adviseur(route, toestand="gevuld", account=ADVISEUR, **kw):
    return Toestand(route, "adviseur", toestand, account=account, **kw)


def _beheerder(route, toestand="gevuld", **kw):
    return Toestand(route, "beheerder", toestand, account=BEHEERDER, **kw)


def _pk(naam):
    return lambda g: {"pk": getattr(g, naam)}


def _token(**extra):
    return lambda g: {"token": g.token, **{k: getattr(g, v) for k, v in extra.items()}}


NIET_BESTAAND = 999_999

TOESTANDEN: list[Toestand] = [
    # --- Public pages -------------------------------------------------------------------------
    _anoniem("portal:home"),
    _anoniem("portal:toegankelijkheid"),
    _anoniem("portal:privacy"),
    _anoniem("portal:contact"),
    _anoniem("trajecten:catalogus"),
    _anoniem("trajecten:catalogus", "geen resultaten", query="?zoek=qqqzzz"),
    _anoniem("trajecten:traject-detail", kwargs=lambda g: {"slug": g.traject_a}),
    _anoniem(
        "trajecten:traject-detail", "404", kwargs=lambda g: {"slug": "bestaat-niet"}, status=404
    ),
    _anoniem("weergave:bibliotheek"),
    _anoniem("weergave:bibliotheek", "geen resultaten", query="?zoek=qqqzzz"),
    _anoniem("weergave:bibliotheek-product", kwargs=lambda g: {"slug": g.product_gepubliceerd}),
    # --- Official ----------------------------------------------------------------------------
    _ambtenaar("portal:mijn"),
    _ambtenaar("portal:mijn", "leeg", account=AMBTENAAR_NIEUW),
    _ambtenaar("intake:mijn-aanmeldingen"),
    _ambtenaar("intake:mijn-aanmeldingen", "leeg", account=AMBTENAAR_NIEUW),
    _ambtenaar(
        "intake:aanmelding-start",
        account=AMBTENAAR_NIEUW,
        kwargs=lambda g: {"traject": g.traject_a},
    ),
    _ambtenaar("intake:aanmelding-detail", kwargs=_pk("aanmelding_someren")),
    _ambtenaar(
        "intake:aanmelding-detail",
        "aanvulling gevraagd, fout",
        account=AMBTENAAR_AANVULLING,
        kwargs=_pk("aanmelding_aanvulling"),
        verzenden=Verzenden("Antwoord versturen"),
    ),
    _ambtenaar(
        "intake:aanmelding-detail", "404", kwargs=lambda g: {"pk": NIET_BESTAAND}, status=404
    ),
    _ambtenaar(
        "intake:aanmelding-stap",
        account=AMBTENAAR_CONCEPT,
        kwargs=lambda g: {"pk": g.aanmelding_concept, "stap": g.eerste_stap_concept},
    ),
    _ambtenaar(
        "intake:aanmelding-controleren",
        "nog niet compleet",
        account=AMBTENAAR_CONCEPT,
        kwargs=_pk("aanmelding_concept"),
    ),
    _ambtenaar(
        "intake:aanmelding-terugtrekken",
        "bevestigen",
        account=AMBTENAAR_CONCEPT,
        kwargs=_pk("aanmelding_concept"),
    ),
    _ambtenaar("deelname:mijn-bijeenkomsten"),
    _ambtenaar("deelname:mijn-bijeenkomsten", "leeg", account=AMBTENAAR_NIEUW),
    _ambtenaar("deelname:praktijk", kwargs=_pk("praktijk_someren")),
    _ambtenaar(
        "deelname:deelnemer-intrekken",
        "bevestigen",
        kwargs=lambda g: {"pk": g.praktijk_someren, "deelnemer_pk": g.deelnemer},
    ),
    _ambtenaar("kennis:praktijk-lessen", kwargs=_pk("praktijk_someren")),
    _ambtenaar(
        "kennis:praktijk-lessen",
        "fout",
        kwargs=_pk("praktijk_someren"),
        verzenden=Verzenden("Les versturen"),
    ),
    _ambtenaar("kennisproduct:review", kwargs=_pk("product_review")),
    _ambtenaar("intake:adviseur-start", "403", status=403),
    # --- Participant through the personal link (no account) -----------------------------------
    _deelnemer("deelname:link", kwargs=_token()),
    _deelnemer(
        "deelname:link",
        "bevestiging",
        kwargs=_token(),
        verzenden=Verzenden("Antwoord opslaan", aanvinken=("Ja, ik kom",), verwacht="melding"),
    ),
    _deelnemer("deelname:link", "onbekende link", kwargs=lambda g: {"token": "x" * 43}, status=404),
    _deelnemer("kennis:link-lessen", kwargs=_token()),
    _deelnemer("kennis:link-lessen", "fout", kwargs=_token(), verzenden=Verzenden("Les versturen")),
    _deelnemer("kennisproduct:link-review", kwargs=_token(pk="product_review")),
    _deelnemer(
        "kennisproduct:link-review",
        "fout",
        kwargs=_token(pk="product_review"),
        verzenden=Verzenden("Opmerking opslaan"),
    ),
    # --- Advisor ------------------------------------------------------------------------------
    _adviseur("intake:adviseur-start"),
    _adviseur("intake:editie-dashboard", kwargs=_pk("editie_a")),
    _adviseur("intake:editie-dashboard", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("intake:aanmelding-detail", kwargs=_pk("aanmelding_someren")),
    _adviseur("intake:intake-plannen", account=ADVISEUR_B, kwargs=_pk("aanmelding_ingediend")),
    _adviseur(
        "intake:intake-plannen",
        "fout",
        account=ADVISEUR_B,
        kwargs=_pk("aanmelding_ingediend"),
        verzenden=Verzenden("Uitnodiging versturen"),
    ),
    _adviseur(
        "intake:intake-afzeggen", "bevestigen", account=ADVISEUR_B, kwargs=_pk("aanmelding_gepland")
    ),
    _adviseur("intake:intake-verslag", account=ADVISEUR_B, kwargs=_pk("aanmelding_gepland")),
    _adviseur(
        "intake:aanmelding-besluit", account=ADVISEUR_B, kwargs=_pk("aanmelding_intake_gehouden")
    ),
    _adviseur("bijeenkomsten:leergroepen", kwargs=_pk("editie_a")),
    _adviseur("bijeenkomsten:leergroepen", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("planning:kalender", kwargs=_pk("editie_a")),
    _adviseur("planning:kalender", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("planning:tellingen", kwargs=_pk("editie_a")),
    _adviseur("planning:tellingen", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("planning:bijeenkomst-nieuw", kwargs=_pk("editie_a")),
    _adviseur(
        "planning:bijeenkomst-nieuw",
        "fout",
        kwargs=_pk("editie_a"),
        verzenden=Verzenden("Bijeenkomst aanmaken"),
    ),
    _adviseur("planning:bijeenkomst", kwargs=_pk("bijeenkomst_vastgesteld")),
    _adviseur(
        "planning:bijeenkomst",
        "datumprikker",
        account=ADVISEUR_B,
        kwargs=_pk("bijeenkomst_overleg"),
    ),
    _adviseur("planning:bijeenkomst-wijzigen", kwargs=_pk("bijeenkomst_vastgesteld")),
    _adviseur(
        "planning:bijeenkomst-annuleren", "bevestigen", kwargs=_pk("bijeenkomst_vastgesteld")
    ),
    _adviseur("planning:bijeenkomst-verslag", kwargs=_pk("bijeenkomst_vastgesteld")),
    _adviseur("deelname:praktijk", kwargs=_pk("praktijk_someren")),
    _adviseur("kennis:lessen", kwargs=_pk("editie_a")),
    _adviseur("kennis:lessen", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("kennis:les-nieuw", kwargs=_pk("editie_a")),
    _adviseur(
        "kennis:les-nieuw", "fout", kwargs=_pk("editie_a"), verzenden=Verzenden("Les opslaan")
    ),
    _adviseur("kennis:les-wijzigen", kwargs=_pk("les")),
    _adviseur("kennisproduct:editie", kwargs=_pk("editie_a")),
    _adviseur("kennisproduct:editie", "leeg", kwargs=_pk("editie_leeg")),
    _adviseur("kennisproduct:editor", kwargs=_pk("product_review")),
    _adviseur("kennisproduct:omslag", kwargs=_pk("product_review")),
    _adviseur(
        "kennisproduct:sectie",
        kwargs=lambda g: {"pk": g.product_review, "sectie_pk": g.sectie},
    ),
    _adviseur("kennisproduct:status", kwargs=_pk("product_review")),
    _adviseur("weergave:overzicht", account=ADVISEUR_B, kwargs=_pk("product_gepubliceerd_pk")),
    _adviseur("portal:mail-overzicht"),
    _adviseur("portal:mijn"),
    # --- Beheerder ----------------------------------------------------------------------------
    _beheerder("portal:lidmaatschappen"),
    _beheerder("portal:mail-overzicht"),
    _beheerder("intake:adviseur-start"),
    _beheerder("portal:mijn"),
    _beheerder("portal:privacy-zoeken", "leeg"),
    _beheerder("portal:privacy-zoeken", "fout", verzenden=Verzenden("Zoeken")),
    _beheerder(
        "portal:privacy-zoeken",
        verzenden=Verzenden("Zoeken", velden=(("E-mailadres", AMBTENAAR_NIEUW),), verwacht=""),
    ),
    _beheerder(
        "portal:privacy-wissen",
        "bevestigen, fout",
        start="portal:privacy-zoeken",
        verzenden=(
            Verzenden("Zoeken", velden=(("E-mailadres", AMBTENAAR_NIEUW),), verwacht=""),
            Verzenden("Wissen", verwacht=""),
            Verzenden("Ja, wis de gegevens"),
        ),
    ),
    # Last: erases the official without enrolments, whose own states were checked before.
    _beheerder(
        "portal:privacy-zoeken",
        "bevestiging",
        verzenden=(
            Verzenden("Zoeken", velden=(("E-mailadres", AMBTENAAR_NIEUW),), verwacht=""),
            Verzenden("Wissen", verwacht=""),
            Verzenden(
                "Ja, wis de gegevens",
                aanvinken=("Ik weet dat wissen niet ongedaan kan worden",),
                verwacht="melding",
            ),
        ),
    ),
]


def gegevens_verzamelen() -> SimpleNamespace:
    """The ids and slugs the page states need, read from the loaded demo data, plus the few
    things the demo lacks. Call once, after all of settings.DEMO_LADERS."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from bijeenkomsten.links import link_geven, link_token
    from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk, PersoonlijkeLink
    from intake.models import Aanmelding
    from intake.stappen import stappen_voor
    from kennis.models import Kennisproduct, Les
    from portal.models import Gemeente, GemeenteLidmaatschap, User
    from trajecten.models import Editie

    def aanmelding(gemeente):
        return Aanmelding.objects.get(gemeente__naam=gemeente, traject__code__in=["A", "B"])

    someren = aanmelding("Someren")
    concept = aanmelding("Best")
    editie_a = someren.editie
    leeg = Editie.objects.create(
        traject=editie_a.traject,
        slug="leeg",
        naam="Editie zonder aanmeldingen",
        status=Editie.Status.OPEN,
        aanmelding_vanaf=editie_a.aanmelding_vanaf,
        aanmelding_tot=editie_a.aanmelding_tot,
        startdatum=editie_a.startdatum + datetime.timedelta(days=365),
        start_indicatie="later",
        doorlooptijd_maanden=12,
        plaatsen=5,
        groepsgrootte_min=editie_a.groepsgrootte_min,
        groepsgrootte_max=editie_a.groepsgrootte_max,
    )
    nieuw = User.objects.create_user(
        email=AMBTENAAR_NIEUW,
        password="niet-gebruikt-in-de-browser",  # logged in with force_login
        naam="Nina Nieuw",
        rol=User.Rol.AMBTENAAR,
    )
    EmailAddress.objects.create(user=nieuw, email=nieuw.email, verified=True, primary=True)
    GemeenteLidmaatschap.objects.create(
        user=nieuw,
        gemeente=Gemeente.objects.actief().get(naam="Lisse"),
        status=GemeenteLidmaatschap.Status.BEVESTIGD,
        bevestigd_op=timezone.now(),
    )
    praktijk = LokalePraktijk.objects.get(aanmelding=someren)
    deelnemer = (
        Deelnemer.objects.filter(praktijk=praktijk, user__isnull=True, actief=True)
        .filter(uitnodigingen__isnull=False)
        .order_by("pk")
        .first()
    )
    link = link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER)
    gepubliceerd = Kennisproduct.objects.get(status=Kennisproduct.Status.GEPUBLICEERD)
    review = Kennisproduct.objects.get(status=Kennisproduct.Status.TER_REVIEW)
    return SimpleNamespace(
        traject_a=editie_a.traject.slug,
        editie_a=editie_a.pk,
        editie_leeg=leeg.pk,
        aanmelding_someren=someren.pk,
        aanmelding_concept=concept.pk,
        eerste_stap_concept=stappen_voor(concept.traject)[0].slug,
        aanmelding_aanvulling=aanmelding("Boekel").pk,
        aanmelding_ingediend=aanmelding("Wijk bij Duurstede").pk,
        aanmelding_gepland=aanmelding("Waddinxveen").pk,
        aanmelding_intake_gehouden=aanmelding("Gooise Meren").pk,
        praktijk_someren=praktijk.pk,
        deelnemer=deelnemer.pk,
        token=link_token(link),
        bijeenkomst_vastgesteld=Bijeenkomst.objects.filter(
            editie=editie_a, status=Bijeenkomst.Status.VASTGESTELD
        )
        .order_by("start")
        .first()
        .pk,
        bijeenkomst_overleg=Bijeenkomst.objects.filter(status=Bijeenkomst.Status.IN_OVERLEG)
        .first()
        .pk,
        les=Les.objects.filter(editie=editie_a).order_by("pk").first().pk,
        product_review=review.pk,
        sectie=review.secties.order_by("volgorde").first().pk,
        product_gepubliceerd=gepubliceerd.slug,
        product_gepubliceerd_pk=gepubliceerd.pk,
    )
