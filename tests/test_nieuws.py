"""News about knowledge products: the choice on the start page (/mijn/), and the announcement
that publishing puts in the mail outbox for exactly the confirmed officials who opted in, once
each, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bijeenkomsten.models import LokalePraktijk
from intake.models import Aanmelding
from kennis import producten
from kennis.models import Kennisproduct, Sectie
from portal.exceptions import PortaalFout
from portal.models import GemeenteLidmaatschap, Mail
from portal.nieuws import nieuws_instellen, nieuws_ontvangers
from portal.taalniveau import controleren, zichtbare_tekst
from trajecten.models import Traject

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

pytestmark = pytest.mark.django_db
P = Kennisproduct.Status
SAMENVATTING = (
    "Oss en Best openden samen een **buurtkamer**. Inwoners komen er elke week. "
    + "Zo leerden zij veel van elkaar. " * 20
)


def _aankondigingen(product=None):
    mails = Mail.objects.filter(sleutel__contains=":aankondiging:")
    if product is not None:
        mails = mails.filter(sleutel__startswith=f"kennisproduct:{product.pk}:")
    return mails


def _vastgesteld_product(namen=("Oss", "Best")):
    """A fixed product of a new track, ready to publish: Oss and Best take part (no consent
    yet, so anonymised); the summary names them both."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    adviseur = AdviseurFactory(organisatie=organisatie)
    for naam in namen:
        aanmelding = AanmeldingFactory(
            editie=editie,
            traject=traject,
            gemeente=GemeenteFactory(naam=naam),
            status=Aanmelding.Status.TOEGELATEN,
        )
        LokalePraktijk.objects.create(aanmelding=aanmelding)
    product = producten.product_aanmaken(editie=editie, door=adviseur)
    producten.sectie_wijzigen(
        sectie=product.secties.get(soort=Sectie.Soort.SAMENVATTING),
        titel="Samenvatting",
        tekst=SAMENVATTING,
        versie=product.versie,
        door=adviseur,
    )
    for naar in (P.TER_REVIEW, P.VASTGESTELD):
        product.refresh_from_db()
        producten.status_zetten(product=product, naar=naar, versie=product.versie, door=adviseur)
    product.refresh_from_db()
    return product, adviseur


def _publiceren(product, adviseur):
    product.refresh_from_db()
    return producten.status_zetten(
        product=product, naar=P.GEPUBLICEERD, versie=product.versie, door=adviseur
    )


def _lezer(email, *, aan=True, status=GemeenteLidmaatschap.Status.BEVESTIGD, **velden):
    """An official of a fresh municipality who opted in (or not)."""
    user = UserFactory(email=email, nieuws_ontvangen=aan, **velden)
    maak_lid(user, GemeenteFactory(), status=status)
    return user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- The choice on /mijn/ ------------------------------------------------------------------------


def test_mijn_toont_de_keuze_uitgezet_met_uitleg():
    client = Client()
    client.force_login(UserFactory())
    inhoud = client.get(reverse("portal:mijn")).content.decode()
    assert 'name="nieuws_ontvangen"' in inhoud
    assert "U kunt dit altijd weer uitzetten." in inhoud
    assert "checked" not in inhoud.split('name="nieuws_ontvangen"')[1].split(">")[0]
    # Without a confirmed municipality the page says the mail only comes after confirmation.
    assert "pas als uw gemeente bevestigt" in inhoud


def test_nieuws_aanzetten_en_weer_uitzetten_op_mijn():
    user = _lezer("lezer@example.org", aan=False)
    client = Client()
    client.force_login(user)
    url = reverse("portal:mijn")

    antwoord = client.post(url, {"formulier": "nieuws", "nieuws_ontvangen": "aan"}, follow=True)
    user.refresh_from_db()
    assert antwoord.redirect_chain == [(url, 302)]
    assert user.nieuws_ontvangen is True
    aangezet_op = user.nieuws_gewijzigd_op
    assert aangezet_op is not None
    inhoud = antwoord.content.decode()
    assert "U krijgt nu een e-mail als er een nieuw kennisproduct is." in inhoud
    assert "checked" in inhoud.split('name="nieuws_ontvangen"')[1].split(">")[0]
    assert "pas als uw gemeente bevestigt" not in inhoud
    assert list(nieuws_ontvangers()) == [user]

    # An unticked box sends nothing: that switches it off.
    antwoord = client.post(url, {"formulier": "nieuws"}, follow=True)
    user.refresh_from_db()
    assert user.nieuws_ontvangen is False
    assert user.nieuws_gewijzigd_op > aangezet_op
    assert "U krijgt geen e-mail meer over nieuwe kennisproducten." in antwoord.content.decode()
    assert list(nieuws_ontvangers()) == []


def test_nieuwsformulier_zonder_csrf_token_wordt_geweigerd():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    antwoord = client.post(
        reverse("portal:mijn"), {"formulier": "nieuws", "nieuws_ontvangen": "aan"}
    )
    assert antwoord.status_code == 403
    user.refresh_from_db()
    assert user.nieuws_ontvangen is False


def test_anoniem_wordt_naar_inloggen_gestuurd():
    url = reverse("portal:mijn")
    for antwoord in (
        Client().get(url),
        Client().post(url, {"formulier": "nieuws", "nieuws_ontvangen": "aan"}),
    ):
        assert antwoord.status_code == 302
        assert antwoord.url.startswith(reverse("account_login"))


def test_nieuws_instellen_bewaart_de_datum_alleen_bij_een_echte_wijziging():
    user = UserFactory()
    nieuws_instellen(user=user, aan=True)
    eerste = user.nieuws_gewijzigd_op
    nieuws_instellen(user=user, aan=True)
    user.refresh_from_db()
    assert user.nieuws_ontvangen is True and user.nieuws_gewijzigd_op == eerste


# --- The announcement on publishing -------------------------------------------------------------


def test_publiceren_mailt_precies_de_bevestigde_ambtenaren_die_nieuws_willen():
    product, adviseur = _vastgesteld_product()
    welkom = [_lezer("een@example.org"), _lezer("twee@example.org")]
    # Two confirmed municipalities: still one mail.
    maak_lid(welkom[0], GemeenteFactory())
    _lezer("uit@example.org", aan=False)
    _lezer("onbevestigd@example.org", status=GemeenteLidmaatschap.Status.AANGEVRAAGD)
    _lezer("afgewezen@example.org", status=GemeenteLidmaatschap.Status.AFGEWEZEN)
    _lezer("weg@example.org", is_active=False)
    AdviseurFactory(email="adviseur@example.org", nieuws_ontvangen=True)  # no municipality
    assert not _aankondigingen().exists()  # review and fixing announce nothing

    _publiceren(product, adviseur)

    mails = _aankondigingen(product)
    assert sorted(a for m in mails for a in m.aan) == ["een@example.org", "twee@example.org"]
    assert {m.sleutel for m in mails} == {
        f"kennisproduct:{product.pk}:aankondiging:{u.pk}" for u in welkom
    }
    assert all(m.status == Mail.Status.WACHTRIJ for m in mails)


def test_aankondiging_noemt_titel_samenvatting_link_en_hoe_u_stopt(settings):
    settings.SITE_URL = "https://portaal.example.nl"
    product, adviseur = _vastgesteld_product()
    _lezer("lezer@example.org", naam="Lea Lezer")
    _publiceren(product, adviseur)
    (bericht,) = _aankondigingen(product)
    bibliotheek = f"https://portaal.example.nl/kennisbibliotheek/{product.slug}/"
    mijn = "https://portaal.example.nl/mijn/"
    assert bericht.onderwerp == f"Nieuw kennisproduct: {product.titel}"
    for deel in (bericht.tekst, bericht.html):
        assert "Beste Lea Lezer," in deel
        assert product.titel in deel
        assert bibliotheek in deel and mijn in deel
        # The summary as plain text, shortened, and anonymised like the published product.
        assert "openden samen een buurtkamer" in deel
        assert "**" not in deel
        assert not re.search(r"\b(Oss|Best)\b", deel)
        assert "Gemeente B en gemeente A openden" in deel  # letters in the order of the names
    regel = next(r for r in bericht.tekst.splitlines() if "openden samen" in r)
    assert len(regel) <= producten.SAMENVATTING_MAX
    # Shortened at a word boundary.
    assert regel.endswith("…") and regel[:-1].split()[-1] in SAMENVATTING.split()
    # The rendered mail, with a real summary in it, is still plain language (B1).
    assert controleren(bericht.tekst) == []
    assert controleren(zichtbare_tekst(bericht.html)) == []


def test_nog_een_keer_publiceren_schrijft_niets_nieuws():
    product, adviseur = _vastgesteld_product()
    _lezer("een@example.org")
    _publiceren(product, adviseur)
    aantal = Mail.objects.count()
    with pytest.raises(PortaalFout):
        _publiceren(product, adviseur)
    # The announcement itself is keyed per product and person: running it again adds nothing.
    assert producten._aankondigingen(Kennisproduct.objects.get(pk=product.pk)) == 0
    assert Mail.objects.count() == aantal
    assert _aankondigingen(product).count() == 1


def test_publiceren_blijft_een_vast_aantal_queries_ook_met_meer_ontvangers():
    def publiceren_met(aantal_ontvangers, begin):
        product, adviseur = _vastgesteld_product(namen=(f"Oss {begin}", f"Best {begin}"))
        for nummer in range(begin, aantal_ontvangers):
            _lezer(f"lezer{nummer}@example.org")
        with CaptureQueriesContext(connection) as queries:
            _publiceren(product, adviseur)
        assert _aankondigingen(product).count() == aantal_ontvangers
        return len(queries)

    met_drie = publiceren_met(3, 0)
    met_dertig = publiceren_met(30, 3)
    assert met_dertig == met_drie
