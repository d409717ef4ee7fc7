from django.core.management.base import BaseCommand

from portal.gemeenten import standaard_gemeenten_laden
from trajecten.catalogus import catalogus_laden


class Command(BaseCommand):
    help = (
        "Laadt provincies, gemeenten (CBS) en de catalogus van trajecten. "
        "Twee keer draaien verandert niets."
    )

    def handle(self, *args, **options):
        gemeenten = standaard_gemeenten_laden()
        self.stdout.write(
            f"Gemeenten: {len(gemeenten.nieuw)} nieuw, {len(gemeenten.gewijzigd)} gewijzigd, "
            f"{len(gemeenten.opgeheven)} opgeheven, {gemeenten.ongewijzigd} ongewijzigd."
        )
        aantallen = catalogus_laden()
        self.stdout.write("Catalogus: " + ", ".join(f"{k} {v}" for k, v in aantallen.items()))
