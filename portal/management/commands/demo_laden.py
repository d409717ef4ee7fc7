from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Laadt demo-accounts en open edities. Geweigerd met productie-instellingen."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demodata laden kan niet met productie-instellingen.")
        # Each app loads its own demo data, in dependency order (settings.DEMO_LADERS), so that
        # portal never imports the apps that build on it.
        for pad in settings.DEMO_LADERS:
            aantallen = import_string(pad)()
            self.stdout.write(
                f"Demo ({pad}): " + ", ".join(f"{k} {v}" for k, v in aantallen.items())
            )
