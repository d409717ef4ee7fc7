from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import demo_laden


class Command(BaseCommand):
    help = "Laadt demo-accounts en open edities. Geweigerd met productie-instellingen."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata laden kan niet met productie-instellingen.")
        aantallen = demo_laden()
        self.stdout.write("Demo: " + ", ".join(f"{k} {v}" for k, v in aantallen.items()))
