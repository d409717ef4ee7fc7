"""The PDF renderer: the one module that imports WeasyPrint (lazily, so that web processes that
never render a PDF do not pay for loading it).

:func:`pdf_maken` turns a complete HTML document into a tagged PDF/UA-1 file: document language and
title in the metadata, all fonts embedded, bookmarks from the headings. The knowledge product and
the certificate of participation both go through it.

Output is deterministic: the same HTML gives byte-identical PDFs, in any process. WeasyPrint 70
writes no clock time of its own (``/CreationDate`` and ``/ModDate`` only appear when the HTML has
``dcterms.created`` / ``dcterms.modified`` meta tags, which then come from the content), names font
subsets after an MD5 of the font description rather than Python's per-process ``hash()``, and the
file identifier (``/ID``) is asked for as ``True``: an MD5 of the PDF's objects rather than
something random. fontTools stamps the clock time into the ``head`` table of every variable font
it makes static (our fonts are variable) unless ``SOURCE_DATE_EPOCH`` is set (the
reproducible-builds convention), so :func:`pdf_maken` sets it, to :data:`FONT_DATUM`, when the
environment has none. The tests check this across processes with different hash seeds and an
hour apart. A version of a stored product can therefore be recognised by the hash of its bytes.

Resources (stylesheets, fonts, images) are fetched only through :func:`veilige_fetcher`: our own
static files, our own media files and ``data:`` URLs. The network and the local file system are
never used. Relative and root-relative URLs in the HTML (``{% static %}`` gives ``/static/...``)
resolve against :data:`INTERNE_BASIS_URL`, an address that is never looked up: the fetcher maps
it to files.
"""

import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

# ".invalid" is reserved (RFC 2606): this host never resolves. It only gives WeasyPrint an absolute
# base against which "/static/..." and "/media/..." can be joined.
INTERNE_HOST = "trajectportaal.invalid"
INTERNE_BASIS_URL = f"https://{INTERNE_HOST}/"
PDF_VARIANT = "pdf/ua-1"
#: The time written into embedded fonts (see the module docstring): 2024-01-01 00:00 UTC.
FONT_DATUM = "1704067200"
# Resources that make up the design of the document rather than its content: see pdf_maken.
VORMGEVING_EXTENSIES = (".css", ".woff2", ".woff", ".ttf", ".otf")
LOG_URL_LENGTE = 200


class PdfFout(Exception):
    """Rendering failed. The message says why, in English, for the log and the task's failure
    reason; the service that shows the state to an advisor words it for them."""


class BronFout(ValueError):
    """The fetcher does not give this resource. The message is for the log, in English."""


class BronGeweigerd(BronFout):
    """The URL points somewhere the PDF renderer may not read: the network, the local file system,
    another scheme, or a path that tries to leave the static or media files."""


class BronOntbreekt(BronFout):
    """The URL is allowed, but there is no such static or media file."""


@dataclass(frozen=True)
class Bron:
    """A fetched resource."""

    url: str
    inhoud: bytes
    mime_type: str


def veilige_fetcher(url: str) -> Bron:
    """Fetch a resource for the PDF, only from our own files.

    Allowed:
    - ``/static/<path>`` (absolute, or on :data:`INTERNE_BASIS_URL`): found through Django's
      staticfiles finders (the sources, as in development), else in ``STATIC_ROOT`` (where the
      hashed names of the manifest storage live), never outside it after resolving symlinks;
    - ``/media/<name>``: read through ``default_storage``, so S3 storage works too;
    - ``data:`` URLs.

    Refused with :class:`BronGeweigerd`: ``http``/``https`` to any other host (no network access),
    every ``file://`` URL, every other scheme, and paths with ``..``, ``.``, empty segments,
    backslashes or NUL bytes, also when percent-encoded (``%2e%2e``). A missing file raises
    :class:`BronOntbreekt`. The query string and fragment are ignored.
    """
    if urlsplit(url).scheme.lower() == "data":
        return _data_url_lezen(url)
    pad = _intern_pad(url)
    if pad.startswith(settings.STATIC_URL):
        return _static_lezen(url, _veilig_relatief_pad(pad, settings.STATIC_URL))
    if pad.startswith(settings.MEDIA_URL):
        return _media_lezen(url, _veilig_relatief_pad(pad, settings.MEDIA_URL))
    raise BronGeweigerd(f"Refused {_kort(url)}: only static and media files may be used")


def _intern_pad(url: str) -> str:
    """The path of a URL on our own internal address; anything else is refused."""
    delen = urlsplit(url)
    schema = delen.scheme.lower()
    if schema == "file":
        raise BronGeweigerd(f"Refused {_kort(url)}: local file paths are never read")
    if schema or delen.netloc:
        if (schema, delen.netloc.lower()) != ("https", INTERNE_HOST):
            raise BronGeweigerd(f"Refused {_kort(url)}: the PDF renderer does not use the network")
    elif not delen.path.startswith("/"):
        raise BronGeweigerd(f"Refused {_kort(url)}: not an absolute path")
    return delen.path


def _veilig_relatief_pad(pad: str, prefix: str) -> str:
    """The decoded path below ``prefix``, refusing anything that could step outside it."""
    relatief = unquote(pad.removeprefix(prefix))
    segmenten = relatief.split("/")
    if (
        not relatief
        or "\\" in relatief
        or "\x00" in relatief
        or any(segment in ("", ".", "..") for segment in segmenten)
    ):
        raise BronGeweigerd(f"Refused path {pad!r}: it leaves the static or media files")
    return relatief


def _static_lezen(url: str, relatief: str) -> Bron:
    gevonden = finders.find(relatief)
    if gevonden is None:
        gevonden = _in_static_root(relatief)
    if gevonden is None:
        raise BronOntbreekt(f"No static file {relatief!r}")
    return Bron(url=url, inhoud=Path(gevonden).read_bytes(), mime_type=_mime_type(relatief))


def _in_static_root(relatief: str) -> Path | None:
    if not settings.STATIC_ROOT:
        return None
    root = Path(settings.STATIC_ROOT).resolve()
    kandidaat = (root / relatief).resolve()
    if kandidaat.is_relative_to(root) and kandidaat.is_file():
        return kandidaat
    return None


def _media_lezen(url: str, naam: str) -> Bron:
    if not default_storage.exists(naam):
        raise BronOntbreekt(f"No media file {naam!r}")
    with default_storage.open(naam, "rb") as bestand:
        inhoud = bestand.read()
    return Bron(url=url, inhoud=inhoud, mime_type=_mime_type(naam))


def _data_url_lezen(url: str) -> Bron:
    # The standard library's handler decodes data: URLs without any I/O; only data: URLs get here.
    try:
        with DataHandler().data_open(Request(url)) as antwoord:  # noqa: S310
            return Bron(
                url=url, inhoud=antwoord.read(), mime_type=antwoord.info().get_content_type()
            )
    except ValueError as fout:
        raise BronGeweigerd(f"Refused {_kort(url)}: malformed data URL") from fout


def _mime_type(naam: str) -> str:
    return mimetypes.guess_type(naam)[0] or "application/octet-stream"


def _kort(url: str) -> str:
    return url if len(url) <= LOG_URL_LENGTE else f"{url[:LOG_URL_LENGTE]}…"


def _is_vormgeving(url: str) -> bool:
    """Whether the URL is a stylesheet or font: part of the design, not of the content."""
    return urlsplit(url).path.lower().endswith(VORMGEVING_EXTENSIES)


def _weasyprint_fetcher():
    """A WeasyPrint URL fetcher around :func:`veilige_fetcher`.

    WeasyPrint 70 expects a ``URLFetcher`` subclass (it reads private attributes of the fetcher
    when a fetch fails), so a plain function is not enough.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class VeiligeFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                bron = veilige_fetcher(url)
            except BronFout as fout:
                if _is_vormgeving(url):
                    # Not caught by WeasyPrint: rendering stops, pdf_maken turns it into PdfFout.
                    raise FatalURLFetchingError(str(fout)) from fout
                logger.warning("PDF resource left out: %s", fout)
                raise
            return URLFetcherResponse(bron.url, bron.inhoud, {"Content-Type": bron.mime_type})

    return VeiligeFetcher(fail_on_errors=False)


def pdf_maken(
    html: str, *, titel: str, taal: str = "nl", auteur: str = "", onderwerp: str = ""
) -> bytes:
    """Render a complete HTML document to a tagged PDF/UA-1 file and return its bytes.

    ``titel``, ``taal``, ``auteur`` and ``onderwerp`` are written to the PDF metadata (``/Title``,
    ``/Lang``, ``/Author``, ``/Subject`` and the XMP packet) and win over what the HTML's
    ``<title>``, ``lang`` and ``<meta>`` say; the HTML should still say the same, since
    hyphenation and the tags of the text follow the HTML. A PDF/UA document needs a title, so an
    empty ``titel`` raises ``ValueError``.

    Which failed resources stop rendering (one rule, by kind of resource):
    - a stylesheet or font (``.css``, ``.woff2``, ``.woff``, ``.ttf``, ``.otf``) that is refused
      or missing raises :class:`PdfFout`: without it the PDF would silently look wrong (another
      font, no page numbers, no table of contents);
    - any other resource, in practice an image, that is refused or missing is logged as a
      warning and left out; WeasyPrint shows the image's ``alt`` text in its place. This keeps a
      stray external image in an advisor's text from blocking the whole product.

    Same HTML and arguments, same bytes (see the module docstring). Slow (about a second for a
    few pages): call it from a Celery task, not from a request.
    """
    if not titel.strip():
        raise ValueError("A PDF/UA document needs a title")
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_DATUM)

    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(
            string=html, base_url=INTERNE_BASIS_URL, url_fetcher=_weasyprint_fetcher()
        ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
        document.metadata.title = titel
        document.metadata.lang = taal
        document.metadata.authors = [auteur] if auteur else []
        document.metadata.description = onderwerp or None
        # PDF/UA-1 implies tags; pdf_tags says so explicitly rather than through the variant's
        # defaults. pdf_identifier=True gives an /ID computed from the content (MD5) instead of
        # none, so it is stable too.
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=True)
    except FatalURLFetchingError as fout:
        reden = fout.__cause__ or fout
        raise PdfFout(f"A stylesheet or font could not be loaded: {reden}") from fout
