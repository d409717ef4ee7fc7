"""The catalogue's filter form. It works with plain GET requests, so filtering needs no
JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Organisatie

from .models import Publiek, Thema, Traject


class CatalogusFilterForm(forms.Form):
    # Every filter is optional by nature; saying so on each one is noise.
    verberg_niet_verplicht = True

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld: eenzaamheid, jongeren of initiatievenfonds."),
    )
    soort = forms.MultipleChoiceField(
        label=_("Soort traject"),
        required=False,
        choices=Traject.Soort.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    thema = forms.ModelMultipleChoiceField(
        label=_("Thema"),
        required=False,
        queryset=Thema.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    publiek = forms.ModelMultipleChoiceField(
        label=_("Voor wie"),
        required=False,
        queryset=Publiek.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    organisatie = forms.ModelMultipleChoiceField(
        label=_("Organisatie"),
        required=False,
        queryset=Organisatie.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, themas, publieken, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = themas
        self.fields["publiek"].queryset = publieken
        self.fields["organisatie"].queryset = organisaties

    def clean_q(self):
        # Control characters never help a search and must not reach the database.
        return "".join(teken for teken in self.cleaned_data["q"] if teken.isprintable()).strip()

    def thema_groepen(self):
        """The theme checkboxes grouped by kind, for a fieldset per kind."""
        groepen: dict[str, list] = {}
        labels = dict(Thema.Soort.choices)
        soort_per_slug = {t.slug: t.soort for t in self.fields["thema"].queryset}
        for keuze in self["thema"]:
            soort = soort_per_slug.get(str(keuze.data["value"]))
            groepen.setdefault(soort, []).append(keuze)
        return [(labels[soort], keuzes) for soort, keuzes in groepen.items()]
