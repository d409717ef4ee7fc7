"""Learning groups (leergroepen) of an edition and the municipalities placed in them.

Meetings, invitations, lessons and knowledge products arrive with later work; the app holds
everything that happens after the intake (dependency order: bijeenkomsten → intake → trajecten →
portal)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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


class LokalePraktijk(models.Model):
    """The local learning practice (or, for track B, the tailored support) of a placed
    municipality: its participants and its local meetings."""

    aanmelding = models.OneToOneField(
        Aanmelding, on_delete=models.CASCADE, related_name="lokale_praktijk"
    )
    leergroep = models.ForeignKey(
        Leergroep, on_delete=models.SET_NULL, null=True, blank=True, related_name="praktijken"
    )
    focus = models.TextField(_("waar de praktijk aan werkt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lokale praktijk")
        verbose_name_plural = _("lokale praktijken")

    def __str__(self):
        return str(self.aanmelding.gemeente)


class Deelnemer(models.Model):
    """A person taking part in a local practice, with or without an account. People without an
    account reach their schedule through a personal link (``PersoonlijkeLink``)."""

    class Rol(models.TextChoices):
        AMBTENAAR = "ambtenaar", _("Ambtenaar")
        BESTUURDER = "bestuurder", _("Bestuurder (wethouder)")
        RAADSLID = "raadslid", _("Raadslid")
        INWONER = "inwoner", _("Inwoner")
        BEWONERSINITIATIEF = "bewonersinitiatief", _("Bewonersinitiatief")
        AANBIEDER = "maatschappelijke_aanbieder", _("Maatschappelijke aanbieder")
        ERVARINGSDESKUNDIGE = "ervaringsdeskundige", _("Ervaringsdeskundige")
        ADVISEUR = "adviseur", _("Adviseur")

    praktijk = models.ForeignKey(
        LokalePraktijk, on_delete=models.CASCADE, related_name="deelnemers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deelnames",
        help_text=_("Alleen als de deelnemer een account heeft."),
    )
    naam = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    toegankelijkheid = models.CharField(
        _("wat heeft deze deelnemer nodig?"),
        max_length=500,
        blank=True,
        help_text=_("Bijvoorbeeld: rolstoel, ringleiding, eenvoudige taal, een tolk."),
    )
    actief = models.BooleanField(_("doet mee"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["praktijk", "naam"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "praktijk", name="deelnemer_email_uniek_per_praktijk"
            )
        ]

    def __str__(self):
        return self.naam


class PersoonlijkeLink(models.Model):
    """A personal, revocable link: to the schedule page or to the calendar feed.

    The token is an HMAC of the row's random salt (128 bits) under the SECRET_KEY: 256 bits that
    nobody can guess, and that the portal can put in every later e-mail without storing it. Only
    its SHA-256 hash is stored and looked up. Revoking ends the row; a new link gets a new salt."""

    class Soort(models.TextChoices):
        ROOSTER = "rooster", _("Mijn bijeenkomsten")
        AGENDA = "agenda", _("Agenda-abonnement")

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="links")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    zout = models.CharField(max_length=32, editable=False)
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("persoonlijke link")
        verbose_name_plural = _("persoonlijke links")
        constraints = [
            models.UniqueConstraint(
                fields=["deelnemer", "soort"],
                condition=Q(ingetrokken_op__isnull=True),
                name="persoonlijke_link_een_actieve_per_soort",
            )
        ]

    def __str__(self):
        return f"{self.deelnemer} ({self.get_soort_display()})"


class Bijeenkomst(models.Model):
    """A meeting: start and closing meetings for the whole edition, exchange meetings for a
    learning group, local meetings for one practice. "In overleg" while the date is being agreed
    through date options; "vastgesteld" once fixed, which invites everyone in scope."""

    class Soort(models.TextChoices):
        START = "startbijeenkomst", _("Startbijeenkomst")
        LOKAAL = "lokale_bijeenkomst", _("Lokale bijeenkomst")
        UITWISSELING = "uitwisselingsbijeenkomst", _("Uitwisselingsbijeenkomst")
        SLOT = "slotbijeenkomst", _("Slotbijeenkomst")

    class Status(models.TextChoices):
        IN_OVERLEG = "in_overleg", _("In overleg")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        GEHOUDEN = "gehouden", _("Gehouden")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    editie = models.ForeignKey(Editie, on_delete=models.CASCADE, related_name="bijeenkomsten")
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    # RESTRICT: recomposing the groups must never silently take a group's meetings with it
    # (deleting the whole edition still removes both).
    leergroep = models.ForeignKey(
        Leergroep, on_delete=models.RESTRICT, null=True, blank=True, related_name="bijeenkomsten"
    )
    praktijk = models.ForeignKey(
        LokalePraktijk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bijeenkomsten",
    )
    titel = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_OVERLEG
    )
    start = models.DateTimeField(_("begint om"), null=True, blank=True)
    eind = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    locatie = models.CharField(_("plaats"), max_length=200, blank=True)
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    online_link = models.URLField(_("link voor online meedoen"), blank=True)
    drempelvrij = models.BooleanField(_("drempelvrij (rolstoel)"), default=False)
    ringleiding = models.BooleanField(_("ringleiding"), default=False)
    stilteruimte = models.BooleanField(_("stilteruimte"), default=False)
    toegankelijkheid = models.CharField(_("meer over toegankelijkheid"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("versie in de agenda"), default=0)
    versie = models.PositiveIntegerField(_("versie"), default=0)
    herinnering_dagen = models.PositiveSmallIntegerField(_("herinnering (dagen vooraf)"), default=3)
    herinnering_verstuurd_op = models.DateTimeField(null=True, blank=True)
    stemverzoek_verstuurd_op = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        soort__in=["startbijeenkomst", "slotbijeenkomst"],
                        leergroep__isnull=True,
                        praktijk__isnull=True,
                    )
                    | Q(
                        soort="uitwisselingsbijeenkomst",
                        leergroep__isnull=False,
                        praktijk__isnull=True,
                    )
                    | Q(soort="lokale_bijeenkomst", praktijk__isnull=False, leergroep__isnull=True)
                ),
                name="bijeenkomst_bereik_past_bij_soort",
            ),
            models.CheckConstraint(
                # A meeting cancelled while still "in overleg" keeps no time.
                condition=Q(status__in=["in_overleg", "geannuleerd"])
                | Q(start__isnull=False, eind__isnull=False),
                name="bijeenkomst_vastgesteld_heeft_tijd",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(eind__gt=models.F("start")),
                name="bijeenkomst_eind_na_start",
            ),
        ]
        indexes = [models.Index(fields=["editie", "start"])]

    def __str__(self):
        return self.titel


class Datumoptie(models.Model):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, on_delete=models.CASCADE, related_name="datumopties"
    )
    start = models.DateTimeField(_("begint om"))
    eind = models.DateTimeField(_("eindigt om"))

    class Meta:
        verbose_name = _("datumoptie")
        verbose_name_plural = _("datumopties")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["bijeenkomst", "start"], name="datumoptie_uniek"),
            models.CheckConstraint(
                condition=Q(eind__gt=models.F("start")), name="datumoptie_eind_na_start"
            ),
        ]

    def __str__(self):
        return f"{self.bijeenkomst}: {self.start:%d-%m-%Y %H:%M}"


class Stem(models.Model):
    class Antwoord(models.TextChoices):
        JA = "ja", _("Ja")
        ALS_HET_MOET = "als_het_moet", _("Als het moet")
        NEE = "nee", _("Nee")

    optie = models.ForeignKey(Datumoptie, on_delete=models.CASCADE, related_name="stemmen")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="stemmen")
    antwoord = models.CharField(_("antwoord"), max_length=20, choices=Antwoord.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")
        constraints = [models.UniqueConstraint(fields=["optie", "deelnemer"], name="stem_uniek")]

    def __str__(self):
        return f"{self.deelnemer}: {self.get_antwoord_display()}"


class Uitnodiging(models.Model):
    """A participant's invitation to a fixed meeting and their answer (changeable later)."""

    class Antwoord(models.TextChoices):
        GEEN = "", _("Nog geen antwoord")
        JA = "ja", _("Ja, ik kom")
        NEE = "nee", _("Nee, ik kom niet")
        MISSCHIEN = "misschien", _("Misschien")

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, on_delete=models.CASCADE, related_name="uitnodigingen"
    )
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="uitnodigingen")
    antwoord = models.CharField(
        _("antwoord"), max_length=20, choices=Antwoord.choices, blank=True, default=""
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    aanwezig = models.BooleanField(_("aanwezig geweest"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(fields=["bijeenkomst", "deelnemer"], name="uitnodiging_uniek"),
        ]

    def __str__(self):
        return f"{self.deelnemer} – {self.bijeenkomst}"
