"""Forms for planning meetings. They check input; the services in ``planning`` decide."""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Bijeenkomst, Leergroep, LokalePraktijk

TIJDZONE = ZoneInfo("Europe/Amsterdam")
B = Bijeenkomst


def _tijdvelden(form: forms.Form, *, verplicht: bool = True) -> None:
    form.fields["datum"] = forms.DateField(
        label=_("Datum"),
        required=verplicht,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    form.fields["begintijd"] = forms.TimeField(
        label=_("Begintijd"),
        required=verplicht,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    form.fields["eindtijd"] = forms.TimeField(
        label=_("Eindtijd"),
        required=verplicht,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def _tijd_uit(form: forms.Form, gegevens: dict) -> None:
    """Combine date and times into aware datetimes in Dutch local time (start, eind)."""
    datum, begin, eind = gegevens.get("datum"), gegevens.get("begintijd"), gegevens.get("eindtijd")
    if datum and begin and eind:
        if eind <= begin:
            form.add_error("eindtijd", _("De eindtijd moet na de begintijd liggen."))
            return
        gegevens["start"] = datetime.datetime.combine(datum, begin, tzinfo=TIJDZONE)
        gegevens["eind"] = datetime.datetime.combine(datum, eind, tzinfo=TIJDZONE)


class TijdForm(forms.Form):
    """One date and time: a date option, or the date to fix directly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tijdvelden(self)

    def clean(self):
        gegevens = super().clean()
        _tijd_uit(self, gegevens)
        return gegevens


class BijeenkomstForm(forms.ModelForm):
    """Create (with kind and scope) or change a meeting (with its time, once fixed)."""

    online_link = forms.URLField(
        label=_("Link voor online meedoen"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Alleen als mensen ook online kunnen meedoen."),
    )

    class Meta:
        model = Bijeenkomst
        fields = [
            "soort",
            "leergroep",
            "praktijk",
            "titel",
            "locatie",
            "adres",
            "online_link",
            "drempelvrij",
            "ringleiding",
            "stilteruimte",
            "toegankelijkheid",
            "agenda",
            "herinnering_dagen",
        ]
        widgets = {"soort": forms.RadioSelect, "agenda": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "locatie": _("Bijvoorbeeld: Gemeentehuis Oss, zaal 2."),
            "toegankelijkheid": _("Bijvoorbeeld: waar de lift is, of dat er een tolk is."),
            "herinnering_dagen": _("Zoveel dagen vooraf krijgen de deelnemers een herinnering."),
        }

    def __init__(self, *args, editie, nieuw: bool, met_tijd: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.nieuw = nieuw
        if nieuw:
            self.fields["soort"].choices = B.Soort.choices
            self.fields["leergroep"].empty_label = _("Geen leergroep")
            self.fields["leergroep"].queryset = Leergroep.objects.filter(editie=editie)
            self.fields["leergroep"].help_text = _("Alleen voor een uitwisselingsbijeenkomst.")
            self.fields["praktijk"].queryset = LokalePraktijk.objects.filter(
                aanmelding__editie=editie
            ).select_related("aanmelding__gemeente")
            self.fields["praktijk"].empty_label = _("Geen gemeente")
            self.fields["praktijk"].label = _("Gemeente (lokale praktijk)")
            self.fields["praktijk"].help_text = _("Alleen voor een lokale bijeenkomst.")
        else:
            for naam in ("soort", "leergroep", "praktijk"):
                del self.fields[naam]
        self.met_tijd = met_tijd
        if met_tijd:
            _tijdvelden(self)
            if self.instance.start and not self.is_bound:
                start = self.instance.start.astimezone(TIJDZONE)
                self.initial.update(
                    datum=start.date(),
                    begintijd=start.time().replace(tzinfo=None),
                    eindtijd=self.instance.eind.astimezone(TIJDZONE).time().replace(tzinfo=None),
                )

    def clean(self):
        gegevens = super().clean()
        if self.nieuw:
            soort = gegevens.get("soort")
            if soort == B.Soort.UITWISSELING and not gegevens.get("leergroep"):
                self.add_error("leergroep", _("Kies de leergroep van deze uitwisseling."))
            if soort == B.Soort.LOKAAL and not gegevens.get("praktijk"):
                self.add_error("praktijk", _("Kies de gemeente van deze lokale bijeenkomst."))
            if soort != B.Soort.UITWISSELING:
                gegevens["leergroep"] = None
            if soort != B.Soort.LOKAAL:
                gegevens["praktijk"] = None
        if self.met_tijd:
            _tijd_uit(self, gegevens)
        return gegevens

    def velden(self) -> dict:
        """The cleaned values the services take as keyword arguments."""
        namen = [n for n in self.Meta.fields if n not in ("soort", "leergroep", "praktijk")]
        velden = {n: self.cleaned_data[n] for n in namen}
        if self.met_tijd:
            velden.update(start=self.cleaned_data["start"], eind=self.cleaned_data["eind"])
        return velden


class VerslagForm(forms.Form):
    verslag = forms.CharField(
        label=_("Kort verslag"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Wat is er besproken en afgesproken?"),
    )
    aanwezig = forms.ModelMultipleChoiceField(
        label=_("Wie was er?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, uitnodigingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanwezig"].queryset = uitnodigingen
        self.fields["aanwezig"].label_from_instance = lambda u: u.deelnemer.naam


class FilterForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    # Ids from the edition's own choices (``selectors.filterkeuzes``): validated against them.
    leergroep = forms.TypedChoiceField(
        label=_("Leergroep"), required=False, coerce=int, empty_value=None
    )
    praktijk = forms.TypedChoiceField(
        label=_("Gemeente"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, keuzes: dict[str, list[tuple[int, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.verberg_niet_verplicht = True
        self.fields["soort"].choices = [("", _("Alle")), *B.Soort.choices]
        self.fields["status"].choices = [("", _("Alle")), *B.Status.choices]
        self.fields["leergroep"].choices = [("", _("Alle")), *keuzes["leergroepen"]]
        self.fields["praktijk"].choices = [("", _("Alle")), *keuzes["praktijken"]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
