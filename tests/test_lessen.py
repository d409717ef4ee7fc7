"""Lessons: advisors record them (approved at once), participants and officials propose them
(waiting for a decision), advisors approve, reject and correct; meetings and practices must be of
the edition and, for participants, in their own scope; the database refuses what the services
refuse; the list searches and filters, with the same number of queries for 5 or 50 lessons."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DataError, IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import planning, services
from bijeenkomsten.links import link_geven, link_intrekken, link_token
from bijeenkomsten.models import Bijeenkomst, Deelnemer, Leergroep, LokalePraktijk
from intake.models import Aanmelding, AanmeldingGemeente
from kennis import lessen
from kennis.models import Les
from kennis.selectors import gemeenten_van, lessen_van, lessen_van_deelnemer
from portal.exceptions import PortaalFout
from portal.models import Provincie, User
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
B = Bijeenkomst
S = Les.Status


def _vast(opzet, bijeenkomst, *, dagen: int) -> Bijeenkomst:
    """Fix the meeting ``dagen`` from now (negative: in the past)."""
    start = timezone.now() + datetime.timedelta(days=dagen)
    return planning.datum_vastleggen(
        bijeenkomst=bijeenkomst,
        start=start,
        eind=start + datetime.timedelta(hours=2),
        versie=bijeenkomst.versie,
        door=opzet["adviseur"],
    )


@pytest.fixture
def opzet():
    """An edition with two published groups, Noord-Brabant (Oss, Best, Breda) and Groningen
    (Haren, Stad), built through the services as in test_planning. Every practice has its
    official as participant; Oss also a resident and an inactive participant. Meetings: a start
    meeting that was held, a fixed exchange for Brabant and one for Groningen, a local meeting
    of Oss still being planned, a fixed local meeting of Best and a cancelled one of Oss."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    groningen = Provincie.objects.get_or_create(code="PV20", defaults={"naam": "Groningen"})[0]
    ids, ambtenaren = [], {}
    for naam, provincie in (
        ("Oss", brabant),
        ("Best", brabant),
        ("Breda", brabant),
        ("Haren", groningen),
        ("Stad", groningen),
    ):
        gemeente = GemeenteFactory(naam=naam, provincie=provincie)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.TOEGELATEN
        )
        ambtenaren[naam] = UserFactory(email=f"{naam.lower()}@example.org")
        maak_lid(ambtenaren[naam], gemeente)
        ids.append(aanmelding.pk)
    adviseur = AdviseurFactory(organisatie=organisatie)
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    praktijken = {
        p.aanmelding.gemeente.naam: p
        for p in LokalePraktijk.objects.filter(aanmelding__editie=editie).select_related(
            "aanmelding__gemeente", "aanmelding__editie"
        )
    }
    ina = Deelnemer.objects.create(
        praktijk=praktijken["Oss"], naam="Ina Inwoner", email="ina@example.org", rol="inwoner"
    )
    oud = Deelnemer.objects.create(
        praktijk=praktijken["Oss"],
        naam="Oud Lid",
        email="oud@example.org",
        rol="inwoner",
        actief=False,
    )
    groep_brabant = Leergroep.objects.get(editie=editie, naam="Leergroep Noord-Brabant")
    groep_groningen = Leergroep.objects.get(editie=editie, naam="Leergroep Groningen")
    opzet = {"editie": editie, "adviseur": adviseur}

    def maken(soort, titel, **scope):
        return planning.bijeenkomst_aanmaken(
            editie=editie, soort=soort, titel=titel, door=adviseur, **scope
        )

    start = _vast(opzet, maken(B.Soort.START, "Start"), dagen=-30)
    start = planning.verslag_vastleggen(
        bijeenkomst=start, verslag="Goed begin.", aanwezig=set(), versie=start.versie, door=adviseur
    )
    uitwisseling_brabant = _vast(
        opzet, maken(B.Soort.UITWISSELING, "Brabant", leergroep=groep_brabant), dagen=-2
    )
    uitwisseling_groningen = _vast(
        opzet, maken(B.Soort.UITWISSELING, "Groningen", leergroep=groep_groningen), dagen=-2
    )
    lokaal_oss = maken(B.Soort.LOKAAL, "Oss lokaal", praktijk=praktijken["Oss"])
    lokaal_best = _vast(
        opzet, maken(B.Soort.LOKAAL, "Best lokaal", praktijk=praktijken["Best"]), dagen=7
    )
    afgezegd = _vast(
        opzet, maken(B.Soort.LOKAAL, "Oss afgezegd", praktijk=praktijken["Oss"]), dagen=3
    )
    afgezegd = planning.bijeenkomst_annuleren(
        bijeenkomst=afgezegd, versie=afgezegd.versie, door=adviseur
    )
    return {
        **opzet,
        "praktijken": praktijken,
        "ambtenaren": ambtenaren,
        "ina": ina,
        "oud": oud,
        "officiele_oss": Deelnemer.objects.get(praktijk=praktijken["Oss"], email="oss@example.org"),
        "start": start,
        "uitwisseling_brabant": uitwisseling_brabant,
        "uitwisseling_groningen": uitwisseling_groningen,
        "lokaal_oss": lokaal_oss,
        "lokaal_best": lokaal_best,
        "afgezegd": afgezegd,
        "bewoners": ThemaFactory(naam="Bewonersinitiatieven"),
        "borging": ThemaFactory(naam="Borging"),
    }


def _andere_editie(opzet):
    """An edition of the same track with a practice and a start meeting of its own."""
    andere = EditieFactory(traject=opzet["editie"].traject)
    praktijk = LokalePraktijk.objects.create(
        aanmelding=AanmeldingFactory(editie=andere, status=Aanmelding.Status.GEPLAATST)
    )
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=andere, soort=B.Soort.START, titel="Elders", door=opzet["adviseur"]
    )
    return andere, praktijk, _vast(opzet, bijeenkomst, dagen=-1)


def _vastleggen(opzet, tekst="Begin klein en vier wat lukt.", **velden):
    velden.setdefault("soort", Les.Soort.LES)
    velden.setdefault("themas", [opzet["bewoners"]])
    return lessen.les_vastleggen(
        editie=opzet["editie"], tekst=tekst, door=opzet["adviseur"], **velden
    )


# --- Recording by the advisor -----------------------------------------------------------------


def test_adviseur_legt_een_les_vast_die_meteen_goedgekeurd_is(opzet):
    les = _vastleggen(
        opzet,
        tekst="  Laat inwoners zelf de agenda maken.\n",
        soort=Les.Soort.WERKZAAM_ELEMENT,
        themas=[opzet["bewoners"], opzet["borging"]],
        bijeenkomst=opzet["start"],
        praktijk=opzet["praktijken"]["Oss"],
    )
    les.refresh_from_db()
    assert les.tekst == "Laat inwoners zelf de agenda maken."
    assert les.status == S.GOEDGEKEURD
    assert les.editie == opzet["editie"]
    assert les.ingediend_door_user == opzet["adviseur"]
    assert les.ingediend_door_deelnemer is None
    assert les.beoordeeld_door == opzet["adviseur"]
    assert les.beoordeeld_op is not None
    assert set(les.themas.all()) == {opzet["bewoners"], opzet["borging"]}
    assert les.gemeente.naam == "Oss"


def test_een_lokale_bijeenkomst_geeft_de_praktijk_en_dus_de_gemeente(opzet):
    les = _vastleggen(opzet, bijeenkomst=opzet["lokaal_best"], themas=[])
    assert les.praktijk == opzet["praktijken"]["Best"]
    assert les.gemeente.naam == "Best"
    zonder_herkomst = _vastleggen(opzet)
    assert zonder_herkomst.bijeenkomst is None
    assert zonder_herkomst.gemeente is None


@pytest.mark.parametrize("wie", ["ambtenaar", "andere_adviseur", "anoniem"])
def test_alleen_een_adviseur_van_het_traject_legt_lessen_vast(opzet, wie):
    door = {
        "ambtenaar": opzet["ambtenaren"]["Oss"],
        "andere_adviseur": AdviseurFactory(),
        "anoniem": AnonymousUser(),
    }[wie]
    with pytest.raises(PortaalFout, match="Alleen een adviseur van dit traject"):
        lessen.les_vastleggen(
            editie=opzet["editie"], tekst="Een les", soort=Les.Soort.TIP, themas=[], door=door
        )
    assert not Les.objects.exists()


def test_een_beheerder_mag_ook_vastleggen(opzet):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    les = lessen.les_vastleggen(
        editie=opzet["editie"], tekst="Een les", soort=Les.Soort.TIP, themas=[], door=beheerder
    )
    assert les.status == S.GOEDGEKEURD


def test_vastleggen_weigert_een_bijeenkomst_of_praktijk_van_een_andere_editie(opzet):
    _andere, vreemde_praktijk, vreemde_bijeenkomst = _andere_editie(opzet)
    with pytest.raises(PortaalFout, match="bijeenkomst van deze editie"):
        _vastleggen(opzet, bijeenkomst=vreemde_bijeenkomst)
    with pytest.raises(PortaalFout, match="gemeente van deze editie"):
        _vastleggen(opzet, praktijk=vreemde_praktijk)
    assert not Les.objects.exists()


def test_vastleggen_weigert_een_lokale_bijeenkomst_van_een_andere_gemeente(opzet):
    with pytest.raises(PortaalFout, match="andere gemeente"):
        _vastleggen(opzet, bijeenkomst=opzet["lokaal_best"], praktijk=opzet["praktijken"]["Oss"])
    with pytest.raises(PortaalFout, match="ging niet door"):
        _vastleggen(opzet, bijeenkomst=opzet["afgezegd"])
    assert not Les.objects.exists()


@pytest.mark.parametrize(
    ("tekst", "soort", "melding"),
    [
        ("", Les.Soort.LES, "Het tekstvak is nog leeg"),
        ("  \n\t ", Les.Soort.LES, "Het tekstvak is nog leeg"),
        ("x" * 1001, Les.Soort.LES, "te lang"),
        ("Een les", "anders", "Kies wat voor les"),
        ("Een les", "", "Kies wat voor les"),
    ],
)
def test_lege_of_te_lange_tekst_en_onbekende_soort_worden_geweigerd(opzet, tekst, soort, melding):
    with pytest.raises(PortaalFout, match=melding):
        _vastleggen(opzet, tekst=tekst, soort=soort)
    with pytest.raises(PortaalFout, match=melding):
        lessen.les_voorstellen(deelnemer=opzet["ina"], tekst=tekst, soort=soort)
    assert not Les.objects.exists()


def test_precies_duizend_tekens_mag(opzet):
    assert len(_vastleggen(opzet, tekst="x" * 1000).tekst) == 1000


# --- Proposals by participants and officials -----------------------------------------------


def test_deelnemer_stelt_via_de_persoonlijke_link_een_les_voor(opzet):
    les = lessen.les_voorstellen(
        deelnemer=opzet["ina"],
        tekst="Vraag de buurt wat zij nodig heeft.",
        soort=Les.Soort.TIP,
        themas=[opzet["bewoners"]],
        bijeenkomst=opzet["start"],
    )
    les.refresh_from_db()
    assert les.status == S.VOORGESTELD
    assert les.editie == opzet["editie"]
    assert les.praktijk == opzet["praktijken"]["Oss"]
    assert les.ingediend_door_deelnemer == opzet["ina"]
    assert les.ingediend_door_user is None
    assert les.beoordeeld_op is None
    assert les.beoordeeld_door is None
    assert list(les.themas.all()) == [opzet["bewoners"]]
    assert list(lessen_van_deelnemer(opzet["ina"])) == [les]
    assert not lessen_van_deelnemer(opzet["officiele_oss"]).exists()


def test_deelnemer_mag_een_vastgestelde_bijeenkomst_van_de_eigen_groep_kiezen(opzet):
    les = lessen.les_voorstellen(
        deelnemer=opzet["ina"],
        tekst="Een les",
        soort=Les.Soort.LES,
        bijeenkomst=opzet["uitwisseling_brabant"],
    )
    assert les.bijeenkomst == opzet["uitwisseling_brabant"]


@pytest.mark.parametrize(
    "welke", ["uitwisseling_groningen", "lokaal_best", "lokaal_oss", "afgezegd", "andere_editie"]
)
def test_deelnemer_kan_geen_bijeenkomst_buiten_het_eigen_bereik_kiezen(opzet, welke):
    bijeenkomst = _andere_editie(opzet)[2] if welke == "andere_editie" else opzet[welke]
    with pytest.raises(PortaalFout, match="eigen bijeenkomsten met een vaste datum"):
        lessen.les_voorstellen(
            deelnemer=opzet["ina"], tekst="Een les", soort=Les.Soort.LES, bijeenkomst=bijeenkomst
        )
    assert not Les.objects.exists()


def test_wie_niet_meer_meedoet_kan_geen_les_voorstellen(opzet):
    with pytest.raises(PortaalFout, match="niet meer mee"):
        lessen.les_voorstellen(deelnemer=opzet["oud"], tekst="Een les", soort=Les.Soort.LES)


def test_ambtenaar_stelt_met_account_een_les_voor_voor_de_eigen_gemeente(opzet):
    les = lessen.les_voorstellen_als_user(
        user=opzet["ambtenaren"]["Oss"],
        praktijk=opzet["praktijken"]["Oss"],
        tekst="Maak het aanvraagformulier korter.",
        soort=Les.Soort.VALKUIL,
        bijeenkomst=opzet["uitwisseling_brabant"],
    )
    assert les.status == S.VOORGESTELD
    assert les.ingediend_door_user == opzet["ambtenaren"]["Oss"]
    assert les.ingediend_door_deelnemer is None
    assert les.gemeente.naam == "Oss"


def test_ambtenaar_van_een_andere_gemeente_of_buiten_bereik_wordt_geweigerd(opzet):
    with pytest.raises(PortaalFout, match="ambtenaren van deze gemeente"):
        lessen.les_voorstellen_als_user(
            user=opzet["ambtenaren"]["Best"],
            praktijk=opzet["praktijken"]["Oss"],
            tekst="Een les",
            soort=Les.Soort.LES,
        )
    for bijeenkomst in (opzet["uitwisseling_groningen"], opzet["lokaal_best"], opzet["lokaal_oss"]):
        with pytest.raises(PortaalFout, match="bijeenkomst van uw gemeente"):
            lessen.les_voorstellen_als_user(
                user=opzet["ambtenaren"]["Oss"],
                praktijk=opzet["praktijken"]["Oss"],
                tekst="Een les",
                soort=Les.Soort.LES,
                bijeenkomst=bijeenkomst,
            )
    assert not Les.objects.exists()


# --- Decisions and corrections ------------------------------------------------------------


def _voorstel(opzet, tekst="Vraag de buurt wat zij nodig heeft."):
    return lessen.les_voorstellen(deelnemer=opzet["ina"], tekst=tekst, soort=Les.Soort.TIP)


def test_adviseur_keurt_goed_en_kan_het_besluit_later_veranderen(opzet):
    les = lessen.les_beoordelen(les=_voorstel(opzet), besluit="goedkeuren", door=opzet["adviseur"])
    les.refresh_from_db()
    assert les.status == S.GOEDGEKEURD
    assert les.beoordeeld_door == opzet["adviseur"]
    eerste = les.beoordeeld_op
    assert eerste is not None

    collega = AdviseurFactory(organisatie=opzet["adviseur"].organisatie)
    les = lessen.les_beoordelen(les=les, besluit="afwijzen", door=collega)
    les.refresh_from_db()
    assert les.status == S.AFGEWEZEN
    assert les.beoordeeld_door == collega
    assert les.beoordeeld_op >= eerste


def test_beoordelen_weigert_wie_geen_adviseur_is_en_een_onbekend_besluit(opzet):
    les = _voorstel(opzet)
    for door in (opzet["ambtenaren"]["Oss"], AdviseurFactory()):
        with pytest.raises(PortaalFout, match="Alleen een adviseur"):
            lessen.les_beoordelen(les=les, besluit="goedkeuren", door=door)
    with pytest.raises(PortaalFout, match="goedkeurt of afwijst"):
        lessen.les_beoordelen(les=les, besluit="misschien", door=opzet["adviseur"])
    les.refresh_from_db()
    assert les.status == S.VOORGESTELD
    assert les.beoordeeld_op is None


def test_adviseur_verbetert_tekst_soort_en_themas_zonder_de_status_te_veranderen(opzet):
    les = _voorstel(opzet, tekst="vraag de buurt wat ze nodig heeft")
    lessen.les_wijzigen(
        les=les,
        door=opzet["adviseur"],
        tekst="Vraag de buurt wat zij nodig heeft.",
        soort=Les.Soort.WERKZAAM_ELEMENT,
        themas=[opzet["borging"]],
    )
    les.refresh_from_db()
    assert les.tekst == "Vraag de buurt wat zij nodig heeft."
    assert les.soort == Les.Soort.WERKZAAM_ELEMENT
    assert list(les.themas.all()) == [opzet["borging"]]
    assert les.status == S.VOORGESTELD

    lessen.les_wijzigen(les=les, door=opzet["adviseur"], soort=Les.Soort.TIP)
    les.refresh_from_db()
    assert les.tekst == "Vraag de buurt wat zij nodig heeft."  # None leaves it as it is
    assert list(les.themas.all()) == [opzet["borging"]]


def test_wijzigen_weigert_lege_tekst_en_wie_geen_adviseur_is(opzet):
    les = _voorstel(opzet)
    with pytest.raises(PortaalFout, match="Het tekstvak is nog leeg"):
        lessen.les_wijzigen(les=les, door=opzet["adviseur"], tekst="   ")
    with pytest.raises(PortaalFout, match="Kies wat voor les"):
        lessen.les_wijzigen(les=les, door=opzet["adviseur"], soort="weetje")
    with pytest.raises(PortaalFout, match="Alleen een adviseur"):
        lessen.les_wijzigen(les=les, door=opzet["ambtenaren"]["Oss"], tekst="Anders")
    les.refresh_from_db()
    assert les.tekst == "Vraag de buurt wat zij nodig heeft."


# --- The database ---------------------------------------------------------------------------


def _rij(opzet, **velden):
    basis = {
        "editie": opzet["editie"],
        "tekst": "Een les",
        "soort": "les",
        "status": "voorgesteld",
    }
    return Les.objects.create(**{**basis, **velden})


@pytest.mark.parametrize(
    ("velden", "constraint"),
    [
        ({"tekst": ""}, "les_tekst_niet_leeg"),
        ({"tekst": "   "}, "les_tekst_niet_leeg"),
        ({"soort": "weetje"}, "les_soort_geldig"),
        ({"status": "klaar", "beoordeeld_op": "nu"}, "les_status_geldig"),
        ({"ingediend_door": "beide"}, "les_een_soort_indiener"),
        ({"status": "goedgekeurd"}, "les_beoordeeld_past_bij_status"),
        ({"status": "afgewezen"}, "les_beoordeeld_past_bij_status"),
        ({"beoordeeld_op": "nu"}, "les_beoordeeld_past_bij_status"),
        ({"beoordeeld_door": "adviseur"}, "les_beoordeeld_past_bij_status"),
    ],
    ids=[
        "lege_tekst",
        "alleen_spaties",
        "onbekende_soort",
        "onbekende_status",
        "twee_indieners",
        "goedgekeurd_zonder_datum",
        "afgewezen_zonder_datum",
        "voorgesteld_met_datum",
        "voorgesteld_met_beoordelaar",
    ],
)
def test_de_database_weigert_wat_de_diensten_weigeren(opzet, velden, constraint):
    velden = dict(velden)
    if velden.pop("ingediend_door", None):
        velden.update(ingediend_door_user=opzet["adviseur"], ingediend_door_deelnemer=opzet["ina"])
    if velden.get("beoordeeld_op") == "nu":
        velden["beoordeeld_op"] = timezone.now()
    if velden.get("beoordeeld_door") == "adviseur":
        velden["beoordeeld_door"] = opzet["adviseur"]
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        _rij(opzet, **velden)
    assert not Les.objects.exists()


def test_de_database_neemt_een_geldige_beoordeelde_les_aan_ook_zonder_beoordelaar(opzet):
    # The advisor's account may be removed later (SET_NULL): the decision and its date stay.
    les = _rij(opzet, status="afgewezen", beoordeeld_op=timezone.now(), beoordeeld_door=None)
    assert les.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not enforce max_length")
def test_de_database_weigert_een_te_lange_tekst(opzet):
    with pytest.raises(DataError), transaction.atomic():
        _rij(opzet, tekst="x" * 1001)


def test_een_verwijderde_bijeenkomst_laat_de_les_staan(opzet):
    les = _vastleggen(opzet, bijeenkomst=opzet["lokaal_best"])
    opzet["lokaal_best"].delete()
    les.refresh_from_db()
    assert les.bijeenkomst is None
    assert les.praktijk == opzet["praktijken"]["Best"]


# --- The list -------------------------------------------------------------------------------


@pytest.fixture
def lijst(opzet):
    """Five lessons from three municipalities, of several kinds, statuses and themes."""
    p = opzet["praktijken"]
    bewoners, borging = opzet["bewoners"], opzet["borging"]
    a = _vastleggen(
        opzet, tekst="Betrek bewoners al bij de eerste stap.", themas=[bewoners], praktijk=p["Oss"]
    )
    b = _vastleggen(
        opzet,
        tekst="Leg afspraken vast in de begroting.",
        soort=Les.Soort.WERKZAAM_ELEMENT,
        themas=[borging],
        praktijk=p["Best"],
    )
    c = _vastleggen(
        opzet,
        tekst="Een initiatiefnemer wil snel antwoord.",
        soort=Les.Soort.TIP,
        themas=[bewoners, borging],
        praktijk=p["Haren"],
    )
    d = lessen.les_voorstellen(
        deelnemer=opzet["ina"], tekst="Wacht niet te lang met subsidie.", soort=Les.Soort.VALKUIL
    )
    e = lessen.les_beoordelen(
        les=lessen.les_voorstellen(
            deelnemer=opzet["ina"], tekst="Dit was niet zo nuttig.", soort=Les.Soort.LES
        ),
        besluit="afwijzen",
        door=opzet["adviseur"],
    )
    andere = _andere_editie(opzet)[0]
    lessen.les_vastleggen(
        editie=andere,
        tekst="Betrek bewoners in een andere editie.",
        soort=Les.Soort.LES,
        themas=[bewoners],
        door=opzet["adviseur"],
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _namen(lijst, queryset):
    ids = {les.pk: naam for naam, les in lijst.items()}
    return {ids[les.pk] for les in queryset}


def test_lijst_toont_alleen_de_lessen_van_de_editie(opzet, lijst):
    assert _namen(lijst, lessen_van(opzet["editie"])) == {"a", "b", "c", "d", "e"}


def test_lijst_filtert_op_thema_soort_gemeente_en_status(opzet, lijst):
    editie = opzet["editie"]
    gemeente = {p: opzet["praktijken"][p].aanmelding.gemeente for p in ("Oss", "Best", "Stad")}
    assert _namen(lijst, lessen_van(editie, thema=opzet["borging"])) == {"b", "c"}
    assert _namen(lijst, lessen_van(editie, thema=opzet["bewoners"])) == {"a", "c"}
    assert _namen(lijst, lessen_van(editie, soort=Les.Soort.TIP)) == {"c"}
    assert _namen(lijst, lessen_van(editie, gemeente=gemeente["Oss"])) == {"a", "d", "e"}
    assert _namen(lijst, lessen_van(editie, gemeente=gemeente["Stad"])) == set()
    assert _namen(lijst, lessen_van(editie, status=S.VOORGESTELD)) == {"d"}
    assert _namen(lijst, lessen_van(editie, status=S.GOEDGEKEURD)) == {"a", "b", "c"}
    oss_goedgekeurd = lessen_van(editie, gemeente=gemeente["Oss"], status=S.GOEDGEKEURD)
    assert _namen(lijst, oss_goedgekeurd) == {"a"}
    borging_werkzaam = lessen_van(editie, thema=opzet["borging"], soort="werkzaam_element")
    assert _namen(lijst, borging_werkzaam) == {"b"}


def test_gemeentefilter_vindt_ook_de_partners_van_een_gezamenlijke_aanmelding(opzet, lijst):
    oss = opzet["praktijken"]["Oss"].aanmelding
    partner = GemeenteFactory(naam="Lith")
    AanmeldingGemeente.objects.create(aanmelding=oss, gemeente=partner, editie=opzet["editie"])
    assert _namen(lijst, lessen_van(opzet["editie"], gemeente=partner)) == {"a", "d", "e"}
    assert "Lith" in {g.naam for g in gemeenten_van(opzet["editie"])}


def test_gemeenten_van_de_editie_voor_het_filter(opzet):
    assert [g.naam for g in gemeenten_van(opzet["editie"])] == [
        "Best",
        "Breda",
        "Haren",
        "Oss",
        "Stad",
    ]


def test_zoeken_vindt_woorden_en_delen_van_woorden(opzet, lijst):
    editie = opzet["editie"]
    assert _namen(lijst, lessen_van(editie, zoek="begroting")) == {"b"}
    assert _namen(lijst, lessen_van(editie, zoek="BEGROT")) == {"b"}
    assert _namen(lijst, lessen_van(editie, zoek="bewoners")) == {"a"}
    assert _namen(lijst, lessen_van(editie, zoek="  ")) == {"a", "b", "c", "d", "e"}
    assert _namen(lijst, lessen_van(editie, zoek="fietspad")) == set()
    assert _namen(lijst, lessen_van(editie, zoek="bewoners", status=S.VOORGESTELD)) == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming is PostgreSQL's")
def test_zoeken_gebruikt_nederlandse_woordstammen(opzet, lijst):
    # "afspraak" shares no substring with "afspraken"; the Dutch stemmer joins them.
    assert _namen(lijst, lessen_van(opzet["editie"], zoek="afspraak")) == {"b"}
    assert _namen(lijst, lessen_van(opzet["editie"], zoek="initiatiefnemers")) == {"c"}


def _lessen_maken(opzet, aantal):
    themas = [opzet["bewoners"], opzet["borging"]]
    praktijken = list(opzet["praktijken"].values())
    for i in range(aantal):
        les = Les.objects.create(
            editie=opzet["editie"],
            tekst=f"Les {i} over bewoners",
            soort=Les.Soort.values[i % 4],
            praktijk=praktijken[i % len(praktijken)],
            bijeenkomst=opzet["start"],
            status=S.VOORGESTELD,
            ingediend_door_deelnemer=opzet["ina"] if i % 2 else None,
            ingediend_door_user=None if i % 2 else opzet["adviseur"],
        )
        les.themas.set(themas[: 1 + i % 2])


def _queries_voor_lijst(editie, **filters):
    with CaptureQueriesContext(connection) as queries:
        for les in lessen_van(editie, **filters):
            str(les.gemeente)
            str(les.bijeenkomst)
            str(les.ingediend_door_user or les.ingediend_door_deelnemer)
            str(les.beoordeeld_door)
            [t.naam for t in les.themas.all()]
    return len(queries)


@pytest.mark.parametrize(
    "filters", [{}, {"zoek": "bewoners"}, {"status": "voorgesteld", "thema": "bewoners"}]
)
def test_lijst_kost_evenveel_queries_voor_5_als_voor_50_lessen(opzet, filters):
    if filters.get("thema"):
        filters = {**filters, "thema": opzet[filters["thema"]]}
    _lessen_maken(opzet, 5)
    bij_vijf = _queries_voor_lijst(opzet["editie"], **filters)
    _lessen_maken(opzet, 45)
    assert lessen_van(opzet["editie"], **filters).count() == 50
    bij_vijftig = _queries_voor_lijst(opzet["editie"], **filters)
    assert bij_vijf == bij_vijftig == 2


# --- Pages ----------------------------------------------------------------------------------


def _lijst_url(opzet, **params):
    url = reverse("kennis:lessen", kwargs={"pk": opzet["editie"].pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _op_pagina(lijst, response):
    return _namen(lijst, response.context["pagina"].object_list)


def test_adviseur_zoekt_en_filtert_de_lijst(client, opzet, lijst):
    client.force_login(opzet["adviseur"])
    response = client.get(_lijst_url(opzet))
    assert response.status_code == 200
    assert _op_pagina(lijst, response) == {"a", "b", "c", "d", "e"}
    assert "Betrek bewoners al bij de eerste stap." in response.content.decode()
    assert "in een andere editie" not in response.content.decode()

    assert _op_pagina(lijst, client.get(_lijst_url(opzet, soort="tip"))) == {"c"}
    assert _op_pagina(lijst, client.get(_lijst_url(opzet, zoek="begroting"))) == {"b"}
    assert _op_pagina(lijst, client.get(_lijst_url(opzet, status="voorgesteld"))) == {"d"}
    borging = opzet["borging"].pk
    assert _op_pagina(lijst, client.get(_lijst_url(opzet, thema=borging))) == {"b", "c"}
    best = opzet["praktijken"]["Best"].aanmelding.gemeente_id
    assert _op_pagina(lijst, client.get(_lijst_url(opzet, gemeente=best))) == {"b"}
    # An unknown value leaves only that filter out.
    response = client.get(_lijst_url(opzet, soort="onzin", status="afgewezen"))
    assert response.status_code == 200
    assert _op_pagina(lijst, response) == {"e"}


def test_lijst_heeft_pagina_s_van_25(client, opzet):
    _lessen_maken(opzet, 30)
    client.force_login(opzet["adviseur"])
    eerste = client.get(_lijst_url(opzet))
    assert len(eerste.context["pagina"].object_list) == 25
    assert "pagina=2" in eerste.content.decode()
    assert len(client.get(_lijst_url(opzet, pagina=2)).context["pagina"].object_list) == 5


def test_lijstpagina_kost_evenveel_queries_voor_5_als_voor_30_lessen(client, opzet):
    client.force_login(opzet["adviseur"])
    client.get(_lijst_url(opzet))  # session and caches warm
    _lessen_maken(opzet, 5)
    with CaptureQueriesContext(connection) as bij_vijf:
        assert client.get(_lijst_url(opzet, zoek="bewoners")).status_code == 200
    _lessen_maken(opzet, 25)
    with CaptureQueriesContext(connection) as bij_dertig:
        assert client.get(_lijst_url(opzet, zoek="bewoners")).status_code == 200
    assert len(bij_vijf) == len(bij_dertig)


@pytest.mark.parametrize("wie", ["anoniem", "ambtenaar", "andere_adviseur"])
def test_alleen_adviseurs_van_het_traject_zien_de_lessen(client, opzet, lijst, wie):
    verwacht = {"anoniem": 302, "ambtenaar": 403, "andere_adviseur": 404}[wie]
    if wie == "ambtenaar":
        client.force_login(opzet["ambtenaren"]["Oss"])
    elif wie == "andere_adviseur":
        client.force_login(AdviseurFactory())
    les = lijst["d"]
    urls = [
        _lijst_url(opzet),
        reverse("kennis:les-nieuw", kwargs={"pk": opzet["editie"].pk}),
        reverse("kennis:les-wijzigen", kwargs={"pk": les.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == verwacht, url
    beoordelen = reverse("kennis:les-beoordelen", kwargs={"pk": les.pk})
    assert client.post(beoordelen, {"besluit": "goedkeuren"}).status_code == verwacht
    les.refresh_from_db()
    assert les.status == S.VOORGESTELD


def test_adviseur_keurt_goed_en_wijst_af_met_knoppen_en_houdt_de_filters(client, opzet, lijst):
    client.force_login(opzet["adviseur"])
    beoordelen = reverse("kennis:les-beoordelen", kwargs={"pk": lijst["d"].pk})
    response = client.post(
        beoordelen, {"besluit": "goedkeuren", "terug": "status=voorgesteld&pagina=1"}
    )
    assert response.status_code == 302
    assert response.url == _lijst_url(opzet, status="voorgesteld", pagina=1)
    lijst["d"].refresh_from_db()
    assert lijst["d"].status == S.GOEDGEKEURD

    response = client.post(beoordelen, {"besluit": "afwijzen", "terug": "https://example.org/"})
    assert response.url.startswith(_lijst_url(opzet))
    lijst["d"].refresh_from_db()
    assert lijst["d"].status == S.AFGEWEZEN

    response = client.post(beoordelen, {"besluit": "weggooien"}, follow=True)
    assert "Kies of u de les goedkeurt of afwijst." in response.content.decode()
    assert client.get(beoordelen).status_code == 405


def test_beoordelen_vraagt_een_csrf_token(opzet, lijst):
    streng = Client(enforce_csrf_checks=True)
    streng.force_login(opzet["adviseur"])
    beoordelen = reverse("kennis:les-beoordelen", kwargs={"pk": lijst["d"].pk})
    assert streng.post(beoordelen, {"besluit": "goedkeuren"}).status_code == 403
    lijst["d"].refresh_from_db()
    assert lijst["d"].status == S.VOORGESTELD
    pagina = streng.get(_lijst_url(opzet)).content.decode()
    assert pagina.count('name="csrfmiddlewaretoken"') >= 2


def test_adviseur_voegt_een_les_toe_via_het_formulier(client, opzet):
    client.force_login(opzet["adviseur"])
    url = reverse("kennis:les-nieuw", kwargs={"pk": opzet["editie"].pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "tekst": "Plan de volgende stap samen.",
            "soort": "werkzaam_element",
            "themas": [opzet["bewoners"].pk],
            "bijeenkomst": opzet["lokaal_best"].pk,
            "praktijk": "",
        },
    )
    assert response.status_code == 302
    les = Les.objects.get()
    assert les.status == S.GOEDGEKEURD
    assert les.praktijk == opzet["praktijken"]["Best"]
    assert list(les.themas.all()) == [opzet["bewoners"]]


def test_formulier_toont_een_foutoverzicht_bij_foute_invoer(client, opzet):
    client.force_login(opzet["adviseur"])
    url = reverse("kennis:les-nieuw", kwargs={"pk": opzet["editie"].pk})
    response = client.post(url, {"tekst": "", "soort": ""})
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in inhoud
    assert 'href="#id_tekst"' in inhoud
    # A radio group has no element with the field's own id: the link goes to the first option.
    assert 'href="#id_soort_0"' in inhoud
    assert "<title>Fout:" in inhoud

    # Refused by the service: shown in the summary too.
    response = client.post(
        url,
        {
            "tekst": "Een les",
            "soort": "les",
            "bijeenkomst": opzet["lokaal_best"].pk,
            "praktijk": opzet["praktijken"]["Oss"].pk,
        },
    )
    assert 'id="foutoverzicht"' in response.content.decode()
    assert "hoort bij een andere gemeente" in response.content.decode()
    assert not Les.objects.exists()


def test_adviseur_wijzigt_een_les_via_het_formulier(client, opzet, lijst):
    client.force_login(opzet["adviseur"])
    url = reverse("kennis:les-wijzigen", kwargs={"pk": lijst["d"].pk})
    assert "Wacht niet te lang met subsidie." in client.get(url).content.decode()
    response = client.post(url, {"tekst": "Wacht niet met subsidie.", "soort": "tip"})
    assert response.status_code == 302
    lijst["d"].refresh_from_db()
    assert (lijst["d"].tekst, lijst["d"].soort) == ("Wacht niet met subsidie.", "tip")
    assert lijst["d"].status == S.VOORGESTELD


def _deelnemer_url(deelnemer):
    token = link_token(link_geven(deelnemer=deelnemer, soort="rooster"))
    return reverse("kennis:link-lessen", kwargs={"token": token})


def test_deelnemer_stelt_via_de_link_een_les_voor(client, opzet, lijst):
    url = _deelnemer_url(opzet["ina"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    inhoud = response.content.decode()
    assert "Wacht niet te lang met subsidie." in inhoud  # her own
    assert "Leg afspraken vast in de begroting." not in inhoud  # not anyone else's
    response = client.post(
        url,
        {
            "tekst": "Bel de buren op.",
            "soort": "tip",
            "themas": [opzet["bewoners"].pk],
            "bijeenkomst": opzet["uitwisseling_brabant"].pk,
        },
    )
    assert response.status_code == 302
    les = Les.objects.get(tekst="Bel de buren op.")
    assert les.status == S.VOORGESTELD
    assert les.ingediend_door_deelnemer == opzet["ina"]
    assert les.bijeenkomst == opzet["uitwisseling_brabant"]


def test_deelnemer_krijgt_een_foutoverzicht_en_geen_bijeenkomst_van_een_ander(client, opzet):
    url = _deelnemer_url(opzet["ina"])
    response = client.post(url, {"tekst": "  ", "soort": "tip"})
    assert response.status_code == 200
    assert 'href="#id_tekst"' in response.content.decode()
    response = client.post(
        url, {"tekst": "Een les", "soort": "tip", "bijeenkomst": opzet["lokaal_best"].pk}
    )
    assert response.status_code == 200
    assert 'href="#id_bijeenkomst"' in response.content.decode()
    assert not Les.objects.exists()


def test_een_ingetrokken_of_onbekende_link_geeft_niets(client, opzet):
    link = link_geven(deelnemer=opzet["ina"], soort="rooster")
    url = reverse("kennis:link-lessen", kwargs={"token": link_token(link)})
    link_intrekken(link=link)
    assert client.get(url).status_code == 404
    assert client.post(url, {"tekst": "Een les", "soort": "tip"}).status_code == 404
    onbekend = reverse("kennis:link-lessen", kwargs={"token": "x" * 64})
    assert client.get(onbekend).status_code == 404
    assert not Les.objects.exists()


def test_ambtenaar_stelt_op_de_praktijkpagina_een_les_voor(client, opzet, lijst):
    praktijk = opzet["praktijken"]["Oss"]
    url = reverse("kennis:praktijk-lessen", kwargs={"pk": praktijk.pk})
    client.force_login(opzet["ambtenaren"]["Oss"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Wacht niet te lang met subsidie." not in response.content.decode()  # Ina's
    keuzes = {b.pk for b in response.context["form"].fields["bijeenkomst"].queryset}
    assert keuzes == {opzet["start"].pk, opzet["uitwisseling_brabant"].pk}
    response = client.post(
        url,
        {"tekst": "Zet de wethouder erbij.", "soort": "tip", "bijeenkomst": opzet["start"].pk},
    )
    assert response.status_code == 302
    les = Les.objects.get(tekst="Zet de wethouder erbij.")
    assert (les.status, les.praktijk, les.ingediend_door_user) == (
        S.VOORGESTELD,
        praktijk,
        opzet["ambtenaren"]["Oss"],
    )
    assert "Zet de wethouder erbij." in client.get(url).content.decode()

    response = client.post(url, {"tekst": "", "soort": "tip"})
    assert 'id="foutoverzicht"' in response.content.decode()


def test_praktijkpagina_voor_lessen_is_alleen_voor_de_eigen_gemeente(client, opzet):
    url = reverse("kennis:praktijk-lessen", kwargs={"pk": opzet["praktijken"]["Oss"].pk})
    assert client.get(url).status_code == 302
    client.force_login(opzet["ambtenaren"]["Best"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"tekst": "Een les", "soort": "tip"}).status_code == 404
    assert not Les.objects.exists()
