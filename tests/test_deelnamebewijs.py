"""The certificate of participation (kennis.deelnamebewijs): the real PDF opened with pypdf, when
it becomes available, and who may download it."""

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from bijeenkomsten.links import link_geven, link_token
from bijeenkomsten.models import Bijeenkomst, Deelnemer, Leergroep, LokalePraktijk, Uitnodiging
from intake.models import Aanmelding
from kennis import deelnamebewijs
from kennis.deelnamebewijs import geplande_einddatum, is_editie_afgelopen
from portal.taalniveau import controleren, zichtbare_tekst
from trajecten.models import Editie, Traject, TrajectContact

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
B = Bijeenkomst
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _moment(dag: date, uur: int = 10) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=AMSTERDAM)


def _gehouden(editie, *, titel, dag, aanwezig, soort=B.Soort.START, afwezig=(), **kw):
    """A held meeting with invitations: ``aanwezig`` came, ``afwezig`` did not."""
    bijeenkomst = B.objects.create(
        editie=editie,
        soort=soort,
        titel=titel,
        status=B.Status.GEHOUDEN,
        start=_moment(dag),
        eind=_moment(dag, 12),
        **kw,
    )
    for deelnemer in aanwezig:
        Uitnodiging.objects.create(bijeenkomst=bijeenkomst, deelnemer=deelnemer, aanwezig=True)
    for deelnemer in afwezig:
        Uitnodiging.objects.create(bijeenkomst=bijeenkomst, deelnemer=deelnemer, aanwezig=False)
    return bijeenkomst


@pytest.fixture
def opzet():
    """Two municipalities in one learning group of a track's edition, with held meetings."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(
        soort=Traject.Soort.EDITIE, titel="Samen werken aan schuldhulp", organisaties=[organisatie]
    )
    TrajectContact.objects.create(traject=traject, naam="Carla Contact", organisatie=organisatie)
    editie = EditieFactory(traject=traject, naam="Voorjaar 2026")
    adviseur = AdviseurFactory(organisatie=organisatie, naam="Anna Adviseur")
    leergroep = Leergroep.objects.create(
        editie=editie, volgorde=1, naam="Groep 1", adviseur=adviseur
    )
    praktijken, ambtenaren, deelnemers = [], [], []
    for naam in ("Oss", "Best"):
        gemeente = GemeenteFactory(naam=naam)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.TOEGELATEN
        )
        praktijk = LokalePraktijk.objects.create(aanmelding=aanmelding, leergroep=leergroep)
        ambtenaar = UserFactory(email=f"{naam.lower()}@example.org")
        maak_lid(ambtenaar, gemeente)
        praktijken.append(praktijk)
        ambtenaren.append(ambtenaar)
        deelnemers.append(
            [
                Deelnemer.objects.create(
                    praktijk=praktijk,
                    naam=f"{voornaam} uit {naam}",
                    email=f"{voornaam.lower()}.{naam.lower()}@example.net",
                    rol=Deelnemer.Rol.INWONER,
                )
                for voornaam in ("Ineke", "Bert")
            ]
        )
    (ineke, bert), (best_1, best_2) = deelnemers
    oss, best = praktijken
    _gehouden(editie, titel="Startbijeenkomst in Utrecht", dag=date(2026, 2, 3), aanwezig=[ineke])
    _gehouden(
        editie,
        titel="Lokale bijeenkomst in Oss",
        dag=date(2026, 3, 12),
        aanwezig=[bert],
        afwezig=[ineke],
        soort=B.Soort.LOKAAL,
        praktijk=oss,
    )
    _gehouden(
        editie,
        titel="Uitwisseling zonder Oss",
        dag=date(2026, 4, 21),
        aanwezig=[best_1],
        afwezig=[ineke, bert],
        soort=B.Soort.UITWISSELING,
        leergroep=leergroep,
    )
    _gehouden(
        editie,
        titel="Lokale bijeenkomst in Best",
        dag=date(2026, 5, 6),
        aanwezig=[best_1, best_2],
        soort=B.Soort.LOKAAL,
        praktijk=best,
    )
    slot = B.objects.create(
        editie=editie,
        soort=B.Soort.SLOT,
        titel="Slotbijeenkomst",
        status=B.Status.VASTGESTELD,
        start=_moment(date(2026, 6, 30)),
        eind=_moment(date(2026, 6, 30), 12),
    )
    Uitnodiging.objects.create(bijeenkomst=slot, deelnemer=ineke)
    return {
        "editie": editie,
        "adviseur": adviseur,
        "leergroep": leergroep,
        "praktijken": praktijken,
        "ambtenaren": ambtenaren,
        "ineke": ineke,
        "bert": bert,
        "slot": slot,
    }


def _slot_houden(opzet):
    """As ``verslag_vastleggen`` does: the closing meeting is held, Ineke was there."""
    slot = opzet["slot"]
    slot.status = B.Status.GEHOUDEN
    slot.save(update_fields=["status"])
    slot.uitnodigingen.update(aanwezig=True)


def _url(praktijk):
    return reverse("bewijs:praktijk", kwargs={"pk": praktijk.pk})


def _link_url(deelnemer):
    token = link_token(link_geven(deelnemer=deelnemer, soort="rooster"))
    return reverse("bewijs:link", kwargs={"token": token})


def _pdf(antwoord) -> PdfReader:
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(antwoord.content))


def _tekst(reader: PdfReader) -> str:
    # Words can be split over lines in the extracted text; compare on single spaces.
    return " ".join("\n".join(p.extract_text() for p in reader.pages).split())


def test_bewijs_van_de_gemeente_noemt_traject_editie_gemeente_en_bijgewoonde_bijeenkomsten(
    opzet,
):
    _slot_houden(opzet)
    client = Client()
    client.force_login(opzet["ambtenaren"][0])
    antwoord = client.get(_url(opzet["praktijken"][0]))
    assert antwoord["Content-Disposition"] == 'attachment; filename="deelnamebewijs-oss.pdf"'
    reader = _pdf(antwoord)
    assert len(reader.pages) == 1
    tekst = _tekst(reader)
    for verwacht in (
        "Bewijs van deelname",
        "Samen werken aan schuldhulp",
        "Voorjaar 2026",
        "Oss",
        "Startbijeenkomst in Utrecht",
        "3 februari 2026",
        "Lokale bijeenkomst in Oss",  # Bert came, Ineke did not: the municipality was there
        "12 maart 2026",
        "Slotbijeenkomst",
        "30 juni 2026",
        "Anna Adviseur",
    ):
        assert verwacht in tekst, verwacht
    for niet in ("Uitwisseling zonder Oss", "21 april 2026", "Lokale bijeenkomst in Best", "Best"):
        assert niet not in tekst, niet


def test_pdf_is_getagd_nederlands_en_heeft_een_titel(opzet):
    _slot_houden(opzet)
    inhoud = deelnamebewijs.deelnamebewijs_pdf(praktijk=opzet["praktijken"][0])
    reader = PdfReader(io.BytesIO(inhoud))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"] is True or bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Bewijs van deelname – Oss"


def test_deelnemer_krijgt_via_de_link_een_bewijs_met_alleen_eigen_bijeenkomsten(opzet):
    _slot_houden(opzet)
    antwoord = Client().get(_link_url(opzet["bert"]))
    assert antwoord["Cache-Control"] == "no-store"
    assert antwoord["Referrer-Policy"] == "no-referrer"
    tekst = _tekst(_pdf(antwoord))
    assert "Bert uit Oss" in tekst
    assert "Lokale bijeenkomst in Oss" in tekst
    for niet in ("Startbijeenkomst in Utrecht", "Slotbijeenkomst", "Uitwisseling zonder Oss"):
        assert niet not in tekst, niet


def test_adviseur_van_het_traject_downloadt_en_anders_de_contactpersoon(opzet):
    _slot_houden(opzet)
    client = Client()
    client.force_login(opzet["adviseur"])
    assert "Anna Adviseur" in _tekst(_pdf(client.get(_url(opzet["praktijken"][1]))))
    leergroep = opzet["leergroep"]
    leergroep.adviseur = None
    leergroep.save()
    assert "Carla Contact" in _tekst(_pdf(client.get(_url(opzet["praktijken"][1]))))


@pytest.mark.parametrize("wie", ["andere_gemeente", "andere_adviseur", "zonder_rol"])
def test_wie_de_praktijk_niet_beheert_krijgt_404(opzet, wie):
    _slot_houden(opzet)
    gebruikers = {
        "andere_gemeente": opzet["ambtenaren"][1],
        "andere_adviseur": AdviseurFactory(),
        "zonder_rol": UserFactory(),
    }
    client = Client()
    client.force_login(gebruikers[wie])
    antwoord = client.get(_url(opzet["praktijken"][0]))
    assert antwoord.status_code == 404
    assert antwoord["Content-Type"].startswith("text/html")


def test_anoniem_moet_inloggen(opzet):
    _slot_houden(opzet)
    antwoord = Client().get(_url(opzet["praktijken"][0]))
    assert antwoord.status_code == 302
    assert reverse("account_login") in antwoord["Location"]


def test_verkeerde_of_ingetrokken_link_geeft_404(opzet):
    _slot_houden(opzet)
    client = Client()
    antwoord = client.get(reverse("bewijs:link", kwargs={"token": "0" * 64}))
    assert antwoord.status_code == 404
    assert "Deze link werkt niet" in antwoord.content.decode()
    url = _link_url(opzet["ineke"])
    assert client.get(url).status_code == 200
    opzet["ineke"].actief = False
    opzet["ineke"].save()
    assert client.get(url).status_code == 404


def test_voor_het_einde_van_de_editie_is_er_geen_bewijs(opzet):
    client = Client()
    client.force_login(opzet["ambtenaren"][0])
    antwoord = client.get(_url(opzet["praktijken"][0]))
    assert antwoord.status_code == 404
    inhoud = antwoord.content.decode()
    assert "Het bewijs van deelname is er nog niet" in inhoud
    assert "na de slotbijeenkomst" in inhoud
    assert Client().get(_link_url(opzet["ineke"])).status_code == 404

    _slot_houden(opzet)
    assert client.get(_url(opzet["praktijken"][0])).status_code == 200


def test_einde_van_de_editie_na_slotbijeenkomst_status_of_geplande_einddatum(opzet):
    editie = opzet["editie"]
    vandaag = date(2026, 11, 23)
    assert not is_editie_afgelopen(editie, op=vandaag)

    editie.aanmelding_vanaf, editie.aanmelding_tot = date(2025, 1, 1), date(2025, 1, 31)
    editie.startdatum, editie.doorlooptijd_maanden = date(2025, 1, 31), 13
    editie.save()
    assert geplande_einddatum(editie) == date(2026, 2, 28)
    assert is_editie_afgelopen(editie, op=date(2026, 3, 1))
    assert not is_editie_afgelopen(editie, op=date(2026, 2, 28))

    editie.startdatum = None
    editie.status = Editie.Status.AFGEROND
    editie.save()
    assert is_editie_afgelopen(editie, op=vandaag)

    editie.status = Editie.Status.LOPEND
    editie.save()
    assert not is_editie_afgelopen(editie, op=vandaag)
    _slot_houden(opzet)
    assert is_editie_afgelopen(editie, op=vandaag)


def test_zelfde_inhoud_wordt_een_keer_gerenderd(opzet, monkeypatch):
    _slot_houden(opzet)
    aanroepen = []
    echte = deelnamebewijs.pdf_maken

    def tellen(html, **kwargs):
        aanroepen.append(html)
        return echte(html, **kwargs)

    monkeypatch.setattr(deelnamebewijs, "pdf_maken", tellen)
    praktijk = opzet["praktijken"][0]
    eerste = deelnamebewijs.deelnamebewijs_pdf(praktijk=praktijk)
    assert deelnamebewijs.deelnamebewijs_pdf(praktijk=praktijk) == eerste
    assert len(aanroepen) == 1
    # A change in content (a later day of issue) is a new certificate.
    later = date.today() + timedelta(days=1)
    assert deelnamebewijs.deelnamebewijs_pdf(praktijk=praktijk, op=later) != eerste
    assert len(aanroepen) == 2


def test_traject_op_aanvraag_heeft_geen_bewijs():
    traject = TrajectFactory(soort=Traject.Soort.OP_AANVRAAG)
    aanmelding = AanmeldingFactory(
        editie=None, traject=traject, status=Aanmelding.Status.TOEGELATEN
    )
    praktijk = LokalePraktijk.objects.create(aanmelding=aanmelding)
    ambtenaar = UserFactory()
    maak_lid(ambtenaar, aanmelding.gemeente)
    client = Client()
    client.force_login(ambtenaar)
    antwoord = client.get(_url(praktijk))
    assert antwoord.status_code == 404
    assert "Bij dit traject hoort geen bewijs van deelname" in antwoord.content.decode()


@pytest.mark.parametrize(
    "sjabloon",
    [
        "kennis/deelnamebewijs_pdf.html",
        "kennis/bewijs_nog_niet.html",
        "kennis/bibliotheek.html",
        "kennis/bibliotheek_product.html",
    ],
)
def test_teksten_voor_deelnemers_en_publiek_zijn_b1(sjabloon):
    pad = Path(settings.BASE_DIR) / "templates" / sjabloon
    assert controleren(zichtbare_tekst(pad.read_text(encoding="utf-8"))) == []


def test_uitleg_zonder_bewijs_is_b1(opzet):
    for praktijk in opzet["praktijken"]:
        with pytest.raises(deelnamebewijs.NogNietBeschikbaar) as fout:
            deelnamebewijs.deelnamebewijs_maken(praktijk=praktijk)
        assert controleren(str(fout.value.bericht)) == []
