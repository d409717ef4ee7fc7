"""Lessons (lessen) collected during an edition: what advisors record after a meeting and what
participants propose, approved by an advisor before they go into the knowledge product.

Changes go through ``kennis.lessen``; the knowledge product follows in a later change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk
from trajecten.models import Editie, Thema

TEKST_MAX = 1000


class Les(models.Model):
    """One lesson of an edition: a short text, its kind and themes, and where it came from.

    Where it came from: a meeting and/or a local practice of the same edition (the service
    checks that; a CHECK cannot look across tables). The municipality follows from the
    practice. Who submitted it is either an account or a participant without one (personal
    link), never both. Lessons that advisors record are approved at once; those proposed by
    participants wait for an advisor's decision."""

    class Soort(models.TextChoices):
        LES = "les", _("Les")
        WERKZAAM_ELEMENT = "werkzaam_element", _("Werkzaam element")
        TIP = "tip", _("Tip")
        VALKUIL = "valkuil", _("Valkuil")

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    editie = models.ForeignKey(
        Editie, verbose_name=_("editie"), on_delete=models.CASCADE, related_name="lessen"
    )
    tekst = models.CharField(_("les"), max_length=TEKST_MAX)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.LES)
    themas = models.ManyToManyField(
        Thema, verbose_name=_("thema's"), blank=True, related_name="lessen"
    )
    bijeenkomst = models.ForeignKey(
        Bijeenkomst,
        verbose_name=_("bijeenkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessen",
    )
    praktijk = models.ForeignKey(
        LokalePraktijk,
        verbose_name=_("lokale praktijk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VOORGESTELD
    )
    ingediend_door_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingediend_door_deelnemer = models.ForeignKey(
        Deelnemer,
        verbose_name=_("ingediend door (deelnemer)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessen",
    )
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                # TRIM only strips spaces; the services strip all whitespace before saving.
                condition=GreaterThan(Length(Trim("tekst")), 0),
                name="les_tekst_niet_leeg",
            ),
            models.CheckConstraint(
                condition=Q(soort__in=["les", "werkzaam_element", "tip", "valkuil"]),
                name="les_soort_geldig",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["voorgesteld", "goedgekeurd", "afgewezen"]),
                name="les_status_geldig",
            ),
            models.CheckConstraint(
                condition=Q(ingediend_door_user__isnull=True)
                | Q(ingediend_door_deelnemer__isnull=True),
                name="les_een_soort_indiener",
            ),
            models.CheckConstraint(
                # A decided lesson has its date; the advisor may later lose their account
                # (SET_NULL), so ``beoordeeld_door`` is only required to be empty while open.
                condition=Q(
                    status="voorgesteld", beoordeeld_op__isnull=True, beoordeeld_door__isnull=True
                )
                | (~Q(status="voorgesteld") & Q(beoordeeld_op__isnull=False)),
                name="les_beoordeeld_past_bij_status",
            ),
        ]
        indexes = [models.Index(fields=["editie", "status"], name="les_editie_status_idx")]

    def __str__(self):
        return self.tekst if len(self.tekst) <= 60 else f"{self.tekst[:59]}…"

    @property
    def gemeente(self):
        """The municipality the lesson came from, through its practice (or None)."""
        return self.praktijk.aanmelding.gemeente if self.praktijk_id else None
