"""Accounts, roles and the reference data every app shares: provinces, municipalities and
organisations."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("rol", User.Rol.BEHEERDER)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: an official (ambtenaar), an advisor or a beheerder.

    Residents and other participants without an account reach their schedule through a personal
    link instead (see ``bijeenkomsten``).
    """

    class Rol(models.TextChoices):
        AMBTENAAR = "ambtenaar", _("Ambtenaar van een gemeente")
        ADVISEUR = "adviseur", _("Adviseur")
        BEHEERDER = "beheerder", _("Beheerder")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, blank=True)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.AMBTENAAR)
    organisatie = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        help_text=_("Alleen voor adviseurs: de organisatie waarvoor zij werken."),
    )
    nieuws_ontvangen = models.BooleanField(
        _("Nieuws over kennisproducten ontvangen"),
        default=False,
        help_text=_("Aan: u krijgt een e-mail als er een nieuw kennisproduct is."),
    )
    nieuws_gewijzigd_op = models.DateTimeField(_("nieuwskeuze gewijzigd op"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_uniek_hoofdletterongevoelig"),
            models.CheckConstraint(
                condition=~Q(rol="adviseur") | Q(organisatie__isnull=False),
                name="user_adviseur_heeft_organisatie",
            ),
        ]

    def __str__(self):
        return self.naam or self.email

    def get_full_name(self):
        return self.naam or self.email

    def get_short_name(self):
        return self.naam.split(" ")[0] if self.naam else self.email

    @property
    def is_adviseur(self) -> bool:
        return self.rol == self.Rol.ADVISEUR

    @property
    def is_beheerder(self) -> bool:
        return self.rol == self.Rol.BEHEERDER


class Provincie(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True, help_text="PV20 … PV31")
    naam = models.CharField(_("naam"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^PV[0-9]{2}$"), name="provincie_code_vorm"
            )
        ]

    def __str__(self):
        return self.naam


class GemeenteQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(einddatum__isnull=True)


class Gemeente(models.Model):
    """A Dutch municipality as CBS lists it. A merged municipality is ended, never deleted, so
    that enrolments and other records keep pointing at the municipality they were made for."""

    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text="GM0363")
    naam = models.CharField(_("naam"), max_length=100)
    provincie = models.ForeignKey(
        Provincie, verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="gemeenten"
    )
    einddatum = models.DateField(
        _("opgeheven op"), null=True, blank=True, help_text=_("Leeg zolang de gemeente bestaat.")
    )
    opgegaan_in = models.ForeignKey(
        "self",
        verbose_name=_("opgegaan in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voorgangers",
    )
    samenwerking = models.CharField(
        _("samenwerking"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'HLTsamen' of 'Drechtsteden'."),
    )
    website = models.URLField(_("website"), blank=True)
    email_domeinen = models.CharField(
        _("e-maildomeinen"),
        max_length=300,
        blank=True,
        help_text=_(
            "Domeinen van de gemeente, gescheiden door komma's, bijvoorbeeld 'someren.nl'. "
            "Ambtenaren met zo'n adres worden automatisch lid."
        ),
    )
    inwoners = models.PositiveIntegerField(
        _("inwoners"),
        null=True,
        blank=True,
        help_text=_("Aantal inwoners volgens CBS. Leeg als het niet bekend is."),
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_vorm"
            ),
            models.CheckConstraint(
                condition=Q(opgegaan_in__isnull=True) | Q(einddatum__isnull=False),
                name="gemeente_opgegaan_alleen_als_opgeheven",
            ),
            models.UniqueConstraint(
                "naam",
                condition=Q(einddatum__isnull=True),
                name="gemeente_naam_uniek_zolang_actief",
            ),
        ]
        indexes = [models.Index(fields=["provincie", "naam"])]

    def __str__(self):
        return self.naam

    @property
    def is_actief(self) -> bool:
        return self.einddatum is None


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        KENNISINSTITUUT = "kennisinstituut", _("Kennisinstituut")
        VERENIGING_GEMEENTEN = "vereniging_gemeenten", _("Vereniging van gemeenten")
        WELZIJNSORGANISATIE = "welzijnsorganisatie", _("Welzijns- of sociaalwerkorganisatie")
        ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
        BEWONERSINITIATIEF = "bewonersinitiatief", _("Bewonersinitiatief")
        SOCIALE_ONDERNEMING = "sociale_onderneming", _("Sociale onderneming")
        BELANGENORGANISATIE = "belangenorganisatie", _("Belangenorganisatie of adviesraad")
        KENNISINSTELLING = "kennisinstelling", _("Kennisinstelling")
        FONDS = "fonds", _("Fonds")
        OVERIG = "overig", _("Overig")

    slug = models.SlugField(_("korte naam"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, unique=True)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    website = models.URLField(_("website"), blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    voert_trajecten_uit = models.BooleanField(
        _("voert trajecten uit"),
        default=False,
        help_text=_("Aan als adviseurs van deze organisatie trajecten begeleiden."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class GemeenteLidmaatschap(models.Model):
    """An official's membership of a municipality. Only a confirmed membership gives access to
    that municipality's enrolments."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
        BEVESTIGD = "bevestigd", _("Bevestigd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="lidmaatschappen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD
    )
    functie = models.CharField(_("functie"), max_length=150, blank=True)
    bevestigd_door = models.ForeignKey(
        User,
        verbose_name=_("bevestigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap van een gemeente")
        verbose_name_plural = _("lidmaatschappen van gemeenten")
        ordering = ["gemeente__naam", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "gemeente"], name="lidmaatschap_uniek"),
            models.CheckConstraint(
                condition=~Q(status="bevestigd") | Q(bevestigd_op__isnull=False),
                name="lidmaatschap_bevestigd_heeft_datum",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.gemeente} ({self.get_status_display()})"


class Mail(models.Model):
    """One e-mail in the outbox. The row is written in the same transaction as the business
    change that causes it, so that a broker outage or a killed worker delays mail but loses none.
    Services in ``portal.mail`` create and send it; nothing else writes these rows."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("In de wachtrij")
        BEZIG = "bezig", _("Wordt verstuurd")
        VERZONDEN = "verzonden", _("Verzonden")
        OPNIEUW = "opnieuw", _("Opnieuw proberen")
        MISLUKT = "mislukt", _("Mislukt")
        TEGENGEHOUDEN = "tegengehouden", _("Tegengehouden")

    sleutel = models.CharField(
        _("sleutel"),
        max_length=200,
        unique=True,
        help_text=_("Maakt de e-mail uniek, bijvoorbeeld 'aanmelding:12:ingediend:1'."),
    )
    message_id = models.CharField(_("Message-ID"), max_length=100, unique=True, editable=False)
    aan = models.JSONField(_("aan"), default=list)
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    tekst = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    bijlagen = models.JSONField(_("bijlagen"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    volgende_poging_op = models.DateTimeField(_("volgende poging op"), null=True, blank=True)
    bezig_sinds = models.DateTimeField(_("bezig sinds"), null=True, blank=True)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("klaargezet op"), auto_now_add=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    organisaties = models.ManyToManyField(
        "Organisatie",
        verbose_name=_("organisaties"),
        blank=True,
        related_name="mails",
        help_text=_(
            "De organisaties van het traject waar deze e-mail over gaat. Hun adviseurs zien de "
            "e-mail in het overzicht van e-mails die aandacht nodig hebben."
        ),
    )

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verzonden") | Q(verzonden_op__isnull=False),
                name="mail_verzonden_heeft_datum",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "volgende_poging_op"], name="mail_status_volgende_idx"),
        ]

    def __str__(self):
        return self.onderwerp


class MailOpdracht(models.Model):
    """A job that puts many mails in the outbox later, in a worker: a service that would render
    thousands of mails inside a request writes this row in its own transaction instead, so the
    request stays fast and a commit still always leads to the mails. ``portal.mailopdrachten``
    creates and runs these rows; nothing else writes them."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("In de wachtrij")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    functie = models.CharField(
        _("functie"), max_length=200, help_text=_("De functie die de e-mails klaarzet.")
    )
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    volgende_poging_op = models.DateTimeField(_("volgende poging op"), null=True, blank=True)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    aantal = models.PositiveIntegerField(_("e-mails klaargezet"), null=True, blank=True)
    created_at = models.DateTimeField(_("klaargezet op"), auto_now_add=True)
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailopdracht")
        verbose_name_plural = _("e-mailopdrachten")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="klaar") | Q(uitgevoerd_op__isnull=False),
                name="mailopdracht_klaar_heeft_datum",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "volgende_poging_op"], name="mailopdracht_status_idx"),
        ]

    def __str__(self):
        return f"{self.functie} ({self.get_status_display()})"


class AuditRegelQuerySet(models.QuerySet):
    """Audit entries are written once and never changed or removed by the application: bulk
    updates and deletes are refused. Erasing a person (``portal.avg``) redacts the text that
    names them through :meth:`redigeren`, the one write path after creation."""

    def update(self, **kwargs):
        raise AuditRegelOnveranderlijk("Audit entries cannot be changed")

    def delete(self):
        raise AuditRegelOnveranderlijk("Audit entries cannot be deleted")

    def redigeren(self, *, vervanging: str) -> int:
        """Replace the texts that may name a person (actor, object, origin) and mark the rows
        as redacted. What happened, when, to which object id and with what result stays."""
        from django.utils import timezone

        return super().update(
            actor=None,
            actor_tekst=vervanging,
            object_tekst=vervanging,
            ip=None,
            geredigeerd_op=timezone.now(),
        )


class AuditRegelOnveranderlijk(Exception):
    """Raised when application code tries to change or delete an audit entry."""


class AuditRegel(models.Model):
    """One entry of the audit log (BIO 8.15.01): who (actor) did what (actie) to which object,
    with what result, from where and when. Written by ``portal.audit.vastleggen`` only; the
    application never changes or deletes a row except the redaction after an erasure, and on
    PostgreSQL a trigger refuses any other UPDATE or DELETE (migration 0005)."""

    class Resultaat(models.TextChoices):
        GELUKT = "gelukt", _("Gelukt")
        GEWEIGERD = "geweigerd", _("Geweigerd")
        MISLUKT = "mislukt", _("Mislukt")

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_tekst = models.CharField(
        _("actor (tekst)"),
        max_length=200,
        help_text=_("Wie het deed, zoals toen bekend. Blijft als het account weg is."),
    )
    actie = models.CharField(_("actie"), max_length=60, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=40, blank=True)
    object_tekst = models.CharField(_("object (tekst)"), max_length=300, blank=True)
    resultaat = models.CharField(
        _("resultaat"), max_length=20, choices=Resultaat.choices, default=Resultaat.GELUKT
    )
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    kanaal = models.CharField(
        _("kanaal"), max_length=20, default="web", help_text=_("web, taak of beheer")
    )
    geredigeerd_op = models.DateTimeField(_("geredigeerd op"), null=True, blank=True)

    objects = AuditRegelQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actor_tekst}: {self.actie}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditRegelOnveranderlijk("Audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRegelOnveranderlijk("Audit entries cannot be deleted")
