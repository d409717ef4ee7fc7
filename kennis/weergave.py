"""What a knowledge product looks like when it is read: the final HTML for the preview and the
PDF, and the sections for the review page.

Municipalities that did not agree to be named (their consent is not "gegeven") are replaced in
every text of the product (title, subtitle, section titles and section texts) by "gemeente A",
"gemeente B", … before the Markdown is rendered. The letters follow the practices in the order
of their municipality's name, as the default municipalities section lists them, so that list
reads A, B, C; each municipality keeps its letter throughout the document. :func:`anonimiseren` and
:func:`gemeente_labels` are pure functions over the names.

:func:`product_html` gives the same string for the same content: no clock time, no request. The
render task can therefore hash it to decide whether a new version is needed.
"""

import re
import string
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import Kennisproduct, Toestemming
from .product_selectors import gemeentenamen_per_praktijk, secties_van
from .tekst import markdown_naar_html

LETTERS = string.ascii_uppercase
# What may stand before a name at the start of a sentence or a list item (Markdown markers).
_OPMAAK = " \t*_#>-"
_ZINSEINDE = ("\n", ".", "!", "?", ":")


def gemeente_labels(namen: Sequence[str]) -> dict[str, str]:
    """The stand-in for each name, in order: "gemeente A", "gemeente B", … "gemeente Z",
    "gemeente 27", …. A name that appears twice keeps its first label."""
    labels: dict[str, str] = {}
    for naam in namen:
        if naam and naam not in labels:
            nummer = len(labels)
            teken = LETTERS[nummer] if nummer < len(LETTERS) else str(nummer + 1)
            labels[naam] = f"gemeente {teken}"
    return labels


def _patroon(namen: Sequence[str]) -> re.Pattern:
    # Longest names first, so "Bergen op Zoom" is not read as "Bergen" plus " op Zoom".
    keuzes = "|".join(re.escape(n) for n in sorted(namen, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:(gemeente)\s+)?({keuzes})(?!\w)", re.IGNORECASE)


def anonimiseren(tekst: str, labels: dict[str, str]) -> str:
    """``tekst`` with every name of ``labels`` replaced by its label, as a whole word and in any
    capitals. "de gemeente Oss" becomes "de gemeente A", not "de gemeente gemeente A"; at the
    start of a sentence or list item the label starts with a capital."""
    if not tekst or not labels:
        return tekst
    per_naam = {naam.casefold(): label for naam, label in labels.items()}

    def vervang(match: re.Match) -> str:
        label = per_naam[match.group(2).casefold()]
        voorwoord = match.group(1)
        ervoor = tekst[: match.start()].rstrip(_OPMAAK)
        if (voorwoord and voorwoord[0].isupper()) or not ervoor or ervoor.endswith(_ZINSEINDE):
            return label[0].upper() + label[1:]
        return label

    return _patroon(list(labels)).sub(vervang, tekst)


def te_anonimiseren(product: Kennisproduct) -> dict[str, str]:
    """Labels for the municipalities of every practice in the product's consent list whose
    consent is not "gegeven", in the order of the practices' municipality names."""
    toestemmingen = list(
        product.toestemmingen.order_by(
            "praktijk__aanmelding__gemeente__naam", "praktijk_id"
        ).values_list("praktijk_id", "status")
    )
    namen = gemeentenamen_per_praktijk(p for p, _status in toestemmingen)
    zonder = [
        naam
        for praktijk_id, status in toestemmingen
        if status != Toestemming.Status.GEGEVEN
        for naam in namen.get(praktijk_id, [])
    ]
    return gemeente_labels(zonder)


def secties_weergeven(
    product: Kennisproduct, secties=None, *, met_lege: bool = False
) -> list[dict]:
    """The sections with text as shown to readers: anonymised, rendered and sanitised. Each is
    ``{"titel", "html", "anker", "sectie"}``; ``html`` is marked safe."""
    labels = te_anonimiseren(product)
    # An empty section (not written yet) is left out: readers see no empty headings. Review
    # shows it (``met_lege``), so participants can say what belongs there.
    secties = [
        s
        for s in (secties if secties is not None else secties_van(product))
        if met_lege or s.tekst.strip()
    ]
    return [
        {
            "titel": anonimiseren(sectie.titel, labels),
            # Safe: markdown_naar_html escapes raw HTML and sanitises against an allow-list.
            "html": mark_safe(markdown_naar_html(anonimiseren(sectie.tekst, labels))),
            "anker": f"sectie-{nummer}",
            "sectie": sectie,
        }
        for nummer, sectie in enumerate(secties, start=1)
    ]


def product_context(product: Kennisproduct) -> dict:
    """The context of ``kennis/kennisproduct_pdf.html``."""
    labels = te_anonimiseren(product)
    editie = product.editie
    return {
        "titel": anonimiseren(product.titel, labels),
        "ondertitel": anonimiseren(product.ondertitel, labels),
        "editie": str(editie),
        # Drafts carry no date: the cover shows the day of publication.
        "datum": product.gepubliceerd_op.date() if product.gepubliceerd_op else None,
        "organisaties": list(
            editie.traject.organisaties.order_by("naam").values_list("naam", flat=True)
        ),
        "secties": [
            {k: v for k, v in sectie.items() if k != "sectie"}
            for sectie in secties_weergeven(product)
        ],
    }


def product_html(product: Kennisproduct) -> str:
    """The complete HTML document of the product, exactly as the PDF renders it."""
    return render_to_string("kennis/kennisproduct_pdf.html", product_context(product))
