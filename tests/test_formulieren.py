"""Form rendering shared by every page: the NL Design System crispy template pack, error summary
with links to the fields, and the ARIA attributes that tie a field to its help and error text."""

from django import forms
from django.template import Context, Template


class VoorbeeldForm(forms.Form):
    naam = forms.CharField(label="Naam", help_text="Zoals op uw paspoort.")
    email = forms.EmailField(
        label="E-mailadres", widget=forms.EmailInput(attrs={"placeholder": "x"})
    )
    akkoord = forms.BooleanField(label="Ik ga akkoord")
    kleur = forms.ChoiceField(
        label="Kleur", choices=[("rood", "Rood"), ("blauw", "Blauw")], widget=forms.RadioSelect
    )


def _render(form, sjabloon="{% load crispy_forms_tags %}{{ form|crispy }}"):
    return Template(sjabloon).render(Context({"form": form}))


def test_crispy_gebruikt_het_nlds_sjabloonpakket():
    html = _render(VoorbeeldForm())
    assert 'class="utrecht-form-field utrecht-form-field--text"' in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in html
    assert '<legend class="utrecht-form-fieldset__legend">Kleur' in html
    assert 'aria-describedby="id_naam_hulp"' in html
    assert "placeholder" not in html


def test_fouten_staan_bij_het_veld_en_in_een_overzicht_met_links():
    form = VoorbeeldForm(data={"naam": "", "email": "geen-adres"})
    assert not form.is_valid()
    html = _render(form)
    assert 'id="foutoverzicht"' in html
    assert 'role="alert"' in html
    assert '<a class="utrecht-link" href="#id_naam">Naam:' in html
    assert '<a class="utrecht-link" href="#id_email">E-mailadres:' in html
    assert 'id="id_email_fout"' in html
    assert 'aria-describedby="id_naam_hulp id_naam_fout"' in html
    assert 'aria-invalid="true"' in html
    assert html.index('id="foutoverzicht"') < html.index('id="id_naam"')


def test_zonder_fouten_geen_foutoverzicht():
    assert 'id="foutoverzicht"' not in _render(VoorbeeldForm())
