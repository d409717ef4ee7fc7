"""Read-side helpers for the advisor's edition dashboard: the scoped edition, the filtered and
sorted list of enrolments, the counts per status, the chart per province and the export rows.

Pure reads: nothing here writes. Every query starts from a selector that is already scoped to the
user, so a filter can only narrow what the user may see. Drafts (concept) stay out of the list,
the chart and the export: they belong to the municipality until it submits them; the dashboard
only counts them.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.cacheversie import Versie
from portal.models import Provincie, User
from trajecten.models import Editie, Thema

from .models import Aanmelding, AanmeldingGemeente, Intakegesprek, Vraagstuk
from .selectors import zichtbare_aanmeldingen

S = Aanmelding.Status

#: The dashboard's content is cached per edition, language and query string under this version
#: (``intake.dashboard.editie_dashboard``): raised by every change of what the dashboard shows
#: or searches (enrolments, their municipalities, issues and intakes, editions, tracks and
#: themes, municipality and province names) and by a change of a user (:func:`verbinden`).
VERSIE = Versie(
    "intake:dashboard:versie",
    bronnen={"intake", "trajecten", "portal.gemeente", "portal.provincie"},
)
#: Longest life of a cached dashboard: bounds what a change made while Redis was unreachable
#: can miss.
DUUR = 300
#: Saving only these fields of a user changes nothing the dashboard shows (a login saves
#: ``last_login``): such a save keeps the cached dashboards.
_ONZICHTBARE_USERVELDEN = frozenset({"last_login", "password"})


def _user_opgeslagen(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or set(update_fields) - _ONZICHTBARE_USERVELDEN:
        VERSIE.verhogen()


def verbinden() -> None:
    """Connect the version to the model signals (from ``IntakeConfig.ready``). Users count
    because the list and the filter show advisors' names; deleting one also empties the
    enrolments' advisor in the database, without a signal of their own."""
    VERSIE.verbinden()
    post_save.connect(_user_opgeslagen, sender=User, dispatch_uid="rapportage.user_opgeslagen")
    post_delete.connect(
        lambda sender, **kwargs: VERSIE.verhogen(),
        sender=User,
        weak=False,
        dispatch_uid="rapportage.user_verwijderd",
    )


def vernieuwen() -> None:
    """Drop every cached dashboard: for writes that bypass the model signals."""
    VERSIE.verhogen()


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PER_PAGINA = 25

# Every status an advisor sees in the list, in the order of the work.
LIJST_STATUSSEN = tuple(status for status in S if status != S.CONCEPT)

# Sort keys of the list. Each sorts on the column and then on the municipality, so that the
# order is stable from one page to the next.
SORTERINGEN = {
    "gemeente": ("gemeente__naam",),
    "provincie": ("gemeente__provincie__naam", "gemeente__naam"),
    "status": ("status_volgorde", "gemeente__naam"),
    "ingediend_op": ("ingediend_op", "gemeente__naam"),
}
STANDAARD_SORTERING = "gemeente"


@dataclass(frozen=True)
class Filter:
    """What the advisor chose in the filter form; empty means: no filter on that."""

    statussen: tuple[str, ...] = ()
    provincie: Provincie | None = None
    thema: Thema | None = None
    adviseur: User | None = None
    zonder_adviseur: bool = False
    zoekterm: str = ""
    sortering: str = STANDAARD_SORTERING
    aflopend: bool = False

    @property
    def filtert(self) -> bool:
        """Whether it narrows the list (sorting alone does not)."""
        return bool(
            self.statussen
            or self.provincie is not None
            or self.thema is not None
            or self.adviseur is not None
            or self.zonder_adviseur
            or self.zoekterm
        )


# --- The edition and its enrolments ---------------------------------------------------------------


def aanmeldingen_van_editie(*, user, editie: Editie) -> QuerySet:
    """All enrolments of the edition the user may see, drafts included (for the counts)."""
    return zichtbare_aanmeldingen(user).filter(editie=editie)


def zonder_concepten(aanmeldingen: QuerySet) -> QuerySet:
    """The enrolments the list, the chart and the export show: all but the drafts."""
    return aanmeldingen.exclude(status=S.CONCEPT)


def _zoek(queryset: QuerySet, zoekterm: str) -> QuerySet:
    """Municipality names (partners too), the contact person and the text of the enrolment and
    its issues. Intake notes are never searched: they are not part of what the list shows."""
    via_deelnemers = AanmeldingGemeente.objects.filter(gemeente__naam__icontains=zoekterm).values(
        "aanmelding"
    )
    via_vraagstukken = Vraagstuk.objects.filter(
        Q(titel__icontains=zoekterm) | Q(beschrijving__icontains=zoekterm)
    ).values("aanmelding")
    tekst = Q(pk__in=via_deelnemers) | Q(pk__in=via_vraagstukken)
    for veld in (
        "gemeente__naam",
        "contact_naam",
        "maatschappelijk_vraagstuk",
        "lopend_project_beschrijving",
        "inclusievraag",
        "projectbeschrijving",
        "vraag",
        "motivatie",
    ):
        tekst |= Q(**{f"{veld}__icontains": zoekterm})
    return queryset.filter(tekst)


def _met_thema(queryset: QuerySet, thema: Thema) -> QuerySet:
    # Subqueries, not joins: a join on a many-to-many relation would repeat rows.
    via_vraagstukken = Vraagstuk.objects.filter(Q(themas=thema) | Q(doelgroepen=thema)).values(
        "aanmelding"
    )
    via_doelgroepen = Aanmelding.doelgroepen.through.objects.filter(thema=thema).values(
        "aanmelding"
    )
    return queryset.filter(Q(pk__in=via_vraagstukken) | Q(pk__in=via_doelgroepen))


def gefilterd(queryset: QuerySet, filter_: Filter) -> QuerySet:
    """Narrow ``queryset`` with the filter and sort it. Never widens it."""
    if filter_.statussen:
        queryset = queryset.filter(status__in=filter_.statussen)
    if filter_.provincie is not None:
        queryset = queryset.filter(gemeente__provincie=filter_.provincie)
    if filter_.thema is not None:
        queryset = _met_thema(queryset, filter_.thema)
    if filter_.zonder_adviseur:
        queryset = queryset.filter(adviseur__isnull=True)
    elif filter_.adviseur is not None:
        queryset = queryset.filter(adviseur=filter_.adviseur)
    if filter_.zoekterm:
        queryset = _zoek(queryset, filter_.zoekterm)
    return _gesorteerd(queryset, filter_)


def _gesorteerd(queryset: QuerySet, filter_: Filter) -> QuerySet:
    velden = SORTERINGEN.get(filter_.sortering, SORTERINGEN[STANDAARD_SORTERING])
    if "status_volgorde" in velden:
        # The order of the work (submitted, intake planned, …), not the alphabet.
        queryset = queryset.annotate(
            status_volgorde=Case(
                *[When(status=status, then=index) for index, status in enumerate(S.values)],
                output_field=IntegerField(),
            )
        )
    volgorde = [f"-{veld}" if filter_.aflopend else veld for veld in velden]
    return queryset.order_by(*volgorde, "pk")


def met_details(queryset: QuerySet) -> QuerySet:
    """What a row of the list and the export shows, in a fixed number of queries."""
    actieve_intake = Intakegesprek.objects.filter(
        aanmelding=OuterRef("pk"),
        status__in=[Intakegesprek.Status.GEPLAND, Intakegesprek.Status.GEHOUDEN],
    ).order_by("-start")
    return (
        queryset.select_related("gemeente__provincie", "adviseur")
        .annotate(intake_start=Subquery(actieve_intake.values("start")[:1]))
        .prefetch_related(
            Prefetch(
                "deelnemers",
                queryset=AanmeldingGemeente.objects.filter(is_penvoerder=False)
                .select_related("gemeente")
                .order_by("gemeente__naam"),
                to_attr="partners",
            )
        )
    )


# --- Filter choices -----------------------------------------------------------------------------


def themas_van_editie(ingediend: QuerySet) -> QuerySet:
    """The themes and target groups that occur in the submitted enrolments of the edition."""
    aanmelding_ids = ingediend.values("pk")
    vraagstukken = Vraagstuk.objects.filter(aanmelding__in=aanmelding_ids)
    return Thema.objects.filter(
        Q(
            pk__in=Vraagstuk.themas.through.objects.filter(vraagstuk__in=vraagstukken).values(
                "thema"
            )
        )
        | Q(
            pk__in=Vraagstuk.doelgroepen.through.objects.filter(vraagstuk__in=vraagstukken).values(
                "thema"
            )
        )
        | Q(
            pk__in=Aanmelding.doelgroepen.through.objects.filter(
                aanmelding__in=aanmelding_ids
            ).values("thema")
        )
    ).order_by("soort", "naam")


def adviseurs_van_editie(ingediend: QuerySet) -> QuerySet:
    return User.objects.filter(pk__in=ingediend.values("adviseur")).order_by("naam", "email")


# --- Counts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTelling:
    status: str
    label: str
    aantal: int


@dataclass(frozen=True)
class Overzicht:
    per_status: list[StatusTelling]
    concepten: int
    ingediend: int
    plaatsen: int | None
    bezet: int

    @property
    def vrij(self) -> int | None:
        if self.plaatsen is None:
            return None
        return max(self.plaatsen - self.bezet, 0)


def overzicht(alle: QuerySet, *, editie: Editie) -> Overzicht:
    """Counts per status (every status, also those with none) and the places left, from all
    enrolments of the edition (``aanmeldingen_van_editie``)."""
    aantallen = dict(alle.order_by().values_list("status").annotate(aantal=Count("pk")))
    per_status = [
        StatusTelling(status, label, aantallen.get(status, 0))
        for status, label in S.choices
        if status != S.CONCEPT
    ]
    return Overzicht(
        per_status=per_status,
        concepten=aantallen.get(S.CONCEPT, 0),
        ingediend=sum(telling.aantal for telling in per_status),
        plaatsen=editie.plaatsen,
        # The dashboard's user sees every enrolment of the edition: the counts above say it.
        bezet=sum(aantallen.get(status, 0) for status in Aanmelding.BEZETTE_STATUSSEN),
    )


# --- Chart ----------------------------------------------------------------------------------------

# Colour and pattern per status: no two statuses share a pattern, so colour is never the only
# difference between two segments.
GRAFIEK_PATRONEN = {
    S.INGEDIEND: "vlak",
    S.INTAKE_GEPLAND: "schuin",
    S.INTAKE_GEHOUDEN: "stippen",
    S.AANVULLING_GEVRAAGD: "ruit",
    S.TOEGELATEN: "staand",
    S.WACHTLIJST: "liggend",
    S.AFGEWEZEN: "kruis",
    S.GEPLAATST: "terug",
    S.AFGEROND: "raster",
    S.TERUGGETROKKEN: "zigzag",
}

GRAFIEK_RIJHOOGTE = 56
GRAFIEK_BALKHOOGTE = 24
GRAFIEK_BALK_Y = 26


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    aantal: int
    x: float  # percent of the width
    breedte: float  # percent of the width
    patroon: str

    # SVG attributes as text with a full stop: the Dutch locale would write "12,5".
    @property
    def x_attr(self) -> str:
        return f"{self.x:.3f}%"

    @property
    def breedte_attr(self) -> str:
        return f"{self.breedte:.3f}%"


@dataclass
class GrafiekRij:
    provincie: str
    totaal: int
    per_status: dict[str, int]
    segmenten: list[Segment] = field(default_factory=list)
    y: int = 0

    @property
    def tekst_y(self) -> int:
        return self.y + 18

    @property
    def balk_y(self) -> int:
        return self.y + GRAFIEK_BALK_Y


@dataclass(frozen=True)
class Grafiek:
    rijen: list[GrafiekRij]
    statussen: list[tuple[str, str, str]]  # (status, label, pattern) of the legend
    totalen: dict[str, int]
    totaal: int

    @property
    def hoogte(self) -> int:
        return len(self.rijen) * GRAFIEK_RIJHOOGTE

    @property
    def balkhoogte(self) -> int:
        return GRAFIEK_BALKHOOGTE

    @property
    def tabel(self) -> list[tuple[str, list[int], int]]:
        """Rows of the data table: province, the counts in legend order, total."""
        return [
            (rij.provincie, [rij.per_status.get(s, 0) for s, _l, _p in self.statussen], rij.totaal)
            for rij in self.rijen
        ]

    @property
    def tabel_totalen(self) -> list[int]:
        return [self.totalen.get(s, 0) for s, _l, _p in self.statussen]


def grafiek_per_provincie(ingediend: QuerySet) -> Grafiek:
    """Submitted enrolments per province (of the lead municipality, CBS name) split by status,
    as stacked horizontal bars. The longest bar fills the width; the others scale to it."""
    aantallen: dict[str, dict[str, int]] = {}
    for provincie, status, aantal in (
        ingediend.order_by()
        .values_list("gemeente__provincie__naam", "status")
        .annotate(aantal=Count("pk"))
    ):
        aantallen.setdefault(provincie, {})[status] = aantal
    labels = dict(S.choices)
    gebruikt = [s for s in LIJST_STATUSSEN if any(s in rij for rij in aantallen.values())]
    hoogste = max((sum(rij.values()) for rij in aantallen.values()), default=0)
    rijen = []
    for index, provincie in enumerate(sorted(aantallen)):
        per_status = aantallen[provincie]
        rij = GrafiekRij(
            provincie=provincie,
            totaal=sum(per_status.values()),
            per_status=per_status,
            y=index * GRAFIEK_RIJHOOGTE,
        )
        x = 0.0
        for status in gebruikt:
            aantal = per_status.get(status, 0)
            if not aantal:
                continue
            breedte = 100 * aantal / hoogste
            rij.segmenten.append(
                Segment(
                    status=status,
                    label=labels[status],
                    aantal=aantal,
                    x=round(x, 3),
                    breedte=round(breedte, 3),
                    patroon=GRAFIEK_PATRONEN[status],
                )
            )
            x += breedte
        rijen.append(rij)
    totalen: dict[str, int] = {}
    for per_status in aantallen.values():
        for status, aantal in per_status.items():
            totalen[status] = totalen.get(status, 0) + aantal
    return Grafiek(
        rijen=rijen,
        statussen=[(s, labels[s], GRAFIEK_PATRONEN[s]) for s in gebruikt],
        totalen=totalen,
        totaal=sum(totalen.values()),
    )


# --- Export ---------------------------------------------------------------------------------------

EXPORT_KOLOMMEN = (
    gettext_lazy("Gemeente"),
    gettext_lazy("CBS-code"),
    gettext_lazy("Samenwerkende gemeenten"),
    gettext_lazy("Provincie"),
    gettext_lazy("Status"),
    gettext_lazy("Ingediend op"),
    gettext_lazy("Contactpersoon"),
    gettext_lazy("E-mail contactpersoon"),
    gettext_lazy("Soort project"),
    gettext_lazy("Intake datum"),
    gettext_lazy("Adviseur"),
    gettext_lazy("Vraagstukken"),
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def neutraliseer(waarde):
    """Make a text cell safe for a spreadsheet: a leading formula sign gets a single quote."""
    if isinstance(waarde, str) and waarde.startswith(_FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def _lokaal(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    return timezone.localtime(moment, AMSTERDAM).replace(tzinfo=None)


def export_queryset(ingediend: QuerySet, filter_: Filter) -> QuerySet:
    return met_details(gefilterd(ingediend, filter_)).prefetch_related(
        Prefetch("vraagstukken", queryset=Vraagstuk.objects.only("pk", "aanmelding_id", "titel"))
    )


def export_rijen(queryset: QuerySet) -> Iterator[list]:
    """One row per enrolment, in the columns of ``EXPORT_KOLOMMEN``. Moments are naive local
    times in Europe/Amsterdam. Intake notes are never part of a row."""
    for aanmelding in queryset:
        yield [
            aanmelding.gemeente.naam,
            aanmelding.gemeente.cbs_code,
            ", ".join(deelnemer.gemeente.naam for deelnemer in aanmelding.partners),
            aanmelding.gemeente.provincie.naam,
            aanmelding.get_status_display(),
            _lokaal(aanmelding.ingediend_op),
            aanmelding.contact_naam,
            aanmelding.contact_email,
            aanmelding.get_projecttype_display(),
            _lokaal(aanmelding.intake_start),
            str(aanmelding.adviseur) if aanmelding.adviseur else "",
            "; ".join(vraagstuk.titel for vraagstuk in aanmelding.vraagstukken.all()),
        ]


def _als_tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%d-%m-%Y %H:%M")
    return str(waarde)


def als_csv(rijen: Iterable[list]) -> bytes:
    """UTF-8 with a byte order mark and semicolons, as Dutch Excel opens it directly."""
    uitvoer = io.StringIO()
    schrijver = csv.writer(uitvoer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([str(kolom) for kolom in EXPORT_KOLOMMEN])
    for rij in rijen:
        schrijver.writerow([neutraliseer(_als_tekst(waarde)) for waarde in rij])
    return ("\ufeff" + uitvoer.getvalue()).encode("utf-8")


def als_xlsx(rijen: Iterable[list], *, titel: str) -> bytes:
    """An Excel workbook with a bold, frozen header row. Text that looks like a formula is
    written as text with a leading quote, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def celwaarde(waarde):
        if isinstance(waarde, str):
            # Control characters make the file unreadable for Excel.
            waarde = ILLEGAL_CHARACTERS_RE.sub("", waarde)
        return neutraliseer(waarde)

    werkboek = Workbook()
    blad = werkboek.active
    # Excel allows 31 characters, none of []:*?/\ and no quote at either end in a sheet name.
    bladnaam = "".join(t for t in titel if t not in "[]:*?/\\")[:31].strip("'")
    blad.title = bladnaam or _("Aanmeldingen")
    blad.append([str(kolom) for kolom in EXPORT_KOLOMMEN])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for rij in rijen:
        blad.append([celwaarde(waarde) for waarde in rij])
    for cel in blad[1]:
        kolom = get_column_letter(cel.column)
        blad.column_dimensions[kolom].width = 22
        for datumcel in blad[kolom][1:]:
            if isinstance(datumcel.value, datetime.datetime):
                datumcel.number_format = "dd-mm-yyyy hh:mm"
    blad.freeze_panes = "A2"
    uitvoer = io.BytesIO()
    werkboek.save(uitvoer)
    return uitvoer.getvalue()
