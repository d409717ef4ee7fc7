"""Learning groups (leergroepen) of an edition and the municipalities placed in them.

Meetings, invitations, lessons and knowledge products arrive with later work; the app holds
everything that happens after the intake (dependency order: bijeenkomsten → intake → trajecten →
portal)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake.models import Aanmelding
from trajecten.models import Editie


class Samenstelling(models.Model):
    """The composition of an edition's learning groups as one unit of change.

    ``versie`` rises on every save, so that two advisors saving at once cannot silently overwrite
    each other: a save names the version it started from and is refused when that is no longer
    the current one."""

    editie = models.OneToOneField(Editie, on_delete=models.CASCADE, related_name="samenstelling")
    versie = models.PositiveIntegerField(_("versie"), default=0)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samenstelling van de leergroepen")
        verbose_name_plural = _("samenstellingen van de leergroepen")

    def __str__(self):
        return f"{self.editie} (versie {self.versie})"


class Leergroep(models.Model):
    editie = models.ForeignKey(Editie, on_delete=models.CASCADE, related_name="leergroepen")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    naam = models.CharField(_("naam"), max_length=150)
    adviseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviseur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leergroepen",
    )
    uitleg = models.CharField(_("waarom deze groep"), max_length=500, blank=True)
    score = models.IntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("leergroep")
        verbose_name_plural = _("leergroepen")
        ordering = ["editie", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["editie", "volgorde"], name="leergroep_volgorde_uniek"),
            models.UniqueConstraint(fields=["editie", "naam"], name="leergroep_naam_uniek"),
        ]

    def __str__(self):
        return self.naam


class Plaatsing(models.Model):
    """An admitted enrolment placed in a learning group: at most one group per enrolment."""

    leergroep = models.ForeignKey(Leergroep, on_delete=models.CASCADE, related_name="plaatsingen")
    aanmelding = models.OneToOneField(
        Aanmelding, on_delete=models.CASCADE, related_name="plaatsing"
    )

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")

    def __str__(self):
        return f"{self.aanmelding.gemeente} in {self.leergroep}"


class Koppeleis(models.Model):
    """An advisor's wish for the composition: keep two municipalities together, or apart."""

    class Soort(models.TextChoices):
        SAMEN = "samen", _("Samen in één groep")
        APART = "apart", _("Niet in dezelfde groep")

    editie = models.ForeignKey(Editie, on_delete=models.CASCADE, related_name="koppeleisen")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    eerste = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="+")
    tweede = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("samen of apart")
        verbose_name_plural = _("samen of apart")
        constraints = [
            models.CheckConstraint(
                condition=Q(eerste__lt=models.F("tweede")), name="koppeleis_geordend"
            ),
            models.UniqueConstraint(fields=["editie", "eerste", "tweede"], name="koppeleis_uniek"),
        ]

    def __str__(self):
        return f"{self.eerste.gemeente} / {self.tweede.gemeente}: {self.get_soort_display()}"
