"""The audit log from the views (BIO 8.15.01): reads of personal data (intake notes, the
participant list, the enrolment export) and changes (withdrawal, participants) are recorded with
actor, object, result and origin; a refused attempt is recorded as refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten.models import Deelnemer, LokalePraktijk
from intake.models import Aanmelding, Intakegesprek
from portal import audit
from portal.models import AuditRegel

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

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    gemeente = GemeenteFactory()
    ambtenaar = UserFactory()
    maak_lid(ambtenaar, gemeente)
    aanmelding = AanmeldingFactory(
        editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.GEPLAATST
    )
    start = timezone.now() + timedelta(days=3)
    intake = Intakegesprek.objects.create(
        aanmelding=aanmelding,
        start=start,
        eind=start + timedelta(hours=1),
        adres="Raadhuis",
        notities="Alleen voor adviseurs",
    )
    return {
        "adviseur": AdviseurFactory(organisatie=organisatie),
        "ambtenaar": ambtenaar,
        "aanmelding": aanmelding,
        "intake": intake,
        "praktijk": LokalePraktijk.objects.create(aanmelding=aanmelding),
        "editie": editie,
    }


def _client(user):
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(user)
    return client


def _regel(actie):
    return AuditRegel.objects.get(actie=actie)


def test_lezen_van_intakenotities_staat_in_het_auditlog(opzet):
    adviseur, intake = opzet["adviseur"], opzet["intake"]
    client = _client(adviseur)
    pk = opzet["aanmelding"].pk
    assert client.get(reverse("intake:intake-verslag", kwargs={"pk": pk})).status_code == 200
    regel = _regel(audit.INTAKE_VERSLAG_BEKEKEN)
    assert (regel.actor, regel.object_type, regel.object_id) == (
        adviseur,
        "intake.intakegesprek",
        str(intake.pk),
    )
    assert regel.ip == "198.51.100.4" and regel.resultaat == "gelukt"

    client.get(reverse("intake:aanmelding-detail", kwargs={"pk": pk}))
    assert _regel(audit.INTAKE_NOTITIES_BEKEKEN).actor == adviseur
    # The official sees the enrolment, not the notes: no read of the notes is recorded.
    _client(opzet["ambtenaar"]).get(reverse("intake:aanmelding-detail", kwargs={"pk": pk}))
    assert AuditRegel.objects.filter(actie=audit.INTAKE_NOTITIES_BEKEKEN).count() == 1


def test_geweigerde_toegang_tot_het_verslag_staat_in_het_auditlog(opzet):
    pk = opzet["aanmelding"].pk
    antwoord = _client(opzet["ambtenaar"]).get(reverse("intake:intake-verslag", kwargs={"pk": pk}))
    assert antwoord.status_code == 403
    regel = _regel(audit.INTAKE_TOEGANG)
    assert regel.resultaat == "geweigerd" and regel.actor == opzet["ambtenaar"]


def test_deelnemerslijst_en_nieuwe_deelnemer_staan_in_het_auditlog(opzet):
    client = _client(opzet["ambtenaar"])
    url = reverse("deelname:praktijk", kwargs={"pk": opzet["praktijk"].pk})
    assert client.get(url).status_code == 200
    assert _regel(audit.DEELNEMERS_BEKEKEN).object_id == str(opzet["praktijk"].pk)
    client.post(
        url, {"naam": "Ina Inwoner", "email": "ina@example.net", "rol": Deelnemer.Rol.INWONER}
    )
    deelnemer = Deelnemer.objects.get(email="ina@example.net")
    regel = _regel(audit.DEELNEMER_TOEGEVOEGD)
    assert (regel.object_type, regel.object_id) == ("bijeenkomsten.deelnemer", str(deelnemer.pk))


def test_export_van_aanmeldingen_en_terugtrekken_staan_in_het_auditlog(opzet):
    adviseur = opzet["adviseur"]
    url = reverse("intake:editie-export", kwargs={"pk": opzet["editie"].pk, "formaat": "csv"})
    assert _client(adviseur).get(url).status_code == 200
    assert _regel(audit.AANMELDINGEN_GEEXPORTEERD).actor == adviseur

    pk = opzet["aanmelding"].pk
    _client(opzet["ambtenaar"]).post(
        reverse("intake:aanmelding-terugtrekken", kwargs={"pk": pk}), {"reden": "Geen tijd"}
    )
    assert Aanmelding.objects.get(pk=pk).status == Aanmelding.Status.TERUGGETROKKEN
    assert _regel(audit.AANMELDING_TERUGGETROKKEN).actor == opzet["ambtenaar"]
