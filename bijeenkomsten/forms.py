from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Koppeleis


class KoppeleisForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Wens"), choices=Koppeleis.Soort.choices, widget=forms.RadioSelect
    )
    eerste = forms.ModelChoiceField(label=_("Eerste gemeente"), queryset=None)
    tweede = forms.ModelChoiceField(label=_("Tweede gemeente"), queryset=None)

    def __init__(self, *args, aanmeldingen, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("eerste", "tweede"):
            self.fields[naam].queryset = aanmeldingen
            self.fields[naam].label_from_instance = lambda a: a.gemeente.naam


def indeling_uit_post(post, toegestane_ids: set[int]) -> list[list[int]]:
    """Read ``groep_<aanmelding id>=<group number>`` fields into lists of ids per group. Unknown
    ids and values that are not numbers are ignored: the service checks the result."""
    per_groep: dict[int, list[int]] = {}
    for sleutel, waarde in post.items():
        if not sleutel.startswith("groep_"):
            continue
        try:
            aanmelding_id, groep = int(sleutel[6:]), int(waarde)
        except ValueError:
            continue
        if aanmelding_id in toegestane_ids and 1 <= groep <= 200:
            per_groep.setdefault(groep, []).append(aanmelding_id)
    return [sorted(per_groep[nummer]) for nummer in sorted(per_groep)]
