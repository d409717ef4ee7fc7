"""Demo data: fictional accounts only, open editions, and loading twice changes nothing."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from portal.demo import DEMO_ACCOUNTS, demo_edities_plannen, demo_laden
from portal.models import Gemeente, GemeenteLidmaatschap, User
from trajecten.models import Editie, Traject

pytestmark = pytest.mark.django_db


def _aantallen():
    return {
        model.__name__: model.objects.count()
        for model in (User, GemeenteLidmaatschap, Editie, Traject, Gemeente)
    }


def test_demo_twee_keer_laden_geeft_dezelfde_aantallen(demo):
    voor = _aantallen()
    demo_laden()
    assert _aantallen() == voor
    assert voor["User"] == len(DEMO_ACCOUNTS)


def test_demo_accounts_zijn_fictief_en_hebben_de_juiste_rollen(demo):
    assert all(u.email.endswith("@example.org") for u in User.objects.all())
    assert User.objects.get(rol=User.Rol.BEHEERDER).is_superuser
    adviseurs = {u.organisatie.slug for u in User.objects.filter(rol=User.Rol.ADVISEUR)}
    assert adviseurs == {"movisie", "vng"}
    bevestigd = GemeenteLidmaatschap.objects.filter(status=GemeenteLidmaatschap.Status.BEVESTIGD)
    assert bevestigd.values("gemeente").distinct().count() >= 2


def test_edities_a_en_b_zijn_nu_open_en_starten_binnen_enkele_maanden(demo):
    vandaag = datetime.date.today()
    for code in ("A", "B"):
        editie = Editie.objects.get(traject__code=code)
        assert editie.is_aanmelding_open(op=vandaag)
        assert vandaag < editie.startdatum <= vandaag + datetime.timedelta(days=150)
    assert Editie.objects.get(traject__code="A").plaatsen == 5
    assert not Editie.objects.filter(traject__code__startswith="C").exists()


def test_startbijeenkomsten_vallen_op_donderdag_en_dinsdag():
    plan = demo_edities_plannen(datetime.date(2026, 11, 23))
    assert plan["A"]["vanaf"] == datetime.date(2026, 11, 1)
    assert plan["A"]["tot"] == datetime.date(2027, 1, 31)
    assert plan["A"]["start"].weekday() == 3
    assert plan["B"]["start"].weekday() == 1
    assert plan["A"]["start"] > plan["A"]["tot"]


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_wordt_geweigerd_als_het_niet_mag(gemeenten, catalogus):
    with pytest.raises(ImproperlyConfigured):
        demo_laden()
    assert not User.objects.exists()


def test_demo_aanmeldingen_in_elke_status_en_twee_keer_laden_verandert_niets(
    demo, django_capture_on_commit_callbacks
):
    from intake.demo import demo_laden as intake_demo_laden
    from intake.models import Aanmelding, Overgang
    from portal.models import Mail

    with django_capture_on_commit_callbacks(execute=True):
        intake_demo_laden()
    aantallen = (Aanmelding.objects.count(), Overgang.objects.count(), Mail.objects.count())
    statussen = set(Aanmelding.objects.values_list("status", flat=True))
    assert statussen == {
        "concept",
        "ingediend",
        "intake_gepland",
        "intake_gehouden",
        "aanvulling_gevraagd",
        "toegelaten",
        "wachtlijst",
        "afgewezen",
        "teruggetrokken",
    }
    a = Editie.objects.get(traject__code="A")
    assert a.aanmeldingen.filter(status="toegelaten").count() == a.plaatsen == 5
    hillegom = Aanmelding.objects.get(gemeente__naam="Hillegom")
    assert hillegom.status == "wachtlijst"
    assert set(hillegom.deelnemers.values_list("gemeente__naam", flat=True)) == {
        "Hillegom",
        "Lisse",
        "Teylingen",
    }
    assert Aanmelding.objects.filter(editie__isnull=True).count() == 3
    assert all(adres.endswith("@example.org") for m in Mail.objects.all() for adres in m.aan)

    with django_capture_on_commit_callbacks(execute=True):
        intake_demo_laden()
    assert (Aanmelding.objects.count(), Overgang.objects.count(), Mail.objects.count()) == aantallen


def test_elke_demo_aanmelding_opent_voor_adviseur_en_ambtenaar(client, demo):
    from intake.demo import demo_laden as intake_demo_laden
    from intake.models import Aanmelding
    from portal.models import GemeenteLidmaatschap

    intake_demo_laden()
    for aanmelding in Aanmelding.objects.select_related("traject").prefetch_related(
        "traject__organisaties"
    ):
        adviseur = User.objects.filter(
            rol="adviseur", organisatie__in=aanmelding.traject.organisaties.all()
        ).first()
        client.force_login(adviseur)
        assert client.get(aanmelding.get_absolute_url()).status_code == 200, aanmelding
        ambtenaar = (
            GemeenteLidmaatschap.objects.filter(gemeente=aanmelding.gemeente, status="bevestigd")
            .first()
            .user
        )
        client.force_login(ambtenaar)
        response = client.get(aanmelding.get_absolute_url())
        assert response.status_code == 200, aanmelding
        assert "Alleen adviseurs zien dit" not in response.content.decode()
    client.force_login(User.objects.get(email="adviseur.movisie@example.org"))
    for editie in Editie.objects.filter(traject__code="A"):
        assert client.get(f"/adviseur/edities/{editie.pk}/").status_code == 200
    assert client.get("/adviseur/").status_code == 200


def test_demo_ambtenaren_van_de_aanmeldingen_kunnen_inloggen(client, demo):
    from intake.demo import demo_laden as intake_demo_laden

    intake_demo_laden()
    response = client.post(
        "/accounts/login/",
        {"login": "ambtenaar.boekel@example.org", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/mijn/"
    assert "Boekel" in client.get("/mijn/").content.decode()
