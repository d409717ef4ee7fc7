"""Lessons (lessen) collected during an edition, and the knowledge product (kennisproduct) built
from them: its sections, the participants' review comments, each municipality's consent to be
named, and its rendered PDF versions (weergaven).

Changes go through the services: ``kennis.lessen`` for lessons, ``kennis.producten`` for the
product, ``kennis.render`` for its PDF versions."""

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


class Kennisproduct(models.Model):
    """The knowledge product of an edition, or of one learning group in it.

    Life cycle: concept → ter review → vastgesteld → gepubliceerd (and back to concept from
    review or vastgesteld); changes go through ``kennis.producten``. ``versie`` rises with every
    change to the product or its sections, so that two advisors saving at once cannot silently
    overwrite each other (as ``Bijeenkomst.versie``)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        TER_REVIEW = "ter_review", _("Ter review")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")

    editie = models.ForeignKey(
        Editie, verbose_name=_("editie"), on_delete=models.CASCADE, related_name="kennisproducten"
    )
    leergroep = models.ForeignKey(
        "bijeenkomsten.Leergroep",
        verbose_name=_("leergroep"),
        # As for meetings: a group with a product cannot silently disappear.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="kennisproducten",
    )
    titel = models.CharField(_("titel"), max_length=200)
    ondertitel = models.CharField(_("ondertitel"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    versie = models.PositiveIntegerField(_("versie"), default=0)
    slug = models.SlugField(_("korte naam"), max_length=220, unique=True)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("kennisproduct")
        verbose_name_plural = _("kennisproducten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["editie"],
                condition=Q(leergroep__isnull=True),
                name="kennisproduct_een_per_editie",
            ),
            models.UniqueConstraint(
                fields=["leergroep"],
                condition=Q(leergroep__isnull=False),
                name="kennisproduct_een_per_leergroep",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concept", "ter_review", "vastgesteld", "gepubliceerd"]),
                name="kennisproduct_status_geldig",
            ),
            models.CheckConstraint(
                condition=Q(status="gepubliceerd", gepubliceerd_op__isnull=False)
                | (~Q(status="gepubliceerd") & Q(gepubliceerd_op__isnull=True)),
                name="kennisproduct_gepubliceerd_op_past_bij_status",
            ),
        ]

    def __str__(self):
        return self.titel


class Sectie(models.Model):
    """One section of a knowledge product: a title and Markdown text (rendered and sanitised by
    ``kennis.tekst``). Only free sections (``vrij``) can be added or removed."""

    class Soort(models.TextChoices):
        SAMENVATTING = "samenvatting", _("Samenvatting")
        VRAAG = "vraag", _("De vraag")
        GEMEENTEN = "gemeenten", _("De gemeenten en hun praktijken")
        AANPAK = "aanpak", _("Aanpak en werkvormen")
        RESULTATEN = "resultaten", _("Wat leverde het op?")
        LESSEN = "lessen", _("Lessen per thema")
        TERUGKOPPELING = "terugkoppeling", _("Terugkoppeling")
        BORGING = "borging", _("Borging")
        TIPS = "tips", _("Tips")
        VERVOLG = "vervolg", _("Volgende stappen")
        CONTACT = "contact", _("Contact")
        VRIJ = "vrij", _("Vrije sectie")

    product = models.ForeignKey(
        Kennisproduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="secties",
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("sectie")
        verbose_name_plural = _("secties")
        ordering = ["product", "volgorde"]
        constraints = [
            # Deferred, so that reordering can swap numbers within one transaction.
            models.UniqueConstraint(
                fields=["product", "volgorde"],
                name="sectie_volgorde_uniek",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(
                    soort__in=[
                        "samenvatting",
                        "vraag",
                        "gemeenten",
                        "aanpak",
                        "resultaten",
                        "lessen",
                        "terugkoppeling",
                        "borging",
                        "tips",
                        "vervolg",
                        "contact",
                        "vrij",
                    ]
                ),
                name="sectie_soort_geldig",
            ),
        ]

    def __str__(self):
        return self.titel


class Opmerking(models.Model):
    """A review comment on a section, by a participant (personal link) or by an account."""

    sectie = models.ForeignKey(
        Sectie, verbose_name=_("sectie"), on_delete=models.CASCADE, related_name="opmerkingen"
    )
    tekst = models.TextField(_("opmerking"))
    deelnemer = models.ForeignKey(
        Deelnemer,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opmerkingen",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    afgehandeld = models.BooleanField(_("afgehandeld"), default=False)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deelnemer__isnull=False, user__isnull=True)
                | Q(deelnemer__isnull=True, user__isnull=False),
                name="opmerking_een_schrijver",
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("tekst")), 0),
                name="opmerking_tekst_niet_leeg",
            ),
        ]

    def __str__(self):
        return self.tekst if len(self.tekst) <= 60 else f"{self.tekst[:59]}…"


class Toestemming(models.Model):
    """Whether a municipality agrees to be named in the product. Without "gegeven" it appears
    anonymised (see ``kennis.weergave``)."""

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", _("Gevraagd")
        GEGEVEN = "gegeven", _("Gegeven")
        GEWEIGERD = "geweigerd", _("Geweigerd")

    product = models.ForeignKey(
        Kennisproduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="toestemmingen",
    )
    praktijk = models.ForeignKey(
        LokalePraktijk,
        verbose_name=_("lokale praktijk"),
        on_delete=models.CASCADE,
        related_name="toestemmingen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEVRAAGD
    )
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.UniqueConstraint(fields=["product", "praktijk"], name="toestemming_uniek"),
            models.CheckConstraint(
                condition=Q(status__in=["gevraagd", "gegeven", "geweigerd"]),
                name="toestemming_status_geldig",
            ),
            models.CheckConstraint(
                condition=Q(status="gevraagd", beantwoord_op__isnull=True)
                | (~Q(status="gevraagd") & Q(beantwoord_op__isnull=False)),
                name="toestemming_beantwoord_past_bij_status",
            ),
        ]

    def __str__(self):
        return f"{self.praktijk}: {self.get_status_display()}"


class Weergave(models.Model):
    """One rendered version (PDF) of a product. The same final HTML is never rendered twice: its
    SHA-256 is unique per product; a change gives a new number."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("In de wachtrij")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    product = models.ForeignKey(
        Kennisproduct,
        verbose_name=_("kennisproduct"),
        on_delete=models.CASCADE,
        related_name="weergaven",
    )
    nummer = models.PositiveIntegerField(_("versie"))
    inhoud_hash = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    reden = models.TextField(_("reden"), blank=True)
    bestand = models.FileField(_("bestand"), upload_to="kennisproducten/", blank=True)
    paginas = models.PositiveIntegerField(_("pagina's"), null=True, blank=True)
    bytes = models.PositiveBigIntegerField(_("grootte in bytes"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("weergave")
        verbose_name_plural = _("weergaven")
        ordering = ["product", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["product", "nummer"], name="weergave_nummer_uniek"),
            models.UniqueConstraint(
                fields=["product", "inhoud_hash"], name="weergave_inhoud_uniek"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["wachtrij", "bezig", "klaar", "mislukt"]),
                name="weergave_status_geldig",
            ),
            models.CheckConstraint(
                condition=~Q(status="klaar") | ~Q(bestand=""),
                name="weergave_klaar_heeft_bestand",
            ),
        ]

    def __str__(self):
        return f"{self.product} (versie {self.nummer})"
