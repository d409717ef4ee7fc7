"""The knowledge product: the default outline, version conflicts, ordering, inserting approved
lessons, the life cycle, review comments in scope only, consent and anonymisation, the review
mails with working personal links, and the pages per role."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from bijeenkomsten import services
from bijeenkomsten.links import link_geven, link_token
from bijeenkomsten.models import Deelnemer, Leergroep, LokalePraktijk, PersoonlijkeLink
from intake.models import Aanmelding
from kennis import producten
from kennis.models import Kennisproduct, Les, Opmerking, Sectie, Toestemming, Weergave
from kennis.weergave import anonimiseren, gemeente_labels, product_html
from portal.exceptions import PortaalFout
from portal.models import Mail, Provincie
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    ThemaFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)

pytestmark = pytest.mark.django_db
P = Kennisproduct.Status
S = Sectie.Soort
GEMEENTEN = ("Oss", "Someren", "Huizen", "Ede", "Woerden")


@pytest.fixture
def opzet():
    """An edition with two published groups: Brabant (Oss, Someren, Huizen) and Midden (Ede,
    Woerden). Every practice has its official as participant; Oss also has a resident and an
    inactive participant, and a focus."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    provincie = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    ids = []
    for naam in GEMEENTEN:
        gemeente = GemeenteFactory(naam=naam, provincie=provincie)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.TOEGELATEN
        )
        maak_lid(UserFactory(email=f"{naam.lower()}@example.org"), gemeente)
        ids.append(aanmelding.pk)
    adviseur = AdviseurFactory(organisatie=organisatie)
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    praktijken = {
        p.aanmelding.gemeente.naam: p
        for p in LokalePraktijk.objects.filter(aanmelding__editie=editie).select_related(
            "aanmelding__gemeente"
        )
    }
    praktijken["Oss"].focus = "Eenzaamheid doorbreken met inwoners van Oss-Zuid."
    praktijken["Oss"].save()
    ina = Deelnemer.objects.create(
        praktijk=praktijken["Oss"],
        naam="Ina Inwoner",
        email="ina@example.org",
        rol=Deelnemer.Rol.INWONER,
    )
    Deelnemer.objects.create(
        praktijk=praktijken["Oss"],
        naam="Oud Lid",
        email="oud@example.org",
        rol=Deelnemer.Rol.INWONER,
        actief=False,
    )
    mail.outbox.clear()
    return {
        "editie": editie,
        "adviseur": adviseur,
        "praktijken": praktijken,
        "ina": ina,
        "brabant": Leergroep.objects.filter(editie=editie).order_by("volgorde").first(),
    }


@pytest.fixture
def product(opzet):
    return producten.product_aanmaken(editie=opzet["editie"], door=opzet["adviseur"])


def _status(product, naar, door):
    product.refresh_from_db()
    return producten.status_zetten(product=product, naar=naar, versie=product.versie, door=door)


def _ambtenaar(naam):
    return Deelnemer.objects.get(email=f"{naam.lower()}@example.org").user


def _sectie(product, soort):
    return product.secties.get(soort=soort)


# --- Creating ---------------------------------------------------------------------------------


def test_standaardindeling_met_gemeenten_en_toestemmingsvragen(opzet, product):
    secties = list(product.secties.order_by("volgorde"))
    assert [s.soort for s in secties] == [
        "samenvatting",
        "vraag",
        "gemeenten",
        "aanpak",
        "resultaten",
        "lessen",
        "terugkoppeling",
        "borging",
        "tips",
        "vervolg",
        "contact",
    ]
    assert [s.volgorde for s in secties] == list(range(1, 12))
    assert secties[4].titel == "Wat leverde het op?"
    # Only the municipalities start with text; the writing tips stand next to the fields.
    assert [s.soort for s in secties if s.tekst] == [S.GEMEENTEN]
    assert producten.schrijftip(S.TIPS).startswith("Welke tips")
    gemeenten = secties[2].tekst
    assert "- **Oss**: Eenzaamheid doorbreken met inwoners van Oss-Zuid." in gemeenten
    for naam in GEMEENTEN:
        assert f"**{naam}**" in gemeenten
    assert product.status == P.CONCEPT and product.versie == 0
    assert product.slug
    assert set(
        product.toestemmingen.values_list("praktijk__aanmelding__gemeente__naam", "status")
    ) == {(naam, "gevraagd") for naam in GEMEENTEN}


def test_product_per_leergroep_bevat_alleen_die_gemeenten(opzet, product):
    groep = producten.product_aanmaken(
        editie=opzet["editie"], leergroep=opzet["brabant"], door=opzet["adviseur"]
    )
    namen = set(groep.toestemmingen.values_list("praktijk__aanmelding__gemeente__naam", flat=True))
    assert namen == {"Oss", "Someren", "Huizen"}
    assert "Ede" not in _sectie(groep, S.GEMEENTEN).tekst
    assert groep.slug != product.slug


def test_een_product_per_editie(opzet, product):
    with pytest.raises(PortaalFout, match="al een kennisproduct"):
        producten.product_aanmaken(editie=opzet["editie"], door=opzet["adviseur"])


def test_alleen_adviseur_van_het_traject_maakt_een_product(opzet):
    for door in (AdviseurFactory(), _ambtenaar("Oss")):
        with pytest.raises(PortaalFout):
            producten.product_aanmaken(editie=opzet["editie"], door=door)
    assert not Kennisproduct.objects.exists()


# --- Editing ----------------------------------------------------------------------------------


def test_sectie_wijzigen_verhoogt_de_versie(opzet, product):
    sectie = _sectie(product, S.SAMENVATTING)
    producten.sectie_wijzigen(
        sectie=sectie,
        titel="  Kort  gezegd ",
        tekst="Nieuwe tekst.\n",
        versie=0,
        door=opzet["adviseur"],
    )
    sectie.refresh_from_db()
    product.refresh_from_db()
    assert (sectie.titel, sectie.tekst, product.versie) == ("Kort gezegd", "Nieuwe tekst.", 1)


def test_versieconflict_wordt_geweigerd(opzet, product):
    sectie = _sectie(product, S.SAMENVATTING)
    producten.sectie_wijzigen(
        sectie=sectie, titel="Eerste", tekst="Van collega", versie=0, door=opzet["adviseur"]
    )
    with pytest.raises(PortaalFout, match="Een collega heeft het kennisproduct intussen gewijzigd"):
        producten.sectie_wijzigen(
            sectie=sectie, titel="Tweede", tekst="Van mij", versie=0, door=opzet["adviseur"]
        )
    sectie.refresh_from_db()
    assert sectie.tekst == "Van collega"


def test_secties_ordenen_in_een_keer(opzet, product):
    pks = list(product.secties.order_by("volgorde").values_list("pk", flat=True))
    producten.secties_ordenen(
        product=product, volgorde=list(reversed(pks)), versie=0, door=opzet["adviseur"]
    )
    assert list(product.secties.order_by("volgorde").values_list("pk", flat=True)) == pks[::-1]
    with pytest.raises(PortaalFout, match="volgorde past niet"):
        producten.secties_ordenen(
            product=product, volgorde=pks[:3], versie=1, door=opzet["adviseur"]
        )


def test_volgorde_is_uniek_maar_pas_bij_commit_gecontroleerd(opzet, product):
    """The unique (product, volgorde) is deferred: a swap passes the check at commit, a real
    duplicate does not. SET CONSTRAINTS ALL IMMEDIATE runs the commit-time check now."""
    pks = list(product.secties.order_by("volgorde").values_list("pk", flat=True))
    producten.secties_ordenen(
        product=product, volgorde=[pks[1], pks[0], *pks[2:]], versie=0, door=opzet["adviseur"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        Sectie.objects.filter(pk=pks[2]).update(volgorde=1)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_database_bewaakt_de_regels(opzet, product):
    regels = [
        lambda: Kennisproduct.objects.filter(pk=product.pk).update(status=P.GEPUBLICEERD),
        lambda: Kennisproduct.objects.create(editie=opzet["editie"], titel="Tweede", slug="tweede"),
        lambda: Opmerking.objects.create(sectie=product.secties.first(), tekst="Van niemand"),
        lambda: Opmerking.objects.create(
            sectie=product.secties.first(),
            tekst="Van twee",
            deelnemer=opzet["ina"],
            user=opzet["adviseur"],
        ),
        lambda: product.toestemmingen.update(status=Toestemming.Status.GEGEVEN),
        lambda: Weergave.objects.create(
            product=product, nummer=1, inhoud_hash="a" * 64, status=Weergave.Status.KLAAR
        ),
    ]
    for regel in regels:
        with pytest.raises(IntegrityError), transaction.atomic():
            regel()
    Weergave.objects.create(product=product, nummer=1, inhoud_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Weergave.objects.create(product=product, nummer=2, inhoud_hash="a" * 64)


def test_sectie_omhoog_en_omlaag(opzet, product):
    pks = list(product.secties.order_by("volgorde").values_list("pk", flat=True))
    derde = Sectie.objects.get(pk=pks[2])
    producten.sectie_verschuiven(sectie=derde, richting="omhoog", versie=0, door=opzet["adviseur"])
    nieuw = list(product.secties.order_by("volgorde").values_list("pk", flat=True))
    assert nieuw[:3] == [pks[0], pks[2], pks[1]]
    eerste = Sectie.objects.get(pk=pks[0])
    producten.sectie_verschuiven(sectie=eerste, richting="omhoog", versie=1, door=opzet["adviseur"])
    assert list(product.secties.order_by("volgorde").values_list("pk", flat=True)) == nieuw


def test_alleen_eigen_secties_toevoegen_en_verwijderen(opzet, product):
    adviseur = opzet["adviseur"]
    vrij = producten.sectie_toevoegen(product=product, titel="Bijlage", versie=0, door=adviseur)
    assert (vrij.soort, vrij.volgorde) == (S.VRIJ, 12)
    with pytest.raises(PortaalFout, match="zelf heeft toegevoegd"):
        producten.sectie_verwijderen(sectie=_sectie(product, S.TIPS), versie=1, door=adviseur)
    producten.sectie_verwijderen(sectie=vrij, versie=1, door=adviseur)
    assert product.secties.count() == 11


def test_lessen_invoegen_alleen_goedgekeurde_per_thema(opzet, product):
    editie, oss = opzet["editie"], opzet["praktijken"]["Oss"]
    terugkoppeling, borging = ThemaFactory(naam="Terugkoppeling"), ThemaFactory(naam="Borging")
    goed = Les.objects.create(
        editie=editie,
        tekst="Zorg voor een goede terugkoppeling wat er met ideeën gebeurt.",
        status=Les.Status.GOEDGEKEURD,
        beoordeeld_op="2026-11-01T10:00Z",
        praktijk=oss,
        soort=Les.Soort.TIP,
    )
    goed.themas.add(terugkoppeling)
    tweede = Les.objects.create(
        editie=editie,
        tekst="Het loslaten moeten we\ngaandeweg leren.",
        status=Les.Status.GOEDGEKEURD,
        beoordeeld_op="2026-11-01T10:00Z",
    )
    tweede.themas.add(borging)
    Les.objects.create(editie=editie, tekst="Nog niet beoordeeld.")
    Les.objects.create(
        editie=editie,
        tekst="Afgewezen les.",
        status=Les.Status.AFGEWEZEN,
        beoordeeld_op="2026-11-01T10:00Z",
    )
    sectie = _sectie(product, S.LESSEN)
    aantal = producten.lessen_invoegen(sectie=sectie, versie=0, door=opzet["adviseur"])
    sectie.refresh_from_db()
    assert aantal == 2
    assert "# Borging\n\n- Het loslaten moeten we gaandeweg leren. *(Les)*" in sectie.tekst
    assert (
        "# Terugkoppeling\n\n- Zorg voor een goede terugkoppeling wat er met ideeën gebeurt. "
        "*(Tip, Oss)*"
    ) in sectie.tekst
    assert sectie.tekst.index("# Borging") < sectie.tekst.index("# Terugkoppeling")
    assert "Nog niet beoordeeld" not in sectie.tekst
    assert "Afgewezen" not in sectie.tekst
    # Again: nothing new, so nothing twice.
    assert producten.lessen_invoegen(sectie=sectie, versie=1, door=opzet["adviseur"]) == 0
    sectie.refresh_from_db()
    assert sectie.tekst.count("Het loslaten") == 1
    html = product_html(product)
    assert "Het loslaten moeten we gaandeweg leren." in html
    assert "Afgewezen les" not in html


def test_praktijken_invoegen_slaat_genoemde_over(opzet, product):
    sectie = _sectie(product, S.AANPAK)
    assert producten.praktijken_invoegen(sectie=sectie, versie=0, door=opzet["adviseur"]) == 5
    assert producten.praktijken_invoegen(sectie=sectie, versie=1, door=opzet["adviseur"]) == 0


# --- Life cycle ------------------------------------------------------------------------------


def test_publiceren_kan_pas_na_vaststellen(opzet, product):
    adviseur = opzet["adviseur"]
    with pytest.raises(PortaalFout, match="pas als het kennisproduct is vastgesteld"):
        _status(product, P.GEPUBLICEERD, adviseur)
    _status(product, P.TER_REVIEW, adviseur)
    with pytest.raises(PortaalFout, match="pas als het kennisproduct is vastgesteld"):
        _status(product, P.GEPUBLICEERD, adviseur)
    _status(product, P.VASTGESTELD, adviseur)
    product.refresh_from_db()
    with pytest.raises(PortaalFout, match="vastgesteld"):
        producten.sectie_wijzigen(
            sectie=_sectie(product, S.TIPS),
            titel="Tips",
            tekst="x",
            versie=product.versie,
            door=adviseur,
        )
    gepubliceerd = _status(product, P.GEPUBLICEERD, adviseur)
    assert gepubliceerd.gepubliceerd_op is not None
    # Publishing asks for the PDF of the published text.
    (weergave,) = gepubliceerd.weergaven.all()
    assert weergave.nummer == 1
    with pytest.raises(PortaalFout):
        _status(product, P.CONCEPT, adviseur)


def test_terug_naar_concept_vanuit_review_en_vastgesteld(opzet, product):
    adviseur = opzet["adviseur"]
    _status(product, P.TER_REVIEW, adviseur)
    assert _status(product, P.CONCEPT, adviseur).status == P.CONCEPT
    _status(product, P.TER_REVIEW, adviseur)
    _status(product, P.VASTGESTELD, adviseur)
    assert _status(product, P.CONCEPT, adviseur).status == P.CONCEPT
    with pytest.raises(PortaalFout, match="kan niet"):
        _status(product, P.VASTGESTELD, adviseur)


def test_status_alleen_door_adviseur_van_traject(opzet, product):
    with pytest.raises(PortaalFout):
        _status(product, P.TER_REVIEW, AdviseurFactory())
    product.refresh_from_db()
    assert product.status == P.CONCEPT


def test_reviewmail_een_per_deelnemer_met_werkende_link(
    opzet, product, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _status(product, P.TER_REVIEW, opzet["adviseur"])
    review = Mail.objects.filter(sleutel__contains=":review:")
    actief = Deelnemer.objects.filter(
        actief=True, praktijk__aanmelding__editie=opzet["editie"]
    ).values_list("email", flat=True)
    assert sorted(a for m in review for a in m.aan) == sorted(actief)
    assert not review.filter(aan__contains=["oud@example.org"]).exists()
    ina = next(m for m in mail.outbox if m.to == ["ina@example.org"] and "Lees mee" in m.subject)
    pad = re.search(r"https?://[^/\s]+(/p/[^\s]+/kennisproduct/\d+/)", ina.body).group(1)
    response = client.get(pad)
    assert response.status_code == 200
    assert product.titel in response.content.decode()
    # Officials are asked for consent: one mail per practice and official.
    toestemming = Mail.objects.filter(sleutel__contains=":toestemming:")
    assert sorted(a for m in toestemming for a in m.aan) == sorted(
        f"{n.lower()}@example.org" for n in GEMEENTEN
    )
    # A retry mails nobody; a second review round mails every participant once more, but does
    # not ask for consent again.
    aantal = Mail.objects.count()
    _status(product, P.CONCEPT, opzet["adviseur"])
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    assert Mail.objects.count() == aantal + len(actief)


# --- Comments --------------------------------------------------------------------------------


def test_opmerking_alleen_ter_review(opzet, product):
    sectie = _sectie(product, S.SAMENVATTING)
    with pytest.raises(PortaalFout, match="geen opmerkingen meer"):
        producten.opmerking_plaatsen(sectie=sectie, tekst="Mooi", deelnemer=opzet["ina"])
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    opmerking = producten.opmerking_plaatsen(sectie=sectie, tekst=" Mooi ", deelnemer=opzet["ina"])
    assert (opmerking.tekst, opmerking.deelnemer, opmerking.user) == ("Mooi", opzet["ina"], None)
    _status(product, P.VASTGESTELD, opzet["adviseur"])
    with pytest.raises(PortaalFout, match="geen opmerkingen meer"):
        producten.opmerking_plaatsen(sectie=sectie, tekst="Te laat", deelnemer=opzet["ina"])


def test_opmerking_alleen_van_deelnemers_en_ambtenaren_in_bereik(opzet, product):
    adviseur = opzet["adviseur"]
    groep = producten.product_aanmaken(
        editie=opzet["editie"], leergroep=opzet["brabant"], door=adviseur
    )
    _status(groep, P.TER_REVIEW, adviseur)
    sectie = _sectie(groep, S.TIPS)
    ede = Deelnemer.objects.get(email="ede@example.org")
    oud = Deelnemer.objects.get(email="oud@example.org")
    for deelnemer in (ede, oud):
        with pytest.raises(PortaalFout, match="geen opmerkingen plaatsen"):
            producten.opmerking_plaatsen(sectie=sectie, tekst="Hallo", deelnemer=deelnemer)
    for user in (ede.user, UserFactory(), AdviseurFactory()):
        with pytest.raises(PortaalFout, match="geen opmerkingen plaatsen"):
            producten.opmerking_plaatsen(sectie=sectie, tekst="Hallo", user=user)
    producten.opmerking_plaatsen(sectie=sectie, tekst="Van Oss", user=_ambtenaar("Oss"))
    producten.opmerking_plaatsen(sectie=sectie, tekst="Van Ina", deelnemer=opzet["ina"])
    assert sectie.opmerkingen.count() == 2
    with pytest.raises(PortaalFout, match="Schrijf uw opmerking"):
        producten.opmerking_plaatsen(sectie=sectie, tekst="  \n ", deelnemer=opzet["ina"])


def test_opmerking_afhandelen_door_adviseur(opzet, product):
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    opmerking = producten.opmerking_plaatsen(
        sectie=_sectie(product, S.TIPS), tekst="Tip erbij", deelnemer=opzet["ina"]
    )
    with pytest.raises(PortaalFout):
        producten.opmerking_afhandelen(opmerking=opmerking, door=_ambtenaar("Oss"))
    producten.opmerking_afhandelen(opmerking=opmerking, door=opzet["adviseur"])
    opmerking.refresh_from_db()
    assert opmerking.afgehandeld


# --- Consent and anonymisation ----------------------------------------------------------------


def test_labels_en_anonimiseren_zijn_consequent():
    labels = gemeente_labels(["Oss", "Bergen", "Bergen op Zoom", "Oss"])
    assert labels == {"Oss": "gemeente A", "Bergen": "gemeente B", "Bergen op Zoom": "gemeente C"}
    tekst = (
        "Oss deed mee. In de gemeente Oss en in OSS. Gemeente Oss zegt het ook.\n"
        "- **Bergen op Zoom**: in Bergen ook. Bedenken in Nederland, Ossenaren."
    )
    assert anonimiseren(tekst, labels) == (
        "Gemeente A deed mee. In de gemeente A en in gemeente A. Gemeente A zegt het ook.\n"
        "- **Gemeente C**: in gemeente B ook. Bedenken in Nederland, Ossenaren."
    )
    assert anonimiseren(tekst, {}) == tekst


def test_gemeente_zonder_toestemming_staat_nergens_in_de_html(opzet, product):
    adviseur = opzet["adviseur"]
    producten.sectie_wijzigen(
        sectie=_sectie(product, S.RESULTATEN),
        titel="Wat leverde het op in Oss?",
        tekst="In Oss en Someren kwamen meer inwoners. De gemeente Oss gaat door.",
        versie=0,
        door=adviseur,
    )
    toestemmingen = {t.praktijk.aanmelding.gemeente.naam: t for t in product.toestemmingen.all()}
    producten.toestemming_geven(
        toestemming=toestemmingen["Someren"], besluit="gegeven", door=_ambtenaar("Someren")
    )
    producten.toestemming_geven(
        toestemming=toestemmingen["Oss"], besluit="geweigerd", door=_ambtenaar("Oss")
    )
    product.refresh_from_db()
    html = product_html(product)
    assert not re.search(r"(?<!\w)oss(?!\w)", html, re.IGNORECASE)
    assert "Someren" in html
    # Ede, Huizen, Oss and Woerden have no consent: lettered in the order of their names, so
    # the municipalities section reads A, B, C, D.
    assert "Wat leverde het op in gemeente C?" in html
    sterk = re.findall(r"<strong>(Gemeente [A-Z]|Someren)</strong>", html)
    assert sterk == ["Gemeente A", "Gemeente B", "Gemeente C", "Someren", "Gemeente D"]
    assert html.count("Someren") >= 2
    for naam in ("Huizen", "Ede", "Woerden"):
        assert not re.search(rf"(?<!\w){naam}(?!\w)", html)
    producten.toestemming_geven(toestemming=toestemmingen["Oss"], besluit="gegeven", door=adviseur)
    assert "In Oss en Someren" in product_html(product)


def test_toestemming_alleen_door_eigen_ambtenaar_of_adviseur(opzet, product):
    oss = product.toestemmingen.get(praktijk=opzet["praktijken"]["Oss"])
    for door in (_ambtenaar("Ede"), UserFactory(), AdviseurFactory()):
        with pytest.raises(PortaalFout, match="Alleen een ambtenaar"):
            producten.toestemming_geven(toestemming=oss, besluit="gegeven", door=door)
    with pytest.raises(PortaalFout, match="Kies ja of nee"):
        producten.toestemming_geven(toestemming=oss, besluit="gevraagd", door=_ambtenaar("Oss"))
    producten.toestemming_geven(toestemming=oss, besluit="gegeven", door=_ambtenaar("Oss"))
    oss.refresh_from_db()
    assert oss.status == Toestemming.Status.GEGEVEN and oss.beantwoord_op


def test_gevaarlijke_tekst_komt_niet_in_de_html(opzet, product):
    producten.sectie_wijzigen(
        sectie=_sectie(product, S.TIPS),
        titel="Tips",
        tekst=(
            '<img src="http://127.0.0.1:9/x">\n\n![x](http://127.0.0.1:9/x)\n\n'
            "[lees](file:///etc/passwd)\n\n<script>alert(1)</script>"
        ),
        versie=0,
        door=opzet["adviseur"],
    )
    html = product_html(product)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="file' not in html
    assert "&lt;script&gt;" in html  # shown as text


# --- Pages -------------------------------------------------------------------------------------


def _adviseur_urls(product):
    sectie = product.secties.first()
    return [
        reverse("kennisproduct:editie", kwargs={"pk": product.editie_id}),
        reverse("kennisproduct:editor", kwargs={"pk": product.pk}),
        reverse("kennisproduct:sectie", kwargs={"pk": product.pk, "sectie_pk": sectie.pk}),
        reverse("kennisproduct:voorbeeld", kwargs={"pk": product.pk}),
        reverse("kennisproduct:status", kwargs={"pk": product.pk}) + "?naar=gepubliceerd",
    ]


def test_adviseurspaginas_per_rol(opzet, product, client):
    urls = _adviseur_urls(product)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for gebruiker, status in (
        (_ambtenaar("Oss"), 404),
        (AdviseurFactory(), 404),
        (UserFactory(rol="beheerder"), 200),
        (opzet["adviseur"], 200),
    ):
        client.force_login(gebruiker)
        for url in urls[1:]:
            assert client.get(url).status_code == status, (gebruiker, url)
    client.force_login(AdviseurFactory())
    response = client.post(
        reverse("kennisproduct:status", kwargs={"pk": product.pk}),
        {"naar": "ter_review", "versie": "0"},
    )
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.status == P.CONCEPT


def test_editie_pagina_maakt_product_en_opent_daarna_de_editor(opzet, client):
    client.force_login(opzet["adviseur"])
    url = reverse("kennisproduct:editie", kwargs={"pk": opzet["editie"].pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"leergroep": ""})
    product = Kennisproduct.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kennisproduct:editor", kwargs={"pk": product.pk})
    assert client.get(url)["Location"] == response["Location"]
    inhoud = client.get(url + "?nieuw=1").content.decode()
    assert "Kennisproduct maken" in inhoud and ">De hele editie</option>" not in inhoud
    groep = Leergroep.objects.filter(editie=opzet["editie"]).first()
    client.post(url, {"leergroep": groep.pk})
    assert Kennisproduct.objects.filter(leergroep=groep).exists()


def test_editor_toont_secties_en_verschuift_met_knoppen(
    opzet, product, client, django_assert_max_num_queries
):
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    for sectie in product.secties.all():
        producten.opmerking_plaatsen(sectie=sectie, tekst="Eens", deelnemer=opzet["ina"])
    _status(product, P.CONCEPT, opzet["adviseur"])
    client.force_login(opzet["adviseur"])
    editor = reverse("kennisproduct:editor", kwargs={"pk": product.pk})
    with django_assert_max_num_queries(12):
        inhoud = client.get(editor).content.decode()
    assert inhoud.count(">Afgehandeld<") == 11
    assert "Wat leverde het op?" in inhoud and "Omhoog" in inhoud
    assert inhoud.count("<h1") == 1
    product.refresh_from_db()
    versie = product.versie
    tweede = product.secties.get(volgorde=2)
    response = client.post(
        reverse("kennisproduct:volgorde", kwargs={"pk": product.pk}),
        {"sectie": tweede.pk, "richting": "omhoog", "versie": versie},
    )
    assert response.status_code == 302
    tweede.refresh_from_db()
    assert tweede.volgorde == 1
    # The same stale version again: refused with a message, nothing changes.
    client.post(
        reverse("kennisproduct:volgorde", kwargs={"pk": product.pk}),
        {"sectie": tweede.pk, "richting": "omlaag", "versie": versie},
    )
    tweede.refresh_from_db()
    assert tweede.volgorde == 1
    assert "Een collega" in client.get(editor).content.decode()


def test_sectie_opslaan_via_formulier(opzet, product, client):
    client.force_login(opzet["adviseur"])
    sectie = _sectie(product, S.VRAAG)
    url = reverse("kennisproduct:sectie", kwargs={"pk": product.pk, "sectie_pk": sectie.pk})
    response = client.post(url, {"titel": "", "tekst": "x", "versie": "0", "actie": "opslaan"})
    assert response.status_code == 200 and 'id="foutoverzicht"' in response.content.decode()
    response = client.post(
        url, {"titel": "De vraag", "tekst": "# Kop\n\nTekst", "versie": "0", "actie": "opslaan"}
    )
    assert response.status_code == 302
    sectie.refresh_from_db()
    assert sectie.tekst == "# Kop\n\nTekst"


def test_publiceren_via_bevestigingspagina(opzet, product, client):
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    _status(product, P.VASTGESTELD, opzet["adviseur"])
    client.force_login(opzet["adviseur"])
    url = reverse("kennisproduct:status", kwargs={"pk": product.pk})
    inhoud = client.get(url + "?naar=gepubliceerd").content.decode()
    assert "Ja, kennisproduct publiceren" in inhoud and "Oss" in inhoud
    product.refresh_from_db()
    client.post(url, {"naar": "gepubliceerd", "versie": product.versie})
    product.refresh_from_db()
    assert product.status == P.GEPUBLICEERD


def test_voorbeeld_is_dezelfde_html_als_de_pdf(opzet, product, client):
    client.force_login(opzet["adviseur"])
    response = client.get(reverse("kennisproduct:voorbeeld", kwargs={"pk": product.pk}))
    assert response.content.decode() == product_html(product)
    assert "kennisproduct-print.css" in response.content.decode()


def _link(deelnemer):
    return link_token(link_geven(deelnemer=deelnemer, soort=PersoonlijkeLink.Soort.ROOSTER))


def test_deelnemer_geeft_opmerking_via_link_met_foutoverzicht(opzet, product, client):
    url = reverse(
        "kennisproduct:link-review", kwargs={"token": _link(opzet["ina"]), "pk": product.pk}
    )
    assert client.get(url).status_code == 404  # still a concept
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    sectie = _sectie(product, S.TIPS)
    response = client.post(url, {"sectie": sectie.pk, f"s{sectie.pk}-tekst": ""})
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in inhoud
    assert f'href="#id_s{sectie.pk}-tekst"' in inhoud
    assert "Uw opmerking over Tips: Schrijf uw opmerking in het tekstvak." in inhoud
    response = client.post(url, {"sectie": sectie.pk, f"s{sectie.pk}-tekst": "Goede tips!"})
    assert response.status_code == 302
    opmerking = Opmerking.objects.get()
    assert (opmerking.sectie, opmerking.deelnemer) == (sectie, opzet["ina"])
    assert "Goede tips!" in client.get(url).content.decode()


def test_link_van_deelnemer_buiten_bereik_of_onbekend_geeft_404(opzet, client):
    adviseur = opzet["adviseur"]
    groep = producten.product_aanmaken(
        editie=opzet["editie"], leergroep=opzet["brabant"], door=adviseur
    )
    _status(groep, P.TER_REVIEW, adviseur)
    ede = Deelnemer.objects.get(email="ede@example.org")
    for token in (_link(ede), "onzin"):
        url = reverse("kennisproduct:link-review", kwargs={"token": token, "pk": groep.pk})
        assert client.get(url).status_code == 404


def test_ambtenaar_leest_mee_en_geeft_toestemming(opzet, product, client):
    url = reverse("kennisproduct:review", kwargs={"pk": product.pk})
    assert "/accounts/login/" in client.get(url)["Location"]
    _status(product, P.TER_REVIEW, opzet["adviseur"])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(_ambtenaar("Oss"))
    inhoud = client.get(url).content.decode()
    assert "Mag uw gemeente genoemd worden?" in inhoud
    toestemming = product.toestemmingen.get(praktijk=opzet["praktijken"]["Oss"])
    response = client.post(
        url,
        {
            "actie": "toestemming",
            "toestemming": toestemming.pk,
            f"t{toestemming.pk}-besluit": "gegeven",
        },
    )
    assert response.status_code == 302
    toestemming.refresh_from_db()
    assert toestemming.status == "gegeven"
    # Someone else's municipality: not offered, and refused when posted.
    ede = product.toestemmingen.get(praktijk=opzet["praktijken"]["Ede"])
    client.post(
        url, {"actie": "toestemming", "toestemming": ede.pk, f"t{ede.pk}-besluit": "gegeven"}
    )
    ede.refresh_from_db()
    assert ede.status == "gevraagd"


def test_titel_en_ondertitel_wijzigen_via_het_scherm(opzet, product, client):
    client.force_login(opzet["adviseur"])
    url = reverse("kennisproduct:omslag", kwargs={"pk": product.pk})
    assert client.get(url).status_code == 200
    fout = client.post(url, {"titel": "   ", "ondertitel": "", "versie": 0})
    assert fout.status_code == 200
    assert "Fout:" in fout.content.decode()
    antwoord = client.post(
        url, {"titel": " Lessen  uit vijf praktijken ", "ondertitel": "Editie 2027", "versie": 0}
    )
    assert antwoord.status_code == 302
    product.refresh_from_db()
    assert (product.titel, product.ondertitel, product.versie) == (
        "Lessen uit vijf praktijken",
        "Editie 2027",
        1,
    )
    oud = client.post(url, {"titel": "Ander", "ondertitel": "", "versie": 0})
    assert "Een collega heeft het kennisproduct intussen gewijzigd" in oud.content.decode()
    product.refresh_from_db()
    assert product.titel == "Lessen uit vijf praktijken"
    # An official of a municipality in the edition may read along, not edit the cover.
    client.force_login(_ambtenaar("Oss"))
    assert client.get(url).status_code in (403, 404)
