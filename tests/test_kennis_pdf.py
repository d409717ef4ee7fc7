"""The PDF renderer (kennis.pdf): the real PDFs opened with pypdf, and the URL fetcher's rules.

One sample knowledge product is rendered once per module (about two seconds) and read by most
tests; the fetcher tests call the fetcher directly and render nothing.
"""

import io
import os
import re
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils.safestring import mark_safe
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from kennis import pdf as kennis_pdf
from kennis.pdf import BronFout, BronGeweigerd, BronOntbreekt, PdfFout, pdf_maken, veilige_fetcher

TITEL = "Samen werken aan schuldhulp"
SECTIETITELS = [
    "Samenvatting",
    "Het vraagstuk",
    "Aanpak en werkvormen",
    "Wat leverde het op?",
    "Lessen per thema",
    "Vervolgstappen",
]
ALINEA = (
    "Gemeenten leren van elkaar door samen aan een vraagstuk te werken. Ze delen wat werkt, "
    "wat niet werkt en waarom. Inwoners vertellen wat zij merken van de hulp die ze krijgen. "
)
EXTERN_PLAATJE = "https://example.org/x.png"
ONVEILIGE_BRONNEN = [
    EXTERN_PLAATJE,
    "http://127.0.0.1:9/x",
    "file:///etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
]
REPO = Path(__file__).resolve().parent.parent


def _png(kleur) -> bytes:
    uitvoer = io.BytesIO()
    Image.new("RGB", (16, 16), kleur).save(uitvoer, format="PNG")
    return uitvoer.getvalue()


def _sectie_html(nummer: int) -> str:
    html = f"<p>{ALINEA * 5}</p>" * (2 + nummer % 3)
    html += "<h3>Tips</h3><ul><li>Begin klein.</li><li>Vraag inwoners mee te denken.</li></ul>"
    if nummer == 1:
        html += (
            '<figure><img src="/static/kennis-test/logo.png" alt="Logo van het traject">'
            "<figcaption>Logo uit de statische bestanden</figcaption></figure>"
            '<figure><img src="/media/kennis/foto.png" alt="Foto van een bijeenkomst">'
            "<figcaption>Foto uit de mediabestanden</figcaption></figure>"
        )
    if nummer == 2:
        html += "".join(
            f'<p><img src="{url}" alt="Geweigerd plaatje {index}"></p>'
            for index, url in enumerate(ONVEILIGE_BRONNEN)
        )
    return html


def _voorbeeld_html() -> str:
    secties = [
        # The section HTML of the future model is sanitised first; here it is our own.
        {"titel": titel, "anker": f"sectie-{nummer}", "html": mark_safe(_sectie_html(nummer))}
        for nummer, titel in enumerate(SECTIETITELS)
    ]
    return render_to_string(
        "kennis/kennisproduct_pdf.html",
        {
            "titel": TITEL,
            "ondertitel": "Wat gemeenten leerden in het ontwikkeltraject",
            "editie": "Editie 2025-1",
            "datum": date(2025, 6, 30),
            "organisaties": ["Movisie", "VNG"],
            "secties": secties,
        },
    )


@pytest.fixture(scope="module")
def bestanden(tmp_path_factory):
    """A STATIC_ROOT with a collected image (as after collectstatic) and a MEDIA_ROOT with an
    uploaded one."""
    static_root = tmp_path_factory.mktemp("static")
    (static_root / "kennis-test").mkdir()
    (static_root / "kennis-test" / "logo.png").write_bytes(_png((0, 86, 139)))
    media_root = tmp_path_factory.mktemp("media")
    (media_root / "kennis").mkdir()
    (media_root / "kennis" / "foto.png").write_bytes(_png((255, 221, 0)))
    return static_root, media_root


@pytest.fixture(scope="module")
def voorbeeld(bestanden):
    """The sample product rendered once, with every fetch recorded and the network blocked."""
    static_root, media_root = bestanden
    opgehaald, netwerk = [], []
    echte_fetcher = kennis_pdf.veilige_fetcher

    def opnemen(url):
        try:
            bron = echte_fetcher(url)
        except BronFout as fout:
            opgehaald.append((url, type(fout)))
            raise
        opgehaald.append((url, None))
        return bron

    def geen_netwerk(*args, **kwargs):
        netwerk.append(args)
        raise OSError("network access in a PDF test")

    with (
        override_settings(STATIC_ROOT=static_root, MEDIA_ROOT=media_root),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(kennis_pdf, "veilige_fetcher", opnemen)
        mp.setattr(socket, "getaddrinfo", geen_netwerk)
        mp.setattr(socket, "create_connection", geen_netwerk)
        mp.setattr(socket.socket, "connect", geen_netwerk)
        html = _voorbeeld_html()
        inhoud = pdf_maken(html, titel=TITEL, auteur="Movisie, VNG", onderwerp="Kennisproduct")
    reader = PdfReader(io.BytesIO(inhoud))
    return {
        "html": html,
        "pdf": inhoud,
        "reader": reader,
        "teksten": [pagina.extract_text() for pagina in reader.pages],
        "opgehaald": opgehaald,
        "netwerk": netwerk,
        "static_root": static_root,
        "media_root": media_root,
    }


# --- The PDF itself ---------------------------------------------------------------------------


def test_pdf_heeft_taal_titel_en_metadata(voorbeeld):
    reader = voorbeeld["reader"]
    root = reader.trailer["/Root"]

    assert root["/Lang"] == "nl"
    assert reader.metadata.title == TITEL
    assert reader.metadata.author == "Movisie, VNG"
    assert reader.metadata.subject == "Kennisproduct"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    # The date comes from the content (dcterms.created), not from the clock.
    assert reader.metadata["/CreationDate"] == "D:20250630"


def test_pdf_is_getagd_als_pdf_ua_1(voorbeeld):
    root = voorbeeld["reader"].trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    structuur = root["/StructTreeRoot"]
    assert structuur["/Type"] == "/StructTreeRoot"
    assert structuur["/K"][0].get_object()["/S"] == "/Document"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"""pdfuaid:part(="1"|>1<)""", xmp), xmp
    assert voorbeeld["reader"].pdf_header == "%PDF-1.7"


def _lettertypen(reader):
    for pagina in reader.pages:
        for lettertype in pagina["/Resources"]["/Font"].values():
            yield lettertype.get_object()


def _beschrijving(lettertype):
    if lettertype["/Subtype"] == "/Type0":
        lettertype = lettertype["/DescendantFonts"][0].get_object()
    return lettertype["/FontDescriptor"].get_object()


def test_alle_lettertypen_zijn_ingebed_en_het_is_noto_sans(voorbeeld):
    lettertypen = list(_lettertypen(voorbeeld["reader"]))

    assert lettertypen
    for lettertype in lettertypen:
        beschrijving = _beschrijving(lettertype)
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(beschrijving), lettertype
        # Noto Sans came through the fetcher; no system font was used as a fallback.
        assert "Noto-Sans" in lettertype["/BaseFont"], lettertype["/BaseFont"]
    assert {str(lettertype["/BaseFont"]).split("+")[1] for lettertype in lettertypen} == {
        "Noto-Sans",
        "Noto-Sans-Bold",
    }


def test_bladwijzers_voor_titel_inhoud_en_secties(voorbeeld):
    outline = voorbeeld["reader"].outline

    assert [item.title for item in outline if not isinstance(item, list)] == [TITEL]
    kinderen = next(item for item in outline if isinstance(item, list))
    assert [item.title for item in kinderen] == ["Inhoud", *SECTIETITELS]


def test_paginanummers_kloppen_op_elke_pagina(voorbeeld):
    teksten = voorbeeld["teksten"]
    aantal = len(teksten)

    assert aantal >= 7  # cover, contents and several pages of text
    assert "Pagina" not in teksten[0]
    assert TITEL in teksten[0] and "Editie 2025-1" in teksten[0] and "30 juni 2025" in teksten[0]
    for nummer, tekst in enumerate(teksten[1:], start=2):
        assert f"Pagina {nummer} van {aantal}" in tekst
        assert TITEL in tekst  # running header


def test_inhoudsopgave_noemt_de_pagina_van_elke_sectie(voorbeeld):
    teksten = voorbeeld["teksten"]
    inhoud = teksten[1]

    assert "Inhoud" in inhoud
    for titel in SECTIETITELS:
        genoemd = re.search(re.escape(titel) + r"[\s.…]*(\d+)", inhoud)
        assert genoemd, (titel, inhoud)
        eerste_pagina = next(
            nummer for nummer, tekst in enumerate(teksten[2:], start=3) if titel in tekst
        )
        assert int(genoemd[1]) == eerste_pagina, titel


def _getekende_plaatjes(pagina) -> list:
    """The image XObjects that the page's content stream draws (``/Name Do``)."""
    namen = re.findall(rb"/([^\s/]+) Do", pagina.get_contents().get_data())
    xobjects = pagina["/Resources"].get("/XObject", {})
    plaatjes = (xobjects[f"/{naam.decode()}"].get_object() for naam in namen)
    return [plaatje for plaatje in plaatjes if plaatje["/Subtype"] == "/Image"]


def test_plaatjes_uit_static_en_media_staan_op_de_pagina(voorbeeld):
    reader, teksten = voorbeeld["reader"], voorbeeld["teksten"]
    paginas = [nummer for nummer, tekst in enumerate(teksten) if "Logo uit de statische" in tekst]
    assert len(paginas) == 1
    plaatjes = _getekende_plaatjes(reader.pages[paginas[0]])

    # Exactly the two files of our own, with their own colours; nothing from elsewhere.
    kleuren = {plaatje.decode_as_image().convert("RGB").getpixel((8, 8)) for plaatje in plaatjes}
    assert kleuren == {(0, 86, 139), (255, 221, 0)}
    assert sum(len(_getekende_plaatjes(pagina)) for pagina in reader.pages) == 2


def test_onveilige_plaatjes_worden_geweigerd_zonder_netwerk(voorbeeld):
    opgehaald = voorbeeld["opgehaald"]
    geweigerd = {url for url, fout in opgehaald if fout is BronGeweigerd}

    assert voorbeeld["netwerk"] == []
    assert {EXTERN_PLAATJE, "http://127.0.0.1:9/x", "file:///etc/passwd"} <= geweigerd
    assert "https://trajectportaal.invalid/static/%2e%2e/%2e%2e/etc/passwd" in geweigerd
    # A refused image is left out; its alt text stands in its place.
    tekst = "\n".join(voorbeeld["teksten"])
    assert "Geweigerd plaatje 0" in tekst
    # Everything that was fetched is ours: stylesheet, fonts and the two images.
    toegestaan = sorted(url for url, fout in opgehaald if fout is None)
    assert all(url.startswith("https://trajectportaal.invalid/") for url in toegestaan)
    assert any(url.endswith("kennisproduct-print.css") for url in toegestaan)
    assert sum(url.endswith(".woff2") for url in toegestaan) == 4


def test_zelfde_html_geeft_dezelfde_bytes(voorbeeld):
    with override_settings(
        STATIC_ROOT=voorbeeld["static_root"], MEDIA_ROOT=voorbeeld["media_root"]
    ):
        opnieuw = pdf_maken(
            voorbeeld["html"], titel=TITEL, auteur="Movisie, VNG", onderwerp="Kennisproduct"
        )

    assert opnieuw == voorbeeld["pdf"]


def test_zelfde_html_een_uur_later_geeft_dezelfde_bytes(voorbeeld, monkeypatch):
    """fontTools writes the clock time into the fonts it makes static; not into ours."""
    from fontTools.misc import timeTools

    echt = timeTools.time.time
    monkeypatch.setattr(timeTools.time, "time", lambda: echt() + 3600)
    with override_settings(
        STATIC_ROOT=voorbeeld["static_root"], MEDIA_ROOT=voorbeeld["media_root"]
    ):
        later = pdf_maken(
            voorbeeld["html"], titel=TITEL, auteur="Movisie, VNG", onderwerp="Kennisproduct"
        )

    assert later == voorbeeld["pdf"]


def test_zelfde_html_geeft_dezelfde_bytes_in_een_ander_proces():
    """A Celery worker renders in another process, with another hash seed: still the same bytes."""
    html = (
        "<!DOCTYPE html><html lang='nl'><head><title>T</title>"
        "<link rel='stylesheet' href='/static/css/kennisproduct-print.css'></head>"
        "<body><h1>Kop</h1><h2>Sectie</h2><p>Tekst met <strong>nadruk</strong>.</p></body></html>"
    )
    script = (
        "import sys, django; django.setup()\n"
        "from kennis.pdf import pdf_maken\n"
        "sys.stdout.buffer.write(pdf_maken(sys.stdin.read(), titel='T'))\n"
    )
    ander_zaad = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "LOG_LEVEL": "ERROR",
        "PYTHONHASHSEED": ander_zaad,
    }

    elders = subprocess.run(
        [sys.executable, "-c", script],
        input=html.encode(),
        capture_output=True,
        check=True,
        cwd=REPO,
        env=omgeving,
        timeout=60,
    ).stdout

    assert elders.startswith(b"%PDF-1.7")
    assert elders == pdf_maken(html, titel="T")


# --- What stops rendering and what does not ---------------------------------------------------


def _document(head: str = "", body: str = "<p>Tekst.</p>") -> str:
    return (
        f"<!DOCTYPE html><html lang='nl'><head><title>Test</title>{head}</head>"
        f"<body><h1>Test</h1>{body}</body></html>"
    )


def test_ontbrekend_stijlblad_stopt_het_maken(caplog):
    html = _document(head='<link rel="stylesheet" href="/static/css/bestaat-niet.css">')

    with pytest.raises(PdfFout, match=r"bestaat-niet\.css"):
        pdf_maken(html, titel="Test")


def test_lettertype_van_buiten_stopt_het_maken():
    html = _document(
        head="<style>@font-face { font-family: X; src: url(https://example.org/x.woff2); }"
        "body { font-family: X; }</style>"
    )

    with pytest.raises(PdfFout, match="network"):
        pdf_maken(html, titel="Test")


def test_geweigerd_plaatje_geeft_een_waarschuwing_en_de_alt_tekst(caplog):
    html = _document(body=f'<p><img src="{EXTERN_PLAATJE}" alt="Een plaatje van buiten"></p>')

    inhoud = pdf_maken(html, titel="Test")

    tekst = PdfReader(io.BytesIO(inhoud)).pages[0].extract_text()
    assert "Een plaatje van buiten" in tekst
    assert any(
        record.name == "kennis.pdf" and EXTERN_PLAATJE in record.getMessage()
        for record in caplog.records
        if record.levelname == "WARNING"
    )


def test_metadata_komt_uit_de_argumenten():
    inhoud = pdf_maken(_document(), titel="Deelnamebewijs", taal="nl-NL", auteur="Movisie")

    reader = PdfReader(io.BytesIO(inhoud))
    assert (reader.metadata.title, reader.metadata.author) == ("Deelnamebewijs", "Movisie")
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    assert "/Subject" not in reader.metadata


def test_pdf_zonder_titel_kan_niet():
    with pytest.raises(ValueError, match="title"):
        pdf_maken(_document(), titel="  ")


# --- The fetcher ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/x.png",
        "https://example.org/static/css/kennisproduct-print.css",
        "//example.org/static/css/kennisproduct-print.css",
        "https://trajectportaal.invalid@example.org/static/css/kennisproduct-print.css",
        "http://trajectportaal.invalid/static/css/kennisproduct-print.css",
        "http://127.0.0.1:9/x",
        "file:///etc/passwd",
        f"file://{REPO}/static/css/kennisproduct-print.css",
        "ftp://example.org/x.png",
        "javascript:alert(1)",
        "/etc/passwd",
        "/static/../../etc/passwd",
        "https://trajectportaal.invalid/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/css%2f..%2f..%2f..%2fportal%2fsettings.py",
        "/static/%2E%2E/portal/settings.py",
        "/static//etc/passwd",
        "/static/..%5c..%5cetc%5cpasswd",
        "/static/css/kennisproduct-print.css%00.png",
        "/media/../portal/settings.py",
        "/media/%2e%2e/portal/settings.py",
        "relatief/pad.png",
    ],
)
def test_fetcher_weigert(url):
    with pytest.raises(BronGeweigerd):
        veilige_fetcher(url)


@pytest.mark.parametrize(
    "url",
    [
        "/static/css/kennisproduct-print.css",
        "https://trajectportaal.invalid/static/css/kennisproduct-print.css",
        "https://TRAJECTPORTAAL.invalid/static/css/kennisproduct-print.css?v=1#x",
    ],
)
def test_fetcher_geeft_eigen_statische_bestanden(url):
    bron = veilige_fetcher(url)

    assert bron.mime_type == "text/css"
    assert bron.inhoud == (REPO / "static/css/kennisproduct-print.css").read_bytes()


def test_fetcher_vindt_verzamelde_bestanden_in_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "kennisproduct-print.0123abcd.css").write_text("body {}")

    bron = veilige_fetcher("/static/css/kennisproduct-print.0123abcd.css")

    assert bron.inhoud == b"body {}"


def test_fetcher_volgt_geen_symlink_uit_static_root(settings, tmp_path):
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("geheim")
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "link.png").symlink_to(geheim)

    with pytest.raises(BronOntbreekt):
        veilige_fetcher("/static/link.png")


def test_fetcher_ontbrekend_bestand(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(BronOntbreekt):
        veilige_fetcher("/static/bestaat/niet.png")
    with pytest.raises(BronOntbreekt):
        veilige_fetcher("/media/bestaat/niet.png")


def test_fetcher_leest_media_via_de_storage_api(settings):
    """Not the disk: any storage backend (S3 in production) works."""
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    naam = default_storage.save("kennis/foto.png", ContentFile(_png((0, 0, 0))))

    bron = veilige_fetcher(f"/media/{naam}")

    assert bron.mime_type == "image/png"
    assert bron.inhoud == _png((0, 0, 0))


def test_fetcher_geeft_data_urls():
    bron = veilige_fetcher("data:text/plain;base64,SGFsbG8=")

    assert (bron.inhoud, bron.mime_type) == (b"Hallo", "text/plain")
