"""Forms for lessons. They check input; the services in ``kennis.lessen`` decide."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import TEKST_MAX, Les


def _bijeenkomst_label(bijeenkomst) -> str:
    if bijeenkomst.start is None:
        return bijeenkomst.titel
    datum = formats.date_format(timezone.localtime(bijeenkomst.start), "j F Y")
    return f"{bijeenkomst.titel} ({datum})"


class LesForm(forms.Form):
    """A lesson: text, kind, themes and, when given querysets, the meeting and the practice it
    came from. Without ``bijeenkomsten`` or ``praktijken`` the field is left out (correcting,
    or a participant whose practice is known)."""

    tekst = forms.CharField(
        label=_("De les"),
        max_length=TEKST_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schrijf in een paar zinnen op wat u heeft geleerd. Hoogstens 1000 tekens."),
    )
    soort = forms.ChoiceField(
        label=_("Wat voor les is het?"),
        choices=Les.Soort.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Les: wat u heeft geleerd. Werkzaam element: wat goed werkte. "
            "Tip: een advies voor een andere gemeente. Valkuil: waar u op moet letten."
        ),
    )
    themas = forms.ModelMultipleChoiceField(
        label=_("Over welk thema gaat het?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bijeenkomst = forms.ModelChoiceField(
        label=_("Bij welke bijeenkomst hoort de les?"),
        queryset=None,
        required=False,
        empty_label=_("Geen bijeenkomst"),
    )
    praktijk = forms.ModelChoiceField(
        label=_("Van welke gemeente komt de les?"),
        queryset=None,
        required=False,
        empty_label=_("Geen gemeente"),
        help_text=_("Bij een lokale bijeenkomst vult het portaal de gemeente zelf in."),
    )

    def __init__(self, *args, themas, bijeenkomsten=None, praktijken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themas"].queryset = themas
        if bijeenkomsten is None:
            del self.fields["bijeenkomst"]
        else:
            self.fields["bijeenkomst"].queryset = bijeenkomsten
            self.fields["bijeenkomst"].label_from_instance = _bijeenkomst_label
        if praktijken is None:
            del self.fields["praktijk"]
        else:
            self.fields["praktijk"].queryset = praktijken
            self.fields["praktijk"].label_from_instance = lambda p: p.aanmelding.gemeente.naam


class LesFilterForm(forms.Form):
    """The list's search and filters, from the query string. An unknown value leaves only that
    filter out."""

    verberg_niet_verplicht = True

    zoek = forms.CharField(label=_("Zoeken in de lessen"), required=False, max_length=200)
    thema = forms.ModelChoiceField(
        label=_("Thema"), queryset=None, required=False, empty_label=_("Alle thema's")
    )
    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *Les.Soort.choices], required=False
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False, empty_label=_("Alle gemeenten")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Les.Status.choices], required=False
    )

    def __init__(self, *args, themas, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = themas
        self.fields["gemeente"].queryset = gemeenten

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {naam: waarde for naam, waarde in self.cleaned_data.items() if waarde}
