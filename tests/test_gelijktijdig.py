"""Parallel use on the real PostgreSQL: threads that start together (a barrier), each with its
own database connection, against the row locks and version checks of the services.

Already proven elsewhere: 20 advisors at once for 5 places give exactly 5
(tests/test_intake_services.py ``test_twintig_adviseurs_tegelijk_geven_precies_vijf_plaatsen``),
a double click on "start" gives one enrolment (``test_dubbel_klikken_op_starten_…``), and two
advisors moving the same meeting give one winner and one conflict (tests/test_planning.py
``test_twee_adviseurs_tegelijk_…``). This module adds the group composition, a double submit of
an enrolment and of a meeting's date, and the calendar SEQUENCE under many moves."""

import datetime
import threading
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from bijeenkomsten import planning, services
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk, Samenstelling
from intake import services as intake_services
from intake.models import Aanmelding, Overgang
from portal.exceptions import PortaalFout
from portal.models import Mail
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
from .test_intake_services import _volledig_a

pytestmark = pytest.mark.django_db(transaction=True)
AMS = ZoneInfo("Europe/Amsterdam")
S = Aanmelding.Status


def tegelijk(*taken) -> list:
    """Run each callable in its own thread, all released at once by a barrier. Returns what
    each returned, or the ``PortaalFout`` it raised; any other exception fails the test."""
    samen = threading.Barrier(len(taken))
    uitkomsten: list = [None] * len(taken)
    fouten: list[BaseException] = []

    def draaien(i, taak):
        try:
            samen.wait(timeout=30)
            uitkomsten[i] = taak()
        except PortaalFout as fout:
            uitkomsten[i] = fout
        except BaseException as fout:  # reported below, with the thread's error
            fouten.append(fout)
        finally:
            connection.close()  # every thread has its own connection

    draden = [threading.Thread(target=draaien, args=(i, t)) for i, t in enumerate(taken)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert not any(draad.is_alive() for draad in draden), "a thread hangs (a deadlock?)"
    assert fouten == [], fouten
    return uitkomsten


@pytest.fixture
def editie_met_groepen():
    """Five admitted municipalities in a published composition of two groups; every practice
    has its official, Oss also a resident."""
    assert connection.vendor == "postgresql"
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie)
    ids = []
    for naam in ("Oss", "Best", "Breda", "Haren", "Stad"):
        gemeente = GemeenteFactory(naam=naam)
        ids.append(
            AanmeldingFactory(
                editie=editie, traject=traject, gemeente=gemeente, status=S.TOEGELATEN
            ).pk
        )
        maak_lid(UserFactory(email=f"{naam.lower()}@example.org"), gemeente)
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    oss = LokalePraktijk.objects.get(aanmelding_id=ids[0])
    Deelnemer.objects.create(
        praktijk=oss, naam="Ina Inwoner", email="ina@example.org", rol=Deelnemer.Rol.INWONER
    )
    return {
        "editie": editie,
        "ids": ids,
        "adviseur": adviseur,
        "collega": AdviseurFactory(organisatie=organisatie),
    }


def _startbijeenkomst(opzet) -> Bijeenkomst:
    return planning.bijeenkomst_aanmaken(
        editie=opzet["editie"],
        soort=Bijeenkomst.Soort.START,
        titel="Startbijeenkomst",
        door=opzet["adviseur"],
        locatie="Stadhuis Utrecht",
    )


START = datetime.datetime(2031, 3, 10, 10, tzinfo=AMS)
DUUR = datetime.timedelta(hours=4)


def test_twee_adviseurs_slaan_tegelijk_de_leergroepen_op_een_wint_de_ander_krijgt_een_conflict(
    editie_met_groepen,
):
    editie, ids = editie_met_groepen["editie"], editie_met_groepen["ids"]
    versie = Samenstelling.objects.get(editie=editie).versie
    voorstellen = {
        "adviseur": [ids[:2], ids[2:]],
        "collega": [[ids[0], ids[3]], [ids[1], ids[2], ids[4]]],
    }

    uitkomsten = tegelijk(
        *(
            lambda wie=wie, groepen=groepen: (
                services.samenstelling_opslaan(
                    editie=editie, groepen=groepen, versie=versie, door=editie_met_groepen[wie]
                )[0].versie
            )
            for wie, groepen in voorstellen.items()
        )
    )

    conflicten = [u for u in uitkomsten if isinstance(u, PortaalFout)]
    assert len(conflicten) == 1, uitkomsten
    assert "intussen gewijzigd" in str(conflicten[0])
    assert [u for u in uitkomsten if not isinstance(u, PortaalFout)] == [versie + 1]
    assert Samenstelling.objects.get(editie=editie).versie == versie + 1
    # The winner's groups, whole: no mix of both proposals.
    winnaar = list(voorstellen.values())[uitkomsten.index(versie + 1)]
    groepen = sorted(
        sorted(g.plaatsingen.values_list("aanmelding_id", flat=True))
        for g in editie.leergroepen.all()
        if g.plaatsingen.exists()
    )
    assert groepen == sorted(sorted(g) for g in winnaar)


def test_dubbel_indienen_tegelijk_geeft_een_overgang_en_een_bevestiging():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(
        soort=Traject.Soort.EDITIE, cofinanciering_percentage=50, organisaties=[organisatie]
    )
    editie = EditieFactory(traject=traject)
    gemeente = GemeenteFactory(naam="Someren")
    ambtenaar, collega = UserFactory(), UserFactory()
    maak_lid(ambtenaar, gemeente)
    maak_lid(collega, gemeente)
    aanmelding = intake_services.aanmelding_starten(
        traject=traject, editie=editie, gemeente=gemeente, door=ambtenaar
    )
    _volledig_a(aanmelding, ambtenaar)

    # Two tabs (or a double click) of two officials of the same municipality.
    uitkomsten = tegelijk(
        *(
            lambda door=door: (
                intake_services.aanmelding_indienen(
                    aanmelding=Aanmelding.objects.get(pk=aanmelding.pk), door=door
                ).status
            )
            for door in (ambtenaar, collega, ambtenaar, collega)
        )
    )

    assert uitkomsten == [S.INGEDIEND] * 4
    overgang = Overgang.objects.get(aanmelding=aanmelding, naar=S.INGEDIEND)  # exactly one
    # The confirmation mails belong to that one transition: nobody is told twice.
    sleutels = list(
        Mail.objects.filter(sleutel__startswith=f"aanmelding:{aanmelding.pk}:").values_list(
            "sleutel", flat=True
        )
    )
    assert sleutels
    assert all(s.startswith(f"aanmelding:{aanmelding.pk}:overgang:{overgang.pk}") for s in sleutels)


def test_dubbel_vastleggen_tegelijk_nodigt_iedereen_een_keer_uit(editie_met_groepen):
    bijeenkomst = _startbijeenkomst(editie_met_groepen)
    versie = bijeenkomst.versie

    uitkomsten = tegelijk(
        *(
            lambda door=door: (
                planning.datum_vastleggen(
                    bijeenkomst=Bijeenkomst.objects.get(pk=bijeenkomst.pk),
                    versie=versie,
                    door=door,
                    start=START,
                    eind=START + DUUR,
                ).versie
            )
            for door in (editie_met_groepen["adviseur"], editie_met_groepen["collega"]) * 2
        )
    )

    assert [u for u in uitkomsten if not isinstance(u, PortaalFout)] == [versie + 1]
    assert all("intussen gewijzigd" in str(u) for u in uitkomsten if isinstance(u, PortaalFout))
    rijen = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:0:")
    ontvangers = Counter(adres for aan in rijen.values_list("aan", flat=True) for adres in aan)
    assert len(ontvangers) == 6  # five officials and one resident
    assert set(ontvangers.values()) == {1}
    assert bijeenkomst.uitnodigingen.count() == 6


def test_sequence_gaat_nooit_terug_als_acht_adviseurs_tegelijk_verplaatsen(editie_met_groepen):
    bijeenkomst = _startbijeenkomst(editie_met_groepen)
    bijeenkomst = planning.datum_vastleggen(
        bijeenkomst=bijeenkomst,
        versie=bijeenkomst.versie,
        door=editie_met_groepen["adviseur"],
        start=START,
        eind=START + DUUR,
    )
    assert bijeenkomst.sequence == 0
    adviseurs = [editie_met_groepen["adviseur"], editie_met_groepen["collega"]]

    def verplaatsen(dagen: int):
        """An advisor who gets a conflict reloads the page and tries again, as the message
        asks. Returns the SEQUENCE their move got."""
        for _poging in range(50):
            actueel = Bijeenkomst.objects.get(pk=bijeenkomst.pk)
            try:
                return planning.bijeenkomst_wijzigen(
                    bijeenkomst=actueel,
                    versie=actueel.versie,
                    door=adviseurs[dagen % 2],
                    start=START + datetime.timedelta(days=dagen),
                    eind=START + datetime.timedelta(days=dagen) + DUUR,
                ).sequence
            except PortaalFout:
                continue
        raise AssertionError("no turn in 50 attempts")

    sequences = tegelijk(*(lambda d=d: verplaatsen(d) for d in range(1, 9)))

    # Every move got its own, higher SEQUENCE: none was lost, none reused.
    assert sorted(sequences) == list(range(1, 9)), sequences
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.sequence == 8
    # The meeting holds the time of the move with the highest SEQUENCE: the last one written.
    laatste = sequences.index(8) + 1
    assert bijeenkomst.start == START + datetime.timedelta(days=laatste)
    # Each calendar version mailed everyone once.
    per_sequence = Counter(
        int(sleutel.split(":")[2])
        for sleutel in Mail.objects.filter(
            sleutel__startswith=f"bijeenkomst:{bijeenkomst.uid}:"
        ).values_list("sleutel", flat=True)
        if not sleutel.endswith(":herinnering")
    )
    assert per_sequence == Counter(dict.fromkeys(range(9), 6))
