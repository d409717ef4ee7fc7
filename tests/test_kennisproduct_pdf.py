"""The knowledge product's PDF as poppler reads it (pdfinfo, pdftotext): tagged, titled, in
Dutch, with the sections and the approved lessons, without the declined or proposed ones and
without anything fetched from outside."""

import shutil
import socket
import subprocess

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from kennis import lessen, producten, render
from kennis.models import Les, Sectie, Weergave

from .test_render import _opzet, media  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _poppler_aanwezig():
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo is missing: run `make test`, which installs poppler-utils.")


def _poppler(programma: str, pad) -> str:
    return subprocess.run(
        [programma, str(pad), "-"] if programma == "pdftotext" else [programma, str(pad)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pdf_is_getagd_met_titel_en_bevat_alleen_goedgekeurde_lessen(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    opzet = _opzet()
    product, adviseur = opzet["product"], opzet["adviseur"]
    editie = product.editie
    goed = lessen.les_vastleggen(
        editie=editie,
        tekst="Vraag inwoners zelf wat ze nodig hebben.",
        soort=Les.Soort.LES,
        themas=[],
        door=adviseur,
    )
    afgewezen = lessen.les_vastleggen(
        editie=editie,
        tekst="Vergader altijd op maandag.",
        soort=Les.Soort.TIP,
        themas=[],
        door=adviseur,
    )
    lessen.les_beoordelen(les=afgewezen, besluit="afwijzen", door=adviseur)
    sectie = product.secties.get(soort=Sectie.Soort.LESSEN)
    product.refresh_from_db()
    producten.lessen_invoegen(sectie=sectie, versie=product.versie, door=adviseur)
    product.refresh_from_db()
    # A section that tries to fetch from outside and to run a script.
    vrij = producten.sectie_toevoegen(
        product=product, titel="Bijlagen", versie=product.versie, door=adviseur
    )
    product.refresh_from_db()
    producten.sectie_wijzigen(
        sectie=vrij,
        titel="Bijlagen",
        tekst=(
            "Zie ![kaart](http://127.0.0.1:9/x) en ![geheim](file:///etc/passwd).\n\n"
            "<script>alert(1)</script><img src='http://127.0.0.1:9/y'>"
        ),
        versie=product.versie,
        door=adviseur,
    )
    product.refresh_from_db()

    verbindingen = []
    echte_connect = socket.socket.connect

    def connect(sock, adres):
        verbindingen.append(adres)
        return echte_connect(sock, adres)

    monkeypatch.setattr(socket.socket, "connect", connect)
    with django_capture_on_commit_callbacks(execute=True):
        weergave = render.weergave_aanvragen(product=product, door=adviseur)
    weergave.refresh_from_db()
    assert weergave.status == Weergave.Status.KLAAR, weergave.reden
    assert not [a for a in verbindingen if isinstance(a, tuple) and a[:2] == ("127.0.0.1", 9)]

    pad = tmp_path / "product.pdf"
    with weergave.bestand.open("rb") as bron:
        pad.write_bytes(bron.read())
    info = dict(
        regel.split(":", 1) for regel in _poppler("pdfinfo", pad).splitlines() if ":" in regel
    )
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == product.titel
    assert int(info["Pages"]) == weergave.paginas >= 3
    assert PdfReader(pad).trailer["/Root"]["/Lang"] in ("nl", "nl-NL")

    tekst = " ".join(_poppler("pdftotext", pad).split())
    for sectie in product.secties.all():
        # Sections with text are in the PDF; empty ones are left out.
        assert (sectie.titel in tekst) == bool(sectie.tekst.strip()), sectie.titel
    assert goed.tekst in tekst
    assert afgewezen.tekst not in tekst
    # Typed HTML and refused links stay text: the stored HTML that was rendered has no script
    # element and no image from outside our own files.
    with default_storage.open(render.html_naam(weergave)) as bron:
        html = bron.read().decode()
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'src="file:' not in html and 'src="http' not in html
