"""The benchmark's table: every figure beside its ceiling, each goal with pass or short; as text
for the terminal and Markdown for docs/benchmark.md, and the figures as JSON."""

from dataclasses import dataclass

PUBLIEK = ("catalogus", "traject", "bibliotheek", "product")
PERSOONLIJK = ("dashboard", "kalender", "rooster", "feed")
MAX_QUERIES = 12
#: The pages measured with the advisor's session; the others without a cookie.
MET_SESSIE = ("leeg-ingelogd", "dashboard", "kalender")


@dataclass
class Doel:
    naam: str
    gemeten: str
    doel: str
    gehaald: bool


def plafond(p: dict, paginas: dict) -> float:
    """The trivial view's requests per second that page ``p`` is compared with: measured just
    before it (``plafond_rps``), or else the trivial view's own row (runs before session 6)."""
    return p.get("plafond_rps") or paginas.get("leeg", {}).get("rps") or 0


def verhouding_tot_plafond(p: dict, paginas: dict) -> float:
    leeg = plafond(p, paginas)
    return p["rps"] / leeg if leeg else 0


def doelen(r: dict) -> list[Doel]:
    uit: list[Doel] = []
    paginas = r.get("paginas", {})
    for sleutel in PUBLIEK + PERSOONLIJK:
        p = paginas.get(sleutel)
        if not p:
            continue
        verhouding = verhouding_tot_plafond(p, paginas)
        if sleutel in PUBLIEK:
            uit.append(
                Doel(
                    p["naam"], f"{verhouding:.0%} of trivial", "≥ 50% of trivial", verhouding >= 0.5
                )
            )
        else:
            uit.append(
                Doel(
                    p["naam"],
                    f"{verhouding:.0%} of trivial, p95 {p['p95']:.0f} ms",
                    "≥ 25% of trivial, p95 ≤ 100 ms",
                    verhouding >= 0.25 and p["p95"] <= 100,
                )
            )
    queries = r.get("queries", {})
    if queries:
        groot, klein = queries.get("groot", {}), queries.get("klein", {})
        meeste = max(groot.values()) if groot else 0
        gelijk = not klein or groot == klein
        ongelijk = sorted(k for k in groot if klein and groot[k] != klein.get(k))
        uit.append(
            Doel(
                "Queries per request",
                f"max {meeste}" + ("" if gelijk else f"; differ on {', '.join(ongelijk)}"),
                f"≤ {MAX_QUERIES}, same on both sets",
                meeste <= MAX_QUERIES and gelijk,
            )
        )
    if pdf := r.get("pdf"):
        verhouding = pdf["paginas_per_s"] / pdf["kaal_paginas_per_s"]
        uit.append(
            Doel(
                "Knowledge product PDF",
                f"{pdf['paginas_per_s']} p/s = {verhouding:.0%} of bare WeasyPrint",
                "≥ 75% of bare WeasyPrint (same HTML, same tagged PDF/UA-1 output)",
                verhouding >= 0.75,
            )
        )
    if mail := r.get("mail"):
        uit.append(
            Doel(
                f"Invite request ({mail['deelnemers']} participants)",
                f"{mail['verzoek_s']:.2f} s",
                "< 2 s",
                mail["verzoek_s"] < 2,
            )
        )
        verhouding = mail["mails_per_s"] / mail["plafond_mails_per_s"]
        uit.append(
            Doel(
                "Mail delivery, one worker",
                f"{mail['mails_per_s']}/s = {verhouding:.0%} of Django SMTP",
                "≥ 50% of Django SMTP",
                verhouding >= 0.5,
            )
        )
    if s := r.get("samenstelling"):
        totaal = s["lezen_s"] + s["rekenen_s"]
        uit.append(
            Doel(
                f"Group composition, {s['gemeenten']} municipalities",
                f"{totaal:.2f} s",
                "< 2 s",
                totaal < 2,
            )
        )
        uit.append(
            Doel(
                "Composition vs exhaustive optimum",
                f"worst {s['gat_max_pct']}% below, mean {s['gat_gemiddeld_pct']}%",
                "≤ 1% from the optimum",
                s["gat_max_pct"] <= 1,
            )
        )
    if (web := r.get("web_piek_mb")) is not None:
        uit.append(Doel("Peak memory, web worker", f"{web} MB", "≤ 250 MB", web <= 250))
    if pdf and pdf.get("worker_piek_mb") is not None:
        piek = pdf["worker_piek_mb"]
        uit.append(Doel("Peak memory, Celery worker (PDF)", f"{piek} MB", "≤ 300 MB", piek <= 300))
    return uit


def _tabel(koppen: list[str], rijen: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(koppen) + " |",
        "|" + "|".join("---" for _ in koppen) + "|",
        *("| " + " | ".join(str(c) for c in rij) + " |" for rij in rijen),
    ]


def markdown(r: dict) -> str:
    """The table (pages, then the other measurements, then the goals) in Markdown."""
    regels: list[str] = []
    paginas = r.get("paginas", {})
    groot = r.get("queries", {}).get("groot", {})
    klein = r.get("queries", {}).get("klein", {})
    rijen = []
    for sleutel, p in paginas.items():
        rijen.append(
            [
                p["naam"],
                f"{p['rps']:.0f} ({p['requests']})",
                f"{p['p50']:.1f}",
                f"{p['p95']:.1f}",
                f"{p['p99']:.1f}",
                f"{plafond(p, paginas):.0f}",
                f"{verhouding_tot_plafond(p, paginas):.0%}" if plafond(p, paginas) else "–",
                f"{groot.get(sleutel, '–')} / {klein.get(sleutel, '–')}",
                str(p.get("status_fout", 0) + p.get("fouten", 0)),
            ]
        )
    if rijen:
        regels += _tabel(
            [
                "Page",
                "req/s (requests)",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "trivial just before, req/s",
                "vs trivial",
                "queries (national / 1/10)",
                "errors",
            ],
            rijen,
        )
        regels.append("")
    anders = []
    if pdf := r.get("pdf"):
        anders.append(
            [
                "Knowledge product PDF (portal task, real worker, warm)",
                f"{pdf['paginas']} pages in {pdf['taak_s']} s = {pdf['paginas_per_s']} pages/s"
                + (
                    f" (first run in a fresh worker: {pdf['taak_koud_s']} s)"
                    if "taak_koud_s" in pdf
                    else ""
                ),
                f"bare WeasyPrint, tagged PDF/UA-1: {pdf['kaal_paginas']} pages in "
                f"{pdf['kaal_s']} s = {pdf['kaal_paginas_per_s']} pages/s"
                + (
                    f"; untagged (WeasyPrint's defaults): {pdf['kaal_zonder_tags_s']} s = "
                    f"{pdf['kaal_zonder_tags_paginas_per_s']} pages/s"
                    if "kaal_zonder_tags_s" in pdf
                    else ""
                ),
            ]
        )
    if mail := r.get("mail"):
        anders.append(
            [
                f"Invite all {mail['deelnemers']} participants of the start meeting (one request)",
                f"{mail['verzoek_s']} s; the worker's mail job put {mail['mails']} mails in the "
                f"outbox {mail['klaargezet_s']} s after the click"
                if "klaargezet_s" in mail
                else f"{mail['verzoek_s']} s, {mail['mails']} mails in the outbox",
                "–",
            ]
        )
        anders.append(
            [
                "Mail delivery, one worker → local SMTP sink",
                f"first {mail.get('gemeten', mail['mails'])} in {mail['bezorgen_s']} s = "
                f"{mail['mails_per_s']}/s",
                f"Django SMTP, one connection: {mail['plafond_mails_per_s']}/s",
            ]
        )
    if s := r.get("samenstelling"):
        anders.append(
            [
                f"Group composition, {s['gemeenten']} municipalities → {s['groepen']} groups",
                f"{s['rekenen_s']} s algorithm + {s['lezen_s']} s reading",
                f"{s['instanties']} small instances: optimal {s['optimaal']}, worst gap "
                f"{s['gat_max_pct']}%, mean {s['gat_gemiddeld_pct']}%",
            ]
        )
    if r.get("web_piek_mb") is not None:
        anders.append(
            ["Peak memory, web worker under the page load", f"{r['web_piek_mb']} MB", "–"]
        )
    if pdf:
        anders.append(
            [
                "Peak memory, Celery worker rendering the product",
                f"{pdf['worker_piek_mb']} MB (idle {pdf['worker_basis_mb']} MB)",
                "–",
            ]
        )
    if anders:
        regels += _tabel(["Measurement", "Portal", "Ceiling / reference"], anders)
        regels.append("")
    regels += _tabel(
        ["Goal", "Measured", "Target", "Result"],
        [[d.naam, d.gemeten, d.doel, "pass" if d.gehaald else "SHORT"] for d in doelen(r)],
    )
    return "\n".join(regels) + "\n"
