"""Demo learning groups, participants and meeting calendars (DOMAIN.md §6.7–6.8): published
groups, people at every practice, the calendar shifted to the demo editions on the right
weekdays, one date poll, invitations for everyone in scope, and loading twice changes nothing."""

import datetime
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from bijeenkomsten.bereik import deelnemers_in_bereik
from bijeenkomsten.demo import EDITIEPLANNEN, demo_laden
from bijeenkomsten.models import (
    Bijeenkomst,
    Datumoptie,
    Deelnemer,
    Leergroep,
    LokalePraktijk,
    PersoonlijkeLink,
    Plaatsing,
    Samenstelling,
    Stem,
    Uitnodiging,
)
from intake.models import Aanmelding, Overgang
from portal.models import GemeenteLidmaatschap, Mail, User
from trajecten.models import Editie

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
B = Bijeenkomst.Soort
WEEKDAG = {"A": 3, "B": 1}  # Thursday, Tuesday


def _intake_demo():
    from intake.demo import demo_laden as intake_demo_laden

    intake_demo_laden()


def _aantallen():
    return {
        model.__name__: model.objects.count()
        for model in (
            Leergroep,
            Plaatsing,
            LokalePraktijk,
            Deelnemer,
            Bijeenkomst,
            Datumoptie,
            Stem,
            Uitnodiging,
            PersoonlijkeLink,
            Mail,
            Aanmelding,
            Overgang,
        )
    }


def test_de_kalender_van_2019_valt_op_donderdagen_en_dinsdagen():
    for plan in EDITIEPLANNEN:
        weekdag = WEEKDAG[plan.traject]
        assert plan.start_2019.weekday() == weekdag
        for bijeenkomst in plan.bijeenkomsten:
            for datum in (bijeenkomst.datum, *bijeenkomst.opties):
                assert datum.weekday() == weekdag, bijeenkomst.titel
    lokale_datums = [b.datum for b in EDITIEPLANNEN[0].bijeenkomsten if b.soort == B.LOKAAL]
    assert len(lokale_datums) == len(set(lokale_datums)) == 19  # one advisor can attend all


def test_een_oude_demodatabase_krijgt_groepen_en_deelnemers_maar_geen_kalender_in_het_verleden(
    demo,
):
    # Before this loader the B edition had the default bounds of four to six.
    Editie.objects.filter(traject__code="B").update(groepsgrootte_min=4, groepsgrootte_max=6)
    _intake_demo()
    b = Editie.objects.get(traject__code="B")
    demo_laden(vandaag=b.startdatum + datetime.timedelta(days=1))
    b.refresh_from_db()
    assert (b.groepsgrootte_min, b.groepsgrootte_max) == (2, 4)
    assert Samenstelling.objects.get(editie=b).gepubliceerd_op is not None
    assert Deelnemer.objects.filter(praktijk__leergroep__naam="Regio Noord").count() == 10
    assert not Bijeenkomst.objects.filter(editie=b).exists()


@override_settings(DEMO_DATA_ALLOWED=False)
def test_demo_wordt_geweigerd_als_het_niet_mag(db):
    with pytest.raises(ImproperlyConfigured):
        demo_laden()


def test_zonder_edities_laadt_de_demo_niets(gemeenten, catalogus):
    assert demo_laden() == {"leergroepen": 0, "deelnemers": 0, "bijeenkomsten": 0}


@pytest.fixture(scope="class")
def geladen(django_db_setup, django_db_blocker):
    """All demo data, loaded once for the class that asks for it (loading takes about half a
    minute), inside a transaction that is rolled back when the class is done. Each test runs in
    a savepoint of it, as usual."""
    from intake.demo import demo_laden as intake_demo_laden
    from kennis.demo import demo_laden as kennis_demo_laden
    from portal.demo import demo_laden as portal_demo_laden
    from portal.gemeenten import standaard_gemeenten_laden
    from trajecten.catalogus import catalogus_laden

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            standaard_gemeenten_laden()
            catalogus_laden()
            portal_demo_laden()
            intake_demo_laden()
            aantallen = demo_laden()
            # What `make run` loads after this app's demo (the lessons and products).
            kennis_demo_laden()
        yield aantallen
        transaction.set_rollback(True)


class TestNaHetLaden:
    """Checks on one load of all demo data, as `make run` loads it."""

    def test_leergroepen_zijn_gepubliceerd_en_de_gemeenten_geplaatst(self, geladen):
        a = Editie.objects.get(traject__code="A")
        b = Editie.objects.get(traject__code="B")
        assert (b.groepsgrootte_min, b.groepsgrootte_max) == (2, 4)
        for editie, gemeenten, adviseur in (
            (a, {"Someren", "Huizen", "Oss", "Ede", "Woerden"}, "adviseur.movisie@example.org"),
            (b, {"Groningen", "Leeuwarden"}, "adviseur.vng@example.org"),
        ):
            assert Samenstelling.objects.get(editie=editie).gepubliceerd_op is not None
            groep = editie.leergroepen.get()
            assert groep.adviseur.email == adviseur
            geplaatst = groep.plaatsingen.values_list("aanmelding__gemeente__naam", flat=True)
            assert set(geplaatst) == gemeenten
            assert set(groep.plaatsingen.values_list("aanmelding__status", flat=True)) == {
                Aanmelding.Status.GEPLAATST
            }
            assert set(groep.praktijken.values_list("aanmelding__gemeente__naam", flat=True)) == (
                gemeenten
            )
        assert b.leergroepen.get().naam == "Regio Noord"
        assert geladen["leergroepen"] == 2

    def test_elke_praktijk_heeft_fictieve_deelnemers_met_hun_ambtenaren(self, geladen):
        praktijken = LokalePraktijk.objects.select_related("aanmelding__gemeente")
        assert praktijken.count() == 7
        for praktijk in praktijken:
            deelnemers = praktijk.deelnemers.filter(actief=True)
            assert 4 <= deelnemers.count() <= 7, praktijk
            ambtenaren = GemeenteLidmaatschap.objects.filter(
                gemeente=praktijk.aanmelding.gemeente, status="bevestigd"
            ).values_list("user_id", flat=True)
            assert set(ambtenaren) <= set(
                deelnemers.filter(rol=Deelnemer.Rol.AMBTENAAR).values_list("user_id", flat=True)
            )
        someren = Deelnemer.objects.filter(praktijk__aanmelding__gemeente__naam="Someren")
        assert someren.get(email="ambtenaar.someren@example.org").naam == "Sanne Smits"
        assert someren.count() == 7
        assert all(d.email.endswith("@example.org") for d in Deelnemer.objects.all())
        rollen = set(Deelnemer.objects.values_list("rol", flat=True))
        assert rollen == set(Deelnemer.Rol.values) - {Deelnemer.Rol.ADVISEUR}
        assert Deelnemer.objects.filter(toegankelijkheid__contains="rolstoel").exists()
        assert Deelnemer.objects.filter(toegankelijkheid__contains="ringleiding").exists()
        assert Deelnemer.objects.exclude(telefoon="").exists()
        assert geladen["deelnemers"] == Deelnemer.objects.count()

    def test_aantal_bijeenkomsten_per_soort_en_bereik_volgt_het_domein(self, geladen):
        a = Editie.objects.get(traject__code="A")
        b = Editie.objects.get(traject__code="B")
        assert Counter(a.bijeenkomsten.values_list("soort", flat=True)) == {
            B.START: 1,
            B.LOKAAL: 19,
            B.UITWISSELING: 3,
            B.SLOT: 1,
        }
        per_praktijk = Counter(
            a.bijeenkomsten.filter(soort=B.LOKAAL).values_list(
                "praktijk__aanmelding__gemeente__naam", flat=True
            )
        )
        assert per_praktijk == {"Someren": 4, "Huizen": 3, "Oss": 5, "Ede": 4, "Woerden": 3}
        assert a.bijeenkomsten.filter(
            praktijk__aanmelding__gemeente__naam="Someren", locatie__icontains="kantine"
        ).exists()
        assert Counter(b.bijeenkomsten.values_list("soort", flat=True)) == {
            B.START: 1,
            B.UITWISSELING: 3,
            B.SLOT: 1,
        }
        for editie in (a, b):
            groep = editie.leergroepen.get()
            uitwisselingen = editie.bijeenkomsten.filter(soort=B.UITWISSELING)
            assert set(uitwisselingen.values_list("leergroep", flat=True)) == {groep.pk}
            assert not editie.bijeenkomsten.filter(
                soort__in=[B.START, B.SLOT], leergroep__isnull=False
            )
        alle = Bijeenkomst.objects.all()
        assert all(m.agenda and m.locatie and m.adres for m in alle)
        assert alle.filter(drempelvrij=True).exists() and alle.filter(ringleiding=True).exists()
        assert geladen["bijeenkomsten"] == 24 + 5

    def test_datums_op_de_juiste_weekdag_en_tijd_in_amsterdam(self, geladen):
        for editie in Editie.objects.filter(traject__code__in=["A", "B"]).select_related("traject"):
            weekdag = WEEKDAG[editie.traject.code]
            vast = editie.bijeenkomsten.exclude(start__isnull=True)
            assert vast.count() == editie.bijeenkomsten.count() - (editie.traject.code == "B")
            for bijeenkomst in vast:
                start = bijeenkomst.start.astimezone(AMSTERDAM)
                eind = bijeenkomst.eind.astimezone(AMSTERDAM)
                assert start.weekday() == weekdag, bijeenkomst
                verwacht = (19, 30) if bijeenkomst.soort == B.LOKAAL else (13, 30)
                assert (start.hour, start.minute) == verwacht, bijeenkomst
                assert eind.date() == start.date() and eind > start
            begin = vast.get(soort=B.START).start.astimezone(AMSTERDAM).date()
            slot = vast.get(soort=B.SLOT).start.astimezone(AMSTERDAM).date()
            assert begin == editie.startdatum
            # 2019 → 2020: the closing is 51 (A) or 52 (B) weeks after the start meeting.
            assert (slot - begin).days == {"A": 51, "B": 52}[editie.traject.code] * 7
        for optie in Datumoptie.objects.all():
            assert optie.start.astimezone(AMSTERDAM).weekday() == WEEKDAG["B"]

    def test_precies_een_bijeenkomst_in_overleg_met_drie_opties_en_stemmen(self, geladen):
        in_overleg = Bijeenkomst.objects.get(status=Bijeenkomst.Status.IN_OVERLEG)
        assert in_overleg.soort == B.UITWISSELING
        assert in_overleg.leergroep.naam == "Regio Noord"
        assert in_overleg.start is None and not in_overleg.uitnodigingen.exists()
        assert in_overleg.datumopties.count() == 3
        stemmen = Stem.objects.filter(optie__bijeenkomst=in_overleg)
        assert stemmen.values("deelnemer").distinct().count() >= 3
        assert set(stemmen.values_list("antwoord", flat=True)) == set(Stem.Antwoord.values)
        assert stemmen.count() == 3 * stemmen.values("deelnemer").distinct().count()
        gemeenten = stemmen.values_list(
            "deelnemer__praktijk__aanmelding__gemeente__naam", flat=True
        )
        assert set(gemeenten) == {"Groningen", "Leeuwarden"}
        # Everyone in the group was asked by mail to choose.
        gevraagd = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{in_overleg.uid}:stemmen:")
        assert gevraagd.count() == deelnemers_in_bereik(in_overleg).count() > 0

    def test_vastgestelde_bijeenkomsten_nodigen_iedereen_in_bereik_uit(self, geladen):
        vast = Bijeenkomst.objects.filter(status=Bijeenkomst.Status.VASTGESTELD)
        assert vast.count() == 28
        for bijeenkomst in vast:
            genodigd = set(bijeenkomst.uitnodigingen.values_list("deelnemer_id", flat=True))
            in_bereik = set(deelnemers_in_bereik(bijeenkomst).values_list("pk", flat=True))
            assert genodigd == in_bereik and genodigd, bijeenkomst
            mails = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:0:")
            assert mails.count() == len(genodigd), bijeenkomst
        start_a = vast.get(editie__traject__code="A", soort=B.START)
        assert (
            start_a.uitnodigingen.count()
            == Deelnemer.objects.filter(praktijk__aanmelding__editie=start_a.editie).count()
        )
        assert all(adres.endswith("@example.org") for m in Mail.objects.all() for adres in m.aan)
        assert not Mail.objects.filter(status=Mail.Status.WACHTRIJ).exists()  # sent on commit

    def test_twee_keer_laden_via_het_commando_maakt_niets_nieuw(
        self, geladen, django_capture_on_commit_callbacks
    ):
        voor = _aantallen()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo_laden", stdout=StringIO())
        assert _aantallen() == voor

    def test_demo_paginas_openen_voor_adviseur_en_ambtenaar(self, client, geladen):
        client.force_login(User.objects.get(email="adviseur.movisie@example.org"))
        a = Editie.objects.get(traject__code="A")
        response = client.get(f"/adviseur/edities/{a.pk}/bijeenkomsten/")
        assert response.status_code == 200
        assert "Startbijeenkomst Inclusief werken" in response.content.decode()

        client.force_login(User.objects.get(email="ambtenaar.groningen@example.org"))
        response = client.get("/mijn/bijeenkomsten/")
        assert response.status_code == 200
        assert "Regio Noord 2" in response.content.decode()
        praktijk = LokalePraktijk.objects.get(aanmelding__gemeente__naam="Groningen")
        response = client.get(f"/praktijken/{praktijk.pk}/")
        assert response.status_code == 200
        assert "Marten Dijkstra" in response.content.decode()
