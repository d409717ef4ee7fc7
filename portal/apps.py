from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portaal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import gebruikerscache, inloggen, paginacache, sessie

        user_logged_in.connect(sessie.klok_starten, dispatch_uid="portal.sessie.klok_starten")
        paginacache.verbinden()
        inloggen.verbinden()
        gebruikerscache.verbinden()
