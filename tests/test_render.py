"""Rendered versions of the knowledge product (kennis.render, kennis.tasks): one version per
content, a new number after a change, failures with a reason and a retry, an abandoned render
taken over, two requests at once, the status page and its JSON per role, and the download."""

import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bijeenkomsten.models import LokalePraktijk
from intake.models import Aanmelding
from kennis import pdf as kennis_pdf
from kennis import producten, render, tasks
from kennis.models import Kennisproduct, Les, Sectie, Toestemming, Weergave
from kennis.pdf import BronGeweigerd
from kennis.weergave import product_html
from portal.exceptions import PortaalFout
from portal.models import Gemeente, Provincie
from trajecten.models import Traject

from . import celery_worker
from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    ThemaFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)

W = Weergave.Status
SECTIETEKST = "Inwoners van de wijk bedachten samen een buurtkamer in de bibliotheek."
NIEUWE_TEKST = "Na een jaar komen er elke week veertig mensen naar de buurtkamer."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _opzet():
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    adviseur = AdviseurFactory(organisatie=organisatie)
    ambtenaren = []
    for naam in ("Oss", "Best"):
        gemeente = GemeenteFactory(naam=naam)
        aanmelding = AanmeldingFactory(
            editie=editie, traject=traject, gemeente=gemeente, status=Aanmelding.Status.TOEGELATEN
        )
        LokalePraktijk.objects.create(aanmelding=aanmelding)
        ambtenaar = UserFactory(email=f"{naam.lower()}@example.org")
        maak_lid(ambtenaar, gemeente)
        ambtenaren.append(ambtenaar)
    product = producten.product_aanmaken(editie=editie, door=adviseur)
    sectie = product.secties.get(soort=Sectie.Soort.SAMENVATTING)
    producten.sectie_wijzigen(
        sectie=sectie, titel="Samenvatting", tekst=SECTIETEKST, versie=product.versie, door=adviseur
    )
    product.refresh_from_db()
    buiten = UserFactory(email="elders@example.org")
    maak_lid(buiten, AanmeldingFactory(status=Aanmelding.Status.TOEGELATEN).gemeente)
    return {
        "product": product,
        "sectie": sectie,
        "adviseur": adviseur,
        "ambtenaar": ambtenaren[0],
        "buiten": buiten,
    }


@pytest.fixture
def opzet(db):
    return _opzet()


@pytest.fixture
def telling(monkeypatch):
    """Counts the PDFs rendered (the real renderer still runs)."""
    aanroepen = []
    echte = render.pdf_maken

    def tellen(html, **kwargs):
        aanroepen.append(kwargs["titel"])
        return echte(html, **kwargs)

    monkeypatch.setattr(render, "pdf_maken", tellen)
    return aanroepen


def _aanvragen(opzet, capture):
    product = Kennisproduct.objects.get(pk=opzet["product"].pk)
    with capture(execute=True):
        weergave = render.weergave_aanvragen(product=product, door=opzet["adviseur"])
    weergave.refresh_from_db()
    return weergave


def _bestanden(product) -> list[str]:
    _mappen, bestanden = default_storage.listdir(f"kennisproducten/{product.pk}")
    return sorted(bestanden)


def _tekst(inhoud: bytes) -> str:
    reader = PdfReader(io.BytesIO(inhoud))
    return " ".join("\n".join(p.extract_text() for p in reader.pages).split())


@pytest.mark.django_db
def test_zelfde_inhoud_twee_keer_geeft_een_versie_en_een_bestand(
    opzet, telling, django_capture_on_commit_callbacks
):
    eerste = _aanvragen(opzet, django_capture_on_commit_callbacks)
    tweede = _aanvragen(opzet, django_capture_on_commit_callbacks)
    assert tweede.pk == eerste.pk
    assert eerste.status == W.KLAAR and eerste.nummer == 1
    assert eerste.inhoud_hash == render.inhoud_hash(product_html(opzet["product"]))
    assert Weergave.objects.filter(product=opzet["product"]).count() == 1
    assert telling == [opzet["product"].titel]
    assert _bestanden(opzet["product"]) == sorted(
        [f"{eerste.inhoud_hash}.html", f"{eerste.inhoud_hash}.pdf"]
    )
    assert eerste.bestand.name == f"kennisproducten/{opzet['product'].pk}/{eerste.inhoud_hash}.pdf"


@pytest.mark.django_db
def test_opgeslagen_pdf_bevat_de_sectie_en_klopt_met_pagina_en_grootte(
    opzet, django_capture_on_commit_callbacks
):
    weergave = _aanvragen(opzet, django_capture_on_commit_callbacks)
    with default_storage.open(weergave.bestand.name, "rb") as bestand:
        inhoud = bestand.read()
    reader = PdfReader(io.BytesIO(inhoud))
    assert SECTIETEKST in _tekst(inhoud)
    assert reader.metadata.title == opzet["product"].titel
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert weergave.paginas == len(reader.pages) > 1
    assert render.paginas_tellen(inhoud) == len(reader.pages)
    assert weergave.bytes == len(inhoud)
    assert weergave.klaar_op is not None and weergave.reden == ""


@pytest.mark.django_db
def test_gewijzigde_sectie_geeft_versie_2_met_de_nieuwe_tekst(
    opzet, django_capture_on_commit_callbacks
):
    eerste = _aanvragen(opzet, django_capture_on_commit_callbacks)
    product = Kennisproduct.objects.get(pk=opzet["product"].pk)
    producten.sectie_wijzigen(
        sectie=opzet["sectie"],
        titel="Samenvatting",
        tekst=NIEUWE_TEKST,
        versie=product.versie,
        door=opzet["adviseur"],
    )
    tweede = _aanvragen(opzet, django_capture_on_commit_callbacks)
    assert tweede.nummer == 2 and tweede.status == W.KLAAR
    assert tweede.inhoud_hash != eerste.inhoud_hash
    with default_storage.open(tweede.bestand.name, "rb") as bestand:
        tekst = _tekst(bestand.read())
    assert NIEUWE_TEKST in tekst and SECTIETEKST not in tekst
    assert len(_bestanden(product)) == 4  # the first version's files stay
    assert default_storage.exists(eerste.bestand.name)


@pytest.mark.django_db
def test_mislukt_met_reden_en_opnieuw_proberen_maakt_hem_klaar(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    echte = kennis_pdf.veilige_fetcher

    def zonder_css(url):
        if url.endswith(".css"):
            raise BronGeweigerd("stylesheet refused in this test")
        return echte(url)

    monkeypatch.setattr(kennis_pdf, "veilige_fetcher", zonder_css)
    weergave = _aanvragen(opzet, django_capture_on_commit_callbacks)
    assert weergave.status == W.MISLUKT
    assert "De opmaak van de PDF kon niet worden geladen" in weergave.reden
    assert not weergave.bestand
    assert not default_storage.exists(render.pdf_naam(weergave))

    monkeypatch.setattr(kennis_pdf, "veilige_fetcher", echte)
    with django_capture_on_commit_callbacks(execute=True):
        render.weergave_opnieuw(weergave=weergave, door=opzet["adviseur"])
    weergave.refresh_from_db()
    assert weergave.status == W.KLAAR and weergave.reden == "" and weergave.nummer == 1
    with pytest.raises(PortaalFout):
        render.weergave_opnieuw(weergave=weergave, door=opzet["adviseur"])


@pytest.mark.django_db
def test_alleen_adviseur_van_het_traject_vraagt_een_pdf_aan(opzet):
    for wie in (opzet["ambtenaar"], AdviseurFactory()):
        with pytest.raises(PortaalFout):
            render.weergave_aanvragen(product=opzet["product"], door=wie)
    assert not Weergave.objects.exists()


@pytest.mark.django_db
def test_een_verlaten_weergave_wordt_overgenomen_een_levende_niet(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks.weergave_maken, "delay", lambda weergave_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        weergave = render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"])
    Weergave.objects.filter(pk=weergave.pk).update(status=W.BEZIG)
    # Another worker is rendering it: its claim is alive, this run waits.
    cache.set(f"kennis:weergave:{weergave.pk}:bezig", "x", 60)
    uitkomst = render.weergave_maken(weergave_id=weergave.pk)
    assert uitkomst.status == W.BEZIG and uitkomst.wacht_nog == render.BEZIG_MAX
    # The worker died: its claim ran out. The redelivered task takes over.
    cache.delete(f"kennis:weergave:{weergave.pk}:bezig")
    assert tasks.weergave_maken.apply(args=[weergave.pk]).get() == W.KLAAR
    weergave.refresh_from_db()
    assert weergave.status == W.KLAAR
    # Run twice: nothing happens.
    assert render.weergave_maken(weergave_id=weergave.pk).status == W.KLAAR


@pytest.mark.django_db
def test_pdf_maken_voor_verlaten_inhoud_zet_hem_opnieuw_in_de_wachtrij(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    gevraagd = []
    monkeypatch.setattr(tasks.weergave_maken, "delay", gevraagd.append)
    with django_capture_on_commit_callbacks(execute=True):
        weergave = render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"])
    Weergave.objects.filter(pk=weergave.pk).update(status=W.BEZIG)
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw = render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"])
    assert opnieuw.pk == weergave.pk and opnieuw.status == W.WACHTRIJ
    assert gevraagd == [weergave.pk, weergave.pk]


@pytest.mark.django_db
def test_vegen_zet_verloren_en_verlaten_versies_opnieuw_in_de_wachtrij(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    gevraagd = []
    monkeypatch.setattr(tasks.weergave_maken, "delay", gevraagd.append)
    product, adviseur = opzet["product"], opzet["adviseur"]
    versies = {}
    for naam in ("verloren", "vers", "verlaten", "levend"):
        with django_capture_on_commit_callbacks(execute=True):
            versies[naam] = render.weergave_aanvragen(
                product=product, door=adviseur, html=f"<!DOCTYPE html><title>{naam}</title>"
            )
    # Asking again for content that is still waiting queues it once more (a lost message).
    with django_capture_on_commit_callbacks(execute=True):
        render.weergave_aanvragen(
            product=product, door=adviseur, html="<!DOCTYPE html><title>vers</title>"
        )
    assert gevraagd.count(versies["vers"].pk) == 2
    gevraagd.clear()
    een_uur_geleden = timezone.now() - timedelta(hours=1)
    Weergave.objects.filter(pk=versies["verloren"].pk).update(created_at=een_uur_geleden)
    Weergave.objects.filter(pk__in=[versies["verlaten"].pk, versies["levend"].pk]).update(
        status=W.BEZIG
    )
    cache.set(f"kennis:weergave:{versies['levend'].pk}:bezig", "x", 60)

    with django_capture_on_commit_callbacks(execute=True):
        assert render.weergaven_vegen() == 2
    assert sorted(gevraagd) == sorted([versies["verloren"].pk, versies["verlaten"].pk])
    assert Weergave.objects.get(pk=versies["verlaten"].pk).status == W.WACHTRIJ
    assert Weergave.objects.get(pk=versies["levend"].pk).status == W.BEZIG


@pytest.mark.django_db(transaction=True)
def test_twee_verzoeken_tegelijk_maken_een_versie(monkeypatch):
    opzet = _opzet()
    monkeypatch.setattr(tasks.weergave_maken, "delay", lambda weergave_id: None)
    start = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def aanvragen():
        try:
            start.wait()
            uitkomsten.append(
                render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"]).pk
            )
        except Exception as fout:  # reported by the assertion below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=aanvragen) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert fouten == []
    assert len(set(uitkomsten)) == 1
    assert Weergave.objects.filter(product=opzet["product"]).count() == 1


# --- Pages ---------------------------------------------------------------------------------------


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_statuspagina_en_json_alleen_voor_adviseurs_van_het_traject(opzet):
    product = opzet["product"]
    pagina_url = reverse("weergave:overzicht", kwargs={"pk": product.pk})
    stand = reverse("weergave:stand", kwargs={"pk": product.pk})
    for wie in (opzet["ambtenaar"], opzet["buiten"], AdviseurFactory()):
        assert _client(wie).get(pagina_url).status_code == 404
        assert _client(wie).get(stand).status_code == 404
        assert _client(wie).post(pagina_url).status_code == 404
    assert reverse("account_login") in _client().get(stand)["Location"]
    antwoord = _client(opzet["adviseur"]).get(pagina_url)
    assert antwoord.status_code == 200
    inhoud = antwoord.content.decode()
    assert "PDF maken" in inhoud and "Er is nog geen PDF" in inhoud
    assert _client(opzet["adviseur"]).get(stand).json() == {"onderweg": False, "weergaven": []}


@pytest.mark.django_db
def test_statuspagina_en_json_met_vaste_aantal_queries(
    opzet, monkeypatch, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    monkeypatch.setattr(tasks.weergave_maken, "delay", lambda weergave_id: None)
    for nummer in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            render.weergave_aanvragen(
                product=opzet["product"],
                door=opzet["adviseur"],
                html=f"<!DOCTYPE html><title>Versie {nummer}</title>",
            )
    client = _client(opzet["adviseur"])
    with django_assert_max_num_queries(8):
        stand = client.get(reverse("weergave:stand", kwargs={"pk": opzet["product"].pk})).json()
    assert [rij["nummer"] for rij in stand["weergaven"]] == [6, 5, 4, 3, 2, 1]
    with django_assert_max_num_queries(10):
        client.get(reverse("weergave:overzicht", kwargs={"pk": opzet["product"].pk}))


@pytest.mark.django_db
def test_pdf_maken_op_de_pagina_toont_de_stand_en_wordt_klaar(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    product = opzet["product"]
    client = _client(opzet["adviseur"])
    pagina_url = reverse("weergave:overzicht", kwargs={"pk": product.pk})
    stand = reverse("weergave:stand", kwargs={"pk": product.pk})
    wachtend = []
    monkeypatch.setattr(tasks.weergave_maken, "delay", wachtend.append)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(pagina_url)
    assert antwoord.status_code == 302 and antwoord["Location"] == pagina_url
    weergave = Weergave.objects.get(product=product)
    assert wachtend == [weergave.pk]

    inhoud = client.get(pagina_url).content.decode()
    assert "Versie 1 wordt gemaakt. Dit duurt even." in inhoud and "In de wachtrij" in inhoud
    assert 'role="status"' in inhoud and "Vernieuwen" in inhoud
    assert "js/weergave-status.js" in inhoud and "<script>" not in inhoud
    json = client.get(stand).json()
    assert json["onderweg"] is True
    assert json["weergaven"][0]["status"] == "wachtrij"
    assert json["weergaven"][0]["download"] == ""

    tasks.weergave_maken.apply(args=[weergave.pk])
    json = client.get(stand).json()
    rij = json["weergaven"][0]
    assert json["onderweg"] is False
    assert rij["status"] == "klaar" and rij["status_tekst"] == "Klaar"
    assert rij["download"] == reverse(
        "weergave:download", kwargs={"slug": product.slug, "nummer": 1}
    )
    assert rij["paginas_tekst"].endswith("pagina's") and rij["grootte_tekst"]
    inhoud = client.get(pagina_url).content.decode()
    assert rij["download"] in inhoud and "Vernieuwen" not in inhoud
    # Nothing changed: no new version, and the message says so.
    inhoud = client.post(pagina_url, follow=True).content.decode()
    assert "Er is niets veranderd sinds versie 1." in inhoud
    assert Weergave.objects.filter(product=product).count() == 1


@pytest.mark.django_db
def test_mislukte_versie_toont_reden_en_knop_opnieuw_proberen(
    opzet, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(render, "pdf_maken", lambda html, **kw: 1 / 0)
    weergave = _aanvragen(opzet, django_capture_on_commit_callbacks)
    assert weergave.status == W.MISLUKT
    assert weergave.reden.startswith("Er ging iets mis bij het maken van de PDF.")
    client = _client(opzet["adviseur"])
    pagina_url = reverse("weergave:overzicht", kwargs={"pk": opzet["product"].pk})
    inhoud = client.get(pagina_url).content.decode()
    assert weergave.reden in inhoud and "Opnieuw proberen" in inhoud
    monkeypatch.undo()
    opnieuw = reverse("weergave:opnieuw", kwargs={"pk": opzet["product"].pk, "nummer": 1})
    assert _client(opzet["ambtenaar"]).post(opnieuw).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(opnieuw)["Location"] == pagina_url
    weergave.refresh_from_db()
    assert weergave.status == W.KLAAR


@pytest.mark.django_db
def test_download_van_een_concept_alleen_voor_adviseur_en_ambtenaren_in_bereik(
    opzet, django_capture_on_commit_callbacks
):
    weergave = _aanvragen(opzet, django_capture_on_commit_callbacks)
    url = reverse("weergave:download", kwargs={"slug": opzet["product"].slug, "nummer": 1})
    for wie in (opzet["adviseur"], opzet["ambtenaar"]):
        antwoord = _client(wie).get(url)
        assert antwoord.status_code == 200
        assert antwoord["Content-Type"] == "application/pdf"
        assert "no-store" in antwoord["Cache-Control"]
        assert b"".join(antwoord.streaming_content)[:5] == b"%PDF-"
    assert _client(opzet["buiten"]).get(url).status_code == 404
    assert _client(AdviseurFactory()).get(url).status_code == 404
    assert reverse("account_login") in _client().get(url)["Location"]
    assert weergave.nummer == 1
    onbekend = reverse("weergave:download", kwargs={"slug": opzet["product"].slug, "nummer": 9})
    assert _client(opzet["adviseur"]).get(onbekend).status_code == 404
    default_storage.delete(weergave.bestand.name)
    assert _client(opzet["adviseur"]).get(url).status_code == 404


@pytest.mark.django_db
def test_van_een_gepubliceerd_product_is_alleen_de_laatste_versie_openbaar(
    opzet, django_capture_on_commit_callbacks
):
    _aanvragen(opzet, django_capture_on_commit_callbacks)
    Kennisproduct.objects.filter(pk=opzet["product"].pk).update(
        status=Kennisproduct.Status.GEPUBLICEERD, gepubliceerd_op=timezone.now()
    )
    # Publishing puts the date on the cover: new content, version 2.
    tweede = _aanvragen(opzet, django_capture_on_commit_callbacks)
    assert tweede.nummer == 2
    slug = opzet["product"].slug
    antwoord = _client().get(reverse("weergave:download", kwargs={"slug": slug, "nummer": 2}))
    assert antwoord.status_code == 200
    assert "no-store" not in antwoord.get("Cache-Control", "")
    oud = _client().get(reverse("weergave:download", kwargs={"slug": slug, "nummer": 1}))
    assert oud.status_code == 302


# --- The public library --------------------------------------------------------------------------


def _publiceren(product):
    Kennisproduct.objects.filter(pk=product.pk).update(
        status=Kennisproduct.Status.GEPUBLICEERD, gepubliceerd_op=timezone.now()
    )


@pytest.fixture
def bibliotheek(opzet):
    """The product published; Best (Noord-Brabant) agreed to be named, Oss (Utrecht) did not."""
    product = opzet["product"]
    brabant = Provincie.objects.get_or_create(code="PV30", defaults={"naam": "Noord-Brabant"})[0]
    Gemeente.objects.filter(naam="Best").update(provincie=brabant)
    Toestemming.objects.filter(product=product, praktijk__aanmelding__gemeente__naam="Best").update(
        status=Toestemming.Status.GEGEVEN, beantwoord_op=timezone.now()
    )
    producten.sectie_wijzigen(
        sectie=opzet["sectie"],
        titel="Samenvatting",
        tekst="Oss en Best leerden veel van elkaar.",
        versie=Kennisproduct.objects.get(pk=product.pk).versie,
        door=opzet["adviseur"],
    )
    _publiceren(product)
    thema = ThemaFactory(naam="Eenzaamheid")
    les = Les.objects.create(
        editie=product.editie,
        tekst="Begin klein.",
        status=Les.Status.GOEDGEKEURD,
        beoordeeld_op=timezone.now(),
    )
    les.themas.add(thema)
    # A concept product of another track: never in the library.
    ander = producten.product_aanmaken(
        editie=EditieFactory(traject=TrajectFactory(organisaties=[opzet["adviseur"].organisatie])),
        door=opzet["adviseur"],
    )
    return {"product": product, "brabant": brabant, "thema": thema, "concept": ander}


@pytest.mark.django_db
def test_bibliotheek_toont_gepubliceerde_producten_met_filters(
    bibliotheek, django_assert_max_num_queries
):
    product, concept = bibliotheek["product"], bibliotheek["concept"]
    url = reverse("weergave:bibliotheek")
    with django_assert_max_num_queries(8):
        antwoord = Client().get(url)
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert (
        f'href="{reverse("weergave:bibliotheek-product", kwargs={"slug": product.slug})}"' in inhoud
    )
    assert concept.slug not in inhoud
    assert "Best" in inhoud and "Oss" not in inhoud  # only named municipalities
    assert f"/kennisproducten/{product.slug}/pdf/" not in inhoud  # no PDF made yet

    link = reverse("weergave:bibliotheek-product", kwargs={"slug": product.slug})

    def gevonden(**filters):
        antwoord = Client().get(url, filters)
        assert antwoord.context["form"].is_valid()
        return link in antwoord.content.decode()

    assert gevonden(traject=product.editie.traject_id)
    _publiceren(concept)  # now a second track has a published product
    assert not gevonden(traject=concept.editie.traject_id)
    assert gevonden(thema=bibliotheek["thema"].pk)
    assert not gevonden(thema=ThemaFactory().pk)
    assert gevonden(provincie=bibliotheek["brabant"].pk)
    utrecht = Gemeente.objects.get(naam="Oss").provincie_id
    assert not gevonden(provincie=utrecht)  # Oss lies there, but is not named


@pytest.mark.django_db
def test_bibliotheekpagina_toont_het_product_geanonimiseerd_met_de_pdf(
    bibliotheek, opzet, django_capture_on_commit_callbacks
):
    product = bibliotheek["product"]
    url = reverse("weergave:bibliotheek-product", kwargs={"slug": product.slug})
    inhoud = Client().get(url).content.decode()
    assert "Gemeente A en Best leerden veel van elkaar." in inhoud
    assert "De PDF komt binnenkort" in inhoud
    weergave = _aanvragen(opzet, django_capture_on_commit_callbacks)
    download = reverse("weergave:download", kwargs={"slug": product.slug, "nummer": 1})
    assert weergave.status == W.KLAAR
    assert download in Client().get(url).content.decode()
    assert download in Client().get(reverse("weergave:bibliotheek")).content.decode()
    assert Client().get(download).status_code == 200
    concept = reverse("weergave:bibliotheek-product", kwargs={"slug": bibliotheek["concept"].slug})
    assert Client().get(concept).status_code == 404


# --- A real worker -------------------------------------------------------------------------------

# The real worker's fixtures, by the names the test asks for (see tests/celery_worker.py).
celery_broker = celery_worker.celery_broker
smtp_sink = celery_worker.smtp_sink
worker_starten = celery_worker.worker_starten
#: This module's own broker database (test_mail uses 2, the worker tests 8, test_storingen 12).
WORKER_REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.mark.django_db(transaction=True)
def test_een_echte_worker_maakt_de_pdf_en_dezelfde_inhoud_gaat_niet_nog_eens_de_wachtrij_in(
    worker_starten, settings, monkeypatch
):
    """Across processes: the request only queues the id; a ``celery worker`` renders and stores
    the PDF where the web process can read it. The worker's storage is the default MEDIA_ROOT."""
    settings.MEDIA_ROOT = Path(settings.BASE_DIR) / "var" / "media"
    opzet = _opzet()
    worker = worker_starten(WORKER_REDIS_URL)
    # Rendering in this process would fail: a "klaar" can only come from the worker.
    monkeypatch.setattr(render, "pdf_maken", lambda html, **kw: 1 / 0)
    weergave = render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"])
    try:
        worker.wachten_tot(
            lambda: Weergave.objects.get(pk=weergave.pk).status in (W.KLAAR, W.MISLUKT),
            seconden=60,
            wat="a finished PDF",
        )
        weergave.refresh_from_db()
        assert (weergave.status, weergave.reden) == (W.KLAAR, "")
        with default_storage.open(weergave.bestand.name, "rb") as bestand:
            assert SECTIETEKST in _tekst(bestand.read())
        worker.wachten_tot(worker.wachtrij_leeg, seconden=10, wat="an acknowledged task")
        opnieuw = render.weergave_aanvragen(product=opzet["product"], door=opzet["adviseur"])
        assert opnieuw.pk == weergave.pk
        assert worker.wachtrij_leeg()  # nothing queued for content that is already done
    finally:
        for naam in (render.pdf_naam(weergave), render.html_naam(weergave)):
            default_storage.delete(naam)


def test_de_veger_van_pdf_versies_staat_in_het_beat_schema(settings):
    from portal.celery import app

    taken = {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "kennis.tasks.weergaven_vegen" in taken
    assert "kennis.tasks.weergaven_vegen" in app.tasks
