import datetime

import factory
from django.conf import settings
from django.utils import timezone

from intake.models import Aanmelding, AanmeldingGemeente
from portal.models import Gemeente, GemeenteLidmaatschap, Organisatie, Provincie, User
from trajecten.models import Editie, Thema, Traject


class ProvincieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provincie
        django_get_or_create = ["code"]

    code = "PV26"
    naam = "Utrecht"


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente

    # GM9000-GM9999: never a real CBS code, and always six characters.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    naam = factory.Sequence(lambda n: f"Testgemeente {n}")
    provincie = factory.SubFactory(ProvincieFactory)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = Organisatie.Soort.KENNISINSTITUUT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    naam = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(settings.DEMO_PASSWORD)


class ThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thema

    slug = factory.Sequence(lambda n: f"thema-{n}")
    naam = factory.Sequence(lambda n: f"Thema {n}")
    soort = Thema.Soort.MAATSCHAPPELIJKE_OPGAVE


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traject
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n}")
    slug = factory.Sequence(lambda n: f"traject-{n}")
    titel = factory.Sequence(lambda n: f"Testtraject {n}")
    soort = Traject.Soort.OP_AANVRAAG
    status = Traject.Status.GEPUBLICEERD
    samenvatting = "Een traject om mee te testen."
    waar_gaat_het_over = "Dit traject bestaat alleen in de tests."

    @factory.post_generation
    def organisaties(self, create, extracted, **kwargs):
        if create:
            self.organisaties.set(extracted or [OrganisatieFactory()])


class EditieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Editie

    traject = factory.SubFactory(TrajectFactory, soort=Traject.Soort.EDITIE)
    naam = factory.Sequence(lambda n: f"Editie {n}")
    slug = factory.Sequence(lambda n: f"editie-{n}")
    status = Editie.Status.OPEN
    aanmelding_vanaf = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=7)
    )
    aanmelding_tot = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=30)
    )


def maak_lid(user, gemeente, status=GemeenteLidmaatschap.Status.BEVESTIGD):
    """Make ``user`` a (confirmed) official of ``gemeente``."""
    return GemeenteLidmaatschap.objects.create(
        user=user,
        gemeente=gemeente,
        status=status,
        bevestigd_op=timezone.now() if status == GemeenteLidmaatschap.Status.BEVESTIGD else None,
    )


class AdviseurFactory(UserFactory):
    rol = User.Rol.ADVISEUR
    organisatie = factory.SubFactory(OrganisatieFactory)


class AanmeldingFactory(factory.django.DjangoModelFactory):
    """An enrolment in any status, with its lead municipality registered as participant.

    ``status`` other than concept also sets the dates the database requires."""

    class Meta:
        model = Aanmelding
        skip_postgeneration_save = True

    editie = factory.SubFactory(EditieFactory)
    traject = factory.LazyAttribute(lambda o: o.editie.traject if o.editie else TrajectFactory())
    gemeente = factory.SubFactory(GemeenteFactory)
    aangemaakt_door = factory.SubFactory(UserFactory)
    contact_naam = "Contactpersoon"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    status = Aanmelding.Status.CONCEPT
    ingediend_op = factory.LazyAttribute(
        lambda o: None if o.status == Aanmelding.Status.CONCEPT else timezone.now()
    )
    wachtlijst_sinds = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Aanmelding.Status.WACHTLIJST else None
    )

    @factory.post_generation
    def deelnemer(self, create, extracted, **kwargs):
        if create:
            AanmeldingGemeente.objects.get_or_create(
                aanmelding=self,
                gemeente=self.gemeente,
                defaults={"editie": self.editie, "is_penvoerder": True},
            )
