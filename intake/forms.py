"""Forms of the enrolment steps and the advisor's intake and decision screens. Forms validate
input; services decide what may happen."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Gemeente, User
from trajecten.models import Thema, Traject

from .models import Aanmelding, IntakeCheck, Intakegesprek, Toezegging
from .services import Besluit
from .stappen import Stap, velden_voor

TEKST_MAX = 5000


class LangeTekst(forms.CharField):
    """A text area with a sane maximum, so that nobody can store megabytes in one answer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TEKST_MAX)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(**kwargs)


def _schoon(tekst: str) -> str:
    """Drop control characters (except newlines and tabs) that have no place in an answer."""
    return "".join(t for t in tekst if t.isprintable() or t in "\n\t").strip()


class StapForm(forms.ModelForm):
    """One step of the enrolment. Fields are optional while saving a draft; completeness is
    checked on the check-your-answers page before submitting."""

    partners = forms.CharField(
        label=_("Samenwerkende gemeenten"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Meldt u zich samen met andere gemeenten aan? Zet dan elke gemeente op een eigen "
            "regel. Bijvoorbeeld: Lisse"
        ),
    )

    class Meta:
        model = Aanmelding
        fields = [
            "contact_naam",
            "contact_functie",
            "contact_email",
            "contact_telefoon",
            "maatschappelijk_vraagstuk",
            "lopend_project",
            "lopend_project_beschrijving",
            "inclusievraag",
            "doelgroepen",
            "projecttype",
            "projectbeschrijving",
            "vraag",
            "motivatie",
            "toezegging_college",
            "toezegging_raad",
            "toezegging_ambtenaren",
            "toezegging_toelichting",
            "tijd_toegezegd",
            "cofinanciering_akkoord",
        ]
        labels = {
            "contact_naam": _("Naam van de contactpersoon"),
            "contact_functie": _("Functie"),
            "contact_email": _("E-mailadres"),
            "contact_telefoon": _("Telefoonnummer"),
            "maatschappelijk_vraagstuk": _("Aan welk maatschappelijk vraagstuk wilt u werken?"),
            "lopend_project": _("Er loopt al een project of proces over dit vraagstuk"),
            "lopend_project_beschrijving": _("Beschrijf het lopende project"),
            "inclusievraag": _("Wat is uw vraag over inclusie en zeggenschap van inwoners?"),
            "doelgroepen": _("Welke groepen inwoners wilt u beter betrekken?"),
            "projecttype": _("Wat voor project is het?"),
            "projectbeschrijving": _("Beschrijf uw project"),
            "vraag": _("Wat is uw vraag?"),
            "motivatie": _("Waarom wilt u meedoen?"),
            "toezegging_college": _("College (burgemeester en wethouders)"),
            "toezegging_raad": _("Gemeenteraad"),
            "toezegging_ambtenaren": _("Ambtenaren"),
            "toezegging_toelichting": _("Toelichting"),
            "tijd_toegezegd": _("Wij maken tijd om actief mee te doen aan de bijeenkomsten"),
            "cofinanciering_akkoord": _(
                "Wij betalen de helft van de kosten van de lokale praktijk"
            ),
        }
        help_texts = {
            "maatschappelijk_vraagstuk": _(
                "Bijvoorbeeld: eenzaamheid, langer thuis wonen of leefbaarheid."
            ),
            "inclusievraag": _("Hoe wilt u samenwerken met inwoners die nu minder meedoen?"),
            "projectbeschrijving": _("Wat wilt u bereiken? Wie doen er mee? Hoe ver bent u al?"),
            "toezegging_toelichting": _(
                "Bijvoorbeeld: wanneer het college of de raad een besluit neemt."
            ),
        }
        widgets = {
            "doelgroepen": forms.CheckboxSelectMultiple,
            "projecttype": forms.RadioSelect,
            "toezegging_college": forms.RadioSelect,
            "toezegging_raad": forms.RadioSelect,
            "toezegging_ambtenaren": forms.RadioSelect,
        }

    def __init__(self, *args, stap: Stap, traject: Traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.stap = stap
        velden = set(velden_voor(traject, stap))
        if stap.slug == "gemeente" and not traject.is_op_aanvraag:
            velden.add("partners")
            if self.instance.pk:
                self.initial["partners"] = "\n".join(
                    d.gemeente.naam
                    for d in self.instance.deelnemers.select_related("gemeente")
                    if not d.is_penvoerder
                )
        for naam in list(self.fields):
            if naam not in velden:
                del self.fields[naam]
        for naam, veld in self.fields.items():
            veld.required = False
            if isinstance(veld.widget, forms.Textarea) and naam != "partners":
                veld.max_length = TEKST_MAX
                veld.validators.append(MaxLengthValidator(TEKST_MAX))
                veld.widget.attrs["maxlength"] = str(TEKST_MAX)
        if "doelgroepen" in self.fields:
            self.fields["doelgroepen"].queryset = Thema.objects.filter(soort=Thema.Soort.DOELGROEP)
        if "projecttype" in self.fields:
            toegestaan = set(traject.projecttypen) or set(Traject.ProjectType.values)
            self.fields["projecttype"].choices = [
                (waarde, label)
                for waarde, label in Traject.ProjectType.choices
                if waarde in toegestaan
            ]
        for naam in ("toezegging_college", "toezegging_raad", "toezegging_ambtenaren"):
            if naam in self.fields:
                self.fields[naam].choices = Toezegging.choices
        if "cofinanciering_akkoord" in self.fields and traject.cofinanciering_percentage:
            self.fields["cofinanciering_akkoord"].label = _(
                "Wij betalen %(procent)s%% van de kosten van de lokale praktijk"
            ) % {"procent": traject.cofinanciering_percentage}

    def clean(self):
        gegevens = super().clean()
        for naam, waarde in list(gegevens.items()):
            if isinstance(waarde, str):
                gegevens[naam] = _schoon(waarde)
        return gegevens

    def clean_partners(self):
        namen = [_schoon(regel) for regel in self.cleaned_data.get("partners", "").splitlines()]
        namen = [naam for naam in namen if naam]
        if len(namen) > 10:
            raise forms.ValidationError(
                _("U kunt met hoogstens tien andere gemeenten samen aanmelden.")
            )
        gemeenten, onbekend = [], []
        for naam in namen:
            gemeente = Gemeente.objects.actief().filter(naam__iexact=naam).first()
            if gemeente is None:
                onbekend.append(naam)
            else:
                gemeenten.append(gemeente)
        if onbekend:
            raise forms.ValidationError(
                _("Deze gemeente kennen we niet: %(namen)s. Controleer de spelling.")
                % {"namen": ", ".join(onbekend)}
            )
        return gemeenten

    def stapgegevens(self) -> dict:
        return {naam: waarde for naam, waarde in self.cleaned_data.items() if naam != "partners"}


class StartForm(forms.Form):
    """Choose the municipality (and the edition) when the official has more than one."""

    gemeente = forms.ModelChoiceField(
        label=_("Voor welke gemeente meldt u aan?"),
        queryset=Gemeente.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    editie = forms.ModelChoiceField(
        label=_("Editie"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, gemeenten, edities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if edities is None:
            del self.fields["editie"]
        else:
            self.fields["editie"].queryset = edities


class AanvullingForm(forms.Form):
    antwoord = LangeTekst(label=_("Uw antwoord"))

    def clean_antwoord(self):
        return _schoon(self.cleaned_data["antwoord"])


class TerugtrekkenForm(forms.Form):
    reden = LangeTekst(label=_("Waarom trekt u de aanmelding terug?"), required=False)


class IntakePlanForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    begintijd = forms.TimeField(
        label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    eindtijd = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}))
    vorm = forms.ChoiceField(
        label=_("Waar?"), choices=Intakegesprek.Vorm.choices, widget=forms.RadioSelect
    )
    adres = forms.CharField(
        label=_("Adres"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld het gemeentehuis."),
    )
    online_link = forms.URLField(
        label=_("Link voor het online gesprek"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    adviseurs = forms.ModelMultipleChoiceField(
        label=_("Adviseurs bij het gesprek"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, adviseurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviseurs"].queryset = adviseurs

    def clean(self):
        gegevens = super().clean()
        datum, begin, eind = (
            gegevens.get("datum"),
            gegevens.get("begintijd"),
            gegevens.get("eindtijd"),
        )
        if datum and begin and eind:
            if eind <= begin:
                self.add_error("eindtijd", _("De eindtijd moet na de begintijd liggen."))
            else:
                tz = timezone.get_current_timezone()
                gegevens["start"] = timezone.make_aware(timezone.datetime.combine(datum, begin), tz)
                gegevens["eind"] = timezone.make_aware(timezone.datetime.combine(datum, eind), tz)
        if gegevens.get("vorm") == Intakegesprek.Vorm.ONLINE and not gegevens.get("online_link"):
            self.add_error("online_link", _("Vul de link voor het online gesprek in."))
        if (
            gegevens.get("vorm") == Intakegesprek.Vorm.OP_LOCATIE
            and not gegevens.get("adres", "").strip()
        ):
            self.add_error("adres", _("Vul het adres in."))
        return gegevens


class IntakeVerslagForm(forms.Form):
    # Everything here is optional; the marker on every field would only be noise.
    verberg_niet_verplicht = True

    aanwezigen = LangeTekst(label=_("Wie waren er bij het gesprek?"), required=False)
    notities = LangeTekst(
        label=_("Notities"),
        required=False,
        help_text=_("Alleen adviseurs kunnen de notities lezen."),
    )
    cofinanciering_bedrag = forms.DecimalField(
        label=_("Afgesproken cofinanciering in euro"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    advies = forms.ChoiceField(
        label=_("Advies"),
        required=False,
        choices=[("", _("Nog geen advies")), *Intakegesprek.Advies.choices],
    )

    def __init__(self, *args, onderdelen, met_cofinanciering: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.onderdelen = list(onderdelen)
        if not met_cofinanciering:
            del self.fields["cofinanciering_bedrag"]
        for onderdeel in self.onderdelen:
            self.fields[f"check_{onderdeel.pk}"] = forms.ChoiceField(
                label=onderdeel.tekst,
                required=False,
                choices=[("", _("Niet besproken")), *IntakeCheck.Resultaat.choices],
            )
            self.fields[f"toelichting_{onderdeel.pk}"] = forms.CharField(
                label=_("Toelichting"), required=False, max_length=500
            )

    def checks(self) -> dict[int, tuple[str, str]]:
        resultaat = {}
        for onderdeel in self.onderdelen:
            waarde = self.cleaned_data.get(f"check_{onderdeel.pk}")
            if waarde:
                resultaat[onderdeel.pk] = (
                    waarde,
                    _schoon(self.cleaned_data.get(f"toelichting_{onderdeel.pk}", "")),
                )
        return resultaat


class VraagstukForm(forms.Form):
    verberg_niet_verplicht = True

    titel = forms.CharField(label=_("Vraagstuk"), max_length=200, required=False)
    beschrijving = LangeTekst(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    themas = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        required=False,
        queryset=Thema.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    doelgroepen = forms.ModelMultipleChoiceField(
        label=_("Doelgroepen"),
        required=False,
        queryset=Thema.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themas"].queryset = Thema.objects.exclude(soort=Thema.Soort.DOELGROEP)
        self.fields["doelgroepen"].queryset = Thema.objects.filter(soort=Thema.Soort.DOELGROEP)

    def clean(self):
        gegevens = super().clean()
        if not gegevens.get("titel") and (gegevens.get("beschrijving") or gegevens.get("themas")):
            self.add_error("titel", _("Geef het vraagstuk een titel."))
        return gegevens


VraagstukFormSet = forms.formset_factory(VraagstukForm, extra=1, max_num=10, validate_max=True)


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Besluit"),
        widget=forms.RadioSelect,
        choices=[
            (Besluit.TOELATEN, _("Toelaten")),
            (Besluit.WACHTLIJST, _("Op de wachtlijst zetten")),
            (Besluit.AANVULLING, _("Aanvulling vragen")),
            (Besluit.AFWIJZEN, _("Afwijzen")),
        ],
    )
    reden = LangeTekst(
        label=_("Toelichting voor de gemeente"),
        required=False,
        help_text=_("De gemeente leest deze tekst. Verplicht bij afwijzen."),
    )
    vraag = LangeTekst(
        label=_("Vraag aan de gemeente"),
        required=False,
        help_text=_("Verplicht bij aanvulling vragen."),
    )
    toezeggingen_vrijstellen = forms.BooleanField(
        label=_("Toch toelaten, ook al zijn niet alle toezeggingen rond"), required=False
    )
    prioriteit = forms.IntegerField(
        label=_("Prioriteit op de wachtlijst"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("Lager getal gaat eerst. Standaard 100."),
    )

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("besluit") == Besluit.AFWIJZEN and not gegevens.get("reden", "").strip():
            self.add_error("reden", _("Schrijf de reden van de afwijzing."))
        if gegevens.get("besluit") == Besluit.AANVULLING and not gegevens.get("vraag", "").strip():
            self.add_error("vraag", _("Schrijf de vraag aan de gemeente."))
        return gegevens
