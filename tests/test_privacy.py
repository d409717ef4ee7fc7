"""Privacy (AVG, issue 7): the register of personal data, inzage (export) and erasure of one
person, the beheerder's privacy page, the audit log, and the log filter for e-mail addresses.
The retention jobs are in test_bewaartermijnen.py; the log scan itself in tests/logscan.py."""

import io
import json
import logging
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.utils import InternalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import deelname
from bijeenkomsten.models import (
    Bijeenkomst,
    Datumoptie,
    Deelnemer,
    LokalePraktijk,
    PersoonlijkeLink,
    Stem,
    Uitnodiging,
)
from intake.models import Aanmelding, Intakegesprek
from kennis.models import Les
from portal import audit, avg, privacy
from portal.logboek import EmailadressenVerbergen
from portal.management.commands.privacyregister import bijgewerkt
from portal.models import AuditRegel, AuditRegelOnveranderlijk, Mail, User

from .factories import (
    AanmeldingFactory,
    AdviseurFactory,
    EditieFactory,
    GemeenteFactory,
    OrganisatieFactory,
    TrajectFactory,
    UserFactory,
    maak_lid,
)
from .logscan import Verzamelaar, console_filters, lekken

pytestmark = pytest.mark.django_db

TEKST = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


# --- The register -----------------------------------------------------------------------------


def test_elk_tekstveld_is_ingedeeld_en_wat_persoonlijk_lijkt_staat_in_het_register():
    """Our own apps: every text field is in the register or listed as not personal. Other
    apps (Django, allauth, axes): every field whose name looks personal is."""
    ingedeeld = avg.geregistreerd() | {
        (label, naam) for label, namen in avg.GEEN_PERSOONSGEGEVENS.items() for naam in namen
    }
    ontbreekt = []
    for model in apps.get_models():
        for veld in model._meta.concrete_fields:
            sleutel = (model._meta.label, veld.name)
            if not isinstance(veld, (*TEKST, models.FileField)) or sleutel in ingedeeld:
                continue
            if model._meta.app_label in avg.EIGEN_APPS or any(
                woord in veld.name.lower() for woord in avg.LIJKT_PERSOONLIJK
            ):
                ontbreekt.append(sleutel)
    assert ontbreekt == [], "Add these fields to portal/avg.py (REGISTER or GEEN_PERSOONSGEGEVENS)"


def test_het_register_noemt_alleen_velden_die_bestaan():
    for veld in avg.REGISTER:
        app_label, model_naam = veld.model.split(".")
        if app_label not in {c.label for c in apps.get_app_configs()}:
            continue  # e.g. axes before it is installed
        model = apps.get_model(app_label, model_naam)
        model._meta.get_field(veld.veld)
    for label, namen in avg.GEEN_PERSOONSGEGEVENS.items():
        model = apps.get_model(label)
        for naam in namen:
            assert (label, naam) not in avg.geregistreerd()
            model._meta.get_field(naam)


def test_docs_privacy_is_gelijk_aan_het_register():
    pad = settings.BASE_DIR / "docs" / "privacy.md"
    tekst = pad.read_text(encoding="utf-8")
    assert tekst == bijgewerkt(tekst), "Run: manage.py privacyregister"
    assert "| `bijeenkomsten.Deelnemer` | `toegankelijkheid` |" in tekst


# --- Two people in the same municipality, practice and meeting ------------------------------


@pytest.fixture
def twee(django_capture_on_commit_callbacks):
    """Anna and Bram: officials of the same municipality, participants in the same practice,
    invited to the same meeting, both voted, wrote a lesson, got mail and have audit entries."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    adviseur = AdviseurFactory(organisatie=organisatie, naam="Adri Adviseur")
    gemeente = GemeenteFactory(naam="Gedeeld")
    anna = UserFactory(email="anna.appel@example.org", naam="Anna Appelboom")
    bram = UserFactory(email="bram.bes@example.org", naam="Bram Bessemer")
    for persoon in (anna, bram):
        maak_lid(persoon, gemeente)
    aanmelding = AanmeldingFactory(
        editie=editie,
        traject=traject,
        gemeente=gemeente,
        aangemaakt_door=anna,
        status=Aanmelding.Status.GEPLAATST,
        contact_naam="Anna Appelboom",
        contact_email="anna.appel@example.org",
        contact_telefoon="06-11112222",
    )
    praktijk = LokalePraktijk.objects.create(aanmelding=aanmelding)
    start = timezone.now() + timedelta(days=10)
    bijeenkomst = Bijeenkomst.objects.create(
        editie=editie,
        soort=Bijeenkomst.Soort.LOKAAL,
        praktijk=praktijk,
        titel="Lokale bijeenkomst",
        status=Bijeenkomst.Status.IN_OVERLEG,
    )
    optie = Datumoptie.objects.create(
        bijeenkomst=bijeenkomst, start=start, eind=start + timedelta(hours=2)
    )
    deelnemers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for persoon in (anna, bram):
            d = deelname.deelnemer_toevoegen(
                praktijk=praktijk,
                naam=persoon.naam,
                email=persoon.email,
                rol=Deelnemer.Rol.AMBTENAAR,
                telefoon="06-99998888" if persoon is anna else "06-77776666",
                toegankelijkheid="Ringleiding" if persoon is anna else "Tolk",
                door=adviseur,
            )
            Deelnemer.objects.filter(pk=d.pk).update(user=persoon)
            deelname.link_versturen(deelnemer=d, door=adviseur)
            Uitnodiging.objects.create(bijeenkomst=bijeenkomst, deelnemer=d, antwoord="ja")
            Stem.objects.create(optie=optie, deelnemer=d, antwoord="ja")
            Les.objects.create(
                editie=editie,
                praktijk=praktijk,
                tekst=f"Les van {persoon.naam}: samen leren werkt.",
                ingediend_door_deelnemer=d,
            )
            audit.vastleggen(None, audit.DEELNEMER_TOEGEVOEGD, d, actor=adviseur)
            deelnemers[persoon.email] = d
    Intakegesprek.objects.create(
        aanmelding=aanmelding,
        start=start,
        eind=start + timedelta(hours=1),
        adres="Raadhuis",
        aanwezigen="Anna Appelboom, Bram Bessemer",
        notities="Anna Appelboom trekt het project; Bram Bessemer helpt.",
    )
    with transaction.atomic():
        Mail.objects.create(
            sleutel="beide",
            message_id="<beide@test>",
            aan=["anna.appel@example.org", "bram.bes@example.org"],
            onderwerp="Aan Anna Appelboom en Bram Bessemer",
            tekst="Beste Anna Appelboom en Bram Bessemer,",
        )
        # An invitation to Bram whose calendar attachment names Anna as the organiser.
        Mail.objects.create(
            sleutel="ics",
            message_id="<ics@test>",
            aan=["bram.bes@example.org"],
            onderwerp="Uitnodiging",
            tekst="Zie de bijlage.",
            bijlagen=[
                {
                    "naam": "uitnodiging.ics",
                    "type": "text/calendar",
                    "inhoud": "ORGANIZER;CN=Anna Appelboom:mailto:anna.appel@example.org",
                }
            ],
        )
    return {
        "anna": anna,
        "bram": bram,
        "adviseur": adviseur,
        "praktijk": praktijk,
        "aanmelding": aanmelding,
        "deelnemers": deelnemers,
    }


def _zip_tekst(inhoud: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zip_:
        return {naam: zip_.read(naam).decode() for naam in zip_.namelist()}


def test_export_bevat_alles_van_de_persoon_en_niets_van_de_ander(twee):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    persoon = privacy.persoon_zoeken(email="Anna.Appel@example.org")
    bestanden = _zip_tekst(privacy.persoon_exporteren(persoon=persoon, door=beheerder))
    assert set(bestanden) == {
        "LEESMIJ.txt",
        "account.json",
        "lidmaatschappen.json",
        "aanmeldingen.json",
        "deelnemers.json",
        "lessen.json",
        "mails.json",
        "auditlog.json",
        "vermeldingen.json",
    }
    alles = "\n".join(bestanden.values())
    for van_anna in ("anna.appel@example.org", "Anna Appelboom", "06-11112222", "Ringleiding"):
        assert van_anna in alles
    for van_bram in ("bram.bes", "Bram Bessemer", "06-77776666", "Tolk", beheerder.email):
        assert van_bram not in alles, van_bram
    deelnemers = json.loads(bestanden["deelnemers.json"])
    assert [len(d["uitnodigingen"]) for d in deelnemers] == [1]
    assert [len(d["stemmen"]) for d in deelnemers] == [1]
    assert {link["soort"] for link in deelnemers[0]["links"]} == {"rooster", "agenda"}
    assert len(json.loads(bestanden["lessen.json"])["lessen"]) == 1
    mails = json.loads(bestanden["mails.json"])
    assert len(mails) == 2 and all(m["aan"] == ["anna.appel@example.org"] for m in mails)
    assert json.loads(bestanden["auditlog.json"])  # the entry about her participant record
    assert "Intakegesprek" in bestanden["vermeldingen.json"]
    assert "niemand anders" not in bestanden["LEESMIJ.txt"].lower()
    regel = AuditRegel.objects.get(actie=audit.PERSOON_GEEXPORTEERD)
    assert regel.actor == beheerder and "anna" not in regel.object_tekst


def _alle_tekst_met(term: str) -> list[tuple[str, str]]:
    """(table, column) of every text column of every table in PostgreSQL that holds ``term``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'jsonb', 'json', 'character', 'inet')"
        )
        kolommen = cursor.fetchall()
        gevonden = []
        for tabel, kolom in kolommen:
            cursor.execute(
                f'SELECT 1 FROM "{tabel}" WHERE "{kolom}"::text ILIKE %s LIMIT 1',  # noqa: S608
                [f"%{term}%"],
            )
            if cursor.fetchone():
                gevonden.append((tabel, kolom))
    return gevonden


@pytest.mark.skipif(connection.vendor != "postgresql", reason="scans PostgreSQL's catalogue")
def test_na_wissen_staan_naam_en_email_in_geen_enkele_tabel(twee):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    anna = twee["anna"]
    client = Client()
    client.force_login(anna)  # a session of hers that must go too
    assert _alle_tekst_met("anna.appel@example.org")
    assert _alle_tekst_met("Anna Appelboom")
    aantallen = (Uitnodiging.objects.count(), Stem.objects.count(), Aanmelding.objects.count())
    auditregels = AuditRegel.objects.count()

    privacy.persoon_wissen(persoon=privacy.persoon_zoeken(email=anna.email), door=beheerder)

    assert _alle_tekst_met("anna.appel") == []
    assert _alle_tekst_met("Anna Appelboom") == []
    assert _alle_tekst_met("06-99998888") == []
    # Bram keeps everything; the numbers stay; audit entries are redacted, not deleted.
    assert _alle_tekst_met("bram.bes@example.org")
    assert "Bram Bessemer" in Intakegesprek.objects.get().notities
    assert Mail.objects.get(sleutel="beide").aan == ["bram.bes@example.org"]
    assert aantallen == (
        Uitnodiging.objects.count(),
        Stem.objects.count(),
        Aanmelding.objects.count(),
    )
    assert AuditRegel.objects.count() == auditregels + 1
    assert AuditRegel.objects.filter(geredigeerd_op__isnull=False).exists()
    anna.refresh_from_db()
    assert not anna.is_active and not anna.has_usable_password()
    assert not PersoonlijkeLink.objects.filter(
        deelnemer=twee["deelnemers"]["anna.appel@example.org"]
    )
    assert client.get(reverse("portal:mijn")).status_code == 302  # logged out


def test_wissen_is_een_transactie(twee):
    """A failure halfway (here: the audit entry at the end is refused) leaves everything."""
    persoon = privacy.persoon_zoeken(email=twee["anna"].email)
    with pytest.raises(AttributeError):
        # ``door`` must be a User: the audit entry, written last, fails on something else.
        privacy.persoon_wissen(persoon=persoon, door=twee["praktijk"])
    twee["anna"].refresh_from_db()
    assert twee["anna"].email == "anna.appel@example.org" and twee["anna"].is_active
    assert Deelnemer.objects.filter(email="anna.appel@example.org").exists()


# --- The beheerder's privacy page --------------------------------------------------------------


def test_privacypagina_alleen_voor_beheerders(twee):
    client = Client()
    for wie, code in ((twee["adviseur"], 403), (twee["anna"], 403)):
        client.force_login(wie)
        assert client.get(reverse("portal:privacy-zoeken")).status_code == code
        antwoord = client.post(
            reverse("portal:privacy-exporteren"), {"email": "bram.bes@example.org"}
        )
        assert antwoord.status_code == code
        antwoord = client.post(
            reverse("portal:privacy-wissen"), {"email": "bram.bes@example.org", "bevestigd": "on"}
        )
        assert antwoord.status_code == code
    assert User.objects.get(pk=twee["bram"].pk).is_active
    assert Client().get(reverse("portal:privacy-zoeken")).status_code == 302


def test_beheerder_zoekt_exporteert_en_wist_met_bevestiging(twee):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    client = Client()
    client.force_login(beheerder)
    pagina = client.post(reverse("portal:privacy-zoeken"), {"email": "bram.bes@example.org"})
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "Bram Bessemer" in tekst and "Exporteren" in tekst and "Wissen" in tekst
    assert AuditRegel.objects.filter(actie=audit.PERSOON_OPGEZOCHT, actor=beheerder).exists()

    export = client.post(reverse("portal:privacy-exporteren"), {"email": "bram.bes@example.org"})
    assert export["Content-Type"] == "application/zip"
    assert "bram.bes@example.org" in _zip_tekst(export.content)["account.json"]

    stap1 = client.post(reverse("portal:privacy-wissen"), {"email": "bram.bes@example.org"})
    assert stap1.status_code == 200 and "Ja, wis de gegevens" in stap1.content.decode()
    zonder_vinkje = client.post(
        reverse("portal:privacy-wissen"), {"email": "bram.bes@example.org", "bevestigen": "1"}
    )
    assert "Vink aan" in zonder_vinkje.content.decode()
    assert User.objects.filter(email="bram.bes@example.org").exists()
    klaar = client.post(
        reverse("portal:privacy-wissen"),
        {"email": "bram.bes@example.org", "bevestigd": "on", "bevestigen": "1"},
    )
    assert klaar.status_code == 302
    assert not User.objects.filter(email="bram.bes@example.org").exists()
    assert not Deelnemer.objects.filter(email__iexact="bram.bes@example.org").exists()
    assert User.objects.filter(email="anna.appel@example.org", is_active=True).exists()
    assert AuditRegel.objects.filter(actie=audit.PERSOON_GEWIST, actor=beheerder).exists()


def test_beheerder_kan_zichzelf_niet_wissen(db):
    beheerder = UserFactory(rol=User.Rol.BEHEERDER)
    client = Client()
    client.force_login(beheerder)
    pagina = client.post(
        reverse("portal:privacy-wissen"),
        {"email": beheerder.email, "bevestigd": "on", "bevestigen": "1"},
    )
    assert "eigen gegevens" in pagina.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.is_active and beheerder.naam


def test_onbekend_adres_zegt_dat_er_niets_is(db):
    client = Client()
    client.force_login(UserFactory(rol=User.Rol.BEHEERDER))
    pagina = client.post(reverse("portal:privacy-zoeken"), {"email": "niemand@example.org"})
    assert "bewaart niets" in pagina.content.decode()


# --- The audit log -------------------------------------------------------------------------------


def test_auditregel_kan_niet_gewijzigd_of_verwijderd_worden(db):
    regel = audit.vastleggen(None, audit.PERSOON_OPGEZOCHT, kanaal="taak")
    regel.actie = "iets.anders"
    with pytest.raises(AuditRegelOnveranderlijk):
        regel.save()
    with pytest.raises(AuditRegelOnveranderlijk):
        regel.delete()
    with pytest.raises(AuditRegelOnveranderlijk):
        AuditRegel.objects.filter(pk=regel.pk).update(actie="x")
    with pytest.raises(AuditRegelOnveranderlijk):
        AuditRegel.objects.filter(pk=regel.pk).delete()
    assert AuditRegel.objects.filter(pk=regel.pk).redigeren(vervanging="[gewist]") == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
def test_database_weigert_wijzigen_en_verwijderen_van_auditregels(db):
    user = UserFactory()
    regel = audit.vastleggen(None, audit.PERSOON_OPGEZOCHT, user, actor=user)
    for sql in (
        "UPDATE portal_auditregel SET actie = 'x' WHERE id = %s",
        "UPDATE portal_auditregel SET object_tekst = 'x' WHERE id = %s",
        "DELETE FROM portal_auditregel WHERE id = %s",
    ):
        with (
            pytest.raises(InternalError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [regel.pk])
    user.delete()  # the account may go: the entry keeps its text
    regel = AuditRegel.objects.get(pk=regel.pk)
    assert regel.actor is None and user.email in regel.actor_tekst


def test_auditregel_heeft_de_velden_van_bio_8_15(twee, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    request.user = twee["adviseur"]
    regel = audit.vastleggen(
        request, audit.DEELNEMERS_BEKEKEN, twee["praktijk"], AuditRegel.Resultaat.GEWEIGERD
    )
    assert regel.actor == twee["adviseur"] and str(twee["adviseur"].pk) in regel.actor_tekst
    assert (regel.object_type, regel.object_id) == (
        "bijeenkomsten.lokalepraktijk",
        str(twee["praktijk"].pk),
    )
    assert regel.resultaat == "geweigerd" and regel.ip == "192.0.2.7" and regel.tijdstip


def test_admin_toont_het_auditlog_alleen_lezen(db):
    beheerder = User.objects.create_superuser(email="super@example.org", password="x" * 12)
    regel = audit.vastleggen(None, audit.PERSOON_OPGEZOCHT, kanaal="taak")
    client = Client()
    client.force_login(beheerder)
    assert client.get(reverse("admin:portal_auditregel_changelist")).status_code == 200
    wijzig = client.get(reverse("admin:portal_auditregel_change", args=[regel.pk]))
    assert wijzig.status_code == 200 and b'name="actie"' not in wijzig.content
    assert client.get(reverse("admin:portal_auditregel_add")).status_code == 403
    client.post(reverse("admin:portal_auditregel_delete", args=[regel.pk]), {"post": "yes"})
    assert AuditRegel.objects.filter(pk=regel.pk).exists()


# --- No personal data in logs -------------------------------------------------------------------


def test_logfilter_vervangt_emailadressen_ook_in_een_traceback():
    try:
        raise ValueError("550 <iemand@example.net>: Recipient address rejected")
    except ValueError:
        record = logging.LogRecord(
            "portal.mail",
            logging.ERROR,
            __file__,
            1,
            "Mail to %s failed",
            ("iemand@example.net",),
            exc_info=__import__("sys").exc_info(),
        )
    assert EmailadressenVerbergen().filter(record)
    assert "iemand@example.net" not in record.getMessage()
    assert "iemand@example.net" not in record.exc_text and "[e-mailadres]" in record.exc_text


def test_elke_handler_in_logging_heeft_beide_filters():
    for naam, handler in settings.LOGGING["handlers"].items():
        assert {"verberg_links", "verberg_emailadressen"} <= set(handler.get("filters", [])), naam


def test_de_logscan_vindt_een_emailadres_als_het_filter_ontbreekt(db):
    """The scan in tests/logscan.py can fail: without the console filters it sees the address,
    with them it does not."""
    user = UserFactory(email="lek.test@example.org")
    logger = logging.getLogger("portal.test_privacy")
    zonder, met = Verzamelaar(), Verzamelaar(console_filters())
    for handler in (zonder, met):
        logger.addHandler(handler)
    try:
        logger.warning("Inloggen mislukt voor %s", user.email)
    finally:
        for handler in (zonder, met):
            logger.removeHandler(handler)
    assert lekken(zonder.regels, {user.email}) == [("portal.test_privacy", user.email)]
    assert lekken(met.regels, {user.email}) == []
