"""The knowledge product (kennisproduct): create it from the default outline, edit and order its
sections, pull in lessons and practices, move it through its life cycle, collect review comments
and the municipalities' consent to be named.

Life cycle::

    concept ──► ter_review ──► vastgesteld ──► gepubliceerd
       ▲            │               │
       └────────────┴───────────────┘   (back to concept to rework it)

Every change to the product or its sections names the ``versie`` it started from; the product
row is locked (``select_for_update``) and the change is refused when a colleague saved in
between. Every service owns its transaction and raises :class:`~portal.exceptions.PortaalFout`
with a message for the person acting. Mails go through the outbox in the same transaction:
moving to review mails every active participant in scope their personal review link (keyed by
the product's version, so a second review round mails everyone once more, a retry nobody), and
asks each practice's officials for consent to be named (once per practice and official);
publishing announces the product to the officials who opted in to such news (once per person).
"""

import html
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bijeenkomsten.links import link_token, links_geven
from bijeenkomsten.models import Deelnemer, Leergroep, PersoonlijkeLink
from intake.permissions import is_adviseur_van_traject
from portal.exceptions import PortaalFout
from portal.mail import Bericht, mails_klaarzetten
from portal.models import User
from portal.nieuws import nieuws_ontvangers
from trajecten.models import Editie

from . import product_selectors as selectors
from .models import Kennisproduct, Opmerking, Sectie, Toestemming
from .permissions import kan_toestemming_geven, mag_opmerken
from .render import weergave_aanvragen
from .tekst import markdown_naar_html
from .weergave import anonimiseren, te_anonimiseren

P = Kennisproduct.Status
SOORT = Sectie.Soort
OPMERKING_MAX = 2000
TITEL_MAX = 200

OVERGANGEN = {
    P.CONCEPT: {P.TER_REVIEW},
    P.TER_REVIEW: {P.VASTGESTELD, P.CONCEPT},
    P.VASTGESTELD: {P.GEPUBLICEERD, P.CONCEPT},
    P.GEPUBLICEERD: set(),
}
#: Sections can be edited until the text is fixed.
BEWERKBAAR = (P.CONCEPT, P.TER_REVIEW)


def schrijftip(soort: str) -> str:
    """What to write in a default section, shown to the advisor next to the text field. It is
    never part of the text itself, so it can never be published by mistake."""
    return _hints().get(soort, "")


def _hints() -> dict[str, str]:
    """What to write in each default section, in short sentences."""
    return {
        SOORT.SAMENVATTING: _(
            "Schrijf hier in vijf tot tien korte zinnen waar het traject over ging en wat het "
            "opleverde. Gebruik gewone woorden. Iedereen moet dit kunnen lezen."
        ),
        SOORT.VRAAG: _(
            "Welke vraag stond centraal? Beschrijf het maatschappelijke vraagstuk en voor wie "
            "het belangrijk is."
        ),
        SOORT.GEMEENTEN: _("Deze gemeenten deden mee. Vertel per gemeente kort wat zij deden."),
        SOORT.AANPAK: _(
            "Hoe werkten de gemeenten en inwoners samen? Noem de bijeenkomsten en de werkvormen."
        ),
        SOORT.RESULTATEN: _("Wat is er veranderd? Wat werkte goed en wat niet?"),
        SOORT.LESSEN: _(
            "Voeg hier de goedgekeurde lessen in met de knop 'Lessen invoegen'. "
            "Daarna kunt u ze aanpassen."
        ),
        SOORT.TERUGKOPPELING: _(
            "Wat is er gedaan met de inbreng van inwoners? Hoe hebben zij dat te horen gekregen?"
        ),
        SOORT.BORGING: _(
            "Hoe gaan de gemeenten verder? Hoe blijft deze manier van werken bestaan?"
        ),
        SOORT.TIPS: _("Welke tips hebben de deelnemers voor andere gemeenten?"),
        SOORT.VERVOLG: _("Wat zijn de volgende stappen?"),
        SOORT.CONTACT: _("Wie kunnen lezers bellen of mailen met vragen?"),
    }


#: The default outline, in order. Free sections (``vrij``) are added by hand.
STANDAARD_INDELING = [s for s in SOORT if s != SOORT.VRIJ]


def _eis_adviseur(editie: Editie, door: User) -> None:
    if not is_adviseur_van_traject(user=door, traject=editie.traject):
        raise PortaalFout(_("Alleen een adviseur van dit traject kan het kennisproduct maken."))


def _vergrendel(product: Kennisproduct, versie: int | None) -> Kennisproduct:
    """The product row, locked. ``versie`` None skips the check (for changes that cannot
    conflict, such as closing a comment)."""
    vers = (
        Kennisproduct.objects.select_for_update(of=("self",))
        .select_related("editie__traject", "leergroep")
        .get(pk=product.pk)
    )
    if versie is not None and vers.versie != versie:
        raise PortaalFout(
            _(
                "Een collega heeft het kennisproduct intussen gewijzigd. "
                "U ziet nu de nieuwe stand. Doe uw wijziging opnieuw."
            )
        )
    return vers


def _eis_bewerkbaar(product: Kennisproduct) -> None:
    if product.status not in BEWERKBAAR:
        raise PortaalFout(
            _("Het kennisproduct is vastgesteld. Zet het eerst terug naar concept om te wijzigen.")
        )


def _opgehoogd(product: Kennisproduct) -> Kennisproduct:
    product.versie += 1
    product.save(update_fields=["versie", "status", "gepubliceerd_op", "updated_at"])
    return product


def _portaal_url(pad: str) -> str:
    return settings.SITE_URL.rstrip("/") + pad


# --- Creating ------------------------------------------------------------------------------------


def _praktijken_markdown(praktijken) -> str:
    namen = selectors.gemeentenamen_per_praktijk(p.pk for p in praktijken)
    regels = []
    for praktijk in praktijken:
        naam = " / ".join(namen.get(praktijk.pk, [str(praktijk)]))
        focus = " ".join(praktijk.focus.split())
        regels.append(f"- **{naam}**: {focus}" if focus else f"- **{naam}**")
    return "\n".join(regels)


def _uniek_slug(basis: str) -> str:
    basis = slugify(basis)[:200] or "kennisproduct"
    slug, nummer = basis, 1
    while Kennisproduct.objects.filter(slug=slug).exists():
        nummer += 1
        slug = f"{basis}-{nummer}"
    return slug


@transaction.atomic
def product_aanmaken(
    *, editie: Editie, door: User, leergroep: Leergroep | None = None
) -> Kennisproduct:
    """Start the knowledge product of the edition (or of one of its learning groups) from the
    default outline: eleven empty sections (the editor shows a writing tip for each), the
    municipalities section filled with the practices in scope and their focus, and a consent
    request ("gevraagd") for every practice in scope. One product per edition or learning group
    (a database constraint)."""
    _eis_adviseur(editie, door)
    if leergroep is not None and leergroep.editie_id != editie.pk:
        raise PortaalFout(_("Deze leergroep hoort niet bij deze editie."))
    traject = editie.traject
    titel = traject.titel
    ondertitel = (
        _("Lessen en werkzame elementen uit %(groep)s, %(editie)s")
        % {"groep": leergroep.naam, "editie": editie.naam}
        if leergroep
        else _("Lessen en werkzame elementen uit %(editie)s") % {"editie": editie.naam}
    )
    slug_basis = f"{traject.code}-{editie.slug}" + (f"-{leergroep.naam}" if leergroep else "")
    try:
        with transaction.atomic():
            product = Kennisproduct.objects.create(
                editie=editie,
                leergroep=leergroep,
                titel=titel[:TITEL_MAX],
                ondertitel=ondertitel[:300],
                slug=_uniek_slug(slug_basis),
            )
    except IntegrityError as fout:
        raise PortaalFout(
            _("Er is al een kennisproduct voor deze editie of leergroep. Open dat product.")
        ) from fout
    praktijken = list(selectors.praktijken_van(editie, leergroep))
    secties = []
    for volgorde, soort in enumerate(STANDAARD_INDELING, start=1):
        tekst = ""
        if soort == SOORT.GEMEENTEN and praktijken:
            tekst = _praktijken_markdown(praktijken)
        secties.append(
            Sectie(product=product, soort=soort, titel=soort.label, tekst=tekst, volgorde=volgorde)
        )
    Sectie.objects.bulk_create(secties)
    _toestemmingen_aanvullen(product)
    return product


def _toestemmingen_aanvullen(product: Kennisproduct) -> None:
    """A consent request for every practice in scope that has none yet (a practice placed
    after the product was started). Idempotent."""
    Toestemming.objects.bulk_create(
        [
            Toestemming(product=product, praktijk=praktijk)
            for praktijk in selectors.praktijken_in_bereik(product)
        ],
        ignore_conflicts=True,
    )


# --- Sections ------------------------------------------------------------------------------------


def _tekst(tekst: str) -> str:
    return "\n".join(regel.rstrip() for regel in (tekst or "").strip().splitlines())


def _titel(titel: str) -> str:
    titel = " ".join((titel or "").split())
    if not titel:
        raise PortaalFout(_("Vul een titel in."))
    if len(titel) > TITEL_MAX:
        raise PortaalFout(_("De titel is te lang. Gebruik hoogstens 200 tekens."))
    return titel


@transaction.atomic
def product_wijzigen(
    *, product: Kennisproduct, titel: str, ondertitel: str, versie: int, door: User
) -> Kennisproduct:
    """Change the title and subtitle on the cover. Refused on a stale version and once the
    product is fixed."""
    product = _vergrendel(product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    product.titel = _titel(titel)
    ondertitel = " ".join((ondertitel or "").split())
    if len(ondertitel) > Kennisproduct._meta.get_field("ondertitel").max_length:
        raise PortaalFout(_("De ondertitel is te lang. Gebruik hoogstens 300 tekens."))
    product.ondertitel = ondertitel
    product.save(update_fields=["titel", "ondertitel", "updated_at"])
    return _opgehoogd(product)


@transaction.atomic
def sectie_wijzigen(*, sectie: Sectie, titel: str, tekst: str, versie: int, door: User) -> Sectie:
    """Save a section's title and Markdown text. Refused on a stale version and once the
    product is fixed."""
    product = _vergrendel(sectie.product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    sectie = Sectie.objects.get(pk=sectie.pk, product=product)
    sectie.titel = _titel(titel)
    sectie.tekst = _tekst(tekst)
    sectie.save(update_fields=["titel", "tekst", "updated_at"])
    _opgehoogd(product)
    return sectie


@transaction.atomic
def secties_ordenen(
    *, product: Kennisproduct, volgorde: list[int], versie: int, door: User
) -> Kennisproduct:
    """Put the sections in the order of ``volgorde`` (section ids, every section exactly once).
    The unique (product, volgorde) is deferred on PostgreSQL; on SQLite the numbers first move
    out of the way."""
    product = _vergrendel(product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    secties = {s.pk: s for s in product.secties.select_for_update()}
    if sorted(volgorde) != sorted(secties):
        raise PortaalFout(
            _(
                "De volgorde past niet bij de secties. "
                "Laad de pagina opnieuw en probeer het nog eens."
            )
        )
    # Out of the way first: SQLite checks the unique order row by row, not at commit.
    product.secties.update(volgorde=F("volgorde") + 10000)
    for nummer, pk in enumerate(volgorde, start=1):
        secties[pk].volgorde = nummer
    Sectie.objects.bulk_update(list(secties.values()), ["volgorde"])
    return _opgehoogd(product)


def sectie_verschuiven(*, sectie: Sectie, richting: str, versie: int, door: User) -> Kennisproduct:
    """Move a section one place up (``"omhoog"``) or down (``"omlaag"``); at the edge nothing
    changes but the version check still applies."""
    volgorde = list(sectie.product.secties.order_by("volgorde", "pk").values_list("pk", flat=True))
    plek = volgorde.index(sectie.pk)
    ander = plek - 1 if richting == "omhoog" else plek + 1
    if 0 <= ander < len(volgorde):
        volgorde[plek], volgorde[ander] = volgorde[ander], volgorde[plek]
    return secties_ordenen(product=sectie.product, volgorde=volgorde, versie=versie, door=door)


@transaction.atomic
def sectie_toevoegen(*, product: Kennisproduct, titel: str, versie: int, door: User) -> Sectie:
    """Add a free section at the end."""
    product = _vergrendel(product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    laatste = product.secties.order_by("-volgorde").values_list("volgorde", flat=True).first()
    sectie = Sectie.objects.create(
        product=product,
        soort=SOORT.VRIJ,
        titel=_titel(titel),
        tekst="",
        volgorde=(laatste or 0) + 1,
    )
    _opgehoogd(product)
    return sectie


@transaction.atomic
def sectie_verwijderen(*, sectie: Sectie, versie: int, door: User) -> Kennisproduct:
    """Remove a free section with its comments. The default sections stay: empty them instead."""
    product = _vergrendel(sectie.product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    sectie = Sectie.objects.get(pk=sectie.pk, product=product)
    if sectie.soort != SOORT.VRIJ:
        raise PortaalFout(_("Alleen een sectie die u zelf heeft toegevoegd, kunt u verwijderen."))
    sectie.delete()
    return _opgehoogd(product)


def _regel(tekst: str) -> str:
    """One line of Markdown: a lesson or focus may hold line breaks."""
    return " ".join(tekst.split())


def lessen_markdown(lessen) -> str:
    """Approved lessons grouped per theme (by name; lessons without a theme last), each lesson
    once, under its first theme: "# Thema" and a list item per lesson with its kind and the
    municipality it came from."""
    groepen: dict[str, list[str]] = defaultdict(list)
    zonder_thema = _("Overige lessen")
    for les in lessen:
        themas = sorted(t.naam for t in les.themas.all())
        herkomst = les.get_soort_display()
        if les.praktijk_id:
            herkomst = f"{herkomst}, {les.praktijk.aanmelding.gemeente.naam}"
        groepen[themas[0] if themas else zonder_thema].append(
            f"- {_regel(les.tekst)} *({herkomst})*"
        )
    volgorde = sorted(k for k in groepen if k != zonder_thema)
    if zonder_thema in groepen:
        volgorde.append(zonder_thema)
    return "\n\n".join(f"# {thema}\n\n" + "\n".join(groepen[thema]) for thema in volgorde)


def _aanvullen(sectie: Sectie, toevoeging: str) -> None:
    sectie.tekst = (
        f"{sectie.tekst.rstrip()}\n\n{toevoeging}".strip() if toevoeging else sectie.tekst
    )
    sectie.save(update_fields=["tekst", "updated_at"])


@transaction.atomic
def lessen_invoegen(*, sectie: Sectie, versie: int, door: User) -> int:
    """Append the approved lessons of the product's scope to the section, grouped per theme.
    Lessons whose text is already in the section are skipped, so inserting again only adds
    what was approved since. Returns the number of lessons added."""
    product = _vergrendel(sectie.product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    sectie = Sectie.objects.select_for_update().get(pk=sectie.pk, product=product)
    nieuw = [
        les
        for les in selectors.goedgekeurde_lessen(product)
        if _regel(les.tekst) not in sectie.tekst
    ]
    _aanvullen(sectie, lessen_markdown(nieuw))
    _opgehoogd(product)
    return len(nieuw)


@transaction.atomic
def praktijken_invoegen(*, sectie: Sectie, versie: int, door: User) -> int:
    """Append each practice in scope with its focus, skipping practices already listed (by
    their bold name). Returns the number of practices added."""
    product = _vergrendel(sectie.product, versie)
    _eis_adviseur(product.editie, door)
    _eis_bewerkbaar(product)
    sectie = Sectie.objects.select_for_update().get(pk=sectie.pk, product=product)
    praktijken = list(selectors.praktijken_in_bereik(product))
    namen = selectors.gemeentenamen_per_praktijk(p.pk for p in praktijken)
    nieuw = [
        p for p in praktijken if f"**{' / '.join(namen.get(p.pk, [str(p)]))}**" not in sectie.tekst
    ]
    _aanvullen(sectie, _praktijken_markdown(nieuw))
    _opgehoogd(product)
    return len(nieuw)


# --- Life cycle ----------------------------------------------------------------------------------


@transaction.atomic
def status_zetten(*, product: Kennisproduct, naar: str, versie: int, door: User) -> Kennisproduct:
    """Move the product along its life cycle (see the module docstring). Publishing needs a
    fixed (vastgesteld) product, sets ``gepubliceerd_op`` and asks for the PDF; a published
    product stays published. Moving to review mails the participants and asks for consent."""
    product = _vergrendel(product, versie)
    _eis_adviseur(product.editie, door)
    if naar not in OVERGANGEN.get(product.status, set()):
        if naar == P.GEPUBLICEERD:
            raise PortaalFout(_("Publiceren kan pas als het kennisproduct is vastgesteld."))
        raise PortaalFout(
            _("Van %(van)s naar %(naar)s kan niet.")
            % {"van": product.get_status_display(), "naar": P(naar).label if naar in P else naar}
        )
    product.status = naar
    product.gepubliceerd_op = timezone.now() if naar == P.GEPUBLICEERD else None
    _opgehoogd(product)
    if naar == P.TER_REVIEW:
        _toestemmingen_aanvullen(product)
        _reviewmails(product)
        _toestemmingsmails(product)
    if naar == P.GEPUBLICEERD:
        # The published text gets its PDF at once (or the existing one, for the same content).
        weergave_aanvragen(product=product, door=door)
        _aankondigingen(product)
    return product


SAMENVATTING_MAX = 300


def _samenvatting(product: Kennisproduct, labels: dict[str, str]) -> str:
    """The first ~300 characters of the summary section as plain text, anonymised like the
    published product."""
    sectie = product.secties.filter(soort=SOORT.SAMENVATTING).order_by("volgorde").first()
    if sectie is None:
        return ""
    tekst = html.unescape(strip_tags(markdown_naar_html(anonimiseren(sectie.tekst, labels))))
    tekst = " ".join(tekst.split())
    if len(tekst) <= SAMENVATTING_MAX:
        return tekst
    # Cut at a word boundary, so no word is broken off halfway.
    return tekst[: SAMENVATTING_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _aankondigingen(product: Kennisproduct) -> int:
    """Announce the published product to every official who asked for such news
    (``portal.nieuws.nieuws_ontvangers``), one mail each, keyed per product and person so that
    publishing again mails nobody twice. A fixed number of queries, whatever the number of
    recipients: the context holds plain text only."""
    labels = te_anonimiseren(product)
    titel = anonimiseren(product.titel, labels)
    context = {
        "titel": titel,
        "samenvatting": _samenvatting(product, labels),
        "url": _portaal_url(reverse("weergave:bibliotheek-product", kwargs={"slug": product.slug})),
        "afmelden_url": _portaal_url(reverse("portal:mijn")),
    }
    onderwerp = _("Nieuw kennisproduct: %(titel)s") % {"titel": titel}
    organisaties = _organisaties(product)
    berichten = [
        Bericht(
            sleutel=f"kennisproduct:{product.pk}:aankondiging:{pk}",
            aan=[email],
            onderwerp=onderwerp,
            sjabloon="mail/kennis/aankondiging",
            context={**context, "naam": naam},
            organisaties=organisaties,
        )
        for pk, email, naam in nieuws_ontvangers().values_list("pk", "email", "naam")
    ]
    return mails_klaarzetten(berichten) if berichten else 0


def _organisaties(product: Kennisproduct) -> tuple[int, ...]:
    """The track's organisations: their advisors see the mail in the mail overview."""
    return tuple(product.editie.traject.organisaties.values_list("pk", flat=True))


def _reviewmails(product: Kennisproduct) -> int:
    """One mail per active participant in scope, with their personal review link."""
    deelnemers = list(selectors.deelnemers_in_bereik(product).order_by("pk"))
    links = links_geven(
        deelnemer_ids=[d.pk for d in deelnemers], soort=PersoonlijkeLink.Soort.ROOSTER
    )
    onderwerp = _("Lees mee: %(titel)s") % {"titel": product.titel}
    organisaties = _organisaties(product)
    return mails_klaarzetten(
        [
            Bericht(
                sleutel=f"kennisproduct:{product.pk}:review:{product.versie}:{d.pk}",
                aan=[d.email],
                onderwerp=onderwerp,
                sjabloon="mail/kennis/review",
                context={
                    "naam": d.naam,
                    "product": product,
                    "url": _portaal_url(
                        reverse(
                            "kennisproduct:link-review",
                            kwargs={"token": link_token(links[d.pk]), "pk": product.pk},
                        )
                    ),
                },
                organisaties=organisaties,
            )
            for d in deelnemers
        ]
    )


def _toestemmingsmails(product: Kennisproduct) -> int:
    """Ask the officials of every practice whose consent is still open, once each."""
    url = _portaal_url(reverse("kennisproduct:review", kwargs={"pk": product.pk}))
    onderwerp = _("Mag uw gemeente genoemd worden? %(titel)s") % {"titel": product.titel}
    berichten = []
    organisaties = _organisaties(product)
    toestemmingen = selectors.toestemmingen_van(product).filter(status=Toestemming.Status.GEVRAAGD)
    for toestemming in toestemmingen:
        for lid in selectors.ambtenaren_van(toestemming.praktijk):
            berichten.append(
                Bericht(
                    sleutel=f"kennisproduct:{product.pk}:toestemming:{toestemming.pk}:{lid.user_id}",
                    aan=[lid.user.email],
                    onderwerp=onderwerp,
                    sjabloon="mail/kennis/toestemming",
                    context={
                        "naam": lid.user.naam,
                        "product": product,
                        "gemeente": str(toestemming.praktijk),
                        "url": url,
                    },
                    organisaties=organisaties,
                )
            )
    return mails_klaarzetten(berichten) if berichten else 0


# --- Review comments -----------------------------------------------------------------------------


@transaction.atomic
def opmerking_plaatsen(
    *, sectie: Sectie, tekst: str, deelnemer: Deelnemer | None = None, user: User | None = None
) -> Opmerking:
    """A review comment on a section, by a participant (personal link) or by an account
    (official or participant in scope); exactly one of the two. Only while in review."""
    if (deelnemer is None) == (user is None):
        raise ValueError("A comment has exactly one writer: a participant or an account")
    product = Kennisproduct.objects.select_for_update().get(pk=sectie.product_id)
    if product.status != P.TER_REVIEW:
        raise PortaalFout(_("Het meelezen is afgelopen. U kunt geen opmerkingen meer plaatsen."))
    if not mag_opmerken(product=product, deelnemer=deelnemer, user=user):
        raise PortaalFout(_("U kunt bij dit kennisproduct geen opmerkingen plaatsen."))
    tekst = _tekst(tekst)
    if not tekst:
        raise PortaalFout(_("Schrijf uw opmerking in het tekstvak."))
    if len(tekst) > OPMERKING_MAX:
        raise PortaalFout(_("Uw opmerking is te lang. Gebruik hoogstens 2000 tekens."))
    return Opmerking.objects.create(sectie=sectie, tekst=tekst, deelnemer=deelnemer, user=user)


@transaction.atomic
def opmerking_afhandelen(
    *, opmerking: Opmerking, door: User, afgehandeld: bool = True
) -> Opmerking:
    """Mark a comment as dealt with (or open again). Does not change the product's version."""
    product = opmerking.sectie.product
    _eis_adviseur(product.editie, door)
    Opmerking.objects.filter(pk=opmerking.pk).update(afgehandeld=afgehandeld)
    opmerking.afgehandeld = afgehandeld
    return opmerking


# --- Consent -------------------------------------------------------------------------------------


@transaction.atomic
def toestemming_geven(*, toestemming: Toestemming, besluit: str, door: User) -> Toestemming:
    """Record whether the municipality may be named: ``besluit`` is "gegeven" or "geweigerd".
    By an official of that municipality, or by an advisor of the track who records the answer.
    It can change later; the next rendering follows it."""
    toestemming = (
        Toestemming.objects.select_for_update(of=("self",))
        .select_related("praktijk__aanmelding__traject", "product")
        .get(pk=toestemming.pk)
    )
    if not kan_toestemming_geven(user=door, toestemming=toestemming):
        raise PortaalFout(
            _("Alleen een ambtenaar van deze gemeente of de adviseur kan dit beantwoorden.")
        )
    if besluit not in (Toestemming.Status.GEGEVEN, Toestemming.Status.GEWEIGERD):
        raise PortaalFout(_("Kies ja of nee."))
    toestemming.status = besluit
    toestemming.beantwoord_door = door
    toestemming.beantwoord_op = timezone.now()
    toestemming.save(update_fields=["status", "beantwoord_door", "beantwoord_op"])
    return toestemming
