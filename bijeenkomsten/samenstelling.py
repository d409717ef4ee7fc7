"""Leergroepen samenstellen: the group-composition algorithm.

An advisor composes the leergroepen of an editie from its admitted aanmeldingen. This module
computes a proposal, checks an advisor's manual adjustment and rebalances published groups after
a withdrawal. It is pure Python on plain data: no Django, no database, only the standard library,
so that it can be unit-tested and benchmarked on its own. The service that stores leergroepen
translates model rows into `Deelnemer` and `Eisen` and the result back.

Score
-----
Higher is better. A `Groep` scores the sum over every pair of its members of

* travel: 4 points when both lie in the same provincie, 2 points when their provincies are
  neighbours (`BUREN`), otherwise 0 (an empty provincie earns nothing; a name that is not one of
  the twelve only counts when it is the same);
* themes: 1 point per theme from the intake's vraagstukken that both share.

Travel dominates mildly: one shared theme is worth a quarter of a shared provincie, two shared
themes as much as living next door. A `Voorstel` scores the sum of its groups. Scores only compare
assignments with the same group sizes (a larger group has more pairs); the sizes come from
`groepsgroottes`.

Sizes and hard constraints
--------------------------
`groepsgroottes` picks the fewest groups that fit the maximum and spreads the members as evenly as
possible. "Keep together" sets (`Eisen.samen`; a set of more than two means all of them) are merged
into blocks. When the blocks do not fit the even sizes, the sizes are made as even as the blocks
allow. Keep-together and keep-apart are hard: the search maximises the score among the assignments
with the fewest broken pairs (every broken pair costs more than any score can make up). What cannot
be met is named in `Voorstel.problemen` in plain Dutch. Pairs naming an id that is not among the
deelnemers (for example a municipality that withdrew) are ignored.

Proposal and its bound
----------------------
`voorstel_maken` seeds the groups greedily along a route through the provincies (`REGIO_VOLGORDE`,
so that leftovers spill into a neighbouring provincie), then improves them by local search: move a
block to a group one smaller, swap two blocks, or swap a keep-together block for two or three
blocks of its size, always keeping the multiset of group sizes. An iterated local search follows:
a few random moves or swaps between related blocks, descend again, undo when worse. The random
generator is seeded from the input only and the input is sorted by id first, so the same input in
any order gives the same output. 342 members take about one second on one core.

Stated bound (empirical, not proven): on instances of 4 to 10 members whose keep-together and
keep-apart pairs can all be met, the proposal scores at least 95% of `optimum` and equals it on at
least 90% of them; where they cannot all be met, it breaks no more pairs than the optimum. The
tests assert this on 240 seeded instances (224 of them can be met; measured: optimal on all 224).
In a wider trial of 1,439 such instances (up to ten themes and seven provincies) one proposal
missed the optimum, by 3.1% (31 against 32 points).

Rebalancing
-----------
`herverdelen` keeps the advisor's groups and their order. A member counts as moved when it ends in
another group than the one it was in; a group that is dissolved moves all its remaining members;
withdrawn members count for nothing, and a member that was in no group is placed without counting.
The result may use any sizes within the bounds (it repairs, it does not re-balance sizes). It finds
the fewest moves by iterative deepening with a lower bound that is exact for the group sizes alone,
and branches only on moves that repair a concrete problem (a group too large or too small, a
keep-together pair apart, a keep-apart pair together), which keeps it exact and fast. Among
assignments with the fewest moves it prefers the higher score (searched within a node budget).
If the pairs cannot all be met, it repairs the sizes (keeping keep-together where it can) and
names what is off; if the search budget runs out, it falls back to a new proposal and says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import random
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# CBS spelling.
PROVINCIES = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

# Land borders, plus two crossings we count as neighbours on purpose because travel is what
# matters: Flevoland touches Noord-Holland, Utrecht, Gelderland and Overijssel across the
# randmeren (bridges and dikes) and Fryslân and Overijssel by land (Noordoostpolder); Fryslân and
# Noord-Holland share the Afsluitdijk. Zuid-Holland and Gelderland meet near Gorinchem; Utrecht and
# Noord-Brabant do not meet (Vijfheerenlanden ends at the Merwede).
_GRENZEN = (
    ("Groningen", "Fryslân"),
    ("Groningen", "Drenthe"),
    ("Fryslân", "Drenthe"),
    ("Fryslân", "Overijssel"),
    ("Fryslân", "Flevoland"),
    ("Fryslân", "Noord-Holland"),
    ("Drenthe", "Overijssel"),
    ("Overijssel", "Flevoland"),
    ("Overijssel", "Gelderland"),
    ("Flevoland", "Gelderland"),
    ("Flevoland", "Utrecht"),
    ("Flevoland", "Noord-Holland"),
    ("Gelderland", "Utrecht"),
    ("Gelderland", "Zuid-Holland"),
    ("Gelderland", "Noord-Brabant"),
    ("Gelderland", "Limburg"),
    ("Utrecht", "Noord-Holland"),
    ("Utrecht", "Zuid-Holland"),
    ("Noord-Holland", "Zuid-Holland"),
    ("Zuid-Holland", "Zeeland"),
    ("Zuid-Holland", "Noord-Brabant"),
    ("Zeeland", "Noord-Brabant"),
    ("Noord-Brabant", "Limburg"),
)

BUREN: dict[str, frozenset[str]] = {
    provincie: frozenset(
        [b for a, b in _GRENZEN if a == provincie] + [a for a, b in _GRENZEN if b == provincie]
    )
    for provincie in PROVINCIES
}

# A route through all twelve provincies in which each one borders the next: the greedy seed walks
# it, so a group that cannot be filled from one provincie takes the rest from a neighbour.
REGIO_VOLGORDE = (
    "Groningen",
    "Drenthe",
    "Fryslân",
    "Overijssel",
    "Flevoland",
    "Noord-Holland",
    "Utrecht",
    "Gelderland",
    "Limburg",
    "Noord-Brabant",
    "Zeeland",
    "Zuid-Holland",
)

PUNTEN_ZELFDE_PROVINCIE = 4
PUNTEN_BUURPROVINCIE = 2
PUNTEN_PER_THEMA = 1

# Exhaustive search stays well below a second up to this size.
OPTIMUM_MAXIMUM = 10

_GEDULD = 200  # perturbation rounds without improvement before the proposal search stops
_ZOEK_BUDGET = 150_000  # search nodes for one rebalancing before falling back
_ZOEK_EXTRA = 5_000  # nodes spent on a better score after the first fewest-moves solution
_MAX_LOS = 3  # members without a group that rebalancing still places one by one


@dataclass(frozen=True)
class Deelnemer:
    id: int
    naam: str
    provincie: str
    themas: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Eisen:
    grootte_min: int
    grootte_max: int
    samen: frozenset[frozenset[int]] = frozenset()
    apart: frozenset[frozenset[int]] = frozenset()


@dataclass(frozen=True)
class Groep:
    leden: tuple[int, ...]
    score: float
    uitleg: str


@dataclass(frozen=True)
class Voorstel:
    groepen: tuple[Groep, ...]
    score: float
    problemen: tuple[str, ...]
    verplaatst: int = 0


# --- score ---------------------------------------------------------------------------------------


def paarscore(a: Deelnemer, b: Deelnemer) -> int:
    """The score of one pair in the same group (see the module docstring)."""
    if a.provincie and a.provincie == b.provincie:
        reis = PUNTEN_ZELFDE_PROVINCIE
    elif b.provincie in BUREN.get(a.provincie, ()):
        reis = PUNTEN_BUURPROVINCIE
    else:
        reis = 0
    return reis + PUNTEN_PER_THEMA * len(a.themas & b.themas)


def groepsscore(leden: Sequence[Deelnemer]) -> int:
    return sum(paarscore(a, b) for a, b in itertools.combinations(leden, 2))


def totaalscore(groepen: Iterable[Iterable[int]], deelnemers: Iterable[Deelnemer]) -> int:
    """Score of an assignment given as ids; unknown ids are skipped."""
    per_id = {d.id: d for d in deelnemers}
    return sum(groepsscore([per_id[i] for i in groep if i in per_id]) for groep in groepen)


# --- sizes ---------------------------------------------------------------------------------------


def groepsgroottes(n: int, grootte_min: int, grootte_max: int) -> list[int] | None:
    """The fewest groups that respect the maximum, sizes as equal as possible (largest first).

    None when no split of `n` members fits the bounds (also for bounds that make no sense).
    """
    if n < 0 or grootte_max < 1 or grootte_min > grootte_max:
        return None
    if n == 0:
        return []
    aantal = -(-n // grootte_max)
    if aantal * max(1, grootte_min) > n:
        return None
    return _gelijk_verdelen(n, aantal)


def _gelijk_verdelen(n: int, aantal: int) -> list[int]:
    q, r = divmod(n, aantal)
    return [q + 1] * r + [q] * (aantal - r)


def _past_in_maten(n: int, lo: int, hi: int) -> bool:
    """Can `n` members form whole groups of lo..hi (zero groups for zero members)?"""
    return n == 0 or -(-n // hi) * lo <= n


# --- input ---------------------------------------------------------------------------------------


@dataclass
class _Invoer:
    leden: list[Deelnemer]
    index: dict[int, int]
    lo: int
    hi: int
    samen: list[tuple[int, ...]]  # keep-together sets as sorted member indices (≥ 2 present)
    apart: list[tuple[int, int]]  # keep-apart pairs as member indices
    blokken: list[list[int]]  # the keep-together closure; every member is in exactly one block
    problemen: list[str] = field(default_factory=list)
    # Violations already explained by a problem above, so that they are not reported twice.
    verklaard_samen: set[tuple[int, ...]] = field(default_factory=set)
    verklaard_apart: set[tuple[int, int]] = field(default_factory=set)
    punten: list[list[int]] = field(default_factory=list)

    def naam(self, i: int) -> str:
        return self.leden[i].naam or str(self.leden[i].id)


def _sleutel(d: Deelnemer) -> tuple:
    return (d.id, d.naam, d.provincie, tuple(sorted(d.themas)))


def _voorbereiden(deelnemers: Iterable[Deelnemer], eisen: Eisen, *, punten: bool = True) -> _Invoer:
    problemen: list[str] = []
    leden: list[Deelnemer] = []
    for d in sorted(deelnemers, key=_sleutel):
        if leden and leden[-1].id == d.id:
            problemen.append(
                f"{d.naam} (nummer {d.id}) staat meer dan één keer in de lijst. "
                "Alleen de eerste telt mee."
            )
            continue
        leden.append(d)
    index = {d.id: i for i, d in enumerate(leden)}

    lo, hi = eisen.grootte_min, eisen.grootte_max
    if lo > hi:
        problemen.append(
            f"De groepsgrootte klopt niet: het minimum ({lo}) is groter dan het maximum ({hi}). "
            f"Er is gerekend met groepen van {hi} tot {lo}."
        )
        lo, hi = hi, lo
    if hi < 1:
        problemen.append(
            "De groepsgrootte klopt niet: het maximum is kleiner dan 1. Er is gerekend met 1."
        )
        hi = 1
    lo = max(1, lo)

    samen = sorted(
        {
            tuple(sorted(index[i] for i in groep if i in index))
            for groep in eisen.samen
            if sum(1 for i in groep if i in index) >= 2
        }
    )
    apart_paren: set[tuple[int, int]] = set()
    for groep in eisen.apart:
        aanwezig = sorted(index[i] for i in groep if i in index)
        apart_paren.update(itertools.combinations(aanwezig, 2))
    apart = sorted(apart_paren)

    ouder = list(range(len(leden)))

    def wortel(i: int) -> int:
        while ouder[i] != i:
            ouder[i] = ouder[ouder[i]]
            i = ouder[i]
        return i

    for groep in samen:
        for i in groep[1:]:
            a, b = wortel(groep[0]), wortel(i)
            if a != b:
                ouder[max(a, b)] = min(a, b)
    per_wortel: dict[int, list[int]] = {}
    for i in range(len(leden)):
        per_wortel.setdefault(wortel(i), []).append(i)
    blokken = sorted(per_wortel.values())

    invoer = _Invoer(leden, index, lo, hi, samen, apart, blokken, problemen)
    for a, b in apart:
        if wortel(a) == wortel(b):
            problemen.append(
                f"{invoer.naam(a)} en {invoer.naam(b)} moeten samen en mogen ook niet samen. "
                "Dat kan niet allebei. Pas een van de twee afspraken aan."
            )
            invoer.verklaard_apart.add((a, b))
    te_groot = [blok for blok in blokken if len(blok) > hi]
    for blok in te_groot:
        problemen.append(
            f"{_opsomming([invoer.naam(i) for i in blok])} moeten samen, maar dat zijn "
            f"{len(blok)} gemeenten. Een groep heeft hoogstens {hi} gemeenten."
        )
        leden_blok = set(blok)
        invoer.verklaard_samen.update(g for g in samen if leden_blok.issuperset(g))
    if te_groot:
        # An oversized block is searched member by member, so that it is split over as few groups
        # as the score and the keep-together penalty make worthwhile.
        invoer.blokken = sorted(
            [[i] for blok in te_groot for i in blok] + [b for b in blokken if len(b) <= hi]
        )
    if punten:
        invoer.punten = [[paarscore(a, b) if a is not b else 0 for b in leden] for a in leden]
    return invoer


def _gewichten(invoer: _Invoer) -> tuple[list[list[int]], int]:
    """Pair weights for the search: the score, plus a penalty per kept-together pair that is apart
    and per kept-apart pair that is together, larger than any score difference can be."""
    n = len(invoer.leden)
    straf = 1 + 2 * sum(sum(rij) for rij in invoer.punten)
    gewicht = [list(rij) for rij in invoer.punten]
    samen_paren = {p for groep in invoer.samen for p in itertools.combinations(groep, 2)}
    for a, b in samen_paren:
        gewicht[a][b] += straf
        gewicht[b][a] += straf
    for a, b in invoer.apart:
        gewicht[a][b] -= straf
        gewicht[b][a] -= straf
    for i in range(n):
        gewicht[i][i] = 0
    return gewicht, straf


# --- group sizes with keep-together blocks ---------------------------------------------------


def _pakken(
    blokmaten: list[int], capaciteiten: list[int], limiet: int = 20_000
) -> list[int] | None:
    """Place each block in a group with room (depth-first, biggest block first); the group index per
    block, or None when they do not fit (or the search limit is reached)."""
    volgorde = sorted(range(len(blokmaten)), key=lambda b: (-blokmaten[b], b))
    rest = list(capaciteiten)
    plaats = [-1] * len(blokmaten)
    knopen = 0

    def plaatsen(positie: int) -> bool:
        nonlocal knopen
        if positie == len(volgorde):
            return True
        knopen += 1
        if knopen > limiet:
            return False
        blok = volgorde[positie]
        gezien: set[int] = set()
        for g in sorted(range(len(rest)), key=lambda g: (-rest[g], g)):
            if rest[g] < blokmaten[blok] or rest[g] in gezien:
                continue
            gezien.add(rest[g])
            rest[g] -= blokmaten[blok]
            plaats[blok] = g
            if plaatsen(positie + 1):
                return True
            rest[g] += blokmaten[blok]
        return False

    return plaats if plaatsen(0) else None


def _maten(invoer: _Invoer) -> list[int]:
    """The group sizes for this input (largest first); may add problems and split blocks."""
    n, lo, hi = len(invoer.leden), invoer.lo, invoer.hi
    maten = groepsgroottes(n, lo, hi)
    if maten is None:
        aantal = max(1, -(-n // hi))
        maten = _gelijk_verdelen(n, aantal)
        if n < lo:
            invoer.problemen.append(
                f"Er {'is' if n == 1 else 'zijn'} {_gemeenten(n)}. Een groep heeft minstens "
                f"{lo} gemeenten. Daarom is er één groep die te klein is."
            )
        else:
            invoer.problemen.append(
                f"{_gemeenten(n).capitalize()} passen niet precies in groepen van {lo} tot {hi}. "
                "Daarom heeft een groep een andere grootte."
            )
    grote_blokken = [blok for blok in invoer.blokken if len(blok) > 1]
    if not grote_blokken:
        return maten
    blokmaten = [len(blok) for blok in grote_blokken]
    if _pakken(blokmaten, maten) is not None:
        return maten
    plaats = _pakken(blokmaten, [hi] * len(maten))
    if plaats is not None:
        lading = [0] * len(maten)
        for blok, g in enumerate(plaats):
            lading[g] += blokmaten[blok]
        for _ in range(n - sum(blokmaten)):
            g = min((g for g in range(len(lading)) if lading[g] < hi), key=lambda g: lading[g])
            lading[g] += 1
        if all(lo <= grootte for grootte in lading) or min(maten) < lo:
            return sorted(lading, reverse=True)
    invoer.problemen.append(
        f"De gemeenten die samen moeten, passen niet allemaal in groepen van {lo} tot {hi}. "
        "Daarom staan ze niet allemaal samen."
    )
    invoer.blokken = [[i] for i in range(n)]
    return maten


# --- proposal ------------------------------------------------------------------------------------


def voorstel_maken(deelnemers: Iterable[Deelnemer], eisen: Eisen) -> Voorstel:
    """A proposal for the leergroepen; deterministic; see the module docstring."""
    invoer = _voorbereiden(deelnemers, eisen)
    maten = _maten(invoer)
    groepen = _samenstellen(invoer, maten)
    return _voorstel(invoer, groepen, sorteren=True)


def _zaad(invoer: _Invoer) -> int:
    tekst = repr(
        (
            [_sleutel(d) for d in invoer.leden],
            invoer.lo,
            invoer.hi,
            invoer.samen,
            invoer.apart,
        )
    )
    return int.from_bytes(hashlib.sha256(tekst.encode()).digest()[:8], "big")


def _regio(provincie: str) -> tuple[int, str]:
    if provincie in REGIO_VOLGORDE:
        return (REGIO_VOLGORDE.index(provincie), "")
    return (len(REGIO_VOLGORDE), provincie)


def _samenstellen(invoer: _Invoer, maten: list[int]) -> list[list[int]]:
    """Groups as lists of member indices, with exactly the sizes `maten`."""
    if not maten:
        return []
    if len(maten) == 1:
        return [list(range(len(invoer.leden)))]
    blokken = invoer.blokken
    gewicht, _ = _gewichten(invoer)
    if all(len(blok) == 1 for blok in blokken):
        blokgewicht = [[gewicht[a[0]][b[0]] for b in blokken] for a in blokken]
    else:
        blokgewicht = [
            [0 if a is b else sum(gewicht[i][j] for i in a for j in b) for b in blokken]
            for a in blokken
        ]
    maat = [len(blok) for blok in blokken]

    def geo(b: int) -> tuple:
        eerste = invoer.leden[blokken[b][0]]
        return (_regio(eerste.provincie), tuple(sorted(eerste.themas)), eerste.id)

    volgorde = sorted(range(len(blokken)), key=geo)
    groep_van = _gretig(blokgewicht, maat, maten, volgorde)
    if groep_van is None:
        groep_van = _gepakt(maat, maten, volgorde)
    aantal = len(blokken)
    # A round costs about `aantal` block scans, so the cap keeps large editions at a second or two.
    rondes = max(100, min(400, 25_000 // max(aantal, 1)))
    zoeker = _LokaalZoeken(blokgewicht, maat, groep_van, len(maten))
    zoeker.verbeteren(random.Random(_zaad(invoer)), rondes)  # noqa: S311 - reproducible, not secret
    groepen: list[list[int]] = [[] for _ in maten]
    for b, g in enumerate(zoeker.groep_van):
        groepen[g].extend(blokken[b])
    return [sorted(groep) for groep in groepen]


def _gretig(
    gewicht: list[list[int]], maat: list[int], maten: list[int], volgorde: list[int]
) -> list[int] | None:
    """Fill the groups one by one: start with the first free block along the route, then add the
    block with the most affinity to the group so far. None when blocks end up not fitting."""
    groep_van = [-1] * len(maat)
    vrij = list(volgorde)
    for g, capaciteit in enumerate(maten):
        affiniteit = dict.fromkeys(vrij, 0)
        rest = capaciteit
        eerste = True
        while rest > 0:
            kandidaten = [b for b in vrij if maat[b] <= rest]
            if not kandidaten:
                return None
            # max() keeps the first of equals, so ties follow the route.
            b = kandidaten[0] if eerste else max(kandidaten, key=lambda b: affiniteit[b])
            eerste = False
            vrij.remove(b)
            groep_van[b] = g
            rest -= maat[b]
            rij = gewicht[b]
            for c in vrij:
                affiniteit[c] += rij[c]
    return groep_van


def _gepakt(maat: list[int], maten: list[int], volgorde: list[int]) -> list[int]:
    """A seed that surely fits: pack the multi-member blocks first, then fill along the route."""
    groot = [b for b in volgorde if maat[b] > 1]
    plaats = _pakken([maat[b] for b in groot], maten) or [0] * len(groot)
    groep_van = [-1] * len(maat)
    rest = list(maten)
    for b, g in zip(groot, plaats, strict=True):
        groep_van[b] = g
        rest[g] -= maat[b]
    g = 0
    for b in volgorde:
        if maat[b] > 1:
            continue
        while g < len(rest) - 1 and rest[g] <= 0:
            g += 1
        groep_van[b] = g
        rest[g] -= 1
    return groep_van


class _LokaalZoeken:
    """Local search on blocks with fixed group sizes (as a multiset).

    `winst[b][g]` is the weight between block b and all blocks in group g, kept up to date on every
    move so that a move or swap is judged in constant time. A move or swap between groups A and B
    only changes value when A or B changes, so after a change only the blocks of the changed groups
    are looked at again (don't-look bits); a swap is found from either of its two blocks."""

    def __init__(self, gewicht: list[list[int]], maat: list[int], groep_van: list[int], k: int):
        self.gewicht = gewicht
        self.maat = maat
        self.k = k
        self.journaal: list[tuple[int, int]] = []
        self._opbouwen(groep_van)

    def _opbouwen(self, groep_van: list[int]) -> None:
        self.groep_van = list(groep_van)
        self.leden: list[list[int]] = [[] for _ in range(self.k)]
        self.grootte = [0] * self.k
        for b, g in enumerate(self.groep_van):
            self.leden[g].append(b)
            self.grootte[g] += self.maat[b]
        self.winst = []
        for rij in self.gewicht:
            eigen = [0] * self.k
            for c, w in enumerate(rij):
                eigen[self.groep_van[c]] += w
            self.winst.append(eigen)
        self.waarde = sum(self.winst[b][g] for b, g in enumerate(self.groep_van)) // 2

    def _verplaats(self, b: int, naar: int) -> None:
        van = self.groep_van[b]
        self.journaal.append((b, van))
        self.waarde += self.winst[b][naar] - self.winst[b][van]
        for rij_winst, w in zip(self.winst, self.gewicht[b], strict=True):
            rij_winst[van] -= w
            rij_winst[naar] += w
        self.leden[van].remove(b)
        self.leden[naar].append(b)
        self.grootte[van] -= self.maat[b]
        self.grootte[naar] += self.maat[b]
        self.groep_van[b] = naar

    def _beste_zet(self, b: int) -> tuple[int, tuple[int, ...]] | None:
        """The best improving change for block b: move it to group g (no partners) or swap it with
        the partner blocks in g. A block of several members is also swapped with two or three
        blocks that together have its size, otherwise it could never leave its group."""
        maat, winst, grootte, gewicht = self.maat, self.winst, self.grootte, self.gewicht
        a = self.groep_van[b]
        wb, rij = winst[b], gewicht[b]
        eigen, mb, ga = wb[a], maat[b], grootte[a]
        beste, zet = 0, None
        for g in range(self.k):
            if g == a:
                continue
            basis = wb[g] - eigen
            gg = grootte[g]
            if gg + mb == ga and basis > beste:
                beste, zet = basis, (g, ())
            for c in self.leden[g]:
                if maat[c] != mb and maat[c] - mb != gg - ga:
                    continue
                wc = winst[c]
                verschil = basis + wc[a] - wc[g] - 2 * rij[c]
                if verschil > beste:
                    beste, zet = verschil, (g, (c,))
            if mb == 1 or len(self.leden[g]) > 12:
                continue
            for aantal in (2, 3):
                for partners in itertools.combinations(self.leden[g], aantal):
                    samen_maat = sum(maat[c] for c in partners)
                    if samen_maat != mb and samen_maat - mb != gg - ga:
                        continue
                    verschil = basis + sum(winst[c][a] - winst[c][g] - 2 * rij[c] for c in partners)
                    # The partners stay together, so their mutual weight is not lost.
                    verschil += 2 * sum(
                        gewicht[c][d] for c, d in itertools.combinations(partners, 2)
                    )
                    if verschil > beste:
                        beste, zet = verschil, (g, partners)
        return zet

    def _afdalen(self, actief: Iterable[int], max_zetten: int = 100_000) -> None:
        """Apply improving moves and swaps until none is left among the active blocks."""
        wachtrij = deque(actief)
        in_rij = [False] * len(self.maat)
        for b in wachtrij:
            in_rij[b] = True
        for _ in range(max_zetten):
            if not wachtrij:
                return
            b = wachtrij.popleft()
            in_rij[b] = False
            zet = self._beste_zet(b)
            if zet is None:
                continue
            a, (g, partners) = self.groep_van[b], zet
            self._verplaats(b, g)
            for c in partners:
                self._verplaats(c, a)
            for d in (*self.leden[a], *self.leden[g]):
                if not in_rij[d]:
                    in_rij[d] = True
                    wachtrij.append(d)

    def verbeteren(self, rng: random.Random, rondes: int) -> None:
        """Local search, then `rondes` perturb-and-descend rounds; keeps the best.

        A round swaps a few blocks with blocks they have affinity with (same or neighbouring
        provincie, shared themes), so that a region is reshuffled rather than the country, then
        descends again from the touched groups. A worse result is undone from the journal. The
        search stops early after `_GEDULD` rounds without improvement."""
        self._afdalen(range(len(self.maat)))
        waarde = self.waarde
        aantal = len(self.maat)
        stappen = max(2, min(6, aantal // 4))
        verwant = [
            [c for c, w in enumerate(rij) if w > 0 and c != b] for b, rij in enumerate(self.gewicht)
        ]
        sinds_beter = 0
        for _ in range(rondes):
            if sinds_beter >= _GEDULD:
                break
            sinds_beter += 1
            self.journaal = []
            for _ in range(rng.randint(1, stappen)):
                b = rng.randrange(aantal)
                c = rng.choice(verwant[b]) if verwant[b] else rng.randrange(aantal)
                a, g = self.groep_van[b], self.groep_van[c]
                if a == g:
                    continue
                # Moving changes which group is the larger one; a later step can then pass
                # another block on (a chain that plain moves and swaps cannot make).
                kan_verplaatsen = self.grootte[g] + self.maat[b] == self.grootte[a]
                if kan_verplaatsen and (self.maat[b] != self.maat[c] or rng.random() < 0.5):
                    self._verplaats(b, g)
                elif self.maat[b] == self.maat[c]:
                    self._verplaats(b, g)
                    self._verplaats(c, a)
            geraakt = {g for b, van in self.journaal for g in (van, self.groep_van[b])}
            self._afdalen(sorted(b for g in sorted(geraakt) for b in self.leden[g]))
            nieuw = self.waarde
            if nieuw >= waarde:
                # Equal is accepted too, to drift over plateaus.
                if nieuw > waarde:
                    sinds_beter = 0
                waarde = nieuw
                continue
            terug, self.journaal = self.journaal, []
            for b, van in reversed(terug):
                self._verplaats(b, van)


# --- exhaustive optimum --------------------------------------------------------------------------


def optimum(deelnemers: Iterable[Deelnemer], eisen: Eisen) -> Voorstel:
    """The true optimum by exhaustive search, for at most `OPTIMUM_MAXIMUM` members.

    Same group sizes and the same objective as `voorstel_maken` (fewest broken pairs first, then
    the highest score); among equals the first in id order."""
    invoer = _voorbereiden(deelnemers, eisen)
    n = len(invoer.leden)
    if n > OPTIMUM_MAXIMUM:
        raise ValueError(f"optimum() handles at most {OPTIMUM_MAXIMUM} members, not {n}")
    maten = _maten(invoer)
    gewicht, _ = _gewichten(invoer)
    beste: list = [None, []]
    gekozen: list[tuple[int, ...]] = []

    def zoeken(rest: tuple[int, ...], over: Counter, waarde: int) -> None:
        if not rest:
            if beste[0] is None or waarde > beste[0]:
                beste[0], beste[1] = waarde, list(gekozen)
            return
        eerste, anderen = rest[0], rest[1:]
        for grootte in sorted(over, reverse=True):
            if not over[grootte]:
                continue
            over[grootte] -= 1
            for rest_groep in itertools.combinations(anderen, grootte - 1):
                groep = (eerste, *rest_groep)
                extra = sum(gewicht[a][b] for a, b in itertools.combinations(groep, 2))
                gekozen.append(groep)
                zoeken(tuple(i for i in anderen if i not in rest_groep), over, waarde + extra)
                gekozen.pop()
            over[grootte] += 1

    zoeken(tuple(range(n)), Counter(maten), 0)
    return _voorstel(invoer, [list(groep) for groep in beste[1]], sorteren=True)


# --- results, explanations and checks ------------------------------------------------------------


def _voorstel(
    invoer: _Invoer,
    groepen: list[list[int]],
    *,
    sorteren: bool,
    verplaatst: int = 0,
    extra: Sequence[str] = (),
) -> Voorstel:
    groepen = [sorted(groep) for groep in groepen if groep]
    if sorteren:

        def plek(groep: list[int]) -> tuple:
            provincies = Counter(invoer.leden[i].provincie for i in groep)
            meest = min(provincies, key=lambda p: (-provincies[p], _regio(p)))
            return (_regio(meest), invoer.leden[groep[0]].id)

        groepen.sort(key=plek)
    resultaat = []
    for groep in groepen:
        leden = [invoer.leden[i] for i in groep]
        resultaat.append(
            Groep(
                leden=tuple(d.id for d in leden),
                score=float(groepsscore(leden)),
                uitleg=_uitleg(leden),
            )
        )
    problemen = [*invoer.problemen, *extra, *_gebreken(invoer, groepen)]
    return Voorstel(
        groepen=tuple(resultaat),
        score=float(sum(groep.score for groep in resultaat)),
        problemen=tuple(problemen),
        verplaatst=verplaatst,
    )


def _gemeenten(n: int) -> str:
    return "1 gemeente" if n == 1 else f"{n} gemeenten"


def _opsomming(woorden: Sequence[str]) -> str:
    if len(woorden) <= 1:
        return "".join(woorden)
    return f"{', '.join(woorden[:-1])} en {woorden[-1]}"


def _gebreken(invoer: _Invoer, groepen: list[list[int]]) -> list[str]:
    """Sizes, keep-together and keep-apart problems of groups of member indices, numbered from 1."""
    problemen = []
    for nummer, groep in enumerate(groepen, start=1):
        if not groep:
            problemen.append(f"Groep {nummer} is leeg. Haal de groep weg of zet er gemeenten in.")
        elif len(groep) > invoer.hi:
            problemen.append(
                f"Groep {nummer} heeft {_gemeenten(len(groep))}; het maximum is {invoer.hi}."
            )
        elif len(groep) < invoer.lo:
            problemen.append(
                f"Groep {nummer} heeft {_gemeenten(len(groep))}; het minimum is {invoer.lo}."
            )
    groep_van: dict[int, int] = {}
    for nummer, groep in enumerate(groepen, start=1):
        for i in groep:
            groep_van.setdefault(i, nummer)  # a member in two groups counts where it is first
    for samen in invoer.samen:
        if samen in invoer.verklaard_samen:
            continue
        ingedeeld = [i for i in samen if i in groep_van]
        if len({groep_van[i] for i in ingedeeld}) > 1:
            problemen.append(
                f"{_opsomming([invoer.naam(i) for i in ingedeeld])} moeten samen, "
                "maar staan in verschillende groepen."
            )
    for a, b in invoer.apart:
        if (a, b) in invoer.verklaard_apart:
            continue
        if a in groep_van and groep_van.get(a) == groep_van.get(b):
            problemen.append(
                f"{invoer.naam(a)} en {invoer.naam(b)} mogen niet samen, "
                f"maar staan allebei in groep {groep_van[a]}."
            )
    return problemen


def _uitleg(leden: Sequence[Deelnemer]) -> str:
    if not leden:
        return "lege groep"
    provincies = Counter(d.provincie or "onbekende provincie" for d in leden)
    eerste_plek = {}
    for d in leden:
        eerste_plek.setdefault(d.provincie or "onbekende provincie", len(eerste_plek))
    namen = sorted(provincies, key=lambda p: (-provincies[p], eerste_plek[p]))
    if len(leden) == 1:
        reis = f"één gemeente ({namen[0]})"
    elif len(namen) == 1:
        reis = f"zelfde provincie ({namen[0]})"
    elif all(b in BUREN.get(a, ()) for a, b in itertools.combinations(namen, 2)):
        reis = f"buurprovincies ({', '.join(namen)})"
    else:
        reis = f"verschillende provincies ({', '.join(namen)})"
    themas = Counter(thema for d in leden for thema in d.themas)
    gedeeld = sorted(
        (t for t, aantal in themas.items() if aantal >= 2), key=lambda t: (-themas[t], t)
    )
    if gedeeld:
        return f"{reis}; gedeelde thema's: {', '.join(gedeeld)}"
    return f"{reis}; geen gedeelde thema's"


def uitleg(groep: Groep | Iterable[int], deelnemers: Iterable[Deelnemer]) -> str:
    """Why these members form a group, in plain Dutch: where they are and which themes they share.

    For example "zelfde provincie (Noord-Brabant); gedeelde thema's: eenzaamheid, leefbaarheid".
    Provincies are listed by number of members, then in member order; shared themes (held by at
    least two members) by how many share them, then alphabetically. Unknown ids are skipped."""
    ids = groep.leden if isinstance(groep, Groep) else groep
    per_id = {d.id: d for d in deelnemers}
    return _uitleg([per_id[i] for i in ids if i in per_id])


def controleren(
    groepen: Sequence[Sequence[int]], deelnemers: Iterable[Deelnemer], eisen: Eisen
) -> list[str]:
    """Check an advisor's assignment (ids per group, groups numbered from 1) and return what is
    off, in plain Dutch: group sizes, members missing, twice or unknown, keep-together pairs apart
    and keep-apart pairs together. Never raises for bad input; an empty list means all is well."""
    try:
        invoer = _voorbereiden(list(deelnemers), eisen, punten=False)
    except Exception:  # the advisor's screen must get a message, not an error
        return ["De gegevens van de deelnemers of de eisen kunnen niet worden gelezen."]
    problemen = list(invoer.problemen)
    try:
        ruwe_groepen = list(groepen)
    except TypeError:
        return [*problemen, "De indeling kan niet worden gelezen."]

    plekken: dict[int, list[int]] = {}
    indeling: list[list[int]] = []
    for nummer, groep in enumerate(ruwe_groepen, start=1):
        leden: list[int] = []
        try:
            ids = list(groep)
        except TypeError:
            problemen.append(f"Groep {nummer} kan niet worden gelezen.")
            ids = []
        for lid in ids:
            try:
                i = invoer.index.get(lid)
            except TypeError:
                i = None
            if i is None:
                problemen.append(
                    f"Groep {nummer} bevat {lid!s}, maar die gemeente doet niet mee. "
                    "Haal deze weg uit de groep."
                )
                continue
            plekken.setdefault(i, []).append(nummer)
            if i not in leden:
                leden.append(i)
        indeling.append(leden)

    # A group's size counts its known members once; doubles and unknowns are named apart.
    problemen.extend(_gebreken(invoer, indeling))
    for i in range(len(invoer.leden)):
        nummers = plekken.get(i, [])
        naam = invoer.naam(i)
        if not nummers:
            problemen.append(f"{naam} staat in geen enkele groep. Zet {naam} in een groep.")
        elif len(set(nummers)) == 1 and len(nummers) > 1:
            problemen.append(f"{naam} staat {len(nummers)} keer in groep {nummers[0]}.")
        elif len(nummers) > 1:
            groepen_tekst = _opsomming([str(nr) for nr in sorted(set(nummers))])
            problemen.append(
                f"{naam} staat in meer dan één groep (groep {groepen_tekst}). "
                f"Zet {naam} in één groep."
            )
    return problemen


# --- rebalancing ---------------------------------------------------------------------------------


def _minste_verschuivingen(maten: tuple[int, ...], lo: int, hi: int) -> int | None:
    """The fewest moves that make these group sizes valid, looking at sizes only.

    Dissolving a set D of groups (`weg` members) and adding new groups with N members: the other
    groups must change by T = weg - N in total, within [Σ(lo - c), Σ(hi - c)], and the moves are
    max(weg + overflow, shortage + N). Groups of equal size are interchangeable, so D is
    enumerated as a count per size; the cost only grows with `weg`, which prunes the search."""
    klassen = sorted(Counter(maten).items())
    beste: int | None = None

    def kosten(keuze: list[int]) -> int | None:
        weg = te_veel = tekort = overschot = ruimte = 0
        for (c, aantal), d in zip(klassen, keuze, strict=True):
            blijft = aantal - d
            weg += d * c
            te_veel += blijft * max(0, c - hi)
            tekort += blijft * max(0, lo - c)
            overschot += blijft * max(0, c - lo)
            ruimte += blijft * (hi - c)
        nieuw, tot = max(0, weg - ruimte), weg - tekort + overschot
        while nieuw <= tot and not _past_in_maten(nieuw, lo, hi):
            nieuw += 1
        if nieuw > tot:
            return None
        return max(weg + te_veel, tekort + nieuw)

    keuze = [0] * len(klassen)

    def kiezen(positie: int, weg: int) -> None:
        nonlocal beste
        if beste is not None and weg >= beste:
            return
        if positie == len(klassen):
            waarde = kosten(keuze)
            if waarde is not None and (beste is None or waarde < beste):
                beste = waarde
            return
        c, aantal = klassen[positie]
        for d in range(aantal + 1):
            if beste is not None and weg + d * c >= beste and d > 0:
                break
            keuze[positie] = d
            kiezen(positie + 1, weg + d * c)
        keuze[positie] = 0

    kiezen(0, 0)
    return beste


class _Budget(Exception):
    """The search used its node budget without a solution."""


class _Klaar(Exception):
    """The search used its extra budget after finding a solution."""


class _Onmogelijk(Exception):
    """The search proved that no valid assignment exists."""


class _Herverdeling:
    """Iterative deepening on the number of moves; each member moves at most once, straight to its
    final group, and only in a branch that repairs the first problem found. That is complete: any
    valid assignment with m moves contains, for every problem of every partial state on the way,
    one of the branched moves."""

    def __init__(
        self,
        invoer: _Invoer,
        plekken: list[list[int]],
        plek: list[int],
        samen: list[tuple[int, int]],
        apart: list[tuple[int, int]],
    ):
        self.punten = invoer.punten
        self.lo, self.hi = invoer.lo, invoer.hi
        self.groepen = [list(groep) for groep in plekken]
        self.aantal_oud = len(plekken)
        self.plek = list(plek)
        self.oorsprong = list(plek)
        self.vast = [False] * len(plek)
        self.los = [i for i, p in enumerate(plek) if p == -1]
        self.samen, self.apart = samen, apart
        self.gezet: set[tuple[int, int]] = set()
        self.score = sum(
            self.punten[a][b] for groep in self.groepen for a, b in itertools.combinations(groep, 2)
        )
        self.ondergrenzen: dict[tuple[int, ...], int] = {}
        self.knopen = 0
        self.oplossing: tuple[int, int, list[list[int]]] | None = None  # (moves, -score, groups)
        self.grens_knopen = _ZOEK_BUDGET

    def ondergrens(self) -> int:
        if self.los:
            return 0
        return self._grens_voor(tuple(sorted(len(g) for g in self.groepen if g)))

    def probleem(self) -> tuple | None:
        if self.los:
            return ("los", self.los[0])
        for g, groep in enumerate(self.groepen):
            if len(groep) > self.hi:
                return ("vol", g)
        for g, groep in enumerate(self.groepen):
            if 0 < len(groep) < self.lo:
                return ("klein", g)
        for a, b in self.samen:
            if self.plek[a] != self.plek[b]:
                return ("paar", a, b)
        for a, b in self.apart:
            if self.plek[a] == self.plek[b]:
                return ("paar", a, b)
        return None

    def doelen(self, i: int) -> list[int]:
        doelen = [g for g, groep in enumerate(self.groepen) if groep and g != self.plek[i]]
        leeg = next((g for g, groep in enumerate(self.groepen) if not groep), len(self.groepen))
        return [*doelen, leeg]

    def takken(self, probleem: tuple, ruimte: int) -> list[tuple[int, int]]:
        """The moves that repair `probleem`, best score first, without those whose size bound
        already exceeds the `ruimte` left for moves."""
        soort = probleem[0]
        if soort == "los":
            kandidaten = [(probleem[1], g) for g in self.doelen(probleem[1])]
        elif soort == "vol":
            kandidaten = [
                (i, g)
                for i in self.groepen[probleem[1]]
                if not self.vast[i]
                for g in self.doelen(i)
            ]
        elif soort == "klein":
            doel = probleem[1]
            groep = self.groepen[doel]
            kandidaten = [
                (i, doel)
                for i in range(len(self.plek))
                if self.plek[i] not in (doel, -1) and not self.vast[i]
            ]
            if not any(self.vast[i] for i in groep):
                # If the group is dissolved, all its members leave: branching on the first suffices.
                eerste = min(groep)
                kandidaten += [(eerste, g) for g in self.doelen(eerste)]
        else:
            kandidaten = [(i, g) for i in probleem[1:] if not self.vast[i] for g in self.doelen(i)]
        if not self.los:
            kandidaten = self._binnen_grens(kandidaten, ruimte)
        return sorted(kandidaten, key=lambda zet: (-self.verschil(*zet), zet))

    def _binnen_grens(
        self, kandidaten: list[tuple[int, int]], ruimte: int
    ) -> list[tuple[int, int]]:
        # The bound only depends on the two sizes that change, so it is computed once per pair.
        maten = sorted(len(g) for g in self.groepen if g)
        per_paar: dict[tuple[int, int], int] = {}
        gehouden = []
        for i, naar in kandidaten:
            van = len(self.groepen[self.plek[i]])
            doel = len(self.groepen[naar]) if naar < len(self.groepen) else 0
            if (van, doel) not in per_paar:
                na = list(maten)
                na.remove(van)
                if doel:
                    na.remove(doel)
                na += [doel + 1] + ([van - 1] if van > 1 else [])
                per_paar[van, doel] = self._grens_voor(tuple(sorted(na)))
            if 1 + per_paar[van, doel] <= ruimte:
                gehouden.append((i, naar))
        return gehouden

    def _grens_voor(self, sleutel: tuple[int, ...]) -> int:
        if sleutel not in self.ondergrenzen:
            waarde = _minste_verschuivingen(sleutel, self.lo, self.hi)
            self.ondergrenzen[sleutel] = len(self.plek) + 1 if waarde is None else waarde
        return self.ondergrenzen[sleutel]

    def verschil(self, i: int, naar: int) -> int:
        rij = self.punten[i]
        erbij = sum(rij[j] for j in self.groepen[naar]) if naar < len(self.groepen) else 0
        van = self.plek[i]
        eraf = sum(rij[j] for j in self.groepen[van]) if van >= 0 else 0
        return erbij - eraf

    def zet(self, i: int, naar: int) -> int:
        verschil = self.verschil(i, naar)
        self.score += verschil
        van = self.plek[i]
        if van >= 0:
            self.groepen[van].remove(i)
        else:
            self.los.remove(i)
        if naar == len(self.groepen):
            self.groepen.append([])
        self.groepen[naar].append(i)
        self.plek[i] = naar
        self.vast[i] = True
        self.gezet.add((i, naar))
        return verschil

    def terug(self, i: int, van: int, naar: int, verschil: int) -> None:
        self.gezet.discard((i, naar))
        self.vast[i] = False
        self.groepen[naar].remove(i)
        if naar == len(self.groepen) - 1 and naar >= self.aantal_oud and not self.groepen[naar]:
            self.groepen.pop()
        if van >= 0:
            self.groepen[van].append(i)
        else:
            self.los.append(i)
            self.los.sort()
        self.plek[i] = van
        self.score -= verschil

    def zoeken(self, stappen: int, grens: int, gezien: set) -> None:
        self.knopen += 1
        if self.knopen > self.grens_knopen:
            raise _Klaar if self.oplossing is not None else _Budget
        probleem = self.probleem()
        if probleem is None:
            kandidaat = (stappen, -self.score, [sorted(g) for g in self.groepen])
            if self.oplossing is None:
                self.grens_knopen = min(self.grens_knopen, self.knopen + _ZOEK_EXTRA)
            if self.oplossing is None or kandidaat[:2] < self.oplossing[:2]:
                self.oplossing = kandidaat
            return
        if stappen + self.ondergrens() > grens:
            return
        for i, naar in self.takken(probleem, grens - stappen):
            if self.vast[i]:
                continue
            kosten = 0 if self.plek[i] == -1 else 1
            if stappen + kosten > grens:
                continue
            van = self.plek[i]
            verschil = self.zet(i, naar)
            sleutel = frozenset(self.gezet)
            if sleutel not in gezien:
                gezien.add(sleutel)
                self.zoeken(stappen + kosten, grens, gezien)
            self.terug(i, van, naar, verschil)

    def oplossen(self) -> tuple[int, list[list[int]]]:
        grens = self.ondergrens()
        while True:
            with contextlib.suppress(_Klaar):
                self.zoeken(0, grens, set())
            if self.oplossing is not None:
                return self.oplossing[0], self.oplossing[2]
            grens += 1
            if grens > len(self.plek):
                raise _Onmogelijk


def herverdelen(
    huidige: Sequence[Sequence[int]], deelnemers: Iterable[Deelnemer], eisen: Eisen
) -> Voorstel:
    """Repair published groups after withdrawals with as few moves as possible.

    `huidige` holds the published groups as ids; ids not among `deelnemers` withdrew and are
    dropped. The result keeps the groups in their order (a dissolved group is left out; new groups
    come last) and `verplaatst` counts the members in another group than before."""
    invoer = _voorbereiden(deelnemers, eisen)
    n, lo, hi = len(invoer.leden), invoer.lo, invoer.hi
    plek = [-1] * n
    groepen: list[list[int]] = []
    for groep in huidige:
        leden = []
        for lid in groep:
            i = invoer.index.get(lid)
            if i is not None and plek[i] == -1:
                plek[i] = len(groepen)
                leden.append(i)
        groepen.append(leden)
    los = [i for i in range(n) if plek[i] == -1]

    if not _past_in_maten(n, lo, hi):
        # No valid assignment exists: change nothing but place newcomers, and say what is off.
        for i in los:
            doel = min(range(len(groepen)), key=lambda g: (len(groepen[g]), g), default=None)
            if doel is None:
                groepen.append([])
                doel = 0
            groepen[doel].append(i)
        melding = (
            f"Met {_gemeenten(n)} lukt geen indeling in groepen van {lo} tot {hi}. "
            "Er is niemand verplaatst. Kies zelf wat er moet gebeuren."
        )
        return _voorstel(invoer, groepen, sorteren=False, extra=[melding])

    # Only what can be met is searched for; what cannot is already named in invoer.problemen.
    samen = sorted(
        {
            (groep[0], i)
            for groep in invoer.samen
            if groep not in invoer.verklaard_samen
            for i in groep[1:]
        }
    )
    apart = [paar for paar in invoer.apart if paar not in invoer.verklaard_apart]
    if len(los) <= _MAX_LOS:
        try:
            verplaatst, nieuw = _Herverdeling(invoer, groepen, plek, samen, apart).oplossen()
        except _Onmogelijk:
            # The sizes can be met (checked above); the keep-together and keep-apart pairs cannot
            # all be met as well. Repair the sizes with the fewest moves and name what is off.
            melding = (
                "Niet alle afspraken over samen en apart kunnen tegelijk kloppen. "
                "Eerst is de groepsgrootte hersteld, daarna 'samen' waar dat kan."
            )
            for minder_samen in (samen, []):
                try:
                    verplaatst, nieuw = _Herverdeling(
                        invoer, groepen, plek, minder_samen, []
                    ).oplossen()
                except (_Budget, _Onmogelijk):
                    continue
                return _voorstel(
                    invoer, nieuw, sorteren=False, verplaatst=verplaatst, extra=[melding]
                )
        except _Budget:
            pass
        else:
            return _voorstel(invoer, nieuw, sorteren=False, verplaatst=verplaatst)

    nieuw_voorstel = _samenstellen(invoer, _maten(invoer))
    plekken, verplaatst = _koppelen(nieuw_voorstel, groepen, plek)
    if all(p == -1 for p in plek):
        melding = "Er was nog geen indeling. Dit is een nieuw voorstel."
    else:
        melding = (
            "Een herverdeling met weinig verschuivingen is niet gevonden. Dit is een nieuwe "
            f"indeling: {_gemeenten(verplaatst)} {'gaat' if verplaatst == 1 else 'gaan'} naar "
            "een andere groep."
        )
    return _voorstel(
        invoer,
        plekken,
        sorteren=all(p == -1 for p in plek),
        verplaatst=verplaatst,
        extra=[melding],
    )


def _koppelen(
    nieuw: list[list[int]], oud: list[list[int]], plek: list[int]
) -> tuple[list[list[int]], int]:
    """Give each new group the place of the old group it overlaps most, to count moves fairly."""
    overlap = sorted(
        (
            (-sum(1 for i in groep if plek[i] == g), g, n)
            for n, groep in enumerate(nieuw)
            for g in range(len(oud))
        )
    )
    plaats_van: dict[int, int] = {}
    bezet: set[int] = set()
    for negatief, g, n in overlap:
        if negatief < 0 and n not in plaats_van and g not in bezet:
            plaats_van[n] = g
            bezet.add(g)
    plekken: list[list[int]] = [[] for _ in oud]
    for n, groep in enumerate(nieuw):
        if n in plaats_van:
            plekken[plaats_van[n]] = list(groep)
        else:
            plekken.append(list(groep))
    verplaatst = sum(
        1 for g, groep in enumerate(plekken) for i in groep if plek[i] != -1 and plek[i] != g
    )
    return plekken, verplaatst
