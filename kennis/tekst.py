"""Section text of a knowledge product: Markdown in, safe HTML out.

Two steps, both needed:

1. markdown-it-py renders the Markdown with raw HTML switched off (CommonMark plus tables), so a
   ``<script>`` typed in the text comes out as visible text, not as a tag. Headings move down two
   levels: in the product the title is the h1 and every section title an h2, so ``#`` in a
   section becomes an h3 and anything deeper an h4.
2. nh3 sanitises the result against an explicit allow-list. This is the guarantee: whatever the
   Markdown renderer lets through, only these tags and attributes survive. Links keep only
   ``http``, ``https`` and ``mailto`` targets and get ``rel="noopener noreferrer"``; images keep
   only a root-relative ``/media/`` or ``/static/`` source, the only places the PDF renderer
   reads (see ``kennis.pdf.veilige_fetcher``), so no image is ever fetched from the network or
   the file system.

Pure functions, no database and no settings.
"""

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

TOEGESTANE_TAGS = frozenset(
    {
        "p",
        "br",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
    }
)
TOEGESTANE_ATTRIBUTEN = {"a": {"href"}, "img": {"src", "alt"}}
#: Tags whose content goes too, not only the tag itself.
WEG_MET_INHOUD = frozenset({"script", "style", "iframe", "object", "embed", "template"})
LINK_SCHEMAS = ("http://", "https://", "mailto:")
BEELD_PADEN = ("/media/", "/static/")
#: The section title is an h2, so a section's own headings start at h3.
KOP_VERSCHUIVING = 2
DIEPSTE_KOP = 4
# Anything that could leave the /media/ or /static/ folder or hide a scheme or host.
_ONVEILIG_PAD = re.compile(r"(^|/)\.{1,2}(/|$)|//|\\|%|[\x00-\x20]")


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _veilige_link(waarde: str) -> str | None:
    return waarde if waarde.strip().lower().startswith(LINK_SCHEMAS) else None


def _veilig_beeld(waarde: str) -> str | None:
    if not waarde.startswith(BEELD_PADEN) or _ONVEILIG_PAD.search(waarde):
        return None
    return waarde


def _attribuut_filter(tag: str, attribuut: str, waarde: str) -> str | None:
    if tag == "a" and attribuut == "href":
        return _veilige_link(waarde)
    if tag == "img" and attribuut == "src":
        return _veilig_beeld(waarde)
    return waarde


@cache
def _opschoner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TOEGESTANE_TAGS),
        clean_content_tags=set(WEG_MET_INHOUD),
        attributes={tag: set(namen) for tag, namen in TOEGESTANE_ATTRIBUTEN.items()},
        attribute_filter=_attribuut_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# nh3 writes its output in one normal form, so these match what it leaves behind.
_BEELD_ZONDER_BRON = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_LINK_ZONDER_DOEL = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.DOTALL)


def opschonen(html: str) -> str:
    """HTML reduced to the allow-list above. An image whose source was refused is dropped
    whole; a link whose target was refused keeps only its text."""
    schoon = _opschoner().clean(html)
    return _LINK_ZONDER_DOEL.sub(r"\1", _BEELD_ZONDER_BRON.sub("", schoon))


def markdown_renderen(bron: str) -> str:
    """Markdown to HTML, without sanitising (use :func:`markdown_naar_html`). Raw HTML is
    escaped, headings start at h3."""
    markdown = _markdown()
    tokens = markdown.parse(bron or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            niveau = min(int(token.tag[1]) + KOP_VERSCHUIVING, DIEPSTE_KOP)
            token.tag = f"h{niveau}"
    return markdown.renderer.render(tokens, markdown.options, {})


def markdown_naar_html(bron: str) -> str:
    """Section Markdown as safe HTML for the preview, the review page and the PDF. The result
    may be marked safe by the caller."""
    return opschonen(markdown_renderen(bron))
