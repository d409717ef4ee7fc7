"""The municipality reference data and the importer for CBS's yearly list."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from portal.gemeenten import (
    GEMEENTEN_CSV,
    ImportFout,
    gemeentelijst_toepassen,
    lees_gemeentelijst,
    lees_herindelingen,
)
from portal.models import Gemeente, Provincie

pytestmark = pytest.mark.django_db

KLEINE_LIJST_2025 = """code,naam,provincie
GM0001,Oostdorp,Groningen
GM0002,Westdorp,Groningen
GM0003,Zuiddorp,Utrecht
GM0004,Norddorp,Fryslân
"""

# CBS's own CSV layout (semicolons, numeric code beside the GM code). On 1 January 2026 Oostdorp
# and Westdorp merge into the new Middendorp, and Zuiddorp is renamed.
KLEINE_LIJST_2026_CBS = (
    "\ufeffGemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam\n"
    "3;GM0003;Zuiddorp aan de Vecht;26;PV26;Utrecht\n"
    "4;GM0004;Norddorp;21;PV21;Fryslân\n"
    "1999;GM1999;Middendorp;20;PV20;Groningen\n"
)


def test_meegeleverde_lijst_heeft_alle_342_gemeenten_met_bekende_codes():
    regels = lees_gemeentelijst(GEMEENTEN_CSV.read_text(encoding="utf-8"))
    per_code = {r.code: r for r in regels}
    assert len(regels) == 342
    assert per_code["GM0363"].naam == "Amsterdam"
    assert per_code["GM0363"].provincie == "Noord-Holland"
    assert per_code["GM0518"].naam == "'s-Gravenhage"
    assert per_code["GM0344"].naam == "Utrecht"
    assert per_code["GM0014"].provincie == "Groningen"
    assert per_code["GM1992"].naam == "Voorne aan Zee"
    assert per_code["GM1991"].naam == "Maashorst"
    per_provincie = {}
    for regel in regels:
        per_provincie[regel.provincie] = per_provincie.get(regel.provincie, 0) + 1
    assert per_provincie["Flevoland"] == 6
    assert per_provincie["Zeeland"] == 13
    assert len(per_provincie) == 12


def test_laden_van_de_lijst_maakt_gemeenten_en_provincies(gemeenten):
    assert Gemeente.objects.count() == 342
    assert Provincie.objects.count() == 12
    someren = Gemeente.objects.get(naam="Someren")
    assert someren.provincie.naam == "Noord-Brabant"
    assert someren.is_actief


def test_import_voegt_samen_zonder_iets_te_verwijderen():
    gemeentelijst_toepassen(
        regels=lees_gemeentelijst(KLEINE_LIJST_2025), peildatum=datetime.date(2025, 1, 1)
    )
    oostdorp_pk = Gemeente.objects.get(cbs_code="GM0001").pk

    resultaat = gemeentelijst_toepassen(
        regels=lees_gemeentelijst(KLEINE_LIJST_2026_CBS),
        peildatum=datetime.date(2026, 1, 1),
        herindelingen=lees_herindelingen("oude_code,nieuwe_code\nGM0001,GM1999\nGM0002,1999\n"),
    )

    assert resultaat.nieuw == ["GM1999"]
    assert resultaat.gewijzigd == ["GM0003"]
    assert sorted(resultaat.opgeheven) == ["GM0001", "GM0002"]
    assert resultaat.ongewijzigd == 1
    oostdorp = Gemeente.objects.get(cbs_code="GM0001")
    assert oostdorp.pk == oostdorp_pk
    assert oostdorp.einddatum == datetime.date(2026, 1, 1)
    assert oostdorp.opgegaan_in.naam == "Middendorp"
    assert Gemeente.objects.get(cbs_code="GM0003").naam == "Zuiddorp aan de Vecht"
    assert Gemeente.objects.count() == 5
    assert Gemeente.objects.actief().count() == 3


def test_import_twee_keer_verandert_niets():
    regels = lees_gemeentelijst(KLEINE_LIJST_2025)
    gemeentelijst_toepassen(regels=regels, peildatum=datetime.date(2025, 1, 1))
    tweede = gemeentelijst_toepassen(regels=regels, peildatum=datetime.date(2025, 1, 1))
    assert not tweede.heeft_wijzigingen
    assert tweede.ongewijzigd == 4


def test_proefdraaien_slaat_niets_op():
    gemeentelijst_toepassen(
        regels=lees_gemeentelijst(KLEINE_LIJST_2025), peildatum=datetime.date(2025, 1, 1)
    )
    resultaat = gemeentelijst_toepassen(
        regels=lees_gemeentelijst(KLEINE_LIJST_2026_CBS),
        peildatum=datetime.date(2026, 1, 1),
        proefdraaien=True,
    )
    assert resultaat.heeft_wijzigingen
    assert Gemeente.objects.actief().count() == 4
    assert not Gemeente.objects.filter(cbs_code="GM1999").exists()


def test_opvolger_die_niet_in_de_lijst_staat_wordt_geweigerd():
    gemeentelijst_toepassen(
        regels=lees_gemeentelijst(KLEINE_LIJST_2025), peildatum=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ImportFout, match="GM0042"):
        gemeentelijst_toepassen(
            regels=lees_gemeentelijst(KLEINE_LIJST_2026_CBS),
            peildatum=datetime.date(2026, 1, 1),
            herindelingen={"GM0001": "GM0042"},
        )
    # The whole import rolled back: nothing half-applied.
    assert Gemeente.objects.actief().count() == 4


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("naam,provincie\nA,Utrecht\n", "Kolom 'code'"),
        ("code,naam,provincie\nXX12,A,Utrecht\n", "geen geldige CBS-code"),
        ("code,naam,provincie\nGM0001,,Utrecht\n", "naam ontbreekt"),
        ("code,naam,provincie\nGM0001,A,Atlantis\n", "onbekende provincie"),
        ("code,naam,provincie\nGM0001,A,Utrecht\nGM0001,B,Utrecht\n", "dubbel"),
        ("code,naam,provincie\n", "geen gemeenten"),
    ],
)
def test_foute_bestanden_geven_een_duidelijke_melding(inhoud, melding):
    with pytest.raises(ImportFout, match=melding):
        lees_gemeentelijst(inhoud)


def test_importcommando_past_lijst_toe_en_meldt_fouten(tmp_path, capsys):
    bestand = tmp_path / "gemeenten.csv"
    bestand.write_text(KLEINE_LIJST_2025, encoding="utf-8")
    call_command("gemeenten_importeren", str(bestand), "--peildatum", "2025-01-01")
    assert "4 nieuw" in capsys.readouterr().out
    bestand.write_text("code,naam\nGM1,A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="provincie"):
        call_command("gemeenten_importeren", str(bestand), "--peildatum", "2025-01-01")


def test_database_weigert_foute_cbs_code_en_dubbele_actieve_naam():
    provincie = Provincie.objects.create(code="PV26", naam="Utrecht")
    with pytest.raises(IntegrityError), transaction.atomic():
        Gemeente.objects.create(cbs_code="0344", naam="Utrecht", provincie=provincie)
    Gemeente.objects.create(cbs_code="GM0344", naam="Utrecht", provincie=provincie)
    with pytest.raises(IntegrityError), transaction.atomic():
        Gemeente.objects.create(cbs_code="GM9344", naam="Utrecht", provincie=provincie)
    # An ended municipality may share its name with a current one.
    Gemeente.objects.create(
        cbs_code="GM9345", naam="Utrecht", provincie=provincie, einddatum=datetime.date(2001, 1, 1)
    )
