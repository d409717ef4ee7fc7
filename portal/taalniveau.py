"""A language-level check for Dutch text that participants read (B1: short sentences, no
officialese).

The check works on the text a reader sees: template tags, variables and HTML are removed first
(a variable counts as one word). It measures the average sentence length and looks for words
from :data:`AMBTELIJKE_WOORDEN`. It is a guard against drift, not a full readability score: a
person still reads the texts.
"""

import re
from dataclasses import dataclass

#: At most this many words per sentence on average (B1 guideline) ...
MAX_GEMIDDELDE_ZINSLENGTE = 15
#: ... and no single sentence longer than this.
MAX_ZINSLENGTE = 25

#: Officialese that has a plain alternative (after the dash in the comment).
AMBTELIJKE_WOORDEN = (
    "middels",  # met
    "inzake",  # over
    "conform",  # volgens
    "teneinde",  # om
    "dienen te",  # moeten
    "dient te",  # moet
    "alsmede",  # en
    "reeds",  # al
    "derhalve",  # daarom
    "indien",  # als
    "ten behoeve van",  # voor
    "omtrent",  # over
    "aangaande",  # over
    "dientengevolge",  # daardoor
    "hetgeen",  # wat
    "zulks",  # dat
    "onverwijld",  # meteen
    "ingevolge",  # volgens
    "thans",  # nu
    "gelieve",  # wilt u
    "bijgaand",  # bij deze e-mail
    "woonachtig",  # wonen
    "vigerend",  # geldend
    "overeenkomstig",  # volgens
)

_TAG = re.compile(r"<[^>]+>")
_COMMENTAAR = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_VERTAAL = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1[^%]*%}""", re.S)
_SJABLOONTAG = re.compile(r"{%.*?%}", re.S)
_VARIABELE = re.compile(r"{{.*?}}", re.S)
_ENTITEIT = re.compile(r"&[a-z]+;|&#\d+;")
_BLOK = re.compile(
    r"</?(?:p|li|h[1-6]|dt|dd|td|th|tr|caption|legend|label|button|option|div|section|br)\b[^>]*>",
    re.I,
)
_ZINSEINDE = re.compile(r"(?<=[.!?:])\s+")
_LIJSTITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")
_WOORD = re.compile(r"[0-9A-Za-zÀ-ÿ][\w'’-]*")


@dataclass(frozen=True)
class Bevinding:
    soort: str  # "zinslengte" or "ambtelijk"
    tekst: str


def zichtbare_tekst(sjabloon: str) -> str:
    """The text of a Django template as a reader sees it: translations kept, template logic and
    HTML removed, a variable as the single word ``X``, blocks separated by new lines."""
    tekst = _COMMENTAAR.sub(" ", sjabloon)
    tekst = _VERTAAL.sub(lambda m: m.group(2), tekst)
    tekst = _SJABLOONTAG.sub(" ", tekst)
    tekst = _VARIABELE.sub(" X ", tekst)
    tekst = re.sub(r"<(script|style)\b.*?</\1>", " ", tekst, flags=re.S | re.I)
    tekst = _BLOK.sub("\n\n", tekst)
    tekst = _TAG.sub(" ", tekst)
    tekst = _ENTITEIT.sub(" ", tekst)
    # A blank line (or a block element) ends a block; inside a block, source line breaks are
    # just wrapping, except for list items.
    blokken = []
    for blok in re.split(r"\n\s*\n", tekst):
        regels = []
        for regel in blok.splitlines():
            if regels and not _LIJSTITEM.match(regel):
                regels[-1] += " " + regel
            else:
                regels.append(regel)
        blokken.extend(" ".join(r.split()) for r in regels)
    return "\n".join(b for b in blokken if b)


def zinnen(tekst: str) -> list[list[str]]:
    """Sentences as word lists. A line without a full stop (a heading, a button, a label) counts
    as a sentence too: it is what the reader takes in at once."""
    uitkomst = []
    for regel in tekst.splitlines():
        for stuk in _ZINSEINDE.split(regel):
            woorden = _WOORD.findall(stuk)
            if woorden:
                uitkomst.append(woorden)
    return uitkomst


def gemiddelde_zinslengte(tekst: str) -> float:
    alle = zinnen(tekst)
    return sum(len(z) for z in alle) / len(alle) if alle else 0.0


def ambtelijke_woorden(tekst: str, *, toegestaan: frozenset[str] = frozenset()) -> list[str]:
    gevonden = []
    laag = " ".join(tekst.lower().split())
    for woord in AMBTELIJKE_WOORDEN:
        if woord in toegestaan:
            continue
        if re.search(rf"(?<![\w-]){re.escape(woord)}(?![\w-])", laag):
            gevonden.append(woord)
    return gevonden


def controleren(tekst: str, *, toegestaan: frozenset[str] = frozenset()) -> list[Bevinding]:
    """What is off in ``tekst`` (plain text): a too-long average sentence, officialese words."""
    bevindingen = [
        Bevinding("zinslengte", f"{len(zin)} words: {' '.join(zin)}")
        for zin in zinnen(tekst)
        if len(zin) > MAX_ZINSLENGTE
    ]
    gemiddeld = gemiddelde_zinslengte(tekst)
    if gemiddeld > MAX_GEMIDDELDE_ZINSLENGTE:
        langste = max(zinnen(tekst), key=len)
        bevindingen.append(
            Bevinding(
                "zinslengte",
                f"average {gemiddeld:.1f} words per sentence; longest: {' '.join(langste)}",
            )
        )
    for woord in ambtelijke_woorden(tekst, toegestaan=toegestaan):
        bevindingen.append(Bevinding("ambtelijk", woord))
    return bevindingen
