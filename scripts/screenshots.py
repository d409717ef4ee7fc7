"""Screenshots of the main pages of every role, at desktop and mobile width, for a person to look
at (`make screenshots`). It builds a throw-away SQLite database with the demo data, serves it
on a free port, and drives Debian's Chromium.

Usage: python scripts/screenshots.py [OUT_DIR]   (default var/screenshots)
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BREEDTES = {"desktop": 1280, "mobiel": 375}
WACHTWOORD = "Trajectportaal-demo-2026"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(omgeving: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=omgeving,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def _paden(omgeving: dict) -> dict[str, list[tuple[str, str]]]:
    """Per role (login e-mail or '' for anonymous) the pages to photograph: (name, path)."""
    code = """
import json
from bijeenkomsten.links import link_geven, link_token
from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from intake.models import Aanmelding
from trajecten.models import Editie, Traject
a = Editie.objects.get(traject__code="A")
b = Editie.objects.get(traject__code="B")
praktijk = LokalePraktijk.objects.get(aanmelding__editie=a, aanmelding__gemeente__naam="Someren")
inwoner = Deelnemer.objects.filter(praktijk=praktijk, user__isnull=True).order_by("pk").first()
overleg = Bijeenkomst.objects.get(status="in_overleg")
aanmelding = Aanmelding.objects.get(editie=a, gemeente__naam="Someren")
print(json.dumps({
    "traject": Traject.objects.get(code="A").slug,
    "a": a.pk, "b": b.pk, "praktijk": praktijk.pk, "overleg": overleg.pk,
    "aanmelding": aanmelding.pk,
    "token": link_token(link_geven(deelnemer=inwoner, soort="rooster")),
}))
"""
    import json

    feiten = json.loads(_manage(omgeving, "shell", "-c", code).stdout.strip().splitlines()[-1])
    return {
        "": [
            ("home", "/"),
            ("catalogus", "/trajecten/"),
            ("traject", f"/trajecten/{feiten['traject']}/"),
            ("toegankelijkheid", "/toegankelijkheidsverklaring/"),
            ("deelnemer-rooster", f"/p/{feiten['token']}/"),
        ],
        "ambtenaar.someren@example.org": [
            ("ambtenaar-overzicht", "/mijn/"),
            ("ambtenaar-aanmelding", f"/aanmeldingen/{feiten['aanmelding']}/"),
            ("ambtenaar-bijeenkomsten", "/mijn/bijeenkomsten/"),
            ("ambtenaar-praktijk", f"/praktijken/{feiten['praktijk']}/"),
        ],
        "adviseur.movisie@example.org": [
            ("adviseur-start", "/adviseur/"),
            ("adviseur-editie", f"/adviseur/edities/{feiten['a']}/"),
            ("adviseur-leergroepen", f"/adviseur/edities/{feiten['a']}/leergroepen/"),
            ("adviseur-kalender", f"/adviseur/edities/{feiten['a']}/bijeenkomsten/"),
        ],
        "adviseur.vng@example.org": [
            ("adviseur-datum-kiezen", f"/adviseur/bijeenkomsten/{feiten['overleg']}/"),
        ],
        "beheerder@example.org": [("beheer", "/beheer/")],
    }


def main() -> None:
    uit = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "var" / "screenshots")
    uit.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        omgeving = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "EMAIL_FILE_PATH": f"{tmp}/mail",
            "CELERY_TASK_ALWAYS_EAGER": "true",
        }
        for stap in (
            ("migrate", "--noinput", "-v0"),
            ("referentie_laden",),
            ("demo_laden",),
            ("collectstatic", "--noinput", "-v0"),
        ):
            _manage(omgeving, *stap)
        paden = _paden(omgeving)
        poort = _vrije_poort()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{poort}", "--noreload"],
            cwd=ROOT,
            env=omgeving,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        basis = f"http://127.0.0.1:{poort}"
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for email, pagina_lijst in paden.items():
                    for breedte_naam, breedte in BREEDTES.items():
                        context = browser.new_context(
                            base_url=basis, viewport={"width": breedte, "height": 900}
                        )
                        pagina = context.new_page()
                        if email:
                            pagina.goto("/accounts/login/")
                            pagina.fill("input[name=login]", email)
                            pagina.fill("input[name=password]", WACHTWOORD)
                            pagina.click("main form button[type=submit]")
                            pagina.wait_for_load_state()
                        for naam, pad in pagina_lijst:
                            pagina.goto(pad)
                            bestand = uit / f"{naam}-{breedte_naam}.png"
                            pagina.screenshot(path=bestand, full_page=True)
                            print(
                                bestand.relative_to(ROOT)
                                if bestand.is_relative_to(ROOT)
                                else bestand
                            )
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
