"""The public catalogue and track pages: content from the source documents, filters, search
and query budgets."""

import pytest
from django.urls import reverse

from trajecten.catalogus import catalogus_laden
from trajecten.models import Traject

from .factories import EditieFactory, OrganisatieFactory, ThemaFactory, TrajectFactory

pytestmark = pytest.mark.django_db


def _titels(response):
    return [t.titel for t in response.context["trajecten"]]


def test_catalogus_toont_alle_zeven_trajecten(client, catalogus):
    response = client.get(reverse("trajecten:catalogus"))
    assert response.status_code == 200
    assert len(response.context["trajecten"]) == 7
    inhoud = response.content.decode()
    assert "Inclusief werken aan maatschappelijke vraagstukken in het sociaal domein" in inhoud
    assert "Faciliteren van lokaal maatschappelijk initiatief" in inhoud
    assert "Digitale Buurtschouw" in inhoud
    assert "7 trajecten gevonden" in inhoud


def test_catalogus_laden_twee_keer_verandert_niets(catalogus):
    traject = Traject.objects.get(code="A")
    ids = sorted(traject.onderdelen.values_list("pk", flat=True))
    assert catalogus_laden() == catalogus
    assert sorted(traject.onderdelen.values_list("pk", flat=True)) == ids
    assert Traject.objects.count() == 7


def test_traject_a_heeft_de_onderdelen_van_de_flyer(catalogus):
    traject = Traject.objects.get(code="A")
    per_sectie = {}
    for onderdeel in traject.onderdelen.all():
        per_sectie.setdefault(onderdeel.sectie, []).append(onderdeel)
    assert len(per_sectie["iets_voor_jou"]) == 3
    assert len(per_sectie["wij_bieden"]) == 3
    assert len(per_sectie["wij_vragen"]) == 6
    assert all(o.intake_check for o in per_sectie["wij_vragen"])
    assert traject.cofinanciering_percentage == 50
    assert not traject.concreet_project_verplicht
    assert {c.naam for c in traject.contacten.all()} == {"Daan de Bruijn", "Mathilde van de Ven"}


def test_traject_b_vraagt_een_concreet_project_en_hoort_bij_democratie_in_actie(catalogus):
    traject = Traject.objects.get(code="B")
    assert traject.concreet_project_verplicht
    assert traject.programma.naam == "Democratie in Actie"
    assert "initiatievenfonds" in traject.projecttypen
    assert traject.regionale_leergroepen_mogelijk


def test_methodestappen_van_c2_c4_c5(catalogus):
    assert Traject.objects.get(code="C2").stappen.count() == 8
    assert Traject.objects.get(code="C4").stappen.count() == 6
    assert Traject.objects.get(code="C5").stappen.count() == 3
    c3 = Traject.objects.get(code="C3")
    assert (c3.aantal_min, c3.aantal_max) == (12, 16)


def test_filter_op_soort(client, catalogus):
    response = client.get(reverse("trajecten:catalogus"), {"soort": "op_aanvraag"})
    assert len(response.context["trajecten"]) == 5
    response = client.get(reverse("trajecten:catalogus"), {"soort": "editie"})
    assert sorted(t.code for t in response.context["trajecten"]) == ["A", "B"]


def test_filter_op_organisatie_en_publiek_combineert_met_en(client, catalogus):
    response = client.get(reverse("trajecten:catalogus"), {"organisatie": "vng"})
    assert sorted(t.code for t in response.context["trajecten"]) == ["A", "B"]
    response = client.get(
        reverse("trajecten:catalogus"), {"organisatie": "vng", "publiek": "jongeren"}
    )
    assert response.context["trajecten"] == []
    assert "Er is geen traject dat past bij uw zoekvraag." in response.content.decode()


def test_filter_op_thema_binnen_een_groep_is_of(client, catalogus):
    response = client.get(
        reverse("trajecten:catalogus"), {"thema": ["kaderstelling", "jongerenparticipatie"]}
    )
    assert sorted(t.code for t in response.context["trajecten"]) == ["B", "C3"]


def test_onbekende_filterwaarde_geeft_een_melding_en_geen_fout(client, catalogus):
    response = client.get(reverse("trajecten:catalogus"), {"thema": "bestaat-niet"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["trajecten"]) == 7
    assert response.content.decode().count("Fout:") == 1


@pytest.mark.parametrize(
    ("zoekterm", "verwacht"),
    [
        ("eenzaamheid", "A"),
        ("initiatievenfonds", "B"),
        ("Youth Manifesto", "C3"),
        ("begroting", "C4"),
        ("buurtschouw", "C5"),
    ],
)
def test_zoeken_vindt_het_juiste_traject(client, catalogus, zoekterm, verwacht):
    response = client.get(reverse("trajecten:catalogus"), {"q": zoekterm})
    codes = [t.code for t in response.context["trajecten"]]
    assert codes, zoekterm
    assert codes[0] == verwacht


def test_zoeken_gebruikt_nederlandse_woordstammen(client, catalogus):
    # "initiatieven" stems to the same word as "initiatief" in PostgreSQL's Dutch configuration.
    response = client.get(reverse("trajecten:catalogus"), {"q": "lokale initiatieven faciliteren"})
    assert "B" in [t.code for t in response.context["trajecten"]]


def test_zoekterm_met_opmaak_wordt_veilig_getoond(client, catalogus):
    response = client.get(reverse("trajecten:catalogus"), {"q": "<script>alert(1)</script>\x00"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_concept_traject_staat_niet_in_de_catalogus(client, catalogus):
    TrajectFactory(titel="Geheim concept", status=Traject.Status.CONCEPT, slug="geheim")
    response = client.get(reverse("trajecten:catalogus"))
    assert "Geheim concept" not in _titels(response)
    assert client.get(reverse("trajecten:traject-detail", args=["geheim"])).status_code == 404


def test_trajectpagina_toont_de_secties_in_de_volgorde_van_de_flyer(client, catalogus):
    response = client.get(reverse("trajecten:traject-detail", args=["inclusief-werken"]))
    assert response.status_code == 200
    inhoud = response.content.decode()
    posities = [
        inhoud.index(kop)
        for kop in (
            "Waar gaat dit traject over?",
            "Iets voor jou?",
            "Wij bieden",
            "Wij vragen",
            "Meer weten?",
        )
    ]
    assert posities == sorted(posities)
    assert "D.deBruijn@movisie.nl" in inhoud
    assert "Account maken en aanmelden" in inhoud


def test_trajectpagina_toont_open_editie_met_plaatsen(client, demo):
    response = client.get(reverse("trajecten:traject-detail", args=["inclusief-werken"]))
    inhoud = response.content.decode()
    assert "5 plaatsen" in inhoud
    assert "Aanmelden kan" in inhoud


def test_onbekend_traject_geeft_404_in_de_huisstijl(client, catalogus):
    response = client.get("/trajecten/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def _maak_trajecten(aantal):
    organisatie = OrganisatieFactory()
    thema = ThemaFactory()
    for _ in range(aantal):
        editie = EditieFactory(traject__organisaties=[organisatie])
        editie.traject.themas.add(thema)


def test_aantal_queries_van_de_catalogus_hangt_niet_af_van_het_aantal_trajecten(
    client, django_assert_max_num_queries
):
    _maak_trajecten(3)
    with django_assert_max_num_queries(10) as klein:
        client.get(reverse("trajecten:catalogus"), {"q": "test", "soort": "editie"})
    _maak_trajecten(30)
    with django_assert_max_num_queries(10) as groot:
        response = client.get(reverse("trajecten:catalogus"), {"q": "test", "soort": "editie"})
    assert len(response.context["trajecten"]) == 33
    assert len(groot.captured_queries) == len(klein.captured_queries)


def test_aantal_queries_van_de_trajectpagina_is_begrensd(
    client, catalogus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("trajecten:traject-detail", args=["inclusief-werken"]))
    assert response.status_code == 200
