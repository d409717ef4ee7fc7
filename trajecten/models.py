"""The catalogue: programmes, tracks (trajecten) with their flyer sections, method steps and
contacts, the themes and audiences used to find them, and the editions (one run of a track)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisatie


class Programma(models.Model):
    slug = models.SlugField(_("korte naam"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, unique=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    organisaties = models.ManyToManyField(
        Organisatie, verbose_name=_("organisaties"), blank=True, related_name="programmas"
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Thema(models.Model):
    class Soort(models.TextChoices):
        MAATSCHAPPELIJKE_OPGAVE = "maatschappelijke_opgave", _("Maatschappelijke opgave")
        LEERTHEMA = "leerthema", _("Leerthema")
        DOELGROEP = "doelgroep", _("Doelgroep")

    slug = models.SlugField(_("korte naam"), unique=True)
    naam = models.CharField(_("naam"), max_length=150)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["soort", "naam"]
        constraints = [models.UniqueConstraint(fields=["soort", "naam"], name="thema_naam_uniek")]

    def __str__(self):
        return self.naam


class Publiek(models.Model):
    """Who a track is for ("Voor"): gemeenten, inwoners, sociale professionals, …"""

    slug = models.SlugField(_("korte naam"), unique=True)
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("publiek")
        verbose_name_plural = _("publieken")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class TrajectQuerySet(models.QuerySet):
    def gepubliceerd(self):
        return self.filter(status=Traject.Status.GEPUBLICEERD)


class Traject(models.Model):
    """A catalogue entry: a development track run in editions (A, B) or one on request (C1–C5)."""

    class Soort(models.TextChoices):
        EDITIE = "editie", _("Ontwikkeltraject in edities")
        OP_AANVRAAG = "op_aanvraag", _("Op aanvraag")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")
        GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")

    class ProjectType(models.TextChoices):
        INITIATIEVENLOKET = "initiatievenloket", _("Initiatievenloket")
        INITIATIEVENFONDS = "initiatievenfonds", _("Initiatievenfonds")
        CONTACTFUNCTIONARIS = "contactfunctionaris", _("Contactfunctionaris voor initiatieven")
        INITIATIEVENBELEID = "initiatievenbeleid", _("Initiatievenbeleid of beleidsnota")
        OVERIG = "overig", _("Ander project")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text="A, B, C1 … C5")
    slug = models.SlugField(_("korte naam"), unique=True)
    titel = models.CharField(_("titel"), max_length=200)
    ondertitel = models.CharField(_("ondertitel"), max_length=200, blank=True)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    programma = models.ForeignKey(
        Programma,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten",
    )
    organisaties = models.ManyToManyField(
        Organisatie, verbose_name=_("organisaties"), related_name="trajecten"
    )
    themas = models.ManyToManyField(
        Thema, verbose_name=_("thema's"), blank=True, related_name="trajecten"
    )
    publieken = models.ManyToManyField(
        Publiek, verbose_name=_("voor wie"), blank=True, related_name="trajecten"
    )

    samenvatting = models.TextField(
        _("samenvatting"), help_text=_("Een of twee zinnen op B1-niveau.")
    )
    waar_gaat_het_over = models.TextField(_("waar gaat dit traject over?"))
    doel = models.TextField(_("doel"), blank=True)
    aan_de_slag = models.TextField(_("aan de slag"), blank=True)
    voor = models.TextField(_("voor"), blank=True)
    vorm = models.TextField(_("vorm"), blank=True)
    kosten = models.TextField(_("kosten"), blank=True)
    aantal = models.CharField(_("aantal"), max_length=200, blank=True)
    aantal_min = models.PositiveSmallIntegerField(
        _("minimaal aantal deelnemers"), null=True, blank=True
    )
    aantal_max = models.PositiveSmallIntegerField(
        _("maximaal aantal deelnemers"), null=True, blank=True
    )
    doorlooptijd = models.CharField(_("doorlooptijd"), max_length=200, blank=True)
    start = models.CharField(_("start"), max_length=200, blank=True)
    praktische_informatie = models.TextField(_("praktische informatie"), blank=True)
    interesse = models.TextField(_("interesse?"), blank=True)

    cofinanciering_percentage = models.PositiveSmallIntegerField(
        _("cofinanciering (%)"),
        null=True,
        blank=True,
        help_text=_("Deel van de kosten van de lokale praktijk dat de gemeente betaalt."),
    )
    concreet_project_verplicht = models.BooleanField(_("concreet project verplicht"), default=False)
    projecttypen = models.JSONField(
        _("toegestane projecttypen"),
        default=list,
        blank=True,
        help_text=_("Alleen bij een verplicht concreet project."),
    )
    lokale_bijeenkomsten_min = models.PositiveSmallIntegerField(null=True, blank=True)
    lokale_bijeenkomsten_max = models.PositiveSmallIntegerField(null=True, blank=True)
    uitwisselingen_min = models.PositiveSmallIntegerField(null=True, blank=True)
    uitwisselingen_max = models.PositiveSmallIntegerField(null=True, blank=True)
    regionale_leergroepen_mogelijk = models.BooleanField(default=False)
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["volgorde", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cofinanciering_percentage__isnull=True)
                | Q(cofinanciering_percentage__gte=1, cofinanciering_percentage__lte=100),
                name="traject_cofinanciering_percentage",
            ),
            models.CheckConstraint(
                condition=Q(aantal_min__isnull=True)
                | Q(aantal_max__isnull=True)
                | Q(aantal_min__lte=F("aantal_max")),
                name="traject_aantal_min_max",
            ),
            models.CheckConstraint(
                condition=Q(lokale_bijeenkomsten_min__isnull=True)
                | Q(lokale_bijeenkomsten_max__isnull=True)
                | Q(lokale_bijeenkomsten_min__lte=F("lokale_bijeenkomsten_max")),
                name="traject_lokale_bijeenkomsten_min_max",
            ),
            models.CheckConstraint(
                condition=Q(uitwisselingen_min__isnull=True)
                | Q(uitwisselingen_max__isnull=True)
                | Q(uitwisselingen_min__lte=F("uitwisselingen_max")),
                name="traject_uitwisselingen_min_max",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.titel}"

    def get_absolute_url(self):
        return reverse("trajecten:traject-detail", kwargs={"slug": self.slug})

    @property
    def is_op_aanvraag(self) -> bool:
        return self.soort == self.Soort.OP_AANVRAAG


class TrajectOnderdeel(models.Model):
    """One line of a flyer list: "Iets voor jou?", "Wij bieden", "Wij vragen" or an earlier
    engagement. "Wij vragen" lines become the intake checklist."""

    class Sectie(models.TextChoices):
        IETS_VOOR_JOU = "iets_voor_jou", _("Iets voor jou?")
        WIJ_BIEDEN = "wij_bieden", _("Wij bieden")
        WIJ_VRAGEN = "wij_vragen", _("Wij vragen")
        EERDER_BEGELEID = "eerder_begeleid", _("Eerder begeleid")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="onderdelen")
    sectie = models.CharField(_("sectie"), max_length=20, choices=Sectie.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    tekst = models.TextField(_("tekst"))
    intake_check = models.BooleanField(
        _("controlepunt bij de intake"),
        default=False,
        help_text=_("Dit punt komt op de checklist van het intakegesprek."),
    )

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["traject", "sectie", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "sectie", "volgorde"], name="onderdeel_volgorde_uniek"
            )
        ]

    def __str__(self):
        return self.tekst[:80]


class MethodeStap(models.Model):
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="stappen")
    volgorde = models.PositiveSmallIntegerField(_("stap"))
    titel = models.CharField(_("titel"), max_length=200)
    beschrijving = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("stap van de methode")
        verbose_name_plural = _("stappen van de methode")
        ordering = ["traject", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "volgorde"], name="methodestap_volgorde_uniek"
            )
        ]

    def __str__(self):
        return f"{self.volgorde}. {self.titel}"


class TrajectContact(models.Model):
    """A contact person as printed in the source documents. Shown as contact details only; the
    portal never sends mail to these addresses."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contacten")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    naam = models.CharField(_("naam"), max_length=150)
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    functie = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["traject", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "naam"], name="trajectcontact_uniek")
        ]

    def __str__(self):
        return self.naam


class EditieQuerySet(models.QuerySet):
    def zichtbaar(self):
        return self.exclude(status__in=[Editie.Status.CONCEPT, Editie.Status.GEARCHIVEERD])

    def aanmelding_open(self, *, op=None):
        vandaag = op or timezone.localdate()
        return self.filter(
            status=Editie.Status.OPEN,
            aanmelding_vanaf__lte=vandaag,
            aanmelding_tot__gte=vandaag,
        )


class Editie(models.Model):
    """One run of a track: a cohort with its enrolment period, start and places."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        OPEN = "open", _("Open voor aanmelding")
        GESLOTEN = "gesloten", _("Aanmelding gesloten")
        LOPEND = "lopend", _("Loopt")
        AFGEROND = "afgerond", _("Afgerond")
        GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")

    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.PROTECT, related_name="edities"
    )
    naam = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("korte naam"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    aanmelding_vanaf = models.DateField(_("aanmelden kan vanaf"))
    aanmelding_tot = models.DateField(_("aanmelden kan tot en met"))
    startdatum = models.DateField(_("startbijeenkomst"), null=True, blank=True)
    start_indicatie = models.CharField(
        _("start (omschrijving)"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld 'begin 2027'."),
    )
    doorlooptijd_maanden = models.PositiveSmallIntegerField(
        _("doorlooptijd in maanden"), default=12
    )
    plaatsen = models.PositiveSmallIntegerField(
        _("aantal plaatsen"),
        null=True,
        blank=True,
        help_text=_("Aantal gemeenten of lokale praktijken. Leeg betekent: geen vast maximum."),
    )
    groepsgrootte_min = models.PositiveSmallIntegerField(_("kleinste leergroep"), default=4)
    groepsgrootte_max = models.PositiveSmallIntegerField(_("grootste leergroep"), default=6)

    objects = EditieQuerySet.as_manager()

    class Meta:
        verbose_name = _("editie")
        verbose_name_plural = _("edities")
        ordering = ["traject__volgorde", "aanmelding_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "slug"], name="editie_slug_uniek"),
            # The target of the enrolments' (editie, traject) key: an enrolment's track is its
            # edition's track (intake migration 0002).
            models.UniqueConstraint(fields=["id", "traject"], name="editie_id_traject_uniek"),
            models.CheckConstraint(
                condition=Q(aanmelding_tot__gte=F("aanmelding_vanaf")),
                name="editie_aanmeldperiode_geldig",
            ),
            models.CheckConstraint(
                condition=Q(plaatsen__isnull=True) | Q(plaatsen__gte=1),
                name="editie_plaatsen_positief",
            ),
            models.CheckConstraint(
                condition=Q(groepsgrootte_min__gte=1)
                & Q(groepsgrootte_min__lte=F("groepsgrootte_max")),
                name="editie_groepsgrootte_geldig",
            ),
            models.CheckConstraint(
                condition=Q(startdatum__isnull=True) | Q(startdatum__gte=F("aanmelding_tot")),
                name="editie_start_na_aanmelding",
            ),
        ]

    def __str__(self):
        return f"{self.traject.code} – {self.naam}"

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        oud = Editie.objects.filter(pk=self.pk).values_list("traject_id", flat=True).first()
        if oud not in (None, self.traject_id) and self.aanmeldingen.exists():
            raise ValidationError(
                {
                    "traject": _(
                        "Deze editie heeft al aanmeldingen. Het traject kan daarom niet meer "
                        "veranderen."
                    )
                }
            )

    def is_aanmelding_open(self, *, op=None) -> bool:
        vandaag = op or timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and self.aanmelding_vanaf <= vandaag <= self.aanmelding_tot
        )
