"""Enrolments (aanmeldingen) of municipalities for an edition or an on-request track, their
status history, intake conversations and the issues (vraagstukken) collected there."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Gemeente
from trajecten.models import Editie, Thema, Traject, TrajectOnderdeel


class Toezegging(models.TextChoices):
    TOEGEZEGD = "toegezegd", _("Toegezegd")
    IN_VOORBEREIDING = "in_voorbereiding", _("In voorbereiding")


class Aanmelding(models.Model):
    """A municipality's enrolment for an edition (tracks A and B) or its request for an
    on-request track (C1–C5). Status changes only through ``intake.services``."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        INGEDIEND = "ingediend", _("Ingediend")
        INTAKE_GEPLAND = "intake_gepland", _("Intake gepland")
        INTAKE_GEHOUDEN = "intake_gehouden", _("Intake gehouden")
        AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
        TOEGELATEN = "toegelaten", _("Toegelaten")
        WACHTLIJST = "wachtlijst", _("Op de wachtlijst")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        GEPLAATST = "geplaatst", _("Geplaatst in een leergroep")
        AFGEROND = "afgerond", _("Afgerond")
        TERUGGETROKKEN = "teruggetrokken", _("Teruggetrokken")

    OPEN_STATUSSEN = (
        Status.CONCEPT,
        Status.INGEDIEND,
        Status.INTAKE_GEPLAND,
        Status.INTAKE_GEHOUDEN,
        Status.AANVULLING_GEVRAAGD,
        Status.TOEGELATEN,
        Status.WACHTLIJST,
        Status.GEPLAATST,
    )
    BEZETTE_STATUSSEN = (Status.TOEGELATEN, Status.GEPLAATST, Status.AFGEROND)

    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.PROTECT, related_name="aanmeldingen"
    )
    editie = models.ForeignKey(
        Editie,
        verbose_name=_("editie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
        help_text=_("Leeg bij een traject op aanvraag."),
    )
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="aanmeldingen",
        help_text=_("De gemeente die de aanmelding doet (penvoerder)."),
    )
    gemeenten = models.ManyToManyField(
        Gemeente,
        verbose_name=_("deelnemende gemeenten"),
        through="AanmeldingGemeente",
        related_name="deelnames",
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="aanmeldingen",
    )
    adviseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviseur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="begeleide_aanmeldingen",
    )

    contact_naam = models.CharField(_("naam contactpersoon"), max_length=150, blank=True)
    contact_functie = models.CharField(_("functie contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_telefoon = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)

    maatschappelijk_vraagstuk = models.TextField(_("maatschappelijk vraagstuk"), blank=True)
    lopend_project = models.BooleanField(_("er loopt al een project"), default=False)
    lopend_project_beschrijving = models.TextField(_("lopend project"), blank=True)
    inclusievraag = models.TextField(_("vraag over inclusie en zeggenschap"), blank=True)
    doelgroepen = models.ManyToManyField(
        Thema,
        verbose_name=_("doelgroepen"),
        blank=True,
        related_name="aanmeldingen",
        limit_choices_to={"soort": Thema.Soort.DOELGROEP},
    )
    projecttype = models.CharField(
        _("soort project"), max_length=30, choices=Traject.ProjectType.choices, blank=True
    )
    projectbeschrijving = models.TextField(_("beschrijving van het project"), blank=True)
    vraag = models.TextField(_("vraag"), blank=True, help_text=_("Bij een traject op aanvraag."))
    motivatie = models.TextField(_("motivatie"), blank=True)
    tijd_toegezegd = models.BooleanField(_("tijd voor bijeenkomsten toegezegd"), default=False)
    cofinanciering_akkoord = models.BooleanField(_("akkoord met cofinanciering"), default=False)
    toezegging_college = models.CharField(
        _("toezegging college"), max_length=20, choices=Toezegging.choices, blank=True
    )
    toezegging_raad = models.CharField(
        _("toezegging raad"), max_length=20, choices=Toezegging.choices, blank=True
    )
    toezegging_ambtenaren = models.CharField(
        _("toezegging ambtenaren"), max_length=20, choices=Toezegging.choices, blank=True
    )
    toezegging_toelichting = models.TextField(_("toelichting op de toezeggingen"), blank=True)

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    laatste_stap = models.CharField(_("laatst ingevulde stap"), max_length=30, blank=True)
    prioriteit = models.PositiveSmallIntegerField(
        _("prioriteit op de wachtlijst"),
        default=100,
        help_text=_("Lager getal gaat eerst. Bij gelijke prioriteit gaat de oudste eerst."),
    )
    toezeggingen_vrijgesteld = models.BooleanField(
        _("toelaten zonder alle toezeggingen"),
        default=False,
        help_text=_("Een adviseur kan toelaten ook als niet alle toezeggingen rond zijn."),
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    wachtlijst_sinds = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["editie", "gemeente"],
                condition=Q(editie__isnull=False),
                name="aanmelding_een_per_gemeente_per_editie",
            ),
            models.UniqueConstraint(
                fields=["traject", "gemeente"],
                condition=Q(editie__isnull=True)
                & ~Q(status__in=["afgewezen", "teruggetrokken", "afgerond"]),
                name="aanmelding_een_open_aanvraag_per_gemeente",
            ),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(ingediend_op__isnull=False),
                name="aanmelding_ingediend_heeft_datum",
            ),
            models.CheckConstraint(
                condition=~Q(status="wachtlijst") | Q(wachtlijst_sinds__isnull=False),
                name="aanmelding_wachtlijst_heeft_datum",
            ),
            models.CheckConstraint(
                condition=Q(projecttype="") | Q(projecttype__in=Traject.ProjectType.values),
                name="aanmelding_projecttype_geldig",
            ),
            models.CheckConstraint(
                condition=Q(toezegging_college__in=["", *Toezegging.values])
                & Q(toezegging_raad__in=["", *Toezegging.values])
                & Q(toezegging_ambtenaren__in=["", *Toezegging.values]),
                name="aanmelding_toezeggingen_geldig",
            ),
        ]
        indexes = [models.Index(fields=["editie", "status"])]

    def __str__(self):
        doel = self.editie or self.traject.code
        return f"{self.gemeente} – {doel}"

    def get_absolute_url(self):
        return reverse("intake:aanmelding-detail", kwargs={"pk": self.pk})

    @property
    def is_op_aanvraag(self) -> bool:
        return self.editie_id is None

    @property
    def toezeggingen_rond(self) -> bool:
        return all(
            waarde == Toezegging.TOEGEZEGD
            for waarde in (
                self.toezegging_college,
                self.toezegging_raad,
                self.toezegging_ambtenaren,
            )
        )


class AanmeldingGemeente(models.Model):
    """Every municipality taking part through an enrolment, the lead one included. The copied
    edition lets the database refuse a municipality in two enrolments for the same edition, also
    when it takes part in a joint enrolment of cooperating municipalities."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="deelnemers")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    editie = models.ForeignKey(
        Editie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_penvoerder = models.BooleanField(_("penvoerder"), default=False)

    class Meta:
        verbose_name = _("deelnemende gemeente")
        verbose_name_plural = _("deelnemende gemeenten")
        constraints = [
            models.UniqueConstraint(fields=["aanmelding", "gemeente"], name="deelnemer_uniek"),
            models.UniqueConstraint(
                fields=["editie", "gemeente"],
                condition=Q(editie__isnull=False),
                name="deelnemer_een_aanmelding_per_editie",
            ),
        ]

    def __str__(self):
        return str(self.gemeente)


class Overgang(models.Model):
    """One step in an enrolment's history: who moved it from which status to which, and why."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="overgangen")
    van = models.CharField(_("van"), max_length=30, choices=Aanmelding.Status.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=30, choices=Aanmelding.Status.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reden = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_van_display()} → {self.get_naar_display()}"


class Intakegesprek(models.Model):
    class Vorm(models.TextChoices):
        OP_LOCATIE = "op_locatie", _("Op locatie")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        GEHOUDEN = "gehouden", _("Gehouden")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    class Advies(models.TextChoices):
        TOELATEN = "toelaten", _("Toelaten")
        WACHTLIJST = "wachtlijst", _("Wachtlijst")
        AANVULLING = "aanvulling", _("Aanvulling vragen")
        AFWIJZEN = "afwijzen", _("Afwijzen")

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="intakes")
    uid = models.UUIDField(_("agenda-id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("versie in de agenda"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    start = models.DateTimeField(_("begint om"))
    eind = models.DateTimeField(_("eindigt om"))
    vorm = models.CharField(_("vorm"), max_length=20, choices=Vorm.choices, default=Vorm.OP_LOCATIE)
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    online_link = models.URLField(_("link voor het online gesprek"), blank=True)
    adviseurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("adviseurs"), related_name="intakegesprekken"
    )
    aanwezigen = models.TextField(_("aanwezigen"), blank=True)
    notities = models.TextField(
        _("notities"), blank=True, help_text=_("Alleen zichtbaar voor adviseurs.")
    )
    advies = models.CharField(_("advies"), max_length=20, choices=Advies.choices, blank=True)
    cofinanciering_bedrag = models.DecimalField(
        _("afgesproken cofinanciering (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    gehouden_op = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intakegesprek")
        verbose_name_plural = _("intakegesprekken")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eind__gt=models.F("start")), name="intake_eind_na_start"
            ),
            models.UniqueConstraint(
                fields=["aanmelding"],
                condition=Q(status__in=["gepland", "gehouden"]),
                name="intake_een_actief_gesprek_per_aanmelding",
            ),
            models.CheckConstraint(
                condition=~Q(vorm="online") | ~Q(online_link=""), name="intake_online_heeft_link"
            ),
            models.CheckConstraint(
                condition=~Q(vorm="op_locatie") | ~Q(adres=""), name="intake_op_locatie_heeft_adres"
            ),
            models.CheckConstraint(
                condition=Q(cofinanciering_bedrag__isnull=True) | Q(cofinanciering_bedrag__gte=0),
                name="intake_bedrag_niet_negatief",
            ),
        ]

    def __str__(self):
        return f"Intake {self.aanmelding} ({self.start:%d-%m-%Y %H:%M})"


class IntakeCheck(models.Model):
    """The result of one line of the track's "Wij vragen" at the intake."""

    class Resultaat(models.TextChoices):
        VOLDOET = "voldoet", _("Voldoet")
        DEELS = "deels", _("Deels")
        VOLDOET_NIET = "voldoet_niet", _("Voldoet niet")

    intake = models.ForeignKey(Intakegesprek, on_delete=models.CASCADE, related_name="checks")
    onderdeel = models.ForeignKey(TrajectOnderdeel, on_delete=models.PROTECT, related_name="+")
    resultaat = models.CharField(_("resultaat"), max_length=20, choices=Resultaat.choices)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("controlepunt")
        verbose_name_plural = _("controlepunten")
        ordering = ["onderdeel__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "onderdeel"], name="intakecheck_uniek")
        ]

    def __str__(self):
        return f"{self.onderdeel}: {self.get_resultaat_display()}"


class Vraagstuk(models.Model):
    """An issue collected at the intake; feeds group composition and exchange meetings."""

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="vraagstukken"
    )
    intake = models.ForeignKey(
        Intakegesprek, on_delete=models.SET_NULL, null=True, blank=True, related_name="vraagstukken"
    )
    titel = models.CharField(_("titel"), max_length=200)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    themas = models.ManyToManyField(
        Thema,
        verbose_name=_("thema's"),
        blank=True,
        related_name="vraagstukken",
        limit_choices_to=~Q(soort=Thema.Soort.DOELGROEP),
    )
    doelgroepen = models.ManyToManyField(
        Thema,
        verbose_name=_("doelgroepen"),
        blank=True,
        related_name="vraagstukken_doelgroep",
        limit_choices_to={"soort": Thema.Soort.DOELGROEP},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vraagstuk")
        verbose_name_plural = _("vraagstukken")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.titel


class Aanvullingsverzoek(models.Model):
    """The advisor's question when more information is needed, and the official's answer."""

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="aanvullingsverzoeken"
    )
    vraag = models.TextField(_("vraag van de adviseur"))
    gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    antwoord = models.TextField(_("antwoord"), blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanvullingsverzoek")
        verbose_name_plural = _("aanvullingsverzoeken")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(beantwoord_op__isnull=True) | ~Q(antwoord=""),
                name="aanvulling_beantwoord_heeft_antwoord",
            )
        ]

    def __str__(self):
        return self.vraag[:60]
