"""Language level B1 for what participants read: the checker itself, and every participant-facing
template and e-mail (HTML and plain text) measured with it. A new template in these folders is
checked without anyone adding it here."""

from pathlib import Path

import pytest

from portal.taalniveau import (
    MAX_GEMIDDELDE_ZINSLENGTE,
    MAX_ZINSLENGTE,
    ambtelijke_woorden,
    controleren,
    gemiddelde_zinslengte,
    zichtbare_tekst,
    zinnen,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

#: Pages and mails that participants (residents, initiatives, officials) read.
DEELNEMERSTEKSTEN = [
    "bijeenkomsten/deelname/*.html",
    "kennis/*deelnemer*.html",
    "kennis/product_review*.html",
    "mail/**/*.txt",
    "mail/**/*.html",
    "account/*.html",
]
#: Mails only advisors read are held to the same bar, except for these reviewed terms.
TOEGESTAAN: dict[str, frozenset[str]] = {}


def _bestanden() -> list[Path]:
    gevonden = set()
    for patroon in DEELNEMERSTEKSTEN:
        gevonden.update(TEMPLATES.glob(patroon))
    return sorted(gevonden)


# --- The checker --------------------------------------------------------------------------------


def test_een_korte_zin_slaagt_en_een_lange_zin_valt_af():
    kort = "U bent uitgenodigd. Laat weten of u komt."
    assert zinnen(kort) == [["U", "bent", "uitgenodigd"], ["Laat", "weten", "of", "u", "komt"]]
    assert controleren(kort) == []
    lang = (
        "Wij verzoeken u vriendelijk om uiterlijk twee weken voor de datum van de bijeenkomst "
        "via de persoonlijke link aan te geven of u aanwezig zult zijn bij de bijeenkomst."
    )
    assert gemiddelde_zinslengte(lang) > MAX_GEMIDDELDE_ZINSLENGTE
    assert {b.soort for b in controleren(lang)} == {"zinslengte"}


def test_een_enkele_te_lange_zin_valt_af_ook_als_het_gemiddelde_klopt():
    lang = " ".join(["woord"] * (MAX_ZINSLENGTE + 1)) + "."
    kort = " ".join(["Kort."] * 20)
    tekst = f"{lang} {kort}"
    assert gemiddelde_zinslengte(tekst) <= MAX_GEMIDDELDE_ZINSLENGTE
    (bevinding,) = controleren(tekst)
    assert bevinding.tekst.startswith(f"{MAX_ZINSLENGTE + 1} words")


def test_regels_in_een_alinea_horen_bij_een_zin_maar_lijstpunten_niet():
    tekst = zichtbare_tekst(
        "Dit is een zin\ndie doorloopt.\n- eerste punt\n- tweede punt\n\nNieuw."
    )
    assert tekst.split("\n") == [
        "Dit is een zin die doorloopt.",
        "- eerste punt",
        "- tweede punt",
        "Nieuw.",
    ]


def test_ambtelijke_woorden_vallen_af_behalve_op_de_lijst_van_toegestane():
    tekst = "Middels deze e-mail ontvangt u de agenda. U dient te reageren indien u niet komt."
    assert set(ambtelijke_woorden(tekst)) == {"middels", "dient te", "indien"}
    assert "indien" not in ambtelijke_woorden(tekst, toegestaan=frozenset({"indien"}))
    # Only whole words: "conformeren" and "thanshuis" contain a listed word but are not it.
    assert ambtelijke_woorden("Wij conformeren ons. Thanshuis.") == []
    assert [b.soort for b in controleren(tekst)] == ["ambtelijk"] * 3


def test_zichtbare_tekst_haalt_sjabloon_en_html_weg_en_houdt_vertalingen():
    sjabloon = (
        '{% load i18n %}{# note #}<h2 class="x">{% translate "Uw antwoord" %}</h2>'
        "<p>{% blocktranslate with titel=b.titel %}U komt naar {{ titel }}.{% endblocktranslate %}"
        '</p>{% if a %}<a href="{{ url }}">Open</a>{% endif %}'
    )
    regels = [r for r in zichtbare_tekst(sjabloon).split("\n") if r]
    assert regels == ["Uw antwoord", "U komt naar X .", "Open"]


# --- The templates ------------------------------------------------------------------------------


def test_er_zijn_deelnemersteksten_om_te_meten():
    assert len(_bestanden()) >= 15


@pytest.mark.parametrize("pad", _bestanden(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_deelnemerstekst_is_b1(pad):
    tekst = zichtbare_tekst(pad.read_text(encoding="utf-8"))
    toegestaan = TOEGESTAAN.get(str(pad.relative_to(TEMPLATES)), frozenset())
    assert controleren(tekst, toegestaan=toegestaan) == []


def test_elke_mail_heeft_een_html_en_een_tekstdeel():
    sjablonen = {p.with_suffix("") for p in (TEMPLATES / "mail").glob("*/*.*")}
    assert len(sjablonen) >= 10
    zonder = sorted(
        str(s.relative_to(TEMPLATES))
        for s in sjablonen
        if not (s.with_suffix(".txt").exists() and s.with_suffix(".html").exists())
    )
    assert zonder == []


@pytest.mark.django_db
def test_een_echte_uitnodiging_is_in_beide_delen_b1(django_capture_on_commit_callbacks, mailoutbox):
    """The rendered mail, with a real meeting's data filled in, not only the template."""
    import datetime
    from zoneinfo import ZoneInfo

    from bijeenkomsten import planning
    from bijeenkomsten.models import Bijeenkomst, Deelnemer, LokalePraktijk

    from .factories import (
        AanmeldingFactory,
        AdviseurFactory,
        EditieFactory,
        OrganisatieFactory,
        TrajectFactory,
    )

    organisatie = OrganisatieFactory()
    traject = TrajectFactory(organisaties=[organisatie])
    editie = EditieFactory(traject=traject)
    praktijk = LokalePraktijk.objects.create(
        aanmelding=AanmeldingFactory(editie=editie, traject=traject)
    )
    Deelnemer.objects.create(
        praktijk=praktijk, naam="Ina Inwoner", email="ina@example.org", rol=Deelnemer.Rol.INWONER
    )
    adviseur = AdviseurFactory(organisatie=organisatie)
    bijeenkomst = planning.bijeenkomst_aanmaken(
        editie=editie,
        soort=Bijeenkomst.Soort.LOKAAL,
        praktijk=praktijk,
        titel="Buurtavond",
        door=adviseur,
        locatie="Buurthuis De Linde",
        agenda="Welkom.\nWat gaat goed in de buurt?",
        drempelvrij=True,
    )
    start = datetime.datetime(2031, 5, 6, 19, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with django_capture_on_commit_callbacks(execute=True):
        planning.datum_vastleggen(
            bijeenkomst=bijeenkomst,
            start=start,
            eind=start + datetime.timedelta(hours=2),
            versie=0,
            door=adviseur,
        )
    (bericht,) = mailoutbox
    html = bericht.alternatives[0][0]
    assert controleren(bericht.body) == []
    assert controleren(zichtbare_tekst(html)) == []
    assert "Buurthuis De Linde" in bericht.body and "Buurthuis De Linde" in html
