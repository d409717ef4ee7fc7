"""The benchmark's data set, built through the portal's own services.

Structure goes through the services an advisor's clicks would call: the reference data, the
learning groups (composed by the algorithm, saved and published), the knowledge product
(created, written, lessons inserted, consent, review, fixed, published). Volume that would take
hours one request at a time is written in bulk, as the rows the services would make:
enrolments that were admitted (with their timeline), participants, meetings, their invitations
and personal links, lessons. Meetings stay consistent: a fixed meeting has an invitation for
everyone in its scope, a meeting still "in overleg" has none.

:data:`GROOT` is the national scale the issue asks for; :data:`KLEIN` is ten times smaller, to
show that query counts do not grow with the data; :data:`MINI` is for the test in ``make test``.
"""

import datetime
import itertools
import random
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

#: Raised whenever the builder changes what it makes: a stored data set of another version is
#: built again.
VERSIE = 1

AMS = ZoneInfo("Europe/Amsterdam")
ADVISEUR_EMAIL = "bench.adviseur@example.org"
GROOT_SLUG = "landelijk"


@dataclass(frozen=True)
class Schaal:
    naam: str
    #: Municipalities enrolled in the largest edition (all 342 at national scale).
    gemeenten: int
    #: Municipalities in each of the two smaller editions (an earlier A, a B).
    gemeenten_klein: int
    deelnemers: int
    bijeenkomsten: int
    uitnodigingen: int
    lessen: int
    #: Approved lessons of the largest edition: they go into its knowledge product.
    lessen_goedgekeurd: int


GROOT = Schaal("groot", 342, 20, 6_000, 10_000, 100_000, 20_000, 400)
KLEIN = Schaal("klein", 34, 6, 600, 1_000, 10_000, 2_000, 40)
MINI = Schaal("mini", 10, 4, 60, 100, 600, 60, 8)
SCHALEN = {s.naam: s for s in (GROOT, KLEIN, MINI)}

ALINEA = (
    "In de lokale praktijk werkten ambtenaren, inwoners, ervaringsdeskundigen en "
    "maatschappelijke aanbieders samen aan het vraagstuk. Zij spraken elkaar in de wijk, in het "
    "buurthuis en op het gemeentehuis. Wat werkte, was vooral: vroeg beginnen, mensen zelf laten "
    "vertellen wat zij nodig hebben, en een ambtenaar die de tijd krijgt om te luisteren. Wat "
    "minder goed werkte, was een planning die van bovenaf kwam. Daarom kozen de deelnemers voor "
    "korte stappen en vaste momenten om terug te kijken. "
)
LESSEN = (
    "Begin met de vraag van inwoners, niet met het aanbod van de gemeente.",
    "Een vaste contactpersoon bij de gemeente maakt het voor initiatieven veel makkelijker.",
    "Ervaringsdeskundigen aan tafel veranderen het gesprek: het wordt concreter.",
    "Plan de bijeenkomsten in de avond, dan kunnen meer inwoners komen.",
    "Laat zien wat er met de inbreng gebeurt, ook als het antwoord nee is.",
    "Geef initiatieven ruimte om te experimenteren zonder meteen een verantwoording te vragen.",
)


@dataclass
class Verslag:
    """How long each step took, for the benchmark's report."""

    stappen: dict[str, float]

    @property
    def totaal(self) -> float:
        return sum(self.stappen.values())


class _Klok:
    def __init__(self):
        self.stappen: dict[str, float] = {}
        self._start = time.perf_counter()

    def stap(self, naam: str) -> None:
        nu = time.perf_counter()
        self.stappen[naam] = round(nu - self._start, 2)
        self._start = nu


def bouwen(schaal: Schaal, *, zaad: int = 1) -> Verslag:
    """Build the data set in the current (empty, migrated) database."""
    from portal.gemeenten import standaard_gemeenten_laden
    from trajecten.catalogus import catalogus_laden

    rng = random.Random(zaad)
    klok = _Klok()
    standaard_gemeenten_laden()
    catalogus_laden()
    klok.stap("referentie")

    adviseur = _adviseur()
    edities = _edities(schaal)
    for editie, aantal in edities:
        _aanmeldingen(editie, aantal, adviseur, rng)
    klok.stap("aanmeldingen")
    for editie, _aantal in edities:
        _leergroepen(editie, adviseur)
    klok.stap("leergroepen")
    deelnemers = _deelnemers(schaal, [e for e, _a in edities])
    klok.stap("deelnemers")
    _bijeenkomsten(schaal, [e for e, _a in edities], deelnemers, rng)
    klok.stap("bijeenkomsten")
    _lessen(schaal, [e for e, _a in edities], rng)
    klok.stap("lessen")
    for editie, _aantal in edities:
        _kennisproduct(editie, adviseur)
    klok.stap("kennisproducten")
    return Verslag(klok.stappen)


# --- People and editions -------------------------------------------------------------------------


def _adviseur():
    from portal.models import User
    from trajecten.models import Traject

    a, b = Traject.objects.get(code="A"), Traject.objects.get(code="B")
    organisatie = (a.organisaties.all() & b.organisaties.all()).first() or a.organisaties.first()
    return User.objects.create_user(
        ADVISEUR_EMAIL,
        naam="Bench Adviseur",
        rol=User.Rol.ADVISEUR,
        organisatie=organisatie,
    )


def _edities(schaal: Schaal):
    from trajecten.models import Editie, Traject

    vandaag = timezone.localdate()
    plan = [
        ("A", GROOT_SLUG, "Landelijke editie", schaal.gemeenten, 5, 7),
        ("A", "vorige", "Vorige editie", schaal.gemeenten_klein, 4, 6),
        ("B", "regio", "Editie regio's", schaal.gemeenten_klein, 4, 6),
    ]
    edities = []
    for code, slug, naam, aantal, lo, hi in plan:
        editie = Editie.objects.create(
            traject=Traject.objects.get(code=code),
            naam=naam,
            slug=slug,
            status=Editie.Status.LOPEND,
            aanmelding_vanaf=vandaag - datetime.timedelta(days=120),
            aanmelding_tot=vandaag - datetime.timedelta(days=60),
            startdatum=vandaag + datetime.timedelta(days=30),
            plaatsen=aantal,
            groepsgrootte_min=lo,
            groepsgrootte_max=hi,
        )
        edities.append((editie, aantal))
    return edities


@transaction.atomic
def _aanmeldingen(editie, aantal: int, adviseur, rng: random.Random) -> None:
    """Admitted enrolments of ``aantal`` municipalities (spread over the provinces), as
    submitting and admitting them leaves them: status, dates, lead municipality, the timeline
    and the target groups the intake collected."""
    from django.contrib.auth.hashers import make_password

    from intake.models import Aanmelding, AanmeldingGemeente, Overgang
    from portal.models import Gemeente, GemeenteLidmaatschap, User
    from trajecten.models import Thema

    alle = list(Gemeente.objects.actief().order_by("cbs_code"))
    gemeenten = alle if aantal >= len(alle) else rng.sample(alle, aantal)
    themas = list(Thema.objects.all())
    nu = timezone.now()
    # One confirmed official per municipality (made once; they log in through allauth).
    bestaand = {
        u.email: u for u in User.objects.filter(email__startswith="ambtenaar.", rol="ambtenaar")
    }
    ambtenaren = {}
    nieuw = []
    for g in gemeenten:
        email = f"ambtenaar.{g.cbs_code.lower()}@example.org"
        if email not in bestaand:
            nieuw.append(
                User(
                    email=email,
                    naam=f"Ambtenaar {g.naam}",
                    rol=User.Rol.AMBTENAAR,
                    password=make_password(None),
                )
            )
        ambtenaren[g.pk] = email
    User.objects.bulk_create(nieuw)
    per_email = {u.email: u for u in User.objects.filter(email__in=ambtenaren.values())}
    GemeenteLidmaatschap.objects.bulk_create(
        (
            GemeenteLidmaatschap(
                user=per_email[ambtenaren[g.pk]],
                gemeente=g,
                status=GemeenteLidmaatschap.Status.BEVESTIGD,
                bevestigd_op=nu,
            )
            for g in gemeenten
        ),
        ignore_conflicts=True,
    )
    rijen = Aanmelding.objects.bulk_create(
        Aanmelding(
            traject=editie.traject,
            editie=editie,
            gemeente=g,
            aangemaakt_door=per_email[ambtenaren[g.pk]],
            adviseur=adviseur,
            contact_naam=f"Contactpersoon {g.naam}",
            contact_email=f"contact.{g.cbs_code.lower()}@example.org",
            maatschappelijk_vraagstuk=(
                f"In {g.naam} willen we meer inwoners laten meepraten over de wijk, "
                "vooral mensen die we nu niet bereiken."
            ),
            tijd_toegezegd=True,
            cofinanciering_akkoord=True,
            status=Aanmelding.Status.TOEGELATEN,
            ingediend_op=nu - datetime.timedelta(days=70),
        )
        for g in gemeenten
    )
    AanmeldingGemeente.objects.bulk_create(
        AanmeldingGemeente(aanmelding=a, gemeente=a.gemeente, editie=editie, is_penvoerder=True)
        for a in rijen
    )
    Overgang.objects.bulk_create(
        itertools.chain.from_iterable(
            (
                Overgang(aanmelding=a, van=Aanmelding.Status.CONCEPT, naar="ingediend"),
                Overgang(
                    aanmelding=a, van="ingediend", naar=Aanmelding.Status.TOEGELATEN, door=adviseur
                ),
            )
            for a in rijen
        )
    )
    if themas:
        Doelgroep = Aanmelding.doelgroepen.through
        Doelgroep.objects.bulk_create(
            Doelgroep(aanmelding_id=a.pk, thema_id=t.pk)
            for a in rijen
            for t in rng.sample(themas, min(len(themas), rng.randint(1, 3)))
        )


def _leergroepen(editie, adviseur) -> None:
    """Compose, save and publish the groups, as the advisor does on the dashboard."""
    from bijeenkomsten import samenstelling, services

    deelnemers, eisen = services.deelnemers_en_eisen(editie)
    voorstel = samenstelling.voorstel_maken(deelnemers, eisen)
    services.samenstelling_opslaan(
        editie=editie, groepen=[list(g.leden) for g in voorstel.groepen], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)


ROLLEN = ("inwoner", "inwoner", "ervaringsdeskundige", "bewonersinitiatief", "ambtenaar")


@transaction.atomic
def _deelnemers(schaal: Schaal, edities) -> list:
    """The participants of every practice: most in the largest edition, a few in the others."""
    from bijeenkomsten.models import Deelnemer, LokalePraktijk

    groot, *klein = edities
    praktijken_klein = list(
        LokalePraktijk.objects.filter(aanmelding__editie__in=klein).order_by("pk")
    )
    praktijken_groot = list(LokalePraktijk.objects.filter(aanmelding__editie=groot).order_by("pk"))
    per_klein = 4
    rest = max(schaal.deelnemers - per_klein * len(praktijken_klein), len(praktijken_groot))
    toewijzing = [p for p in praktijken_klein for _ in range(per_klein)]
    toewijzing += [praktijken_groot[i % len(praktijken_groot)] for i in range(rest)]
    return Deelnemer.objects.bulk_create(
        Deelnemer(
            praktijk=p,
            naam=f"Deelnemer {i}",
            email=f"deelnemer{i}@example.org",
            rol=ROLLEN[i % len(ROLLEN)],
        )
        for i, p in enumerate(toewijzing)
    )


# --- Meetings and invitations ------------------------------------------------------------------


def _bijeenkomsten(schaal: Schaal, edities, deelnemers, rng: random.Random) -> None:
    """Start and closing meeting of every edition, four exchanges per group and local meetings
    per practice, ``schaal.bijeenkomsten`` in all. Meetings are fixed in date order until their
    invitations reach ``schaal.uitnodigingen``; the rest stays "in overleg". The start meeting of
    the largest edition stays "in overleg": the benchmark fixes it (every participant invited)."""
    from bijeenkomsten import links
    from bijeenkomsten.models import Bijeenkomst as B
    from bijeenkomsten.models import Leergroep, LokalePraktijk, PersoonlijkeLink, Uitnodiging

    soort = B.Soort
    per_praktijk: dict[int, list] = {}
    for d in deelnemers:
        per_praktijk.setdefault(d.praktijk_id, []).append(d)
    praktijken = list(
        LokalePraktijk.objects.filter(aanmelding__editie__in=edities).select_related("aanmelding")
    )
    groepen = list(Leergroep.objects.filter(editie__in=edities))
    per_groep: dict[int, list] = {}
    per_editie: dict[int, list] = {}
    for p in praktijken:
        per_groep.setdefault(p.leergroep_id, []).extend(per_praktijk.get(p.pk, []))
        per_editie.setdefault(p.aanmelding.editie_id, []).extend(per_praktijk.get(p.pk, []))

    basis = timezone.now().astimezone(AMS).replace(hour=10, minute=0, second=0, microsecond=0)
    nieuw: list[tuple[B, list]] = []
    for e in edities:
        nieuw.append((B(editie=e, soort=soort.START, titel="Startbijeenkomst"), per_editie[e.pk]))
        nieuw.append((B(editie=e, soort=soort.SLOT, titel="Slotbijeenkomst"), per_editie[e.pk]))
    for g in groepen:
        for i in range(4):
            nieuw.append(
                (
                    B(
                        editie_id=g.editie_id,
                        soort=soort.UITWISSELING,
                        leergroep=g,
                        titel=f"Uitwisseling {i + 1} {g.naam}",
                    ),
                    per_groep.get(g.pk, []),
                )
            )
    lokaal = max(0, schaal.bijeenkomsten - len(nieuw))
    for i in range(lokaal):
        p = praktijken[i % len(praktijken)]
        nieuw.append(
            (
                B(
                    editie_id=p.aanmelding.editie_id,
                    soort=soort.LOKAAL,
                    praktijk=p,
                    titel=f"Lokale bijeenkomst {i // len(praktijken) + 1}",
                ),
                per_praktijk.get(p.pk, []),
            )
        )
    # Fix meetings (the largest edition's start and closing excepted) until the invitations
    # reach the target; their dates spread over the coming year.
    volgorde = list(range(2 * len(edities), len(nieuw))) + list(range(2, 2 * len(edities)))
    rng.shuffle(volgorde)
    uitgenodigd, vast = 0, []
    for i in volgorde:
        if uitgenodigd >= schaal.uitnodigingen:
            break
        b, bereik = nieuw[i]
        b.status = B.Status.VASTGESTELD
        b.start = basis + datetime.timedelta(days=7 + rng.randrange(365), hours=rng.choice([0, 9]))
        b.eind = b.start + datetime.timedelta(hours=2)
        b.locatie = "Gemeentehuis"
        uitgenodigd += len(bereik)
        vast.append(i)
    with transaction.atomic():
        B.objects.bulk_create([b for b, _bereik in nieuw], batch_size=2000)
        antwoorden = ["", "", "ja", "ja", "nee", "misschien"]
        rijen = [
            Uitnodiging(bijeenkomst=nieuw[i][0], deelnemer=d, antwoord=rng.choice(antwoorden))
            for i in vast
            for d in nieuw[i][1]
        ]
        for i in range(0, len(rijen), 10_000):
            Uitnodiging.objects.bulk_create(rijen[i : i + 10_000])
        # Inviting gives everyone invited their personal schedule link.
        links.links_geven(
            deelnemer_ids=sorted({r.deelnemer_id for r in rijen}),
            soort=PersoonlijkeLink.Soort.ROOSTER,
        )


# --- Lessons and the knowledge product -----------------------------------------------------------


@transaction.atomic
def _lessen(schaal: Schaal, edities, rng: random.Random) -> None:
    """Lessons recorded and proposed in every practice; of the largest edition
    ``schaal.lessen_goedgekeurd`` are approved (they go into its product), of the others a few."""
    from bijeenkomsten.models import LokalePraktijk
    from kennis.models import Les
    from trajecten.models import Thema

    themas = list(Thema.objects.all())
    praktijken = list(
        LokalePraktijk.objects.filter(aanmelding__editie__in=edities).select_related("aanmelding")
    )
    groot = edities[0]
    nu = timezone.now()
    goedgekeurd = {groot.pk: schaal.lessen_goedgekeurd}
    rijen = []
    for i in range(schaal.lessen):
        p = praktijken[i % len(praktijken)]
        editie_id = p.aanmelding.editie_id
        if goedgekeurd.get(editie_id, 3) > 0:
            goedgekeurd[editie_id] = goedgekeurd.get(editie_id, 3) - 1
            status, beoordeeld = Les.Status.GOEDGEKEURD, nu
        else:
            status, beoordeeld = rng.choice([Les.Status.VOORGESTELD, Les.Status.AFGEWEZEN]), nu
            beoordeeld = None if status == Les.Status.VOORGESTELD else nu
        rijen.append(
            Les(
                editie_id=editie_id,
                praktijk=p,
                tekst=f"{LESSEN[i % len(LESSEN)]} ({p.aanmelding.gemeente_id}-{i})",
                soort=rng.choice(Les.Soort.values),
                status=status,
                beoordeeld_op=beoordeeld,
            )
        )
    Les.objects.bulk_create(rijen, batch_size=5000)
    if themas:
        Koppeling = Les.themas.through
        Koppeling.objects.bulk_create(
            (Koppeling(les_id=les.pk, thema_id=rng.choice(themas).pk) for les in rijen),
            batch_size=10_000,
        )


def _kennisproduct(editie, adviseur) -> None:
    """Start, write, insert the lessons, ask for consent and review, fix and publish the
    edition's product: the steps an advisor takes on the product pages. Publishing asks for
    the PDF (queued; the benchmark renders it)."""
    from kennis import producten
    from kennis.models import Kennisproduct, Sectie, Toestemming

    product = producten.product_aanmaken(editie=editie, door=adviseur)
    for sectie in product.secties.exclude(soort__in=[Sectie.Soort.GEMEENTEN]):
        product.refresh_from_db()
        tekst = "\n\n".join(f"{ALINEA}{ALINEA}" for _ in range(3))
        if sectie.soort == Sectie.Soort.LESSEN:
            tekst = "Dit zijn de lessen die de deelnemers samen hebben getrokken."
        producten.sectie_wijzigen(
            sectie=sectie, titel=sectie.titel, tekst=tekst, versie=product.versie, door=adviseur
        )
    product.refresh_from_db()
    producten.lessen_invoegen(
        sectie=product.secties.get(soort=Sectie.Soort.LESSEN), versie=product.versie, door=adviseur
    )
    for i, toestemming in enumerate(product.toestemmingen.order_by("pk")):
        besluit = Toestemming.Status.GEWEIGERD if i % 7 == 3 else Toestemming.Status.GEGEVEN
        producten.toestemming_geven(toestemming=toestemming, besluit=besluit, door=adviseur)
    for naar in (
        Kennisproduct.Status.TER_REVIEW,
        Kennisproduct.Status.VASTGESTELD,
        Kennisproduct.Status.GEPUBLICEERD,
    ):
        product.refresh_from_db()
        product = producten.status_zetten(
            product=product, naar=naar, versie=product.versie, door=adviseur
        )
