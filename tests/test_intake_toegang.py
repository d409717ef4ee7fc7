"""Access to enrolments per role, including guessed ids of other municipalities' records, and
hostile input on every enrolment form: a form error or success, never a 500, never a
half-saved record, never unescaped output."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from intake.models import Aanmelding, Intakegesprek
from portal.models import GemeenteLidmaatschap
from trajecten.models import Traject

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)

S = Aanmelding.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld():
    """Two municipalities with their own officials, an advisor of the track's organisation, an
    advisor of another organisation, an unconfirmed official and a beheerder."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(
        soort=Traject.Soort.EDITIE, cofinanciering_percentage=50, organisaties=[organisatie]
    )
    editie = EditieFactory(traject=traject, plaatsen=5)
    x, y = GemeenteFactory(naam="Xdorp"), GemeenteFactory(naam="Ydorp")
    ambtenaar_x, ambtenaar_y, onbevestigd = UserFactory(), UserFactory(), UserFactory()
    maak_lid(ambtenaar_x, x)
    maak_lid(ambtenaar_y, y)
    maak_lid(onbevestigd, x, status=GemeenteLidmaatschap.Status.AANGEVRAAGD)
    aanmelding_x = AanmeldingFactory(
        editie=editie, traject=traject, gemeente=x, status=S.INTAKE_GEHOUDEN
    )
    aanmelding_y = AanmeldingFactory(editie=editie, traject=traject, gemeente=y, status=S.INGEDIEND)
    adviseur = AdviseurFactory(organisatie=organisatie)
    intake = Intakegesprek.objects.create(
        aanmelding=aanmelding_x,
        start=datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC),
        eind=datetime.datetime(2027, 3, 2, 11, tzinfo=datetime.UTC),
        adres="Raadhuis",
        status=Intakegesprek.Status.GEHOUDEN,
        notities="GEHEIME-NOTITIE",
    )
    intake.adviseurs.add(adviseur)
    return {
        "traject": traject,
        "editie": editie,
        "x": aanmelding_x,
        "y": aanmelding_y,
        "ambtenaar_x": ambtenaar_x,
        "ambtenaar_y": ambtenaar_y,
        "onbevestigd": onbevestigd,
        "adviseur": adviseur,
        "andere_adviseur": AdviseurFactory(),
        "beheerder": UserFactory(rol="beheerder"),
    }


def _als(client, user):
    client.force_login(user)
    return client


DETAIL_PAGINAS = [
    "intake:aanmelding-detail",
    "intake:intake-ics",
]
ADVISEUR_PAGINAS = [
    "intake:intake-plannen",
    "intake:intake-verslag",
    "intake:aanmelding-besluit",
]


@pytest.mark.parametrize("naam", DETAIL_PAGINAS + ADVISEUR_PAGINAS)
def test_ambtenaar_van_een_andere_gemeente_krijgt_404(client, wereld, naam):
    response = _als(client, wereld["ambtenaar_y"]).get(reverse(naam, kwargs={"pk": wereld["x"].pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("naam", DETAIL_PAGINAS + ADVISEUR_PAGINAS)
def test_onbevestigde_ambtenaar_en_adviseur_van_andere_organisatie_krijgen_404(
    client, wereld, naam
):
    for wie in ("onbevestigd", "andere_adviseur"):
        client.logout()
        response = _als(client, wereld[wie]).get(reverse(naam, kwargs={"pk": wereld["x"].pk}))
        assert response.status_code == 404, wie


@pytest.mark.parametrize("naam", DETAIL_PAGINAS + ADVISEUR_PAGINAS)
def test_anoniem_moet_eerst_inloggen(client, wereld, naam):
    response = client.get(reverse(naam, kwargs={"pk": wereld["x"].pk}))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("naam", ADVISEUR_PAGINAS)
def test_eigen_ambtenaar_mag_geen_adviseurspagina_openen(client, wereld, naam):
    response = _als(client, wereld["ambtenaar_x"]).get(reverse(naam, kwargs={"pk": wereld["x"].pk}))
    assert response.status_code == 403


@pytest.mark.parametrize("naam", DETAIL_PAGINAS + ADVISEUR_PAGINAS)
def test_adviseur_van_het_traject_en_beheerder_mogen_alles(client, wereld, naam):
    for wie in ("adviseur", "beheerder"):
        client.logout()
        response = _als(client, wereld[wie]).get(reverse(naam, kwargs={"pk": wereld["x"].pk}))
        assert response.status_code == 200, wie


def test_ambtenaar_ziet_de_eigen_aanmelding_maar_nooit_de_notities(client, wereld):
    response = _als(client, wereld["ambtenaar_x"]).get(wereld["x"].get_absolute_url())
    assert response.status_code == 200
    assert "GEHEIME-NOTITIE" not in response.content.decode()
    client.logout()
    response = _als(client, wereld["adviseur"]).get(wereld["x"].get_absolute_url())
    assert "GEHEIME-NOTITIE" in response.content.decode()


def test_mijn_overzicht_toont_alleen_eigen_gemeente(client, wereld):
    response = _als(client, wereld["ambtenaar_x"]).get(reverse("portal:mijn"))
    assert list(response.context["aanmeldingen"]) == [wereld["x"]]
    client.logout()
    response = _als(client, wereld["onbevestigd"]).get(reverse("portal:mijn"))
    assert list(response.context["aanmeldingen"]) == []


def test_statuswijziging_via_get_is_niet_mogelijk(client, wereld):
    client = _als(client, wereld["adviseur"])
    client.get(
        reverse("intake:aanmelding-besluit", kwargs={"pk": wereld["x"].pk}), {"besluit": "toelaten"}
    )
    client.get(reverse("intake:aanmelding-terugtrekken", kwargs={"pk": wereld["x"].pk}))
    assert Aanmelding.objects.get(pk=wereld["x"].pk).status == S.INTAKE_GEHOUDEN


def test_lidmaatschap_bevestigen_door_collega_van_dezelfde_gemeente(client, wereld):
    aanvraag = GemeenteLidmaatschap.objects.get(user=wereld["onbevestigd"])
    url = reverse("portal:lidmaatschap-beoordelen", kwargs={"pk": aanvraag.pk})
    # An official of another municipality cannot even see the request.
    assert (
        _als(client, wereld["ambtenaar_y"]).post(url, {"besluit": "bevestigen"}).status_code == 404
    )
    client.logout()
    response = _als(client, wereld["ambtenaar_x"]).post(url, {"besluit": "bevestigen"})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == GemeenteLidmaatschap.Status.BEVESTIGD
    assert aanvraag.bevestigd_door == wereld["ambtenaar_x"]


# --- Hostile input --------------------------------------------------------------------------------

VIJANDIG = st.one_of(
    st.text(max_size=300),
    st.text(min_size=5001, max_size=6000),
    st.sampled_from(
        [
            "<script>alert('x')</script>",
            "'; DROP TABLE intake_aanmelding; --",
            "\u202egnp.exe",
            "\x00\x01\x02",
            "1' OR '1'='1",
            "{{ 7*7 }}",
            '=HYPERLINK("http://example.org")',
            "9999-99-99",
            "2027-02-30",
            "-1",
            "١٢٣",
            "😀" * 100,
        ]
    ),
)
SNEL = hsettings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _geen_onveilige_uitvoer(response):
    assert response.status_code in (200, 302, 403), response.status_code
    if response.status_code == 200:
        inhoud = response.content.decode()
        assert "<script>alert('x')</script>" not in inhoud


@SNEL
@given(tekst=VIJANDIG, andere=VIJANDIG)
def test_vijandige_invoer_in_de_stappen(client, wereld, tekst, andere):
    aanmelding = wereld["x"]
    Aanmelding.objects.filter(pk=aanmelding.pk).update(status=S.CONCEPT, ingediend_op=None)
    client.force_login(wereld["ambtenaar_x"])
    for stap, gegevens in (
        (
            "gemeente",
            {
                "contact_naam": tekst,
                "contact_email": andere,
                "contact_telefoon": tekst,
                "partners": andere,
            },
        ),
        (
            "vraagstuk",
            {"maatschappelijk_vraagstuk": tekst, "lopend_project": andere, "inclusievraag": andere},
        ),
        ("doelgroepen", {"doelgroepen": [tekst], "motivatie": andere}),
        (
            "toezeggingen",
            {
                "toezegging_college": tekst,
                "toezegging_raad": andere,
                "toezegging_toelichting": tekst,
            },
        ),
    ):
        voor = Aanmelding.objects.values().get(pk=aanmelding.pk)
        response = client.post(
            reverse("intake:aanmelding-stap", kwargs={"pk": aanmelding.pk, "stap": stap}), gegevens
        )
        _geen_onveilige_uitvoer(response)
        if response.status_code == 200:
            # A refused step saved nothing at all.
            assert Aanmelding.objects.values().get(pk=aanmelding.pk) == voor
    _geen_onveilige_uitvoer(client.get(aanmelding.get_absolute_url()))
    _geen_onveilige_uitvoer(
        client.get(reverse("intake:aanmelding-controleren", kwargs={"pk": aanmelding.pk}))
    )


@SNEL
@given(tekst=VIJANDIG, datum=VIJANDIG, tijd=VIJANDIG)
def test_vijandige_invoer_bij_intake_plannen_verslag_en_besluit(client, wereld, tekst, datum, tijd):
    aanmelding = wereld["y"]
    client.force_login(wereld["adviseur"])
    aantal_intakes = Intakegesprek.objects.count()
    response = client.post(
        reverse("intake:intake-plannen", kwargs={"pk": aanmelding.pk}),
        {
            "datum": datum,
            "begintijd": tijd,
            "eindtijd": tekst,
            "vorm": tekst,
            "adres": tekst,
            "online_link": tekst,
            "adviseurs": [tekst],
        },
    )
    _geen_onveilige_uitvoer(response)
    if response.status_code == 200:
        assert Intakegesprek.objects.count() == aantal_intakes
    x = wereld["x"]
    response = client.post(
        reverse("intake:intake-verslag", kwargs={"pk": x.pk}),
        {
            "aanwezigen": tekst,
            "notities": datum,
            "cofinanciering_bedrag": tijd,
            "advies": tekst,
            "vraagstuk-TOTAL_FORMS": "1",
            "vraagstuk-INITIAL_FORMS": "0",
            "vraagstuk-0-titel": tekst,
            "vraagstuk-0-themas": [datum],
        },
    )
    _geen_onveilige_uitvoer(response)
    response = client.post(
        reverse("intake:aanmelding-besluit", kwargs={"pk": x.pk}),
        {"besluit": tekst, "reden": datum, "vraag": tijd, "prioriteit": tekst},
    )
    _geen_onveilige_uitvoer(response)
    assert Aanmelding.objects.get(pk=x.pk).status in {
        S.INTAKE_GEHOUDEN,
        S.AANVULLING_GEVRAAGD,
        S.AFGEWEZEN,
        S.TOEGELATEN,
        S.WACHTLIJST,
    }


@SNEL
@given(tekst=VIJANDIG)
def test_vijandige_invoer_bij_lidmaatschap_en_aanvulling(client, wereld, tekst):
    client.force_login(wereld["ambtenaar_y"])
    aantal = GemeenteLidmaatschap.objects.count()
    response = client.post(reverse("portal:mijn"), {"gemeente": tekst, "functie": tekst})
    _geen_onveilige_uitvoer(response)
    if response.status_code == 200:
        assert GemeenteLidmaatschap.objects.count() == aantal
    response = client.post(
        reverse("intake:aanvulling-geven", kwargs={"pk": wereld["y"].pk}), {"antwoord": tekst}
    )
    assert response.status_code == 403  # no open question on this enrolment


def test_demo_wachtwoord_staat_in_de_instellingen():
    assert settings.DEMO_PASSWORD


def test_leeg_antwoord_op_een_aanvulling_geeft_een_melding_en_houdt_de_pagina(client, wereld):
    aanmelding = wereld["y"]
    Aanmelding.objects.filter(pk=aanmelding.pk).update(status=S.AANVULLING_GEVRAAGD)
    aanmelding.aanvullingsverzoeken.create(
        vraag="Wat zegt de raad?", gevraagd_door=wereld["adviseur"]
    )
    client.force_login(wereld["ambtenaar_y"])
    url = reverse("intake:aanvulling-geven", kwargs={"pk": aanmelding.pk})
    response = client.post(url, {"antwoord": "   "})
    assert response.status_code == 200
    inhoud = response.content.decode()
    assert "Fout:" in inhoud.split("</title>")[0]
    assert 'id="foutoverzicht"' in inhoud
    assert "Wat zegt de raad?" in inhoud
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.AANVULLING_GEVRAAGD
    response = client.post(url, {"antwoord": "De raad stemt in mei."})
    assert response.status_code == 302
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.INGEDIEND


@SNEL
@given(tekst=VIJANDIG, andere=VIJANDIG)
def test_vijandige_invoer_bij_starten_en_terugtrekken(client, wereld, tekst, andere):
    aanmelding = wereld["y"]
    Aanmelding.objects.filter(pk=aanmelding.pk).update(status=S.INGEDIEND)
    client.force_login(wereld["ambtenaar_y"])
    aantal = Aanmelding.objects.count()
    response = client.post(
        reverse("intake:aanmelding-start", kwargs={"traject": wereld["traject"].slug}),
        {"gemeente": tekst, "editie": andere},
    )
    _geen_onveilige_uitvoer(response)
    assert Aanmelding.objects.count() == aantal  # Ydorp is already enrolled: never a second one
    response = client.post(
        reverse("intake:aanmelding-terugtrekken", kwargs={"pk": aanmelding.pk}), {"reden": tekst}
    )
    _geen_onveilige_uitvoer(response)
    status = Aanmelding.objects.get(pk=aanmelding.pk).status
    assert status == (S.TERUGGETROKKEN if response.status_code == 302 else S.INGEDIEND)
    if status == S.TERUGGETROKKEN:
        assert aanmelding.overgangen.filter(naar=S.TERUGGETROKKEN).exists()
