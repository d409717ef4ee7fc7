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
