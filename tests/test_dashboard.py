"""The advisor's start page and the dashboard of an edition: who may see it, the counts, the
filters, sorting, pagination, the chart, the CSV and XLSX export and the query budget."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intake.models import Aanmelding, AanmeldingGemeente, Intakegesprek, Vraagstuk
from intake.rapportage import GRAFIEK_PATRONEN
from portal.models import User
from trajecten.models import Thema

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    ProvincieFactory,
    ThemaFactory,
    UserFactory,
    maak_lid,
)

pytestmark = pytest.mark.django_db

S = Aanmelding.Status


def _opgeslagen(user):
    # UserFactory sets the demo password after saving and skips the second save; store it, or
    # the session hash of force_login no longer matches the user in the database.
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def organisatie():
    return OrganisatieFactory()


@pytest.fixture
def adviseur(organisatie):
    return _opgeslagen(AdviseurFactory(organisatie=organisatie, naam="Anouk Adviseur"))


@pytest.fixture
def editie(organisatie):
    return EditieFactory(traject__organisaties=[organisatie], traject__code="A", plaatsen=5)


@pytest.fixture
def utrecht():
    return ProvincieFactory(code="PV26", naam="Utrecht")


@pytest.fixture
def fryslan():
    return ProvincieFactory(code="PV21", naam="Fryslân")


@pytest.fixture
def adviseur_client(client, adviseur):
    client.force_login(adviseur)
    return client


def _url(editie):
    return reverse("intake:editie-dashboard", kwargs={"pk": editie.pk})


def _export_url(editie, formaat):
    return reverse("intake:editie-export", kwargs={"pk": editie.pk, "formaat": formaat})


def _gemeenten(response):
    return [a.gemeente.naam for a in response.context["pagina"]]


def _aanmelding(editie, naam, status=S.INGEDIEND, provincie=None, **kwargs):
    gemeente = GemeenteFactory(naam=naam, provincie=provincie or ProvincieFactory())
    # One official without a password for all: hashing a password per enrolment is slow.
    kwargs.setdefault("aangemaakt_door", User.objects.get_or_create(email="maker@example.org")[0])
    return AanmeldingFactory(editie=editie, gemeente=gemeente, status=status, **kwargs)


def _intake(aanmelding, *, adviseur, start, notities=""):
    intake = Intakegesprek.objects.create(
        aanmelding=aanmelding,
        start=start,
        eind=start + datetime.timedelta(hours=1),
        adres="Stadhuisplein 1",
        notities=notities,
    )
    intake.adviseurs.add(adviseur)
    return intake


# --- Access ---------------------------------------------------------------------------------------


def test_adviseur_ziet_het_dashboard_van_een_editie_van_de_eigen_organisatie(
    adviseur_client, editie
):
    _aanmelding(editie, "Someren")
    response = adviseur_client.get(_url(editie))
    assert response.status_code == 200
    assert "Someren" in response.content.decode()
    assert response.context["editie"] == editie


def test_editie_van_een_andere_organisatie_geeft_404(adviseur_client):
    andere = EditieFactory(traject__organisaties=[OrganisatieFactory()])
    _aanmelding(andere, "Groningen")
    assert adviseur_client.get(_url(andere)).status_code == 404
    assert adviseur_client.get(_export_url(andere, "csv")).status_code == 404
    assert adviseur_client.get(_export_url(andere, "xlsx")).status_code == 404


def test_ambtenaar_krijgt_geen_toegang_en_anoniem_moet_inloggen(client, editie):
    aanmelding = _aanmelding(editie, "Someren")
    ambtenaar = _opgeslagen(UserFactory())
    maak_lid(ambtenaar, aanmelding.gemeente)
    client.force_login(ambtenaar)
    assert client.get(_url(editie)).status_code == 403
    assert client.get(_export_url(editie, "csv")).status_code == 403
    assert client.get(reverse("intake:adviseur-start")).status_code == 403

    client.logout()
    for url in (_url(editie), _export_url(editie, "csv"), reverse("intake:adviseur-start")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_beheerder_ziet_het_dashboard_van_elke_editie(client, editie):
    client.force_login(_opgeslagen(UserFactory(rol="beheerder")))
    assert client.get(_url(editie)).status_code == 200


def test_onbekend_exportformaat_geeft_404(adviseur_client, editie):
    assert adviseur_client.get(_export_url(editie, "pdf")).status_code == 404


# --- Counts and places ----------------------------------------------------------------------------


def test_tellingen_per_status_en_vrije_plaatsen(adviseur_client, editie):
    _aanmelding(editie, "Asten", S.INGEDIEND)
    _aanmelding(editie, "Best", S.INGEDIEND)
    _aanmelding(editie, "Cuijk", S.TOEGELATEN)
    _aanmelding(editie, "Deurne", S.GEPLAATST)
    _aanmelding(editie, "Eersel", S.AFGEWEZEN)
    _aanmelding(editie, "Geldrop", S.CONCEPT)
    _aanmelding(EditieFactory(traject=editie.traject), "Helmond", S.TOEGELATEN)

    response = adviseur_client.get(_url(editie))

    overzicht = response.context["overzicht"]
    per_status = {t.status: t.aantal for t in overzicht.per_status}
    assert set(per_status) == set(S.values) - {S.CONCEPT}
    assert per_status[S.INGEDIEND] == 2
    assert per_status[S.TOEGELATEN] == 1
    assert per_status[S.GEPLAATST] == 1
    assert per_status[S.AFGEWEZEN] == 1
    assert per_status[S.WACHTLIJST] == 0
    assert overzicht.concepten == 1
    assert overzicht.ingediend == 5
    assert (overzicht.plaatsen, overzicht.bezet, overzicht.vrij) == (5, 2, 3)
    inhoud = response.content.decode()
    assert "Nog 3 plaatsen vrij" in inhoud
    assert "1 gemeente is nog bezig met een concept" in inhoud
    # The draft is counted but not listed: it is the municipality's own until submitted.
    assert sorted(_gemeenten(response)) == ["Asten", "Best", "Cuijk", "Deurne", "Eersel"]
    # Unfiltered, the list's count comes from the overview (no COUNT query of its own).
    assert response.context["pagina"].paginator.count == 5
    gesorteerd = adviseur_client.get(_url(editie), {"sortering": "-provincie"})
    assert gesorteerd.context["pagina"].paginator.count == 5


def test_editie_zonder_maximum_toont_geen_vast_maximum(adviseur_client, organisatie):
    editie = EditieFactory(traject__organisaties=[organisatie], plaatsen=None)
    _aanmelding(editie, "Asten", S.TOEGELATEN)
    response = adviseur_client.get(_url(editie))
    assert response.context["overzicht"].vrij is None
    inhoud = response.content.decode()
    assert "Geen vast maximum" in inhoud
    assert "1 plaats is bezet" in inhoud


def test_lege_editie_zegt_dat_er_nog_niets_is(adviseur_client, editie):
    inhoud = adviseur_client.get(_url(editie)).content.decode()
    assert "Nog geen enkele gemeente heeft een aanmelding ingediend" in inhoud
    assert "Er zijn nog geen ingediende aanmeldingen. Daarom is er nog geen grafiek." in inhoud


# --- Filters, search, sorting, pagination ---------------------------------------------------------


def test_filter_op_een_of_meer_statussen(adviseur_client, editie):
    _aanmelding(editie, "Asten", S.INGEDIEND)
    _aanmelding(editie, "Best", S.WACHTLIJST)
    _aanmelding(editie, "Cuijk", S.TOEGELATEN)
    response = adviseur_client.get(_url(editie), {"status": ["wachtlijst"]})
    assert _gemeenten(response) == ["Best"]
    response = adviseur_client.get(_url(editie), {"status": ["wachtlijst", "toegelaten"]})
    assert _gemeenten(response) == ["Best", "Cuijk"]


def test_concept_is_geen_keuze_in_het_statusfilter(adviseur_client, editie):
    _aanmelding(editie, "Asten", S.CONCEPT)
    _aanmelding(editie, "Best", S.WACHTLIJST)
    # An unknown value is left out, so the ticked boxes always match the list.
    response = adviseur_client.get(_url(editie), {"status": ["concept", "bestaat-niet"]})
    assert _gemeenten(response) == ["Best"]
    assert not response.context["form"].errors
    response = adviseur_client.get(_url(editie), {"status": ["concept", "wachtlijst"]})
    assert _gemeenten(response) == ["Best"]
    assert 'value="concept"' not in response.content.decode()


def test_filter_op_provincie(adviseur_client, editie, utrecht, fryslan):
    _aanmelding(editie, "Leeuwarden", provincie=fryslan)
    _aanmelding(editie, "Houten", provincie=utrecht)
    response = adviseur_client.get(_url(editie), {"provincie": "PV21"})
    assert _gemeenten(response) == ["Leeuwarden"]


def test_filter_op_thema_van_vraagstuk_en_doelgroep_van_de_aanmelding(adviseur_client, editie):
    eenzaamheid = ThemaFactory(naam="Eenzaamheid")
    jongeren = ThemaFactory(naam="Jongeren", soort=Thema.Soort.DOELGROEP)
    asten = _aanmelding(editie, "Asten")
    best = _aanmelding(editie, "Best")
    cuijk = _aanmelding(editie, "Cuijk")
    _aanmelding(editie, "Deurne")
    vraagstuk = Vraagstuk.objects.create(aanmelding=asten, titel="Ouderen thuis")
    vraagstuk.themas.add(eenzaamheid)
    Vraagstuk.objects.create(aanmelding=asten, titel="Tweede vraagstuk").themas.add(eenzaamheid)
    best.doelgroepen.add(jongeren)
    Vraagstuk.objects.create(aanmelding=cuijk, titel="Jongerenraad").doelgroepen.add(jongeren)

    response = adviseur_client.get(_url(editie), {"thema": eenzaamheid.slug})
    assert _gemeenten(response) == ["Asten"]  # once, though two issues have the theme
    response = adviseur_client.get(_url(editie), {"thema": jongeren.slug})
    assert _gemeenten(response) == ["Best", "Cuijk"]
    keuzes = set(response.context["form"].fields["thema"].queryset)
    assert keuzes == {eenzaamheid, jongeren}


def test_filter_op_adviseur_en_op_nog_geen_adviseur(adviseur_client, editie, adviseur):
    collega = AdviseurFactory(organisatie=adviseur.organisatie, naam="Cor Collega")
    _aanmelding(editie, "Asten", adviseur=adviseur)
    _aanmelding(editie, "Best", adviseur=collega)
    _aanmelding(editie, "Cuijk")
    response = adviseur_client.get(_url(editie), {"adviseur": str(collega.pk)})
    assert _gemeenten(response) == ["Best"]
    response = adviseur_client.get(_url(editie), {"adviseur": "geen"})
    assert _gemeenten(response) == ["Cuijk"]


def test_zoeken_op_gemeente_partner_contactpersoon_en_tekst(adviseur_client, editie):
    asten = _aanmelding(editie, "Asten", contact_naam="Pieter Post")
    best = _aanmelding(editie, "Best", maatschappelijk_vraagstuk="Veel eenzame ouderen")
    cuijk = _aanmelding(editie, "Cuijk")
    _aanmelding(editie, "Deurne")
    AanmeldingGemeente.objects.create(
        aanmelding=cuijk, gemeente=GemeenteFactory(naam="Grave"), editie=editie
    )
    Vraagstuk.objects.create(aanmelding=best, titel="Buurthuis sluit")

    def zoek(term):
        return _gemeenten(adviseur_client.get(_url(editie), {"q": term}))

    assert zoek("aste") == ["Asten"]
    assert zoek("grave") == ["Cuijk"]
    assert zoek("pieter") == ["Asten"]
    assert zoek("eenzame") == ["Best"]
    assert zoek("buurthuis") == ["Best"]
    assert zoek("bestaat niet") == []
    assert asten.pk


def test_zoeken_vindt_geen_intakenotities(adviseur_client, editie, adviseur):
    aanmelding = _aanmelding(editie, "Asten", S.INTAKE_GEPLAND)
    _intake(aanmelding, adviseur=adviseur, start=timezone.now(), notities="geheimwoord")
    assert _gemeenten(adviseur_client.get(_url(editie), {"q": "geheimwoord"})) == []


def test_sorteren_oplopend_en_aflopend(adviseur_client, editie, utrecht, fryslan):
    nu = timezone.now()
    _aanmelding(editie, "Best", S.TOEGELATEN, provincie=utrecht, ingediend_op=nu)
    _aanmelding(editie, "Asten", S.WACHTLIJST, provincie=utrecht, ingediend_op=nu)
    _aanmelding(
        editie, "Cuijk", S.INGEDIEND, provincie=fryslan, ingediend_op=nu - datetime.timedelta(1)
    )

    def volgorde(sortering):
        return _gemeenten(adviseur_client.get(_url(editie), {"sortering": sortering}))

    assert volgorde("gemeente") == ["Asten", "Best", "Cuijk"]
    assert volgorde("-gemeente") == ["Cuijk", "Best", "Asten"]
    assert volgorde("provincie") == ["Cuijk", "Asten", "Best"]
    assert volgorde("-provincie") == ["Best", "Asten", "Cuijk"]
    # Status follows the order of the work, not the alphabet.
    assert volgorde("status") == ["Cuijk", "Best", "Asten"]
    assert volgorde("-status") == ["Asten", "Best", "Cuijk"]
    assert volgorde("ingediend_op")[0] == "Cuijk"
    assert volgorde("-ingediend_op")[-1] == "Cuijk"

    inhoud = adviseur_client.get(_url(editie), {"sortering": "-provincie"}).content.decode()
    assert inhoud.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in inhoud
    # The active column's link turns the order around.
    assert "?sortering=provincie#aanmeldingen" in inhoud


def test_dertig_aanmeldingen_geven_twee_paginas_die_het_filter_houden(adviseur_client, editie):
    provincie = ProvincieFactory(code="PV30", naam="Noord-Brabant")
    for nummer in range(30):
        _aanmelding(editie, f"Gemeente {nummer:02d}", provincie=provincie)
    _aanmelding(editie, "Buiten het filter")

    response = adviseur_client.get(_url(editie), {"provincie": "PV30"})
    assert response.context["pagina"].paginator.count == 30
    assert len(_gemeenten(response)) == 25
    inhoud = response.content.decode()
    assert "?provincie=PV30&amp;pagina=2#aanmeldingen" in inhoud
    assert 'aria-current="page"' in inhoud

    response = adviseur_client.get(_url(editie), {"provincie": "PV30", "pagina": 2})
    assert _gemeenten(response) == [f"Gemeente {n}" for n in range(25, 30)]
    # A page number that does not exist shows the last page instead of an error.
    response = adviseur_client.get(_url(editie), {"provincie": "PV30", "pagina": 99})
    assert response.context["pagina"].number == 2


# --- Table and chart ------------------------------------------------------------------------------


def test_tabel_toont_partners_intake_en_adviseur(adviseur_client, editie, adviseur):
    aanmelding = _aanmelding(editie, "Hillegom", S.INTAKE_GEPLAND, adviseur=adviseur)
    for naam in ("Lisse", "Teylingen"):
        AanmeldingGemeente.objects.create(
            aanmelding=aanmelding, gemeente=GemeenteFactory(naam=naam), editie=editie
        )
    start = timezone.make_aware(datetime.datetime(2030, 3, 14, 10, 0))
    _intake(aanmelding, adviseur=adviseur, start=start)
    inhoud = adviseur_client.get(_url(editie)).content.decode()
    assert "Samen met Lisse, Teylingen" in inhoud
    assert "14 maart 2030" in inhoud
    assert "Anouk Adviseur" in inhoud
    assert aanmelding.get_absolute_url() in inhoud


def test_grafiek_per_provincie_en_status_met_dezelfde_cijfers_als_tekst(
    adviseur_client, editie, utrecht, fryslan
):
    _aanmelding(editie, "Leeuwarden", S.INGEDIEND, provincie=fryslan)
    _aanmelding(editie, "Sneek", S.TOEGELATEN, provincie=fryslan)
    _aanmelding(editie, "Houten", S.TOEGELATEN, provincie=utrecht)
    _aanmelding(editie, "Zeist", S.CONCEPT, provincie=utrecht)

    response = adviseur_client.get(_url(editie))
    grafiek = response.context["grafiek"]
    assert [(r.provincie, r.totaal) for r in grafiek.rijen] == [("Fryslân", 2), ("Utrecht", 1)]
    assert [s for s, _label, _patroon in grafiek.statussen] == [S.INGEDIEND, S.TOEGELATEN]
    assert grafiek.tabel == [("Fryslân", [1, 1], 2), ("Utrecht", [0, 1], 1)]
    # The longest bar fills the width; segments follow each other.
    fryslan_rij = grafiek.rijen[0]
    assert [(s.x, s.breedte) for s in fryslan_rij.segmenten] == [(0, 50), (50, 50)]
    assert grafiek.rijen[1].segmenten[0].breedte == 50

    inhoud = response.content.decode()
    assert 'role="img" aria-labelledby="grafiek-titel" aria-describedby="grafiek-uitleg"' in inhoud
    assert 'width="50.000%"' in inhoud  # a full stop, also in the Dutch locale
    assert "Aantal aanmeldingen per provincie en status" in inhoud
    # The Content-Security-Policy blocks inline styles: the page uses none.
    assert " style=" not in inhoud
    # The chart needs no script; the only scripts are the session warning and the focus on the
    # error summary, both from static files.
    scripts = re.findall(r"<script[^>]*>", inhoud)
    assert scripts == [
        '<script src="/static/js/sessie.js" defer>',
        '<script src="/static/js/foutoverzicht.js" defer>',
    ]


def test_elke_status_heeft_een_eigen_patroon_in_de_grafiek():
    # Colour is never the only difference: every status in the chart has its own pattern.
    assert set(GRAFIEK_PATRONEN) == set(S.values) - {S.CONCEPT}
    assert len(set(GRAFIEK_PATRONEN.values())) == len(GRAFIEK_PATRONEN)
    sjabloon = (settings.BASE_DIR / "templates" / "intake" / "_grafiek.html").read_text()
    for patroon in set(GRAFIEK_PATRONEN.values()) - {"vlak"}:
        assert f'patroon == "{patroon}"' in sjabloon


# --- Export ---------------------------------------------------------------------------------------


@pytest.fixture
def export_editie(editie, adviseur, utrecht, fryslan):
    start = timezone.make_aware(datetime.datetime(2030, 3, 14, 10, 0))
    asten = _aanmelding(
        editie,
        "Asten",
        S.INTAKE_GEPLAND,
        provincie=utrecht,
        adviseur=adviseur,
        contact_naam='=HYPERLINK("http://kwaad.example")',
        contact_email="asten@example.org",
        projecttype="initiatievenfonds",
        ingediend_op=timezone.make_aware(datetime.datetime(2030, 1, 31, 23, 30)),
    )
    AanmeldingGemeente.objects.create(
        aanmelding=asten, gemeente=GemeenteFactory(naam="Deurne"), editie=editie
    )
    Vraagstuk.objects.create(aanmelding=asten, titel="Eenzaamheid")
    Vraagstuk.objects.create(aanmelding=asten, titel="+Ruimte voor initiatief")
    _intake(asten, adviseur=adviseur, start=start, notities="Vertrouwelijke notitie")
    _aanmelding(editie, "Leeuwarden", S.WACHTLIJST, provincie=fryslan)
    _aanmelding(editie, "Zeist", S.CONCEPT, provincie=utrecht)
    return editie


KOPJES = [
    "Gemeente",
    "CBS-code",
    "Samenwerkende gemeenten",
    "Provincie",
    "Status",
    "Ingediend op",
    "Contactpersoon",
    "E-mail contactpersoon",
    "Soort project",
    "Intake datum",
    "Adviseur",
    "Vraagstukken",
]


def test_csv_bevat_de_gefilterde_rijen_zonder_notities_en_zonder_formules(
    adviseur_client, export_editie
):
    response = adviseur_client.get(_export_url(export_editie, "csv"), {"provincie": "PV26"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="aanmeldingen-a-{export_editie.slug}.csv"'
    )
    inhoud = response.content
    assert inhoud.startswith(b"\xef\xbb\xbf")
    tekst = inhoud.decode("utf-8-sig")
    assert "Vertrouwelijke notitie" not in tekst
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert rijen[0] == KOPJES
    assert len(rijen) == 2  # Leeuwarden is in another province; the draft is never exported
    rij = dict(zip(KOPJES, rijen[1], strict=True))
    assert rij["Gemeente"] == "Asten"
    assert rij["CBS-code"].startswith("GM")
    assert rij["Samenwerkende gemeenten"] == "Deurne"
    assert rij["Provincie"] == "Utrecht"
    assert rij["Status"] == "Intake gepland"
    assert rij["Ingediend op"] == "31-01-2030 23:30"  # Europe/Amsterdam
    assert rij["Contactpersoon"] == '\'=HYPERLINK("http://kwaad.example")'
    assert rij["E-mail contactpersoon"] == "asten@example.org"
    assert rij["Soort project"] == "Initiatievenfonds"
    assert rij["Intake datum"] == "14-03-2030 10:00"
    assert rij["Adviseur"] == "Anouk Adviseur"
    assert rij["Vraagstukken"] == "Eenzaamheid; +Ruimte voor initiatief"


def test_csv_zonder_filter_bevat_alle_ingediende_aanmeldingen(adviseur_client, export_editie):
    response = adviseur_client.get(_export_url(export_editie, "csv"), {"pagina": 2})
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rijen[1:]] == ["Asten", "Leeuwarden"]


def test_xlsx_bevat_de_gefilterde_rijen_met_vet_kopje_en_zonder_formules(
    adviseur_client, export_editie
):
    response = adviseur_client.get(
        _export_url(export_editie, "xlsx"), {"status": ["intake_gepland", "wachtlijst"]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith(f'-{export_editie.slug}.xlsx"')
    blad = load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert list(rijen[0]) == KOPJES
    assert all(cel.font.bold for cel in blad[1])
    assert [r[0] for r in rijen[1:]] == ["Asten", "Leeuwarden"]
    asten = dict(zip(KOPJES, rijen[1], strict=True))
    assert asten["Contactpersoon"] == '\'=HYPERLINK("http://kwaad.example")'
    assert blad["G2"].data_type == "s"  # text, not a formula
    assert asten["Ingediend op"] == datetime.datetime(2030, 1, 31, 23, 30)
    assert asten["Vraagstukken"] == "Eenzaamheid; +Ruimte voor initiatief"
    alle_tekst = " ".join(str(c) for rij in rijen for c in rij if c is not None)
    assert "Vertrouwelijke notitie" not in alle_tekst
    assert not any(str(c).startswith(("=", "+", "-", "@")) for rij in rijen for c in rij if c)


# --- Query budget ---------------------------------------------------------------------------------


def _vul(editie, aantal, adviseur):
    thema = ThemaFactory()
    provincies = [
        ProvincieFactory(code="PV26", naam="Utrecht"),
        ProvincieFactory(code="PV20", naam="Groningen"),
    ]
    for nummer in range(aantal):
        status = [S.INGEDIEND, S.INTAKE_GEPLAND, S.TOEGELATEN, S.WACHTLIJST][nummer % 4]
        aanmelding = _aanmelding(
            editie,
            f"Plaats {aantal}-{nummer}",
            status,
            provincie=provincies[nummer % 2],
            adviseur=adviseur if nummer % 3 else None,
        )
        AanmeldingGemeente.objects.create(
            aanmelding=aanmelding, gemeente=GemeenteFactory(), editie=editie
        )
        Vraagstuk.objects.create(aanmelding=aanmelding, titel="Vraag").themas.add(thema)
        if status == S.INTAKE_GEPLAND:
            _intake(aanmelding, adviseur=adviseur, start=timezone.now())


def _aantal_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "plaats", "sortering": "-status", "status": "ingediend"}]
)
def test_dashboard_heeft_een_vast_aantal_queries(
    adviseur_client, organisatie, adviseur, django_assert_max_num_queries, params
):
    klein = EditieFactory(traject__organisaties=[organisatie], plaatsen=10)
    groot = EditieFactory(traject__organisaties=[organisatie], plaatsen=10)
    _vul(klein, 5, adviseur)
    _vul(groot, 40, adviseur)

    bij_5 = _aantal_queries(adviseur_client, _url(klein), params)
    bij_40 = _aantal_queries(adviseur_client, _url(groot), params)
    assert bij_5 == bij_40
    with django_assert_max_num_queries(14):
        adviseur_client.get(_url(groot), params)
    with django_assert_max_num_queries(14):
        adviseur_client.get(_url(groot), {**params, "pagina": 2})


def test_export_heeft_een_vast_aantal_queries(adviseur_client, organisatie, adviseur):
    klein = EditieFactory(traject__organisaties=[organisatie])
    groot = EditieFactory(traject__organisaties=[organisatie])
    _vul(klein, 5, adviseur)
    _vul(groot, 40, adviseur)
    for formaat in ("csv", "xlsx"):
        assert _aantal_queries(adviseur_client, _export_url(klein, formaat)) == _aantal_queries(
            adviseur_client, _export_url(groot, formaat)
        )


# --- Start page -----------------------------------------------------------------------------------


def test_mijn_intakes_toont_alleen_eigen_komende_intakes(adviseur_client, editie, adviseur):
    collega = AdviseurFactory(organisatie=adviseur.organisatie)
    morgen = timezone.now() + datetime.timedelta(days=1)
    eigen = _aanmelding(editie, "Asten", S.INTAKE_GEPLAND)
    _intake(eigen, adviseur=adviseur, start=morgen.replace(hour=9, minute=30))
    van_collega = _aanmelding(editie, "Best", S.INTAKE_GEPLAND)
    _intake(van_collega, adviseur=collega, start=morgen)
    voorbij = _aanmelding(editie, "Cuijk", S.INTAKE_GEHOUDEN)
    gehouden = _intake(voorbij, adviseur=adviseur, start=morgen - datetime.timedelta(days=3))
    gehouden.status = Intakegesprek.Status.GEHOUDEN
    gehouden.save()

    response = adviseur_client.get(reverse("intake:adviseur-start"))
    assert response.status_code == 200
    assert [i.aanmelding.gemeente.naam for i in response.context["intakes"]] == ["Asten"]
    inhoud = response.content.decode()
    assert eigen.get_absolute_url() in inhoud
    assert van_collega.get_absolute_url() not in inhoud
    lokaal = timezone.localtime(morgen.replace(hour=9, minute=30), ZoneInfo("Europe/Amsterdam"))
    assert f"{lokaal:%H:%M} tot" in inhoud
    assert reverse("intake:editie-dashboard", kwargs={"pk": editie.pk}) in inhoud


def test_startpagina_zegt_het_als_er_niets_is(adviseur_client):
    inhoud = adviseur_client.get(reverse("intake:adviseur-start")).content.decode()
    assert "U heeft nu geen intakes gepland." in inhoud
    assert "Uw trajecten hebben nu geen editie." in inhoud
    assert "Er wachten nu geen aanvragen op een reactie." in inhoud
