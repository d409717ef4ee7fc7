"""Forms for the knowledge product. They check input; the services in ``kennis.producten``
decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bijeenkomsten.models import Leergroep

from .models import Toestemming
from .producten import OPMERKING_MAX, TITEL_MAX


class ProductAanmakenForm(forms.Form):
    leergroep = forms.ModelChoiceField(
        label=_("Voor wie is het kennisproduct?"),
        queryset=Leergroep.objects.none(),
        required=False,
        empty_label=_("De hele editie"),
        help_text=_("Meestal maakt u één kennisproduct voor de hele editie."),
    )

    def __init__(self, *args, leergroepen, kan_editie: bool, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["leergroep"]
        veld.queryset = leergroepen
        self.verberg_niet_verplicht = True
        if not kan_editie:
            # The edition already has its product: only a learning group can get one.
            veld.required = True
            veld.empty_label = None
            veld.help_text = _("De hele editie heeft al een kennisproduct. Kies een leergroep.")


class OmslagForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=TITEL_MAX)
    ondertitel = forms.CharField(label=_("Ondertitel"), max_length=300, required=False)


class SectieForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=TITEL_MAX)
    tekst = forms.CharField(
        label=_("Tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "U schrijft in Markdown. Een lege regel begint een nieuwe alinea. "
            "# aan het begin van een regel maakt een tussenkop. "
            "- aan het begin van een regel maakt een opsomming. "
            "**woord** wordt vet. [tekst](https://adres.nl) wordt een link."
        ),
    )


class SectieToevoegenForm(forms.Form):
    titel = forms.CharField(label=_("Titel van de nieuwe sectie"), max_length=TITEL_MAX)


class OpmerkingForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw opmerking"),
        max_length=OPMERKING_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat klopt niet, wat mist er, of wat kan duidelijker?"),
        error_messages={"required": _("Schrijf uw opmerking in het tekstvak.")},
    )

    def __init__(self, *args, titel: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Every section has this form: the label says which one (also in the error summary).
        self.fields["tekst"].label = _("Uw opmerking over %(titel)s") % {"titel": titel}


class ToestemmingForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Mag de naam van de gemeente in het kennisproduct staan?"),
        choices=[
            (Toestemming.Status.GEGEVEN, _("Ja, de naam mag erin")),
            (Toestemming.Status.GEWEIGERD, _("Nee, noem de gemeente zonder naam")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
