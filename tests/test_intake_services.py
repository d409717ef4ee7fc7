"""Enrolment and intake services: the life cycle, its guards, capacity and the mails it sends."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from intake import services
from intake.models import Aanmelding, AanmeldingGemeente, Intakegesprek, Overgang
from intake.services import Besluit
from portal.exceptions import PortaalFout
from portal.models import Mail
from trajecten.models import Editie, Thema, Traject

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
def organisatie():
    return OrganisatieFactory(slug="movisie-test", naam="Movisie (test)")


@pytest.fixture
def traject_a(organisatie):
    return TrajectFactory(
        soort=Traject.Soort.EDITIE, cofinanciering_percentage=50, organisaties=[organisatie]
    )


@pytest.fixture
def traject_b(organisatie):
    return TrajectFactory(
        soort=Traject.Soort.EDITIE,
        concreet_project_verplicht=True,
        projecttypen=["initiatievenfonds", "initiatievenloket"],
        organisaties=[organisatie],
    )


@pytest.fixture
def adviseur(organisatie):
    return AdviseurFactory(organisatie=organisatie, naam="Anouk Adviseur")


@pytest.fixture
def ambtenaar():
    user = UserFactory(naam="Sanne Smits")
    gemeente = GemeenteFactory(naam="Someren")
    maak_lid(user, gemeente)
    return user


def _gemeente(user):
    return user.lidmaatschappen.get().gemeente


def _volledig_a(aanmelding, door):
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="vraagstuk",
        gegevens={
            "maatschappelijk_vraagstuk": "Eenzaamheid doorbreken",
            "inclusievraag": "Jongeren betrekken",
        },
        door=door,
    )
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="doelgroepen",
        gegevens={"motivatie": "Wij willen leren."},
        door=door,
    )
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="toezeggingen",
        gegevens={
            "toezegging_college": "toegezegd",
            "toezegging_raad": "toegezegd",
            "toezegging_ambtenaren": "toegezegd",
            "tijd_toegezegd": True,
            "cofinanciering_akkoord": True,
        },
        door=door,
    )


def _ingediend(traject, ambtenaar, django_capture_on_commit_callbacks, editie=None):
    editie = editie or EditieFactory(traject=traject)
    aanmelding = services.aanmelding_starten(
        traject=traject, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    _volledig_a(aanmelding, ambtenaar)
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_indienen(aanmelding=aanmelding, door=ambtenaar)
    aanmelding.refresh_from_db()
    return aanmelding


def test_hele_reis_van_concept_tot_toegelaten_met_mails(
    traject_a, ambtenaar, adviseur, django_capture_on_commit_callbacks
):
    aanmelding = _ingediend(traject_a, ambtenaar, django_capture_on_commit_callbacks)
    assert aanmelding.status == S.INGEDIEND
    ontvangers = {tuple(m.to) for m in mail.outbox}
    assert (ambtenaar.email,) in ontvangers or any(ambtenaar.email in m.to for m in mail.outbox)
    assert any(adviseur.email in m.to for m in mail.outbox), "advisors hear of a new enrolment"

    mail.outbox.clear()
    start = timezone.make_aware(datetime.datetime(2027, 3, 30, 14, 0))
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.intake_plannen(
            aanmelding=aanmelding,
            start=start,
            eind=start + datetime.timedelta(hours=1),
            vorm=Intakegesprek.Vorm.OP_LOCATIE,
            adres="Gemeentehuis Someren",
            adviseurs=[adviseur],
            door=adviseur,
        )
    uitnodiging = next(m for m in mail.outbox if "Uitnodiging" in m.subject)
    assert ambtenaar.email in uitnodiging.to
    naam, inhoud, _mimetype = uitnodiging.attachments[0]
    assert naam == "intakegesprek.ics"
    assert "METHOD:REQUEST" in inhoud

    with django_capture_on_commit_callbacks(execute=True):
        services.intake_vastleggen(
            intake=intake,
            aanwezigen="Wethouder, beleidsmedewerker",
            notities="Alleen voor adviseurs",
            checks={},
            vraagstukken=[
                {"titel": "Eenzaamheid onder jongeren", "themas": list(Thema.objects.none())}
            ],
            advies="toelaten",
            cofinanciering_bedrag=None,
            door=adviseur,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
        )
    aanmelding.refresh_from_db()
    assert aanmelding.status == S.TOEGELATEN
    assert list(aanmelding.overgangen.values_list("naar", flat=True)) == [
        S.CONCEPT,
        S.INGEDIEND,
        S.INTAKE_GEPLAND,
        S.INTAKE_GEHOUDEN,
        S.TOEGELATEN,
    ]
    assert aanmelding.vraagstukken.get().titel == "Eenzaamheid onder jongeren"
    assert any("Toegelaten" in m.subject for m in mail.outbox)


def test_traject_b_kan_niet_worden_ingediend_zonder_concreet_project(traject_b, ambtenaar):
    editie = EditieFactory(traject=traject_b)
    aanmelding = services.aanmelding_starten(
        traject=traject_b, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="motivatie",
        gegevens={"motivatie": "Meer ruimte voor initiatief"},
        door=ambtenaar,
    )
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="toezeggingen",
        gegevens={
            "toezegging_college": "toegezegd",
            "toezegging_raad": "toegezegd",
            "toezegging_ambtenaren": "toegezegd",
        },
        door=ambtenaar,
    )
    with pytest.raises(PortaalFout, match="concreet project"):
        services.aanmelding_indienen(aanmelding=aanmelding, door=ambtenaar)
    aanmelding.refresh_from_db()
    assert aanmelding.status == S.CONCEPT
    assert not Mail.objects.exists()


def test_ambtenaar_kan_niet_aanmelden_voor_een_andere_gemeente(traject_a, ambtenaar):
    andere = GemeenteFactory(naam="Oss")
    with pytest.raises(PortaalFout, match="bevestigd lid"):
        services.aanmelding_starten(
            traject=traject_a,
            editie=EditieFactory(traject=traject_a),
            gemeente=andere,
            door=ambtenaar,
        )
    onbevestigd = UserFactory()
    maak_lid(onbevestigd, andere, status="aangevraagd")
    with pytest.raises(PortaalFout):
        services.aanmelding_starten(
            traject=traject_a,
            editie=EditieFactory(traject=traject_a),
            gemeente=andere,
            door=onbevestigd,
        )


def test_twee_keer_starten_geeft_dezelfde_aanmelding(traject_a, ambtenaar):
    editie = EditieFactory(traject=traject_a)
    een = services.aanmelding_starten(
        traject=traject_a, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    twee = services.aanmelding_starten(
        traject=traject_a, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    assert een.pk == twee.pk
    assert Aanmelding.objects.count() == 1


def test_dubbel_indienen_geeft_een_overgang(
    traject_a, ambtenaar, django_capture_on_commit_callbacks
):
    aanmelding = _ingediend(traject_a, ambtenaar, django_capture_on_commit_callbacks)
    services.aanmelding_indienen(aanmelding=aanmelding, door=ambtenaar)
    assert aanmelding.overgangen.filter(naar=S.INGEDIEND).count() == 1


def test_database_staat_een_aanmelding_per_gemeente_per_editie_toe(traject_a):
    bestaande = AanmeldingFactory(editie=EditieFactory(traject=traject_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        AanmeldingFactory(editie=bestaande.editie, traject=traject_a, gemeente=bestaande.gemeente)


def test_samenwerkende_gemeente_kan_niet_ook_los_meedoen(traject_a, ambtenaar):
    editie = EditieFactory(traject=traject_a)
    lisse = GemeenteFactory(naam="Lisse")
    aanmelding = services.aanmelding_starten(
        traject=traject_a, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    services.aanmelding_stap_opslaan(
        aanmelding=aanmelding,
        stap="gemeente",
        gegevens={"contact_naam": "Sanne"},
        partners=[lisse],
        door=ambtenaar,
    )
    assert set(aanmelding.deelnemers.values_list("gemeente__naam", flat=True)) == {
        "Someren",
        "Lisse",
    }
    collega = UserFactory()
    maak_lid(collega, lisse)
    # Lisse's own enrolment for the same edition finds the joint one instead of a second.
    assert (
        services.aanmelding_starten(traject=traject_a, editie=editie, gemeente=lisse, door=collega)
        == aanmelding
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AanmeldingGemeente.objects.create(
            aanmelding=AanmeldingFactory(editie=editie, traject=traject_a),
            gemeente=lisse,
            editie=editie,
        )


def test_zesde_aanmelding_komt_op_de_wachtlijst(traject_a, adviseur):
    editie = EditieFactory(traject=traject_a, plaatsen=5)
    aanmeldingen = [
        AanmeldingFactory(
            editie=editie,
            status=S.INTAKE_GEHOUDEN,
            toezegging_college="toegezegd",
            toezegging_raad="toegezegd",
            toezegging_ambtenaren="toegezegd",
        )
        for _ in range(6)
    ]
    for aanmelding in aanmeldingen:
        services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
        )
    statussen = [Aanmelding.objects.get(pk=a.pk).status for a in aanmeldingen]
    assert statussen == [S.TOEGELATEN] * 5 + [S.WACHTLIJST]


def test_vrijgekomen_plaats_gaat_naar_de_eerste_op_de_wachtlijst(
    traject_a, adviseur, django_capture_on_commit_callbacks
):
    editie = EditieFactory(traject=traject_a, plaatsen=1)
    toegelaten = AanmeldingFactory(editie=editie, status=S.TOEGELATEN)
    later = AanmeldingFactory(editie=editie, status=S.WACHTLIJST, wachtlijst_sinds=timezone.now())
    eerder = AanmeldingFactory(
        editie=editie,
        status=S.WACHTLIJST,
        wachtlijst_sinds=timezone.now() - datetime.timedelta(days=3),
    )
    voorrang = AanmeldingFactory(
        editie=editie, status=S.WACHTLIJST, wachtlijst_sinds=timezone.now(), prioriteit=10
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_terugtrekken(aanmelding=toegelaten, door=adviseur)
    assert Aanmelding.objects.get(pk=voorrang.pk).status == S.TOEGELATEN
    assert Aanmelding.objects.get(pk=eerder.pk).status == S.WACHTLIJST
    assert Aanmelding.objects.get(pk=later.pk).status == S.WACHTLIJST
    assert any("Plaats vrijgekomen" in m.subject and adviseur.email in m.to for m in mail.outbox)


def test_toelaten_zonder_alle_toezeggingen_vraagt_een_bewuste_keuze(traject_a, adviseur):
    aanmelding = AanmeldingFactory(
        editie=EditieFactory(traject=traject_a),
        status=S.INTAKE_GEHOUDEN,
        toezegging_college="toegezegd",
        toezegging_raad="in_voorbereiding",
        toezegging_ambtenaren="toegezegd",
    )
    with pytest.raises(PortaalFout, match="toezeggingen"):
        services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
        )
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.INTAKE_GEHOUDEN
    services.aanmelding_besluiten(
        aanmelding=aanmelding,
        besluit=Besluit.TOELATEN,
        toezeggingen_vrijstellen=True,
        door=adviseur,
    )
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.TOEGELATEN


def test_onmogelijke_overgang_wordt_geweigerd_met_een_duidelijke_melding(traject_a, adviseur):
    aanmelding = AanmeldingFactory(editie=EditieFactory(traject=traject_a), status=S.AFGEWEZEN)
    with pytest.raises(PortaalFout, match="status 'Afgewezen'"):
        services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
        )


def test_ambtenaar_mag_geen_besluit_nemen(traject_a, ambtenaar):
    aanmelding = AanmeldingFactory(
        editie=EditieFactory(traject=traject_a),
        gemeente=_gemeente(ambtenaar),
        status=S.INTAKE_GEHOUDEN,
    )
    with pytest.raises(PortaalFout, match="adviseur"):
        services.aanmelding_besluiten(
            aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=ambtenaar
        )


def test_adviseur_van_een_andere_organisatie_mag_geen_intake_plannen(traject_a):
    anderen = AdviseurFactory()
    aanmelding = AanmeldingFactory(editie=EditieFactory(traject=traject_a), status=S.INGEDIEND)
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(PortaalFout):
        services.intake_plannen(
            aanmelding=aanmelding,
            start=start,
            eind=start + datetime.timedelta(hours=1),
            vorm="op_locatie",
            adres="Raadhuis",
            adviseurs=[anderen],
            door=anderen,
        )


def test_aanvulling_vragen_en_beantwoorden_dient_opnieuw_in(traject_a, ambtenaar, adviseur):
    aanmelding = AanmeldingFactory(
        editie=EditieFactory(traject=traject_a),
        gemeente=_gemeente(ambtenaar),
        status=S.INTAKE_GEHOUDEN,
    )
    services.aanmelding_besluiten(
        aanmelding=aanmelding, besluit=Besluit.AANVULLING, vraag="Wat zegt de raad?", door=adviseur
    )
    services.aanvulling_beantwoorden(
        aanmelding=aanmelding, antwoord="De raad stemt in mei.", door=ambtenaar
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == S.INGEDIEND
    verzoek = aanmelding.aanvullingsverzoeken.get()
    assert verzoek.antwoord == "De raad stemt in mei."
    assert verzoek.beantwoord_door == ambtenaar


def test_intake_verplaatsen_en_afzeggen_verhoogt_de_sequence(
    traject_a, ambtenaar, adviseur, django_capture_on_commit_callbacks
):
    aanmelding = _ingediend(traject_a, ambtenaar, django_capture_on_commit_callbacks)
    start = timezone.make_aware(datetime.datetime(2027, 3, 25, 10, 0))
    kwargs = {
        "vorm": "online",
        "online_link": "https://meet.example.org/intake",
        "adviseurs": [adviseur],
        "door": adviseur,
    }
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.intake_plannen(
            aanmelding=aanmelding, start=start, eind=start + datetime.timedelta(hours=1), **kwargs
        )
        intake = services.intake_plannen(
            aanmelding=aanmelding,
            start=start + datetime.timedelta(days=7),
            eind=start + datetime.timedelta(days=7, hours=1),
            **kwargs,
        )
        services.intake_annuleren(intake=intake, door=adviseur)
    intake.refresh_from_db()
    assert intake.sequence == 2
    assert intake.status == Intakegesprek.Status.GEANNULEERD
    onderwerpen = [m.subject for m in mail.outbox if "intakegesprek" in m.subject]
    assert [o.split(":")[0] for o in onderwerpen] == ["Uitnodiging", "Nieuwe tijd", "Afgezegd"]
    assert "METHOD:CANCEL" in mail.outbox[-1].attachments[0][1] or any(
        "METHOD:CANCEL" in m.attachments[0][1] for m in mail.outbox if m.attachments
    )
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.INGEDIEND


def test_terugdraaien_laat_geen_mail_en_geen_overgang_achter(
    traject_a, ambtenaar, django_capture_on_commit_callbacks
):
    editie = EditieFactory(traject=traject_a)
    aanmelding = services.aanmelding_starten(
        traject=traject_a, editie=editie, gemeente=_gemeente(ambtenaar), door=ambtenaar
    )
    _volledig_a(aanmelding, ambtenaar)

    class Afgebroken(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Afgebroken),
        transaction.atomic(),
    ):
        services.aanmelding_indienen(aanmelding=aanmelding, door=ambtenaar)
        raise Afgebroken
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == S.CONCEPT
    assert not Overgang.objects.filter(naar=S.INGEDIEND).exists()
    assert not Mail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_twintig_adviseurs_tegelijk_geven_precies_vijf_plaatsen():
    assert connection.vendor == "postgresql"
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, plaatsen=5)
    adviseur = AdviseurFactory(organisatie=organisatie)
    aanmeldingen = [
        AanmeldingFactory(
            editie=editie,
            traject=traject,
            status=S.INTAKE_GEHOUDEN,
            toezegging_college="toegezegd",
            toezegging_raad="toegezegd",
            toezegging_ambtenaren="toegezegd",
        )
        for _ in range(20)
    ]
    barriere = threading.Barrier(20)
    fouten = []

    def besluit(aanmelding):
        try:
            barriere.wait()
            services.aanmelding_besluiten(
                aanmelding=aanmelding, besluit=Besluit.TOELATEN, door=adviseur
            )
        except Exception as exc:
            fouten.append(exc)
        finally:
            close_old_connections()

    draden = [threading.Thread(target=besluit, args=(a,)) for a in aanmeldingen]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert fouten == []
    statussen = list(Aanmelding.objects.filter(editie=editie).values_list("status", flat=True))
    assert statussen.count(S.TOEGELATEN) == 5
    assert statussen.count(S.WACHTLIJST) == 15
    assert Editie.objects.get(pk=editie.pk).plaatsen == 5


@pytest.mark.django_db(transaction=True)
def test_dubbel_klikken_op_starten_tegelijk_geeft_een_aanmelding():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    gemeente = GemeenteFactory()
    ambtenaren = [UserFactory() for _ in range(4)]
    for ambtenaar in ambtenaren:
        maak_lid(ambtenaar, gemeente)
    barriere = threading.Barrier(len(ambtenaren) * 2)
    resultaten, fouten = [], []

    def starten(ambtenaar):
        try:
            barriere.wait()
            resultaten.append(
                services.aanmelding_starten(
                    traject=traject, editie=editie, gemeente=gemeente, door=ambtenaar
                ).pk
            )
        except Exception as exc:
            fouten.append(exc)
        finally:
            close_old_connections()

    draden = [threading.Thread(target=starten, args=(a,)) for a in ambtenaren * 2]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert fouten == []
    assert Aanmelding.objects.filter(editie=editie).count() == 1
    assert set(resultaten) == {Aanmelding.objects.get(editie=editie).pk}
