"""Forms for participants: adding one to a practice, answering an invitation, voting on dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Deelnemer, Stem, Uitnodiging


class DeelnemerForm(forms.ModelForm):
    class Meta:
        model = Deelnemer
        fields = ["naam", "email", "telefoon", "rol", "toegankelijkheid"]
        widgets = {"toegankelijkheid": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [("", _("Kies een rol"))] + [
            keuze for keuze in Deelnemer.Rol.choices if keuze[0] != Deelnemer.Rol.ADVISEUR
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["telefoon"].widget.attrs["autocomplete"] = "off"

    def validate_unique(self):
        # The service checks the e-mail address per practice and gives a friendly message.
        pass


class AntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=_("Komt u?"),
        choices=[
            (Uitnodiging.Antwoord.JA, Uitnodiging.Antwoord.JA.label),
            (Uitnodiging.Antwoord.MISSCHIEN, Uitnodiging.Antwoord.MISSCHIEN.label),
            (Uitnodiging.Antwoord.NEE, Uitnodiging.Antwoord.NEE.label),
        ],
        widget=forms.RadioSelect,
    )
    verberg_niet_verplicht = True


class StemForm(forms.Form):
    """One radio group per date option. Field names: ``optie_<pk>``."""

    verberg_niet_verplicht = True

    def __init__(self, *args, opties, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import formats, timezone

        for optie in opties:
            start = timezone.localtime(optie.start)
            eind = timezone.localtime(optie.eind)
            self.fields[f"optie_{optie.pk}"] = forms.ChoiceField(
                label=f"{formats.date_format(start, 'l j F Y')}, {start:%H:%M}–{eind:%H:%M}",
                choices=Stem.Antwoord.choices,
                widget=forms.RadioSelect,
            )

    def antwoorden(self) -> dict[int, str]:
        return {int(naam.removeprefix("optie_")): w for naam, w in self.cleaned_data.items()}
