"""Participants of a local practice: personal links, their own meetings, answers, votes, the
calendar feed, the practice page per role, rate limits and tokens kept out of logs."""

import logging
import socket
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bijeenkomsten import deelname, services
from bijeenkomsten.deelname_log import PersoonlijkeLinksVerbergen
from bijeenkomsten.links import link_geven, link_token
from bijeenkomsten.models import (
    Bijeenkomst,
    Datumoptie,
    Deelnemer,
    LokalePraktijk,
    PersoonlijkeLink,
    Stem,
    Uitnodiging,
)
from intake.models import Aanmelding
from portal.models import Mail
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
B = Bijeenkomst


@pytest.fixture
def opzet(django_capture_on_commit_callbacks):
    """Four placed municipalities in two learning groups, published: four practices."""
    organisatie = OrganisatieFactory()
    traject = TrajectFactory(soort=Traject.Soort.EDITIE, organisaties=[organisatie])
    editie = EditieFactory(traject=traject, groepsgrootte_min=2, groepsgrootte_max=3)
    adviseur = AdviseurFactory(organisatie=organisatie)
    aanmeldingen, ambtenaren = [], []
    for naam in ("Oss", "Best", "Haren", "Stad"):
        gemeente = GemeenteFactory(naam=naam)
        aanmeldingen.append(
            AanmeldingFactory(
                editie=editie,
                traject=traject,
                gemeente=gemeente,
                status=Aanmelding.Status.TOEGELATEN,
            )
        )
        ambtenaar = UserFactory(email=f"{naam.lower()}@example.org", naam=f"Ambtenaar {naam}")
        maak_lid(ambtenaar, gemeente)
        ambtenaren.append(ambtenaar)
    oss, best, haren, stad = aanmeldingen
    with django_capture_on_commit_callbacks(execute=True):
        services.samenstelling_opslaan(
            editie=editie, groepen=[[oss.pk, best.pk], [haren.pk, stad.pk]], versie=0, door=adviseur
        )
        services.samenstelling_publiceren(editie=editie, versie=1, door=adviseur)
    praktijken = [LokalePraktijk.objects.get(aanmelding=a) for a in aanmeldingen]
    inwoner = deelname.deelnemer_toevoegen(
        praktijk=praktijken[0],
        naam="Ineke Inwoner",
        email="ineke@example.net",
        rol=Deelnemer.Rol.INWONER,
        toegankelijkheid="Rolstoel",
        door=ambtenaren[0],
    )
    buur = deelname.deelnemer_toevoegen(
        praktijk=praktijken[0],
        naam="Bert Buurman",
        email="bert.buurman@example.net",
        rol=Deelnemer.Rol.RAADSLID,
        door=ambtenaren[0],
    )
    return {
        "editie": editie,
        "adviseur": adviseur,
        "praktijken": praktijken,
        "ambtenaren": ambtenaren,
        "inwoner": inwoner,
        "buur": buur,
    }


def _bijeenkomst(editie, *, soort=B.Soort.START, status=B.Status.VASTGESTELD, dagen=10, **kw):
    start = timezone.now().replace(microsecond=0) + timedelta(days=dagen)
    if status == B.Status.IN_OVERLEG:
        kw.setdefault("start", None)
        kw.setdefault("eind", None)
    return Bijeenkomst.objects.create(
        editie=editie,
        soort=soort,
        titel=kw.pop("titel", f"{soort} over {dagen} dagen"),
        status=status,
        start=kw.pop("start", start),
        eind=kw.pop("eind", start + timedelta(hours=2)),
        **kw,
    )


def _link_url(deelnemer, soort="rooster"):
    token = link_token(link_geven(deelnemer=deelnemer, soort=soort))
    if soort == "agenda":
        return reverse("deelname:agenda-feed", kwargs={"token": token})
    return reverse("deelname:link", kwargs={"token": token})


def test_link_token_is_minstens_128_bits_en_alleen_de_hash_staat_in_de_database(opzet):
    link = link_geven(deelnemer=opzet["inwoner"], soort="rooster")
    token = link_token(link)
    assert len(token) * 4 >= 128 and int(token, 16) > 0
    Client().get(reverse("deelname:link", kwargs={"token": token}))
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names():
            # Table names come from the database itself, not from input.
            sql = f"SELECT count(*) FROM {connection.ops.quote_name(tabel)} AS t WHERE t::text LIKE %s"  # noqa: S608, E501
            cursor.execute(sql, [f"%{token}%"])
            assert cursor.fetchone()[0] == 0, f"token found in {tabel}"
    assert PersoonlijkeLink.objects.get(pk=link.pk).sleutel_hash != token


def test_na_versturen_staat_het_token_alleen_in_de_uitgaande_mail(opzet):
    """The outbox keeps the rendered mail text, link included: that is the only copy."""
    link = deelname.link_versturen(deelnemer=opzet["inwoner"], door=opzet["ambtenaren"][0])
    token = link_token(link)
    gevonden = []
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names():
            sql = f"SELECT count(*) FROM {connection.ops.quote_name(tabel)} AS t WHERE t::text LIKE %s"  # noqa: S608, E501
            cursor.execute(sql, [f"%{token}%"])
            if cursor.fetchone()[0]:
                gevonden.append(tabel)
    assert gevonden == [Mail._meta.db_table]


def test_ingetrokken_link_geeft_meteen_404_en_de_vernieuwde_werkt(opzet, client):
    inwoner, ambtenaar = opzet["inwoner"], opzet["ambtenaren"][0]
    oude_url = _link_url(inwoner)
    oude_feed = _link_url(inwoner, "agenda")
    assert client.get(oude_url).status_code == 200
    client.force_login(ambtenaar)
    pad = reverse(
        "deelname:deelnemer-intrekken",
        kwargs={"pk": inwoner.praktijk_id, "deelnemer_pk": inwoner.pk},
    )
    assert client.get(pad).status_code == 200  # confirm step first; nothing changed yet
    assert Client().get(oude_url).status_code == 200
    client.post(pad, {"actie": "vernieuwen"})
    anoniem = Client()
    antwoord = anoniem.get(oude_url)
    assert antwoord.status_code == 404
    assert "Deze link werkt niet" in antwoord.content.decode()
    assert anoniem.get(oude_feed).status_code == 404
    assert anoniem.get(_link_url(inwoner)).status_code == 200
    mail = Mail.objects.filter(aan__icontains=inwoner.email).latest("created_at")
    assert _link_url(inwoner) in mail.tekst


def test_deelnemer_ziet_alleen_eigen_bijeenkomsten_en_verandert_antwoord(opzet):
    editie, praktijken = opzet["editie"], opzet["praktijken"]
    oss, best, haren = praktijken[0], praktijken[1], praktijken[2]
    _bijeenkomst(editie, titel="Start van de editie", drempelvrij=True, agenda="Kennismaken")
    _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=oss, titel="Lokaal in Oss", dagen=12)
    _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=best, titel="Lokaal in Best", dagen=13)
    _bijeenkomst(
        editie, soort=B.Soort.UITWISSELING, leergroep=oss.leergroep, titel="Uitwisseling A"
    )
    _bijeenkomst(
        editie, soort=B.Soort.UITWISSELING, leergroep=haren.leergroep, titel="Uitwisseling B"
    )
    _bijeenkomst(editie, status=B.Status.IN_OVERLEG, titel="Slot zonder opties", soort=B.Soort.SLOT)
    url = _link_url(opzet["inwoner"])
    client = Client()
    tekst = client.get(url).content.decode()
    for titel in ("Start van de editie", "Lokaal in Oss", "Uitwisseling A", "Kennismaken"):
        assert titel in tekst
    for titel in ("Lokaal in Best", "Uitwisseling B", "Slot zonder opties", "Bert Buurman"):
        assert titel not in tekst
    assert "Zonder drempels" in tekst

    lokaal = Bijeenkomst.objects.get(titel="Lokaal in Oss")
    pad = reverse("deelname:link-antwoord", kwargs={"token": url.split("/")[2], "pk": lokaal.pk})
    client.post(pad, {f"b{lokaal.pk}-antwoord": "ja"})
    uitnodiging = Uitnodiging.objects.get(bijeenkomst=lokaal, deelnemer=opzet["inwoner"])
    assert uitnodiging.antwoord == "ja"
    antwoord = client.post(pad, {f"b{lokaal.pk}-antwoord": "misschien"})
    assert antwoord["Location"].endswith(f"#b{lokaal.pk}")
    uitnodiging.refresh_from_db()
    assert uitnodiging.antwoord == "misschien"
    tekst = client.get(url).content.decode()
    assert "Misschien" in tekst
    # The confirmation stands in the meeting's card, where the page scrolls to, not at the top.
    kaart = tekst.split(f'id="b{lokaal.pk}"')[1].split("</li>")[0]
    assert "Uw antwoord is opgeslagen." in kaart
    assert tekst.count("Uw antwoord is opgeslagen.") == kaart.count("Uw antwoord is opgeslagen.")

    # Another practice's meeting cannot be answered through this link.
    best_lokaal = Bijeenkomst.objects.get(titel="Lokaal in Best")
    pad = reverse(
        "deelname:link-antwoord", kwargs={"token": url.split("/")[2], "pk": best_lokaal.pk}
    )
    assert client.post(pad, {f"b{best_lokaal.pk}-antwoord": "ja"}).status_code == 404
    assert not Uitnodiging.objects.filter(bijeenkomst=best_lokaal).exists()


def test_antwoord_en_stem_alleen_met_post_en_csrf(opzet):
    editie = opzet["editie"]
    bijeenkomst = _bijeenkomst(editie)
    url = _link_url(opzet["inwoner"])
    pad = reverse(
        "deelname:link-antwoord", kwargs={"token": url.split("/")[2], "pk": bijeenkomst.pk}
    )
    streng = Client(enforce_csrf_checks=True)
    assert streng.get(pad).status_code == 405
    assert streng.post(pad, {f"b{bijeenkomst.pk}-antwoord": "ja"}).status_code == 403
    assert not Uitnodiging.objects.filter(bijeenkomst=bijeenkomst).exists()


def test_deelnemer_stemt_op_datumopties_en_verandert_de_stem(opzet):
    editie = opzet["editie"]
    bijeenkomst = _bijeenkomst(
        editie,
        soort=B.Soort.LOKAAL,
        praktijk=opzet["praktijken"][0],
        status=B.Status.IN_OVERLEG,
        titel="Wanneer komen we samen?",
    )
    begin = timezone.now() + timedelta(days=20)
    opties = [
        Datumoptie.objects.create(
            bijeenkomst=bijeenkomst,
            start=begin + timedelta(days=i),
            eind=begin + timedelta(days=i, hours=2),
        )
        for i in range(2)
    ]
    url = _link_url(opzet["inwoner"])
    client = Client()
    assert "Wanneer komen we samen?" in client.get(url).content.decode()
    pad = reverse("deelname:link-stem", kwargs={"token": url.split("/")[2], "pk": bijeenkomst.pk})
    veld = f"s{bijeenkomst.pk}-optie_"
    client.post(pad, {f"{veld}{opties[0].pk}": "ja", f"{veld}{opties[1].pk}": "als_het_moet"})
    client.post(pad, {f"{veld}{opties[0].pk}": "nee", f"{veld}{opties[1].pk}": "als_het_moet"})
    stemmen = dict(
        Stem.objects.filter(deelnemer=opzet["inwoner"]).values_list("optie_id", "antwoord")
    )
    assert stemmen == {opties[0].pk: "nee", opties[1].pk: "als_het_moet"}


def _feed(client, url):
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"].startswith("text/calendar")
    return antwoord.content.decode(), Calendar.from_ical(antwoord.content)


def test_feed_volgt_verplaatsing_en_annulering_en_noemt_geen_anderen(opzet):
    editie, praktijk = opzet["editie"], opzet["praktijken"][0]
    lokaal = _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijk, titel="Lokaal")
    start = _bijeenkomst(editie, titel="Start")
    _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=opzet["praktijken"][1], titel="Elders")
    Uitnodiging.objects.create(bijeenkomst=lokaal, deelnemer=opzet["buur"], antwoord="ja")
    url = _link_url(opzet["inwoner"], "agenda")
    client = Client()
    tekst, agenda = _feed(client, url)
    assert agenda["METHOD"] == "PUBLISH"
    events = {str(e["SUMMARY"]): e for e in agenda.walk("VEVENT")}
    assert set(events) == {"Lokaal", "Start"}
    assert str(events["Lokaal"]["UID"]) == f"bijeenkomst-{lokaal.uid}@trajectportaal"
    assert int(events["Lokaal"]["SEQUENCE"]) == 0
    assert "ATTENDEE" not in tekst
    andere = [opzet["buur"].naam, opzet["buur"].email] + [a.email for a in opzet["ambtenaren"]]
    andere += [a.naam for a in opzet["ambtenaren"]]
    for gegeven in [*andere, opzet["inwoner"].naam, opzet["inwoner"].email]:
        assert gegeven not in tekst

    # Moved: a new time and a higher SEQUENCE, same UID.
    lokaal.start += timedelta(days=1)
    lokaal.eind += timedelta(days=1)
    lokaal.sequence = 1
    lokaal.save()
    start.status = B.Status.GEANNULEERD
    start.sequence = 1
    start.save()
    _tekst, agenda = _feed(client, url)
    events = {str(e["SUMMARY"]): e for e in agenda.walk("VEVENT")}
    assert events["Lokaal"]["DTSTART"].dt == lokaal.start
    assert int(events["Lokaal"]["SEQUENCE"]) == 1
    assert str(events["Lokaal"]["UID"]) == f"bijeenkomst-{lokaal.uid}@trajectportaal"
    assert str(events["Start"]["STATUS"]) == "CANCELLED"
    assert str(events["Lokaal"]["STATUS"]) == "CONFIRMED"


def test_feed_zonder_bijeenkomsten_is_een_geldige_lege_agenda(opzet):
    _tekst, agenda = _feed(Client(), _link_url(opzet["inwoner"], "agenda"))
    assert list(agenda.walk("VEVENT")) == []


def test_agenda_link_maken_en_vernieuwen_op_de_eigen_pagina(opzet):
    inwoner = opzet["inwoner"]
    url = _link_url(inwoner)
    client = Client()
    assert "Agenda-link maken" in client.get(url).content.decode()
    client.post(reverse("deelname:link-agenda", kwargs={"token": url.split("/")[2]}))
    feed = _link_url(inwoner, "agenda")
    tekst = client.get(url).content.decode()
    assert "webcal://" in tekst and feed in tekst
    client.post(reverse("deelname:link-agenda", kwargs={"token": url.split("/")[2]}))
    assert client.get(feed).status_code == 404


@pytest.mark.parametrize(
    ("wie", "verwacht"),
    [("ambtenaar", 200), ("adviseur", 200), ("andere_gemeente", 404), ("andere_adviseur", 404)],
)
def test_toegang_tot_de_praktijkpagina_per_rol(opzet, client, wie, verwacht):
    gebruikers = {
        "ambtenaar": opzet["ambtenaren"][0],
        "adviseur": opzet["adviseur"],
        "andere_gemeente": opzet["ambtenaren"][1],
        "andere_adviseur": AdviseurFactory(),
    }
    client.force_login(gebruikers[wie])
    url = reverse("deelname:praktijk", kwargs={"pk": opzet["praktijken"][0].pk})
    assert client.get(url).status_code == verwacht
    inwoner = opzet["inwoner"]
    versturen = reverse(
        "deelname:deelnemer-versturen",
        kwargs={"pk": inwoner.praktijk_id, "deelnemer_pk": inwoner.pk},
    )
    assert client.post(versturen).status_code == (302 if verwacht == 200 else 404)


def test_anoniem_moet_inloggen_voor_de_praktijkpagina(opzet, client):
    url = reverse("deelname:praktijk", kwargs={"pk": opzet["praktijken"][0].pk})
    antwoord = client.get(url)
    assert antwoord.status_code == 302
    assert reverse("account_login") in antwoord["Location"]


def test_ambtenaar_voegt_deelnemer_toe_en_stuurt_de_link(
    opzet, client, django_capture_on_commit_callbacks
):
    praktijk = opzet["praktijken"][0]
    client.force_login(opzet["ambtenaren"][0])
    url = reverse("deelname:praktijk", kwargs={"pk": praktijk.pk})
    antwoord = client.post(
        url,
        {
            "naam": "Wim Bewoner",
            "email": "wim@example.net",
            "telefoon": "",
            "rol": "bewonersinitiatief",
            "toegankelijkheid": "Eenvoudige taal",
        },
    )
    assert antwoord.status_code == 302
    wim = praktijk.deelnemers.get(email="wim@example.net")
    assert wim.toegankelijkheid == "Eenvoudige taal"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "deelname:deelnemer-versturen", kwargs={"pk": praktijk.pk, "deelnemer_pk": wim.pk}
            )
        )
    mail = Mail.objects.get(aan__icontains="wim@example.net")
    assert _link_url(wim) in mail.tekst
    assert "geen account" in mail.tekst
    assert _link_url(wim) in mail.html


def test_dubbel_emailadres_in_een_praktijk_geeft_een_formulierfout(opzet, client):
    praktijk = opzet["praktijken"][0]
    client.force_login(opzet["ambtenaren"][0])
    antwoord = client.post(
        reverse("deelname:praktijk", kwargs={"pk": praktijk.pk}),
        {"naam": "Ineke Twee", "email": "INEKE@example.NET", "rol": "inwoner"},
    )
    assert antwoord.status_code == 200
    assert "doet al mee in deze praktijk" in antwoord.content.decode()
    assert praktijk.deelnemers.filter(email__iexact="ineke@example.net").count() == 1


def test_uitgezette_deelnemer_verliest_de_link(opzet, client):
    inwoner = opzet["inwoner"]
    url = _link_url(inwoner)
    client.force_login(opzet["adviseur"])
    client.post(
        reverse(
            "deelname:deelnemer-uitzetten",
            kwargs={"pk": inwoner.praktijk_id, "deelnemer_pk": inwoner.pk},
        )
    )
    assert Client().get(url).status_code == 404

    # Undo: they take part again, with a new link; the old one stays dead.
    pagina = client.post(
        reverse(
            "deelname:deelnemer-aanzetten",
            kwargs={"pk": inwoner.praktijk_id, "deelnemer_pk": inwoner.pk},
        ),
        follow=True,
    )
    assert "doet weer mee" in pagina.content.decode()
    inwoner.refresh_from_db()
    assert inwoner.actief
    assert Client().get(url).status_code == 404
    assert Client().get(_link_url(inwoner)).status_code == 200


def test_persoonlijke_pagina_wordt_niet_bewaard_en_stuurt_geen_referrer_naar_buiten(opzet):
    url = _link_url(opzet["inwoner"])
    for adres, beleid in (
        (url, "same-origin"),  # has forms: "no-referrer" would send Origin: null (CSRF 403)
        (_link_url(opzet["inwoner"], "agenda"), "no-referrer"),
        ("/p/onbekend/", "no-referrer"),
    ):
        antwoord = Client().get(adres)
        assert "no-store" in antwoord["Cache-Control"]
        assert antwoord["Referrer-Policy"] == beleid


def test_te_veel_verzoeken_geeft_429(opzet, settings):
    settings.DEELNAME_LIMIET_PER_MINUUT = 3
    client = Client()
    codes = [client.get("/p/geraden-token/").status_code for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]
    assert "Wacht een minuut" in client.get(_link_url(opzet["inwoner"])).content.decode()


def test_logfilter_verbergt_tokens(opzet, settings):
    token = link_token(link_geven(deelnemer=opzet["inwoner"], soort="rooster"))
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /p/{token}/ HTTP/1.1", 200, 5),
        None,
    )
    # As runserver logs it: its socket as the record's "request", which has no path.
    record.request = socket.socket()
    try:
        assert PersoonlijkeLinksVerbergen().filter(record)
    finally:
        record.request.close()
    assert token not in record.getMessage()
    assert "/p/[verborgen]/" in record.getMessage()
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/p/{token}/agenda.ics",),
        None,
    )
    PersoonlijkeLinksVerbergen().filter(record)
    assert token not in record.getMessage()
    assert "verberg_links" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]


def test_een_verzoek_met_token_komt_niet_in_de_log(opzet, caplog):
    token = link_token(link_geven(deelnemer=opzet["inwoner"], soort="rooster"))
    with caplog.at_level(logging.INFO):
        # A token one character off: a 404, which django.request logs as "Not Found: <path>".
        # (The last character is changed to one it is not, so this is never the real token.)
        anders = "1" if token.endswith("0") else "0"
        Client().get(f"/p/{token[:-1]}{anders}/")
        Client(enforce_csrf_checks=True).post(f"/p/{token}/agenda/")  # CSRF warning
    assert "Not Found" in caplog.text and "Forbidden" in caplog.text
    assert token not in caplog.text and token[:-1] not in caplog.text
    assert "/p/[verborgen]/" in caplog.text


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_querybudget_van_linkpagina_en_feed_hangt_niet_af_van_aantal(opzet):
    editie, praktijk, inwoner = opzet["editie"], opzet["praktijken"][0], opzet["inwoner"]
    link_geven(deelnemer=inwoner, soort="agenda")
    url, feed = _link_url(inwoner), _link_url(inwoner, "agenda")

    def maak(aantal):
        for i in range(aantal):
            b = _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijk, dagen=i + 1)
            Uitnodiging.objects.create(bijeenkomst=b, deelnemer=inwoner, antwoord="ja")
            overleg = _bijeenkomst(
                editie, soort=B.Soort.LOKAAL, praktijk=praktijk, status=B.Status.IN_OVERLEG
            )
            optie = Datumoptie.objects.create(bijeenkomst=overleg, start=b.start, eind=b.eind)
            Stem.objects.create(optie=optie, deelnemer=inwoner, antwoord="ja")

    client = Client()
    maak(3)
    weinig = (_queries(client, url), _queries(client, feed))
    maak(27)
    veel = (_queries(client, url), _queries(client, feed))
    assert weinig == veel
    assert veel[0] <= 8 and veel[1] <= 3
    print("queries link page, feed:", veel)


def test_mijn_bijeenkomsten_voor_ambtenaar_en_adviseur(opzet, client):
    editie, praktijken = opzet["editie"], opzet["praktijken"]
    lokaal = _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijken[0], titel="Lokaal Oss")
    _bijeenkomst(editie, soort=B.Soort.LOKAAL, praktijk=praktijken[1], titel="Lokaal Best")
    client.force_login(opzet["ambtenaren"][0])
    tekst = client.get(reverse("deelname:mijn-bijeenkomsten")).content.decode()
    assert "Lokaal Oss" in tekst and "Lokaal Best" not in tekst
    client.post(
        reverse("deelname:mijn-antwoord", kwargs={"pk": lokaal.pk}),
        {f"b{lokaal.pk}-antwoord": "nee"},
    )
    ambtenaar = Deelnemer.objects.get(user=opzet["ambtenaren"][0])
    assert Uitnodiging.objects.get(bijeenkomst=lokaal, deelnemer=ambtenaar).antwoord == "nee"

    client.force_login(opzet["adviseur"])
    tekst = client.get(reverse("deelname:mijn-bijeenkomsten")).content.decode()
    assert "Lokaal Oss" in tekst and "Lokaal Best" in tekst
    assert (
        client.post(
            reverse("deelname:mijn-antwoord", kwargs={"pk": lokaal.pk}),
            {f"b{lokaal.pk}-antwoord": "ja"},
        ).status_code
        == 404
    )
