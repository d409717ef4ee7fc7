"""Demo lessons (DOMAIN.md §6.9): recorded by the advisors, one proposal waiting and one declined,
through the services; loading twice adds nothing."""

import pytest

from bijeenkomsten.demo import demo_laden as bijeenkomsten_laden
from intake.demo import demo_laden as intake_laden
from kennis.demo import LESSEN, demo_laden
from kennis.models import Kennisproduct, Les, Weergave

pytestmark = pytest.mark.django_db


def test_demolessen_in_elke_status_en_twee_keer_laden_voegt_niets_toe(demo):
    intake_laden()
    bijeenkomsten_laden()
    assert demo_laden() == {"lessen": len(LESSEN), "kennisproducten": 2}
    statussen = dict(Les.objects.values_list("tekst", "status"))
    assert list(statussen.values()).count(Les.Status.VOORGESTELD) == 1
    assert list(statussen.values()).count(Les.Status.AFGEWEZEN) == 1
    assert list(statussen.values()).count(Les.Status.GOEDGEKEURD) == len(LESSEN) - 2
    voorstel = Les.objects.get(status=Les.Status.VOORGESTELD)
    assert voorstel.ingediend_door_deelnemer is not None
    assert voorstel.gemeente.naam == "Woerden"
    assert Les.objects.filter(editie__traject__code="B").count() == 3
    assert all(les.themas.exists() for les in Les.objects.exclude(status=Les.Status.AFGEWEZEN))

    a = Kennisproduct.objects.get(editie__traject__code="A")
    b = Kennisproduct.objects.get(editie__traject__code="B")
    assert a.status == Kennisproduct.Status.TER_REVIEW
    assert b.status == Kennisproduct.Status.GEPUBLICEERD
    assert a.titel == "Inclusief werken aan maatschappelijke vraagstukken"
    lessen_a = a.secties.get(soort="lessen").tekst
    assert "Praat mét de doelgroep" in lessen_a
    assert "dinsdagavond" not in lessen_a  # declined
    assert "rollator thuis" not in lessen_a  # still a proposal
    assert sorted(
        a.toestemmingen.filter(status="gegeven").values_list(
            "praktijk__aanmelding__gemeente__naam", flat=True
        )
    ) == ["Huizen", "Someren"]
    assert Weergave.objects.filter(product=b).count() == 1
    assert demo_laden() == {"lessen": len(LESSEN), "kennisproducten": 2}
    assert Weergave.objects.count() == 1
