from django import forms
from django.utils.translation import gettext_lazy as _


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
