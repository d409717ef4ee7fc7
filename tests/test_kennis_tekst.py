"""Section text: Markdown to safe HTML. Whatever an author types, only the allow-list survives:
no script, no javascript: or file: links, no images from outside our own /media/ and /static/."""

import pytest

from kennis.tekst import markdown_naar_html, opschonen


def test_script_in_markdown_blijft_zichtbare_tekst():
    html = markdown_naar_html("Hallo <script>alert(1)</script> daar")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_script_en_gevaarlijke_attributen_verdwijnen_uit_html():
    html = opschonen(
        '<p onclick="x()" style="color:red">Tekst<script>alert(1)</script>'
        '<iframe src="https://example.org">weg</iframe><style>p{}</style></p>'
    )
    assert html == "<p>Tekst</p>"


@pytest.mark.parametrize(
    "bron",
    [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](file:///etc/passwd)",
        "[klik](data:text/html;base64,PHNjcmlwdD4=)",
        "[klik](/intern/pad)",
    ],
)
def test_link_met_ander_doel_dan_http_of_mailto_houdt_alleen_de_tekst(bron):
    html = markdown_naar_html(bron)
    assert "<a" not in html
    assert "href" not in html


def test_html_link_naar_javascript_of_bestand_wordt_tekst():
    html = opschonen(
        '<a href="javascript:alert(1)">a</a><a href=" javascript:x">b</a>'
        '<a href="file:///etc/passwd">c</a>'
    )
    assert html == "abc"


def test_http_https_en_mailto_links_blijven_met_rel():
    html = markdown_naar_html(
        "[Movisie](https://www.movisie.nl) [VNG](http://vng.nl) [mail](mailto:info@vng.nl)"
    )
    assert '<a href="https://www.movisie.nl" rel="noopener noreferrer">Movisie</a>' in html
    assert '<a href="http://vng.nl" rel="noopener noreferrer">VNG</a>' in html
    assert '<a href="mailto:info@vng.nl" rel="noopener noreferrer">mail</a>' in html


@pytest.mark.parametrize(
    "src",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/x.png",
        "//example.org/x.png",
        "file:///etc/passwd",
        "/media/../../etc/passwd",
        "/media/%2e%2e/geheim.png",
        "/static/./x.png",
        "/elders/x.png",
        "x.png",
        "data:image/png;base64,AAAA",
    ],
)
def test_beeld_van_buiten_media_en_static_verdwijnt(src):
    assert "<img" not in markdown_naar_html(f"![plaatje]({src})")
    assert "<img" not in opschonen(f'<p><img src="{src}" alt="x"></p>')


def test_beeld_uit_media_of_static_blijft():
    html = markdown_naar_html("![Foto](/media/kennisproducten/foto.png) ![Logo](/static/img/a.svg)")
    assert '<img src="/media/kennisproducten/foto.png" alt="Foto">' in html
    assert '<img src="/static/img/a.svg" alt="Logo">' in html


def test_issue_voorbeeld_laat_niets_gevaarlijks_over():
    bron = (
        '<img src="http://127.0.0.1:9/x">\n\n![x](http://127.0.0.1:9/x)\n\n'
        "[wachtwoorden](file:///etc/passwd)\n\n<script>alert('x')</script>"
    )
    html = markdown_naar_html(bron)
    for verboden in ("<img", "<script", "<a", "href="):
        assert verboden not in html
    # Typed HTML is shown as text, never as a tag.
    assert "&lt;img src=" in html


def test_koppen_beginnen_bij_h3():
    html = markdown_naar_html("# Een\n\n## Twee\n\n### Drie\n\n###### Zes")
    assert "<h3>Een</h3>" in html
    assert "<h4>Twee</h4>" in html
    assert "<h4>Drie</h4>" in html
    assert "<h4>Zes</h4>" in html
    assert "<h1" not in html and "<h2" not in html and "<h5" not in html


def test_opmaak_lijsten_citaat_en_tabel_blijven():
    html = markdown_naar_html(
        "**vet** en *schuin*\n\n- een\n- twee\n\n1. eerst\n\n> citaat\n\n"
        "| a | b |\n|--:|---|\n| 1 | 2 |"
    )
    for tag in ("<strong>", "<em>", "<ul>", "<ol>", "<li>", "<blockquote>", "<table>", "<th>"):
        assert tag in html
    assert "style=" not in html


def test_lege_tekst_geeft_lege_html():
    assert markdown_naar_html("") == ""
