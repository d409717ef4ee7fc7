"""Municipality size: the size bands, the population column in the CBS importer, and the
library's "Grootte van de gemeente" filter (only named municipalities count, and the filter only
shows once a population is known)."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten.models import LokalePraktijk
from intake.models import Aanmelding, AanmeldingGemeente
from kennis import producten
from kennis.models import Kennisproduct, Toestemming
from portal.gemeenten import (
    GROOTTEKLASSEN,
    ImportFout,
    gemeentelijst_toepassen,
    grootteklasse,
    grootteklasse_bereik,
    lees_gemeentelijst,
)
from portal.models import Gemeente
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
)

# --- The bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inwoners", "klasse"),
    [
        (None, None),
        (0, "tot 20.000"),
        (19_999, "tot 20.000"),
        (20_000, "20.000–50.000"),
        (49_999, "20.000–50.000"),
        (50_000, "50.000–100.000"),
        (99_999, "50.000–100.000"),
        (100_000, "meer dan 100.000"),
        (931_298, "meer dan 100.000"),
    ],
)
def test_grootteklasse_aan_de_randen(inwoners, klasse):
    assert grootteklasse(inwoners) == klasse


def test_bereik_van_elke_klasse_sluit_aan_op_de_volgende():
    bereiken = [grootteklasse_bereik(slug) for _o, slug, _n in GROOTTEKLASSEN]
    assert bereiken == [(0, 20_000), (20_000, 50_000), (50_000, 100_000), (100_000, None)]
    for (ondergrens, _b), (_o, _slug, naam) in zip(bereiken, GROOTTEKLASSEN, strict=True):
        assert grootteklasse(ondergrens) == str(naam)
    with pytest.raises(KeyError):
        grootteklasse_bereik("reusachtig")


# --- The importer --------------------------------------------------------------------------------

LIJST_MET_INWONERS = """code,naam,provincie,inwoners
GM0001,Oostdorp,Groningen,12345
GM0002,Westdorp,Groningen,"54.321"
GM0003,Zuiddorp,Utrecht,
"""

CBS_MET_BEVOLKING = (
    "\ufeffGemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam;"
    "Bevolking\n"
    "1;GM0001;Oostdorp;20;PV20;Groningen;20.000\n"
    "2;GM0002;Westdorp;20;PV20;Groningen;\n"
    "3;GM0003;Zuiddorp;26;PV26;Utrecht;150 001\n"
)


def test_lijst_met_kolom_inwoners_wordt_gelezen():
    regels = {r.code: r.inwoners for r in lees_gemeentelijst(LIJST_MET_INWONERS)}
    assert regels == {"GM0001": 12_345, "GM0002": 54_321, "GM0003": None}
    cbs = {r.code: r.inwoners for r in lees_gemeentelijst(CBS_MET_BEVOLKING)}
    assert cbs == {"GM0001": 20_000, "GM0002": None, "GM0003": 150_001}


def test_lijst_zonder_kolom_inwoners_heeft_geen_inwoners():
    regels = lees_gemeentelijst("code,naam,provincie\nGM0001,Oostdorp,Groningen\n")
    assert [r.inwoners for r in regels] == [None]


@pytest.mark.parametrize("waarde", ["veel", "12,5", "-3", "1.2345"])
def test_ongeldig_aantal_inwoners_noemt_de_regel(waarde):
    with pytest.raises(ImportFout, match=r"Regel 2: .* geen geldig aantal inwoners"):
        lees_gemeentelijst(f'code,naam,provincie,inwoners\nGM0001,Oostdorp,Groningen,"{waarde}"\n')


@pytest.mark.django_db
def test_importeren_bewaart_inwoners_en_een_lijst_zonder_wist_ze_niet(tmp_path):
    bestand = tmp_path / "gemeenten.csv"
    bestand.write_text(LIJST_MET_INWONERS, encoding="utf-8")
    call_command("gemeenten_importeren", str(bestand), "--peildatum", "2026-01-01")
    per_code = dict(Gemeente.objects.values_list("cbs_code", "inwoners"))
    assert per_code == {"GM0001": 12_345, "GM0002": 54_321, "GM0003": None}

    # A beheerder fills in Zuiddorp; next year's list without populations changes nothing.
    Gemeente.objects.filter(cbs_code="GM0003").update(inwoners=8_000)
    zonder = lees_gemeentelijst(
        "code,naam,provincie\nGM0001,Oostdorp,Groningen\nGM0002,Westdorp,Groningen\n"
        "GM0003,Zuiddorp,Utrecht\n"
    )
    resultaat = gemeentelijst_toepassen(regels=zonder, peildatum=datetime.date(2027, 1, 1))
    assert resultaat.ongewijzigd == 3 and not resultaat.heeft_wijzigingen
    per_code = dict(Gemeente.objects.values_list("cbs_code", "inwoners"))
    assert per_code == {"GM0001": 12_345, "GM0002": 54_321, "GM0003": 8_000}

    # A new number counts as a change.
    resultaat = gemeentelijst_toepassen(
        regels=lees_gemeentelijst(CBS_MET_BEVOLKING), peildatum=datetime.date(2027, 1, 1)
    )
    assert resultaat.gewijzigd == ["GM0001", "GM0003"]
    per_code = dict(Gemeente.objects.values_list("cbs_code", "inwoners"))
    assert per_code == {"GM0001": 20_000, "GM0002": 54_321, "GM0003": 150_001}


@pytest.mark.django_db
def test_meegeleverde_lijst_heeft_geen_inwoners(gemeenten):
    """Our CBS list carries no population and none is made up: the field stays empty."""
    assert not Gemeente.objects.filter(inwoners__isnull=False).exists()


# --- The library filter --------------------------------------------------------------------------


def _gepubliceerd(gemeenten: dict[str, int | None], genoemd: set[str], extra=None):
    """A published product whose practices are the municipalities ``gemeenten`` (name →
    population); those in ``genoemd`` agreed to be named. ``extra`` maps a practice's name to
    one more municipality of a joint enrolment."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    adviseur = AdviseurFactory(organisatie=organisatie)
    for naam, inwoners in gemeenten.items():
        aanmelding = AanmeldingFactory(
            editie=editie,
            traject=traject,
            gemeente=GemeenteFactory(naam=naam, inwoners=inwoners),
            status=Aanmelding.Status.TOEGELATEN,
        )
        for extra_naam, extra_inwoners in (extra or {}).get(naam, {}).items():
            AanmeldingGemeente.objects.create(
                aanmelding=aanmelding,
                gemeente=GemeenteFactory(naam=extra_naam, inwoners=extra_inwoners),
                editie=editie,
            )
        LokalePraktijk.objects.create(aanmelding=aanmelding)
    product = producten.product_aanmaken(editie=editie, door=adviseur)
    Toestemming.objects.filter(
        product=product, praktijk__aanmelding__gemeente__naam__in=genoemd
    ).update(status=Toestemming.Status.GEGEVEN, beantwoord_op=timezone.now())
    Kennisproduct.objects.filter(pk=product.pk).update(
        status=Kennisproduct.Status.GEPUBLICEERD, gepubliceerd_op=timezone.now()
    )
    return product


def _slugs(antwoord) -> set[str]:
    return {p.slug for p in antwoord.context["producten"]}


@pytest.mark.django_db
def test_grootte_filter_verschijnt_pas_als_een_genoemde_gemeente_inwoners_heeft():
    url = reverse("weergave:bibliotheek")
    _gepubliceerd({"Oss": None, "Best": None}, genoemd={"Oss", "Best"})
    # Known, but only for a municipality that is not named: still no filter.
    _gepubliceerd({"Ede": 120_000}, genoemd=set())
    antwoord = Client().get(url)
    assert "grootte" not in antwoord.context["form"].fields
    assert "Grootte van de gemeente" not in antwoord.content.decode()
    # A size asked for in the address is ignored while the filter is not shown.
    assert len(Client().get(url, {"grootte": "tot-20000"}).context["producten"]) == 2

    # As a beheerder does in the admin: the save also drops the cached public pages.
    best = Gemeente.objects.get(naam="Best")
    best.inwoners = 30_000
    best.save()
    inhoud = Client().get(url).content.decode()
    assert "Grootte van de gemeente" in inhoud
    assert 'value="20000-50000"' in inhoud and "20.000–50.000 inwoners" in inhoud


@pytest.mark.django_db
def test_grootte_filter_vindt_producten_met_een_genoemde_gemeente_in_die_klasse(
    django_assert_max_num_queries,
):
    url = reverse("weergave:bibliotheek")
    klein = _gepubliceerd({"Oss": 15_000, "Best": 95_000}, genoemd={"Oss"})
    samen = _gepubliceerd(
        {"Ede": 120_000},
        genoemd={"Ede"},
        # A joint enrolment: Ede's small partner counts too, like in the province filter.
        extra={"Ede": {"Renswoude": 5_500}},
    )
    groot = _gepubliceerd({"Utrecht": 361_000, "Zeist": 65_000}, genoemd={"Utrecht", "Zeist"})

    def gevonden(grootte):
        with django_assert_max_num_queries(9):
            antwoord = Client().get(url, {"grootte": grootte})
        assert antwoord.context["form"].is_valid()
        assert antwoord.context["gefilterd"]
        return _slugs(antwoord)

    assert gevonden("tot-20000") == {klein.slug, samen.slug}
    # Both bounds hold for one municipality: Ede (above) and Renswoude (below) do not add up.
    assert gevonden("20000-50000") == set()
    # Best has 95 000 residents but did not agree to be named: it does not count.
    assert gevonden("50000-100000") == {groot.slug}
    assert gevonden("meer-dan-100000") == {groot.slug, samen.slug}
    assert _slugs(Client().get(url)) == {klein.slug, samen.slug, groot.slug}
    # Combined with another filter.
    assert _slugs(
        Client().get(url, {"grootte": "tot-20000", "traject": klein.editie.traject_id})
    ) == {klein.slug}
    # An unknown band is a form error, not a crash.
    antwoord = Client().get(url, {"grootte": "reusachtig"})
    assert antwoord.status_code == 200 and "grootte" in antwoord.context["form"].errors
