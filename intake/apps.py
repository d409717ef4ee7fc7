from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Aanmelding en intake")

    def ready(self):
        from . import rapportage

        rapportage.verbinden()
