"""The portal's form renderer writes a <select> in Python: byte for byte what Django's own
templates write, for every kind of select the portal uses."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from portal.formrenderer import PortaalRenderer

KEUZES = [
    ("", "Alle"),
    ("1", 'Gemeente "Süd" & <Noord>'),
    ("Regio", [("2", "Oss"), ("3", "Ede")]),
    (4, "Vier"),
]


class Formulier(forms.Form):
    een = forms.ChoiceField(choices=KEUZES, required=False)
    verplicht = forms.ChoiceField(choices=KEUZES, help_text="Kies er een.")
    meer = forms.MultipleChoiceField(choices=KEUZES, required=False)
    uit = forms.ChoiceField(choices=KEUZES, disabled=True, required=False)


@pytest.mark.parametrize(
    "data",
    [None, {"een": "1", "verplicht": "3", "meer": ["2", "4"]}, {"een": "x", "verplicht": ""}],
)
@pytest.mark.parametrize("veld", ["een", "verplicht", "meer", "uit"])
def test_select_is_gelijk_aan_die_van_django(veld, data):
    formulier = Formulier(data=data, renderer=DjangoTemplates())
    if data is not None:
        formulier.is_valid()
    gebonden = formulier[veld]
    attrs = {"class": "utrecht-select", "aria-describedby": "id_x_hulp", "data-leeg": ""}
    django_html = gebonden.as_widget(attrs=attrs)
    formulier.renderer = PortaalRenderer()
    portaal_html = gebonden.as_widget(attrs=attrs)
    assert portaal_html == django_html
    assert "<option" in portaal_html


def test_het_portaal_gebruikt_de_snelle_select():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortaalRenderer)
    portaal_html = Formulier()["een"].as_widget()
    assert portaal_html == Formulier(renderer=DjangoTemplates())["een"].as_widget()


class Knoppen(forms.Form):
    radio = forms.ChoiceField(choices=KEUZES, widget=forms.RadioSelect, required=False)
    vinkjes = forms.MultipleChoiceField(
        choices=KEUZES, widget=forms.CheckboxSelectMultiple, required=False
    )
    verplicht = forms.ChoiceField(
        choices=[("ja", "Ja, ik kom"), ("nee", "Nee <niet>")], widget=forms.RadioSelect
    )
    uit = forms.MultipleChoiceField(
        choices=KEUZES, widget=forms.CheckboxSelectMultiple, disabled=True, required=False
    )


@pytest.mark.parametrize(
    "data",
    [None, {"radio": "1", "vinkjes": ["2", "4"], "verplicht": "nee"}, {"radio": "x"}],
)
@pytest.mark.parametrize("veld", ["radio", "vinkjes", "verplicht", "uit"])
@pytest.mark.parametrize("attrs", [None, {"class": "utrecht-radio", "aria-invalid": "true"}])
def test_keuzerondjes_en_vinkjes_zijn_gelijk_aan_die_van_django(veld, data, attrs):
    formulier = Knoppen(data=data, renderer=DjangoTemplates(), prefix="b7")
    if data is not None:
        formulier.is_valid()
    gebonden = formulier[veld]
    django_html = gebonden.as_widget(attrs=attrs)
    formulier.renderer = PortaalRenderer()
    portaal_html = gebonden.as_widget(attrs=attrs)
    assert portaal_html == django_html
    assert "<input" in portaal_html


def test_zonder_id_is_het_ook_gelijk():
    formulier = Knoppen(auto_id=False, renderer=DjangoTemplates())
    django_html = formulier["radio"].as_widget()
    formulier.renderer = PortaalRenderer()
    assert formulier["radio"].as_widget() == django_html


@pytest.mark.parametrize("veld", ["radio", "vinkjes"])
@pytest.mark.parametrize("met_label", [False, True])
def test_een_los_rondje_of_vinkje_is_gelijk_aan_dat_van_django(veld, met_label):
    formulier = Knoppen(data={"radio": "1", "vinkjes": ["1", "4"]}, renderer=DjangoTemplates())
    formulier.is_valid()
    django_html = [k.tag(wrap_label=met_label) for k in formulier[veld]]
    formulier.renderer = PortaalRenderer()
    portaal_html = [k.tag(wrap_label=met_label) for k in formulier[veld]]
    assert portaal_html == django_html
    assert "checked" in "".join(portaal_html)


def test_rondjes_en_vinkjes_gaan_niet_langs_de_sjablonen(monkeypatch):
    def geen_sjabloon(self, template_name, context, request=None):
        raise AssertionError(template_name)

    monkeypatch.setattr(DjangoTemplates, "render", geen_sjabloon)
    formulier = Knoppen(renderer=PortaalRenderer())
    assert "<input" in formulier["radio"].as_widget()
    assert "<input" in formulier["vinkjes"].as_widget()
    assert all("<input" in k.tag() for k in formulier["vinkjes"])
