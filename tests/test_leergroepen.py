"""Composing, saving and publishing learning groups: versions against silent overwrites, the
size bounds on the screen, publishing places the enrolments and mails the officials."""

import pytest
from django.core import mail
from django.urls import reverse

from bijeenkomsten import services
from bijeenkomsten.models import Koppeleis, Leergroep, Samenstelling
from bijeenkomsten.samenstelling import voorstel_maken
from intake import services as intake_services
from intake.models import Aanmelding
from portal.exceptions import PortaalFout
from portal.models import Provincie
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
def opzet():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    groningen = Provincie.objects.get_or_create(code="PV20", defaults={"naam": "Groningen"})[0]
    aanmeldingen = []
    for naam, provincie in (
        ("Oss", brabant),
        ("Best", brabant),
        ("Breda", brabant),
        ("Haren", groningen),
        ("Stad", groningen),
    ):
        gemeente = GemeenteFactory(naam=naam, provincie=provincie)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=S.TOEGELATEN
        )
        ambtenaar = UserFactory(email=f"{naam.lower()}@example.org")
        maak_lid(ambtenaar, gemeente)
        aanmeldingen.append(aanmelding)
    AanmeldingFactory(editie=editie, traject=traject, status=S.WACHTLIJST)  # never placed
    return {
        "editie": editie,
        "aanmeldingen": aanmeldingen,
        "adviseur": AdviseurFactory(organisatie=organisatie),
    }


def test_voorstel_opslaan_en_publiceren_plaatst_en_mailt(opzet, django_capture_on_commit_callbacks):
    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, best, breda, haren, stad = opzet["aanmeldingen"]
    samenstelling, problemen = services.samenstelling_opslaan(
        editie=editie,
        groepen=[[oss.pk, best.pk, breda.pk], [haren.pk, stad.pk]],
        versie=0,
        door=adviseur,
    )
    assert problemen == []
    assert samenstelling.versie == 1
    namen = list(editie.leergroepen.values_list("naam", flat=True))
    assert namen == ["Leergroep Noord-Brabant", "Leergroep Groningen"]
    assert "zelfde provincie" in Leergroep.objects.get(naam="Leergroep Groningen").uitleg

    with django_capture_on_commit_callbacks(execute=True):
        services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    statussen = set(
        Aanmelding.objects.filter(pk__in=[a.pk for a in opzet["aanmeldingen"]]).values_list(
            "status", flat=True
        )
    )
    assert statussen == {S.GEPLAATST}
    assert Aanmelding.objects.filter(editie=editie, status=S.WACHTLIJST).count() == 1
    bericht = next(m for m in mail.outbox if "haren@example.org" in m.to)
    assert "Leergroep Groningen" in bericht.body
    assert adviseur.email in bericht.body


def test_tweede_adviseur_met_een_oude_versie_krijgt_een_melding(opzet):
    editie, adviseur = opzet["editie"], opzet["adviseur"]
    ids = [a.pk for a in opzet["aanmeldingen"]]
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    collega = AdviseurFactory(organisatie=adviseur.organisatie)
    with pytest.raises(PortaalFout, match="intussen gewijzigd"):
        services.samenstelling_opslaan(
            editie=editie, groepen=[ids[:2], ids[2:]], versie=0, door=collega
        )
    assert Samenstelling.objects.get(editie=editie).versie == 1
    assert [len(g.plaatsingen.all()) for g in editie.leergroepen.all()] == [3, 2]


def test_te_grote_groep_wordt_gemeld_en_niet_gepubliceerd(opzet):
    editie, adviseur = opzet["editie"], opzet["adviseur"]
    ids = [a.pk for a in opzet["aanmeldingen"]]
    _samenstelling, problemen = services.samenstelling_opslaan(
        editie=editie, groepen=[ids], versie=0, door=adviseur
    )
    assert any("maximum" in p for p in problemen)
    with pytest.raises(PortaalFout, match="Publiceren kan nog niet"):
        services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    assert not Aanmelding.objects.filter(status=S.GEPLAATST).exists()


def test_wens_samen_of_apart_gaat_mee_in_het_voorstel(opzet):
    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, _best, _breda, haren, _stad = opzet["aanmeldingen"]
    services.koppeleis_toevoegen(
        editie=editie, soort=Koppeleis.Soort.SAMEN, eerste=haren, tweede=oss, door=adviseur
    )
    deelnemers, eisen = services.deelnemers_en_eisen(editie)
    assert frozenset({oss.pk, haren.pk}) in eisen.samen
    voorstel = voorstel_maken(deelnemers, eisen)
    assert any({oss.pk, haren.pk} <= set(g.leden) for g in voorstel.groepen)


def test_ambtenaar_en_andere_organisatie_komen_niet_op_het_scherm(client, opzet):
    url = reverse("bijeenkomsten:leergroepen", kwargs={"pk": opzet["editie"].pk})
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(AdviseurFactory())
    assert client.get(url).status_code == 404
    client.force_login(opzet["adviseur"])
    assert client.get(url).status_code == 200
    assert client.get(url, {"voorstel": "1"}).status_code == 200


def test_scherm_slaat_het_voorstel_op_en_publiceert(
    client, opzet, django_capture_on_commit_callbacks
):
    url = reverse("bijeenkomsten:leergroepen", kwargs={"pk": opzet["editie"].pk})
    client.force_login(opzet["adviseur"])
    ids = [a.pk for a in opzet["aanmeldingen"]]
    gegevens = {
        "actie": "opslaan",
        "versie": "0",
        **{f"groep_{i}": "1" for i in ids[:3]},
        **{f"groep_{i}": "2" for i in ids[3:]},
    }
    gegevens["groep_999999"] = "1"  # an id that is not admitted here is ignored
    assert client.post(url, gegevens).status_code == 302
    assert Leergroep.objects.filter(editie=opzet["editie"]).count() == 2
    # A stale form (old version) is refused with a message, not silently applied.
    response = client.post(url, {**gegevens, "versie": "0"}, follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"actie": "publiceren", "versie": "1"})
    assert response.status_code == 302
    assert Aanmelding.objects.filter(status=S.GEPLAATST).count() == 5


def test_teruggetrokken_gemeente_verdwijnt_uit_beeld_en_herverdelen_verplaatst_weinig(
    client, opzet
):
    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, best, breda, haren, stad = opzet["aanmeldingen"]
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[oss.pk, best.pk, breda.pk], [haren.pk, stad.pk]],
        versie=0,
        door=adviseur,
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    intake_services.aanmelding_terugtrekken(aanmelding=stad, door=adviseur)
    assert [set(groep) for groep in services.huidige_indeling(editie)] == [
        {oss.pk, best.pk, breda.pk},
        {haren.pk},
    ]
    client.force_login(adviseur)
    url = reverse("bijeenkomsten:leergroepen", kwargs={"pk": editie.pk})
    response = client.get(url, {"herverdelen": "1"})
    inhoud = response.content.decode()
    assert "Stad" not in inhoud.split('id="groepen-titel"')[1].split("</ol>")[0]
    voorstel = response.context["voorstel"]
    assert voorstel.verplaatst == 1
    assert all(2 <= len(g.leden) <= 3 for g in voorstel.groepen)


def test_publiceren_maakt_lokale_praktijken_met_de_ambtenaren(opzet):
    from bijeenkomsten.models import LokalePraktijk

    editie, adviseur = opzet["editie"], opzet["adviseur"]
    ids = [a.pk for a in opzet["aanmeldingen"]]
    services.samenstelling_opslaan(
        editie=editie, groepen=[ids[:3], ids[3:]], versie=0, door=adviseur
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    assert LokalePraktijk.objects.filter(aanmelding__editie=editie).count() == 5
    praktijk = LokalePraktijk.objects.get(aanmelding__gemeente__naam="Haren")
    assert praktijk.leergroep.naam == "Leergroep Groningen"
    assert list(praktijk.deelnemers.values_list("email", "rol")) == [
        ("haren@example.org", "ambtenaar")
    ]
    # Publishing again keeps practices and participants (no duplicates).
    services.samenstelling_publiceren(editie=editie, versie=2, door=adviseur)
    assert praktijk.deelnemers.count() == 1


def test_opnieuw_opslaan_na_publiceren_houdt_groepen_en_hun_bijeenkomsten(opzet):
    """Rebalancing after a withdrawal saves the composition again: the groups that continue
    keep their name and meetings; a group with meetings may not silently disappear."""
    from bijeenkomsten import planning
    from bijeenkomsten.models import Bijeenkomst

    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, best, breda, haren, stad = opzet["aanmeldingen"]
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[oss.pk, best.pk, breda.pk], [haren.pk, stad.pk]],
        versie=0,
        door=adviseur,
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    noord = Leergroep.objects.get(editie=editie, naam="Leergroep Groningen")
    Leergroep.objects.filter(pk=noord.pk).update(naam="Regio Noord")
    uitwisseling = planning.bijeenkomst_aanmaken(
        editie=editie,
        soort=Bijeenkomst.Soort.UITWISSELING,
        leergroep=noord,
        titel="Noord 1",
        door=adviseur,
    )

    # Breda moves north; the order of the groups is swapped on the way.
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[haren.pk, stad.pk, breda.pk], [oss.pk, best.pk]],
        versie=2,
        door=adviseur,
    )
    uitwisseling.refresh_from_db()
    assert uitwisseling.leergroep_id == noord.pk
    groepen = {g.naam: g for g in Leergroep.objects.filter(editie=editie)}
    assert set(groepen) == {"Regio Noord", "Leergroep Noord-Brabant"}
    assert groepen["Regio Noord"].volgorde == 1
    assert set(groepen["Regio Noord"].plaatsingen.values_list("aanmelding", flat=True)) == {
        haren.pk,
        stad.pk,
        breda.pk,
    }

    # Putting everyone in one group would drop Regio Noord with its meeting: refused.
    with pytest.raises(PortaalFout, match="Regio Noord heeft bijeenkomsten"):
        services.samenstelling_opslaan(
            editie=editie,
            groepen=[[oss.pk, best.pk, breda.pk]],
            versie=3,
            door=adviseur,
        )
    assert Leergroep.objects.filter(editie=editie).count() == 2
    # The database backs this up.
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):
        Leergroep.objects.filter(pk=noord.pk).delete()


def test_groep_hernoemen_en_een_verplaatste_praktijk_krijgt_de_uitnodigingen_van_de_nieuwe_groep(
    client, opzet, django_capture_on_commit_callbacks
):
    import datetime
    from zoneinfo import ZoneInfo

    from bijeenkomsten import planning
    from bijeenkomsten.models import Bijeenkomst, LokalePraktijk

    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, best, breda, haren, stad = opzet["aanmeldingen"]
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[oss.pk, best.pk], [breda.pk, haren.pk, stad.pk]],
        versie=0,
        door=adviseur,
    )
    services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    tweede = Leergroep.objects.get(editie=editie, volgorde=2)

    client.force_login(adviseur)
    url = reverse("bijeenkomsten:leergroepen", kwargs={"pk": editie.pk})
    pagina = client.post(
        url,
        {"actie": "hernoemen", "groep": tweede.pk, "naam": "  Regio   Noord ", "versie": 2},
        follow=True,
    )
    assert "De groep heet nu Regio Noord." in pagina.content.decode()
    tweede.refresh_from_db()
    assert tweede.naam == "Regio Noord"
    eerste = Leergroep.objects.get(editie=editie, volgorde=1)
    pagina = client.post(
        url,
        {"actie": "hernoemen", "groep": eerste.pk, "naam": "regio noord", "versie": 3},
        follow=True,
    )
    assert "Een andere groep heeft deze naam al." in pagina.content.decode()
    pagina = client.post(
        url, {"actie": "hernoemen", "groep": eerste.pk, "naam": "Zuid", "versie": 2}, follow=True
    )
    assert "Een collega heeft de leergroepen intussen gewijzigd." in pagina.content.decode()

    start = datetime.datetime(2031, 3, 4, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
    noord = planning.datum_vastleggen(
        bijeenkomst=planning.bijeenkomst_aanmaken(
            editie=editie,
            soort=Bijeenkomst.Soort.UITWISSELING,
            leergroep=tweede,
            titel="Noord 1",
            door=adviseur,
        ),
        start=start,
        eind=start + datetime.timedelta(hours=2),
        versie=0,
        door=adviseur,
    )
    assert not noord.uitnodigingen.filter(deelnemer__praktijk__aanmelding=oss).exists()

    # Oss moves north and the groups are published again: Oss's official is invited.
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[best.pk, breda.pk], [oss.pk, haren.pk, stad.pk]],
        versie=3,
        door=adviseur,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.samenstelling_publiceren(editie=editie, versie=4, door=adviseur)
    assert LokalePraktijk.objects.get(aanmelding=oss).leergroep_id == tweede.pk
    assert noord.uitnodigingen.filter(deelnemer__email="oss@example.org").exists()
    assert [m.subject for m in mail.outbox if m.to == ["oss@example.org"]].count(
        "Uitnodiging: Noord 1"
    ) == 1


def test_een_groep_met_een_kennisproduct_verdwijnt_niet_stilletjes(opzet):
    from kennis.producten import product_aanmaken

    editie, adviseur = opzet["editie"], opzet["adviseur"]
    oss, best, breda, haren, stad = opzet["aanmeldingen"]
    services.samenstelling_opslaan(
        editie=editie,
        groepen=[[oss.pk, best.pk, breda.pk], [haren.pk, stad.pk]],
        versie=0,
        door=adviseur,
    )
    noord = Leergroep.objects.get(editie=editie, volgorde=2)
    product_aanmaken(editie=editie, leergroep=noord, door=adviseur)
    with pytest.raises(PortaalFout, match="heeft een kennisproduct"):
        services.samenstelling_opslaan(
            editie=editie,
            groepen=[[oss.pk, best.pk, breda.pk, haren.pk, stad.pk]],
            versie=1,
            door=adviseur,
        )
    assert Leergroep.objects.filter(pk=noord.pk).exists()
