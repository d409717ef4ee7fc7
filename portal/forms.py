from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Gemeente


class AanmeldenForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    naam = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        help_text=_("Zo noemen we u in e-mails en in het portaal."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["naam", "email", "password1", "password2"]

    def signup(self, request, user):
        user.naam = self.cleaned_data["naam"]
        user.save(update_fields=["naam"])


class LidmaatschapForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Bij welke gemeente werkt u?"),
        queryset=Gemeente.objects.none(),
        help_text=_("Kies uw gemeente uit de lijst. Typ de eerste letters om snel te zoeken."),
    )
    functie = forms.CharField(label=_("Uw functie"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = (
            Gemeente.objects.actief().select_related("provincie").order_by("naam")
        )
        self.fields["gemeente"].empty_label = _("Kies een gemeente")
