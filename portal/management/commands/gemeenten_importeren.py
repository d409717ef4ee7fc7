import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.gemeenten import (
    ImportFout,
    gemeentelijst_toepassen,
    lees_gemeentelijst,
    lees_herindelingen,
)


class Command(BaseCommand):
    help = (
        "Past de gemeentelijke indeling van CBS toe (CSV met code, naam, provincie of het "
        "CBS-formaat). Verdwenen gemeenten worden opgeheven, nooit verwijderd."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path, help="CSV-bestand met de gemeentelijke indeling")
        parser.add_argument(
            "--peildatum",
            type=datetime.date.fromisoformat,
            required=True,
            help="Datum waarop de indeling geldt, bijvoorbeeld 2027-01-01",
        )
        parser.add_argument(
            "--herindelingen",
            type=Path,
            help="CSV met oude_code,nieuwe_code: welke gemeente opgaat in welke",
        )
        parser.add_argument(
            "--proef", action="store_true", help="Toon de wijzigingen zonder op te slaan"
        )

    def handle(self, *args, bestand, peildatum, herindelingen, proef, **options):
        try:
            regels = lees_gemeentelijst(bestand.read_text(encoding="utf-8-sig"))
            paren = (
                lees_herindelingen(herindelingen.read_text(encoding="utf-8-sig"))
                if herindelingen
                else {}
            )
            resultaat = gemeentelijst_toepassen(
                regels=regels, peildatum=peildatum, herindelingen=paren, proefdraaien=proef
            )
        except (OSError, ImportFout) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{'Proef: ' if proef else ''}{len(resultaat.nieuw)} nieuw, "
            f"{len(resultaat.gewijzigd)} gewijzigd, "
            f"{len(resultaat.opgeheven)} opgeheven, {resultaat.ongewijzigd} ongewijzigd."
        )
        for code in resultaat.opgeheven:
            self.stdout.write(f"  opgeheven: {code}")
