# ruff: noqa: F811
"""The edition dashboard's content from the shared cache: shared by everyone who may open it
and by no one else, every change shows on the next request, and the database guarantees what
the sharing rests on (an enrolment's track is its edition's track)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import rapportage
from intake.models import Aanmelding
from portal.bewaartermijnen import intakegegevens_opruimen
from portal.models import User

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
)

# The dashboard tests' fixtures and helpers; ruff takes the test arguments for redefinitions.
from .test_dashboard import (  # noqa: F401
    _aanmelding,
    _opgeslagen,
    _url,
    adviseur,
    adviseur_client,
    editie,
    organisatie,
)

pytestmark = pytest.mark.django_db
S = Aanmelding.Status


def _main(html: str) -> str:
    return html.split("<main")[1].split("</main>")[0]


def _html(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_tweede_adviseur_krijgt_dezelfde_inhoud_met_alleen_de_eigen_naam(
    client, editie, organisatie, adviseur
):
    _aanmelding(editie, "Someren")
    collega = _opgeslagen(AdviseurFactory(organisatie=organisatie, naam="Bram Collega"))
    client.force_login(adviseur)
    eerste = _html(client, _url(editie))

    # Logging in saves the user's last login: that changes nothing the dashboard shows.
    client.force_login(collega)
    with CaptureQueriesContext(connection) as queries:
        tweede = _html(client, _url(editie))
    # From the cache: none of the content's queries (enrolments, counts, chart, filter choices).
    assert not [q for q in queries if "intake_aanmelding" in q["sql"]]
    assert "Someren" in tweede
    assert "Ingelogd als Bram" in tweede and "Anouk" not in tweede.split("<main")[0]
    assert _main(eerste) == _main(tweede)


def test_beheerder_ziet_dezelfde_lijst_uit_de_cache(client, adviseur_client, editie):
    _aanmelding(editie, "Someren")
    _html(adviseur_client, _url(editie))
    beheerder = _opgeslagen(UserFactory(rol=User.Rol.BEHEERDER))
    client.force_login(beheerder)
    assert "Someren" in _html(client, _url(editie))


def test_adviseur_van_een_andere_organisatie_krijgt_ook_met_cache_404(
    client, adviseur_client, editie
):
    _aanmelding(editie, "Someren")
    _html(adviseur_client, _url(editie))
    buitenstaander = _opgeslagen(AdviseurFactory(organisatie=OrganisatieFactory()))
    client.force_login(buitenstaander)
    assert client.get(_url(editie)).status_code == 404


def test_elke_wijziging_is_bij_het_volgende_verzoek_te_zien(adviseur_client, editie):
    aanmelding = _aanmelding(editie, "Someren")
    assert "Ingediend" in _html(adviseur_client, _url(editie), {"status": S.INGEDIEND})
    # A write without a signal is not seen: the content really comes from the cache.
    Aanmelding.objects.filter(pk=aanmelding.pk).update(status=S.AFGEWEZEN)
    assert "Someren" in _html(adviseur_client, _url(editie), {"status": S.INGEDIEND})
    aanmelding.refresh_from_db()
    aanmelding.save()
    assert "Someren" not in _html(adviseur_client, _url(editie), {"status": S.INGEDIEND})
    _aanmelding(editie, "Bergeijk")
    assert "Bergeijk" in _html(adviseur_client, _url(editie))


def test_naam_van_een_gemeente_of_adviseur_wijzigt_meteen(adviseur_client, editie, adviseur):
    aanmelding = _aanmelding(editie, "Someren", adviseur=adviseur)
    assert "Anouk Adviseur" in _main(_html(adviseur_client, _url(editie)))
    aanmelding.gemeente.naam = "Someren-Heide"
    aanmelding.gemeente.save()
    adviseur.naam = "Anouk de Adviseur"
    adviseur.save()
    inhoud = _main(_html(adviseur_client, _url(editie)))
    assert "Someren-Heide" in inhoud and "Anouk de Adviseur" in inhoud


def test_filter_met_fouten_houdt_fout_in_de_titel_ook_uit_de_cache(adviseur_client, editie):
    for _ in range(2):
        html = _html(adviseur_client, _url(editie), {"q": "x" * 101})
        assert "<title>Fout:" in html
    assert "<title>Fout:" not in _html(adviseur_client, _url(editie))


def test_opruimen_van_contactgegevens_laat_geen_zoekresultaat_achter(adviseur_client, editie):
    versie = rapportage.VERSIE.lezen()
    intakegegevens_opruimen()
    assert rapportage.VERSIE.lezen() > versie


# --- The access rule and the edition's header, cached in the entry (toegang_van) ------------------


def test_kop_van_de_editie_komt_uit_de_cache(adviseur_client, editie):
    _html(adviseur_client, _url(editie))
    with CaptureQueriesContext(connection) as queries:
        _html(adviseur_client, _url(editie))
    assert not [q for q in queries if "trajecten_editie" in q["sql"]]


def test_nieuwe_naam_van_de_editie_staat_meteen_in_de_kop(adviseur_client, editie):
    _html(adviseur_client, _url(editie))
    editie.naam = "Voorjaar met een nieuwe naam"
    editie.save()
    html = _html(adviseur_client, _url(editie))
    assert "Voorjaar met een nieuwe naam" in html.split("<main")[0]  # the title
    kruimelpad = html.split('class="portal-breadcrumbs"')[1].split("</nav>")[0]
    assert "Voorjaar met een nieuwe naam" in kruimelpad  # cached with the content


def test_kruimelpad_van_de_kalender_toont_meteen_de_nieuwe_naam(adviseur_client, editie):
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})
    _html(adviseur_client, url)
    editie.naam = "Najaar met een nieuwe naam"
    editie.save()
    kruimelpad = _html(adviseur_client, url).split('class="portal-breadcrumbs"')[1]
    assert "Najaar met een nieuwe naam" in kruimelpad.split("</nav>")[0]


def test_organisatie_van_het_traject_af_is_meteen_404(adviseur_client, editie, organisatie):
    _html(adviseur_client, _url(editie))
    editie.traject.organisaties.remove(organisatie)
    assert adviseur_client.get(_url(editie)).status_code == 404
    editie.traject.organisaties.add(organisatie)
    assert adviseur_client.get(_url(editie)).status_code == 200


def test_kalender_is_meteen_404_als_de_organisatie_van_het_traject_af_is(
    adviseur_client, editie, organisatie
):
    url = reverse("planning:kalender", kwargs={"pk": editie.pk})
    _html(adviseur_client, url)
    editie.traject.organisaties.remove(organisatie)
    assert adviseur_client.get(url).status_code == 404


def test_adviseur_naar_een_andere_organisatie_is_meteen_404(adviseur_client, editie, adviseur):
    _html(adviseur_client, _url(editie))
    adviseur.organisatie = OrganisatieFactory()
    adviseur.save()
    assert adviseur_client.get(_url(editie)).status_code == 404


# --- What the sharing rests on --------------------------------------------------------------------


def test_database_weigert_een_aanmelding_met_een_ander_traject_dan_haar_editie(editie):
    with pytest.raises(IntegrityError), transaction.atomic():
        AanmeldingFactory(editie=editie, traject=TrajectFactory())


def test_traject_van_een_editie_met_aanmeldingen_verandert_niet(editie):
    AanmeldingFactory(editie=editie)
    editie.traject = TrajectFactory()
    with pytest.raises(ValidationError) as fout:
        editie.full_clean()
    assert "traject" in fout.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        editie.save()


def test_traject_van_een_editie_zonder_aanmeldingen_mag_veranderen(editie):
    editie.traject = TrajectFactory()
    editie.full_clean()
    editie.save()
