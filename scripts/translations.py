"""Keep the message catalogues complete.

    python scripts/translations.py update   # extract strings; Dutch source strings fill nl
    python scripts/translations.py check    # fail when a catalogue is stale or incomplete

The portal's own strings are written in Dutch, so the Dutch catalogue maps each string to itself
and the English catalogue needs a real translation of every string. `check` extracts the strings
again into a scratch copy and fails when the committed catalogues miss a string, carry a fuzzy or
untranslated entry, or have a translation whose placeholders differ from the source.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
TALEN = ("nl", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


def _extraheer(doel: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[f"--locale={taal}" for taal in TALEN],
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=scripts",
            "--no-location",
            "--no-obsolete",
            "-v0",
        ],
        cwd=doel,
        check=True,
    )


def _nl_invullen(pad: Path) -> None:
    """The source strings are Dutch: the Dutch catalogue maps every string to itself. Always
    overwrite, so that a fuzzy match made by msgmerge can never put another text in place."""
    catalogus = polib.pofile(str(pad))
    for entry in catalogus:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
    catalogus.save()


def update() -> None:
    _extraheer(ROOT)
    _nl_invullen(LOCALE / "nl" / "LC_MESSAGES" / "django.po")


def _msgids(pad: Path) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(pad)) if not e.obsolete}


def check() -> int:
    fouten = []
    with tempfile.TemporaryDirectory() as tmp:
        kopie = Path(tmp) / "repo"
        shutil.copytree(
            ROOT,
            kopie,
            ignore=shutil.ignore_patterns(
                ".venv", "node_modules", "var", ".git", "*.pyc", "__pycache__"
            ),
        )
        _extraheer(kopie)
        for taal in TALEN:
            vers = _msgids(kopie / "locale" / taal / "LC_MESSAGES" / "django.po")
            vastgelegd = _msgids(LOCALE / taal / "LC_MESSAGES" / "django.po")
            for _ctxt, msgid in sorted(vers - vastgelegd):
                fouten.append(f"{taal}: nieuwe tekst niet in de catalogus: {msgid!r}")
            for _ctxt, msgid in sorted(vastgelegd - vers):
                fouten.append(f"{taal}: verouderde tekst in de catalogus: {msgid!r}")

    for entry in polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po")):
        verwacht = {0: entry.msgid, 1: entry.msgid_plural} if entry.msgid_plural else entry.msgid
        gevonden = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
        if gevonden != verwacht:
            fouten.append(f"nl: de Nederlandse tekst wijkt af van de bron: {entry.msgid!r}")

    for taal in TALEN:
        catalogus = polib.pofile(str(LOCALE / taal / "LC_MESSAGES" / "django.po"))
        for entry in catalogus.untranslated_entries():
            fouten.append(f"{taal}: niet vertaald: {entry.msgid!r}")
        for entry in catalogus.fuzzy_entries():
            fouten.append(f"{taal}: fuzzy: {entry.msgid!r}")
        for entry in catalogus.translated_entries():
            vertalingen = (
                list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            )
            bron = sorted(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
            for vertaling in vertalingen:
                if not set(PLACEHOLDER.findall(vertaling)) <= set(bron):
                    fouten.append(f"{taal}: andere placeholders in {entry.msgid!r}")
        print(
            f"{taal}: {len(catalogus.translated_entries())} vertaald, "
            f"{len(catalogus.untranslated_entries())} niet vertaald, "
            f"{len(catalogus.fuzzy_entries())} fuzzy"
        )

    for fout in fouten:
        print(fout, file=sys.stderr)
    if fouten:
        print(
            "Draai `make messages-update` en vertaal de nieuwe teksten in locale/en.",
            file=sys.stderr,
        )
    return 1 if fouten else 0


if __name__ == "__main__":
    opdracht = sys.argv[1] if len(sys.argv) > 1 else "check"
    if opdracht == "update":
        update()
    elif opdracht == "check":
        sys.exit(check())
    else:
        sys.exit("gebruik: translations.py update|check")
