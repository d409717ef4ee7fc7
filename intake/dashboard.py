"""The advisor's pages: the start page with "Mijn intakes", the dashboard of an edition and the
export of its enrolments as CSV or XLSX. The reads live in ``intake.rapportage``."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal import audit
from portal.cacheversie import vraag_sleutel
from portal.models import Provincie
from portal.permissions import is_adviseur_of_beheerder
from trajecten.models import Editie, Thema

from . import rapportage, selectors
from .models import Aanmelding

GEEN_ADVISEUR = "geen"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatusKeuzes(forms.MultipleChoiceField):
    """Unknown values (an old bookmark, a hand-made link) are left out instead of failing the
    whole field, so that the ticked boxes always match the list below them."""

    def clean(self, value):
        return super().clean([v for v in self.to_python(value) if self.valid_value(v)])


class DashboardFilterForm(forms.Form):
    """Filters and sort order of the enrolment list. Plain GET, so it works without JavaScript."""

    # Every filter is optional by nature; saying so on each one is noise.
    verberg_niet_verplicht = True

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Naam van de gemeente of de contactpersoon, of een woord uit de aanmelding."),
    )
    status = StatusKeuzes(
        label=_("Status"),
        required=False,
        # Drafts belong to the municipality until submitted: not in the list, only counted.
        choices=[(s, label) for s, label in Aanmelding.Status.choices if s != "concept"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u niets, dan ziet u alle statussen."),
    )
    provincie = forms.ModelChoiceField(
        label=_("Provincie"),
        required=False,
        queryset=Provincie.objects.order_by("naam"),
        to_field_name="code",
        empty_label=_("Alle provincies"),
    )
    thema = forms.ModelChoiceField(
        label=_("Thema of doelgroep"),
        required=False,
        queryset=Thema.objects.none(),
        to_field_name="slug",
        empty_label=_("Alle thema's en doelgroepen"),
    )
    adviseur = forms.ChoiceField(label=_("Adviseur"), required=False)
    sortering = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("gemeente", _("Gemeente, A tot Z")),
            ("-gemeente", _("Gemeente, Z tot A")),
            ("provincie", _("Provincie, A tot Z")),
            ("-provincie", _("Provincie, Z tot A")),
            ("status", _("Status, van nieuw naar klaar")),
            ("-status", _("Status, van klaar naar nieuw")),
            ("ingediend_op", _("Ingediend op, oudste eerst")),
            ("-ingediend_op", _("Ingediend op, nieuwste eerst")),
        ],
    )

    def __init__(self, *args, themas, adviseurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = themas
        self.fields["adviseur"].choices = [
            ("", _("Alle adviseurs")),
            (GEEN_ADVISEUR, _("Nog geen adviseur")),
            *((str(adviseur.pk), str(adviseur)) for adviseur in adviseurs),
        ]
        self._adviseurs = {str(adviseur.pk): adviseur for adviseur in adviseurs}

    def clean_q(self):
        # Control characters never help a search and must not reach the database.
        return "".join(teken for teken in self.cleaned_data["q"] if teken.isprintable()).strip()

    def als_filter(self) -> rapportage.Filter:
        """The valid choices as a filter; an invalid field counts as not chosen."""
        gegevens = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            gegevens = self.cleaned_data
        sortering = gegevens.get("sortering") or rapportage.STANDAARD_SORTERING
        adviseur = gegevens.get("adviseur", "")
        return rapportage.Filter(
            statussen=tuple(gegevens.get("status") or ()),
            provincie=gegevens.get("provincie"),
            thema=gegevens.get("thema"),
            adviseur=self._adviseurs.get(adviseur),
            zonder_adviseur=adviseur == GEEN_ADVISEUR,
            zoekterm=gegevens.get("q", ""),
            sortering=sortering.removeprefix("-"),
            aflopend=sortering.startswith("-"),
        )


def _editie(request, pk: int) -> Editie:
    """The edition for the export: 403 for who is no advisor at all, 404 for an edition of a
    track of another organisation."""
    if not is_adviseur_of_beheerder(request.user):
        raise PermissionDenied
    # Found only among the tracks kan_dashboard_zien allows (the organisation's, every track
    # for beheerders), in the same query.
    try:
        return selectors.editie_voor_adviseur(user=request.user, pk=pk)
    except Editie.DoesNotExist as exc:
        raise Http404 from exc


def _filter_form(request, ingediend) -> DashboardFilterForm:
    return DashboardFilterForm(
        request.GET or None,
        themas=rapportage.themas_van_editie(ingediend),
        adviseurs=list(rapportage.adviseurs_van_editie(ingediend)),
    )


def _kolommen(filter_: rapportage.Filter) -> list[dict]:
    """The sortable column headers: aria-sort on the active one, a link that sorts (or turns)."""
    kolommen = []
    for sleutel, label in (
        ("gemeente", _("Gemeente")),
        ("provincie", _("Provincie")),
        ("status", _("Status")),
        ("ingediend_op", _("Ingediend op")),
    ):
        actief = filter_.sortering == sleutel
        oplopend = actief and not filter_.aflopend
        kolommen.append(
            {
                "label": label,
                "actief": actief,
                "aria_sort": ("ascending" if oplopend else "descending") if actief else "",
                "link": f"-{sleutel}" if oplopend else sleutel,
            }
        )
    return kolommen


@login_required
@require_GET
def adviseur_start(request):
    if not is_adviseur_of_beheerder(request.user):
        raise PermissionDenied
    return render(
        request,
        "intake/adviseur_start.html",
        {
            "intakes": selectors.mijn_komende_intakes(request.user),
            "edities": selectors.edities_van_adviseur(request.user),
            "aanvragen": selectors.open_aanvragen_van_adviseur(request.user),
        },
    )


@login_required
@require_GET
def editie_dashboard(request, pk):
    toegang = selectors.toegang_van(request.user)
    if toegang is None:
        raise PermissionDenied  # no advisor at all

    def inhoud() -> tuple[Editie, str, str, bool] | None:
        try:
            editie = selectors.editie_voor_adviseur(user=request.user, pk=pk)
        except Editie.DoesNotExist:
            return None  # a track of another organisation: a 404 (asked again each time)
        alle = rapportage.aanmeldingen_van_editie(user=request.user, editie=editie)
        ingediend = rapportage.zonder_concepten(alle)
        form = _filter_form(request, ingediend)
        filter_ = form.als_filter()
        lijst = rapportage.met_details(rapportage.gefilterd(ingediend, filter_))
        overzicht = rapportage.overzicht(alle, editie=editie)
        paginator = Paginator(lijst, rapportage.PER_PAGINA)
        if not filter_.filtert:
            # Unfiltered, the list is every submitted enrolment: the overview has counted them.
            paginator.count = overzicht.ingediend
        pagina = paginator.get_page(request.GET.get("pagina"))
        html = render_to_string(
            "intake/_dashboard_inhoud.html",
            {
                "editie": editie,
                "form": form,
                "gefilterd": bool(set(request.GET) - {"pagina", "sortering"}),
                "pagina": pagina,
                "paginanummers": pagina.paginator.get_elided_page_range(
                    pagina.number, on_each_side=1, on_ends=1
                ),
                "kolommen": _kolommen(filter_),
                "overzicht": overzicht,
                "grafiek": rapportage.grafiek_per_provincie(ingediend),
            },
            request=request,
        )
        kruimelpad = render_to_string(
            "intake/_dashboard_kruimelpad.html", {"editie": editie}, request=request
        )
        return editie, kruimelpad, html, bool(form.errors)

    # Shared by everyone with the same access (``toegang_van``: every beheerder, or the
    # advisors of one organisation): they all see every enrolment of the edition (the database
    # holds an enrolment's track equal to its edition's track). So the entry depends on the
    # edition, that access, the language and the query string only; the user's name and
    # messages are in the layout around it. The access rule itself is part of the entry (found
    # or not), and so are the edition for the title and the breadcrumbs: the version rises with
    # every change of a track, an edition or a track's organisations. A hit is one round trip.
    gevonden = rapportage.VERSIE.ophalen(
        f"intake:dashboard:{pk}:{toegang}:{get_language()}:{vraag_sleutel(request)}",
        inhoud,
        seconden=rapportage.DUUR,
    )
    if gevonden is None:
        raise Http404
    editie, kruimelpad, html, fouten = gevonden
    return render(
        request,
        "intake/editie_dashboard.html",
        # The layout's title starts with "Fout:" when the filter form has errors.
        {
            "editie": editie,
            "kruimelpad": mark_safe(kruimelpad),
            "inhoud": mark_safe(html),
            "form": {"errors": fouten},
        },
    )


@login_required
@require_GET
def editie_export(request, pk, formaat):
    if formaat not in ("csv", "xlsx"):
        raise Http404
    editie = _editie(request, pk)
    ingediend = rapportage.zonder_concepten(
        rapportage.aanmeldingen_van_editie(user=request.user, editie=editie)
    )
    filter_ = _filter_form(request, ingediend).als_filter()
    rijen = rapportage.export_rijen(rapportage.export_queryset(ingediend, filter_))
    audit.vastleggen(request, audit.AANMELDINGEN_GEEXPORTEERD, editie)
    if formaat == "csv":
        response = HttpResponse(rapportage.als_csv(rijen), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(rapportage.als_xlsx(rijen, titel=editie.naam), content_type=XLSX)
    bestandsnaam = f"aanmeldingen-{slugify(editie.traject.code)}-{editie.slug}.{formaat}"
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=bestandsnaam
    )
    return response
