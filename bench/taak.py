"""One step of the benchmark inside Django, run as ``python -m bench.taak <step> [...]`` with
the environment ``bench.__main__`` gives it (the database of one data set, production
settings). Prints its figures as one JSON line starting with ``BENCH``.

Steps: ``bouwen <schaal>``, ``tellen``, ``cookie``, ``samenstelling``, ``mail``, ``pdf``,
``kaal <html file>`` (bare WeasyPrint, started by ``pdf``).
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid

MAIL_GEMETEN = 2_000


def _uit(waarden) -> None:
    print("BENCH " + json.dumps(waarden), flush=True)


def bouwen(naam: str):
    from . import data

    verslag = data.bouwen(data.SCHALEN[naam])
    return {"stappen": verslag.stappen, "totaal": round(verslag.totaal, 1)}


def tellen():
    from . import paginas

    opzet = paginas.opzet()
    return {
        "paginas": [p.__dict__ for p in opzet.paginas],
        "queries": paginas.queries_tellen(opzet),
    }


def cookie():
    from . import paginas

    opzet = paginas.opzet()
    dashboard = next(p for p in opzet.paginas if p.sleutel == "dashboard")
    client = paginas.adviseur_client(opzet.adviseur_id)
    return {"cookie": paginas.sessie_cookie(client, dashboard.pad)}


def samenstelling():
    """The algorithm on every enrolled municipality of the largest edition, and the gap to the
    exhaustive optimum on small random instances (as in tests/test_samenstelling.py)."""
    from bijeenkomsten import samenstelling as algoritme
    from bijeenkomsten import services
    from trajecten.models import Editie

    from .data import GROOT_SLUG

    editie = Editie.objects.get(slug=GROOT_SLUG, traject__code="A")
    t = time.perf_counter()
    deelnemers, eisen = services.deelnemers_en_eisen(editie)
    lezen = time.perf_counter() - t
    t = time.perf_counter()
    voorstel = algoritme.voorstel_maken(deelnemers, eisen)
    rekenen = time.perf_counter() - t

    themas = ["eenzaamheid", "leefbaarheid", "armoede", "jeugd", "mantelzorg", "wonen"]
    gaten, precies = [], 0
    for zaad in range(120):
        rng = random.Random(zaad)
        n = rng.randint(6, algoritme.OPTIMUM_MAXIMUM)
        lo, hi = rng.choice([(2, 4), (3, 5), (2, 3), (3, 4)])
        provincies = rng.sample(algoritme.PROVINCIES, rng.randint(2, 5))
        klein = [
            algoritme.Deelnemer(
                j, f"g{j}", rng.choice(provincies), frozenset(rng.sample(themas, rng.randint(0, 3)))
            )
            for j in range(n)
        ]
        kleine_eisen = algoritme.Eisen(lo, hi)
        beste = algoritme.optimum(klein, kleine_eisen)
        gevonden = algoritme.voorstel_maken(klein, kleine_eisen)
        if beste.score:
            gaten.append(max(0.0, (beste.score - gevonden.score) / beste.score * 100))
            precies += gevonden.score == beste.score
    return {
        "gemeenten": len(deelnemers),
        "groepen": len(voorstel.groepen),
        "lezen_s": round(lezen, 3),
        "rekenen_s": round(rekenen, 3),
        "instanties": len(gaten),
        "optimaal": precies,
        "gat_gemiddeld_pct": round(sum(gaten) / len(gaten), 2),
        "gat_max_pct": round(max(gaten), 2),
    }


def _worker(naam: str):
    from . import processen

    worker = processen.celery_worker(dict(os.environ), naam)
    processen.wachten_op_worker(worker, naam)
    return worker


def mail():
    """Fix the start meeting of the largest edition (every participant invited) through the
    advisor's page, time that one request and the worker's mail job that fills the outbox, then
    let that worker deliver the outbox to a local SMTP sink; beside it Django's SMTP backend
    sending the same messages over one connection."""
    from django.core.mail import get_connection
    from django.urls import reverse
    from django.utils import timezone

    from bijeenkomsten.bereik import deelnemers_in_bereik
    from bijeenkomsten.models import Bijeenkomst
    from portal import mail as outbox
    from portal.models import Mail, MailOpdracht

    from . import paginas, processen

    sink = processen.SmtpTeller()
    poort = sink.starten()
    os.environ["EMAIL_PORT"] = str(poort)
    from django.conf import settings

    settings.EMAIL_PORT = poort

    opzet = paginas.opzet()
    start = Bijeenkomst.objects.get(pk=opzet.start_id)
    in_bereik = deelnemers_in_bereik(start).count()
    naam = f"bench-mail-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = _worker(naam)
    try:
        client = paginas.adviseur_client(opzet.adviseur_id)
        datum = timezone.localdate() + timezone.timedelta(days=60)
        t = time.perf_counter()
        antwoord = client.post(
            reverse("planning:bijeenkomst", kwargs={"pk": start.pk}),
            {
                "actie": "vastleggen",
                "versie": str(start.versie),
                "datum": datum.isoformat(),
                "begintijd": "10:00",
                "eindtijd": "16:00",
            },
        )
        verzoek = time.perf_counter() - t
        if antwoord.status_code != 302:
            raise RuntimeError(f"Fixing the start meeting answered {antwoord.status_code}")
        start.refresh_from_db()
        # The request wrote one mail job; the worker renders the mails into the outbox.
        opdracht = MailOpdracht.objects.get(gegevens__bijeenkomst=start.pk)
        einde = time.monotonic() + 600
        while opdracht.status == MailOpdracht.Status.WACHTRIJ:
            if not worker.leeft() or time.monotonic() > einde:
                raise RuntimeError(f"The mail job did not finish:\n{worker.uitvoer()}")
            time.sleep(0.05)
            opdracht.refresh_from_db()
        klaargezet = time.perf_counter() - t
        if opdracht.status != MailOpdracht.Status.KLAAR:
            raise RuntimeError(f"The mail job failed: {opdracht.laatste_fout}")
        rijen = Mail.objects.filter(sleutel__startswith=f"bijeenkomst:{start.uid}:0:")
        aantal = rijen.count()
        # Throughput over the first MAIL_GEMETEN mails (all on a smaller set), from the first
        # accepted by the sink to the last: the rate is steady, and the whole outbox takes minutes.
        gemeten = min(aantal, MAIL_GEMETEN)
        einde = time.monotonic() + 600
        while sink.aantal < gemeten:
            if not worker.leeft() or time.monotonic() > einde:
                raise RuntimeError(
                    f"Delivery stopped at {sink.aantal}/{gemeten}:\n{worker.uitvoer()}"
                )
            time.sleep(0.1)
        bezorgen = sink.laatste - sink.eerste
        piek = processen.piek_mb(worker.pid)
    finally:
        worker.stoppen()
    # The ceiling: the same messages, one SMTP connection, no database and no queue.
    berichten = [outbox._bericht(m) for m in rijen.order_by("pk")[:gemeten]]
    sink.opnieuw()
    t = time.perf_counter()
    with get_connection() as verbinding:
        verbinding.send_messages(berichten)
    plafond = time.perf_counter() - t
    sink.stoppen()
    return {
        "deelnemers": in_bereik,
        "mails": aantal,
        "verzoek_s": round(verzoek, 3),
        "klaargezet_s": round(klaargezet, 2),
        "bezorgen_s": round(bezorgen, 2),
        "gemeten": gemeten,
        "mails_per_s": round((gemeten - 1) / bezorgen, 1),
        "plafond_s": round(plafond, 2),
        "plafond_mails_per_s": round(len(berichten) / plafond, 1),
        "worker_piek_mb": piek,
    }


def _bare_weasyprint(html: str, **opties):
    """Bare WeasyPrint on ``html`` (same fonts and stylesheets through the same fetcher): the
    rendered document and the seconds it took, render and write together."""
    from weasyprint import HTML

    from kennis import pdf as renderer

    t = time.perf_counter()
    document = HTML(
        string=html,
        base_url=renderer.INTERNE_BASIS_URL,
        url_fetcher=renderer._weasyprint_fetcher(),
    ).render(**opties)
    document.write_pdf(**opties)
    return document, time.perf_counter() - t


def pdf():
    """Render the largest product's PDF through the portal's task in a real worker, three
    times: the first run in a fresh worker (cold: WeasyPrint imported, fonts loaded), then the
    best of two warm runs, as every later product is. Then the same stored HTML with bare
    WeasyPrint, warm too and the best of two: with the portal's output options (tagged
    PDF/UA-1, the ceiling for the same file) and with WeasyPrint's defaults (untagged, what the
    tags cost)."""
    from kennis import render
    from kennis.models import Weergave
    from kennis.tasks import weergave_maken
    from trajecten.models import Editie

    from . import processen
    from .data import GROOT_SLUG

    editie = Editie.objects.get(slug=GROOT_SLUG, traject__code="A")
    weergave = Weergave.objects.filter(product__editie=editie).order_by("-nummer").first()
    naam = f"bench-pdf-{uuid.uuid4().hex[:6]}@127.0.0.1"
    worker = _worker(naam)
    tijden = []
    try:
        basis = processen.piek_mb(worker.pid)
        piek = basis
        for _ in range(3):
            Weergave.objects.filter(pk=weergave.pk).update(status=Weergave.Status.WACHTRIJ)
            t = time.perf_counter()
            weergave_maken.delay(weergave.pk)
            einde = time.monotonic() + 600
            while True:
                weergave.refresh_from_db()
                piek = max(piek or 0, processen.piek_mb(worker.pid) or 0)
                if weergave.status in (Weergave.Status.KLAAR, Weergave.Status.MISLUKT):
                    break
                if not worker.leeft() or time.monotonic() > einde:
                    raise RuntimeError(f"Rendering did not finish:\n{worker.uitvoer()}")
                time.sleep(0.02)
            tijden.append(time.perf_counter() - t)
            if weergave.status != Weergave.Status.KLAAR:
                raise RuntimeError(f"Rendering failed: {weergave.reden}")
        piek = max(piek, processen.piek_mb(worker.pid) or 0)
    finally:
        worker.stoppen()
    # Single timings of a few seconds vary by 20% or more on a shared machine: the best of
    # two warm runs on each side.
    koud, taak = tijden[0], min(tijden[1:])

    html = render._html_lezen(weergave)
    # The ceiling in a fresh process of its own, like the worker's: in this process (Django, the
    # test client, the data set's objects) bare WeasyPrint measured 15-20% slower than the
    # portal's task, which would flatter the portal.
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as bestand:
        bestand.write(html)
        bestand.flush()
        uit = subprocess.run(
            [sys.executable, "-m", "bench.taak", "kaal", bestand.name],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ),
        ).stdout
    kaal = json.loads(next(r for r in uit.splitlines() if r.startswith("BENCH "))[6:])
    return {
        "paginas": weergave.paginas,
        "html_kb": round(len(html) / 1024),
        "taak_koud_s": round(koud, 2),
        "taak_s": round(taak, 2),
        "paginas_per_s": round(weergave.paginas / taak, 1),
        **kaal,
        "worker_basis_mb": basis,
        "worker_piek_mb": piek,
    }


def kaal(pad: str):
    """Bare WeasyPrint on the HTML in ``pad``, warm, the best of two: with the portal's output
    options (tagged PDF/UA-1) and with WeasyPrint's defaults (untagged)."""
    from kennis import pdf as renderer

    with open(pad, encoding="utf-8") as bestand:
        html = bestand.read()
    opties = {"pdf_variant": renderer.PDF_VARIANT, "pdf_tags": True}
    _bare_weasyprint(html)  # warm-up: import, fonts
    document, getagd = min(
        (_bare_weasyprint(html, **opties) for _ in range(2)), key=lambda uitkomst: uitkomst[1]
    )
    zonder_tags, ongetagd = min(
        (_bare_weasyprint(html) for _ in range(2)), key=lambda uitkomst: uitkomst[1]
    )
    return {
        "kaal_paginas": len(document.pages),
        "kaal_s": round(getagd, 2),
        "kaal_paginas_per_s": round(len(document.pages) / getagd, 1),
        "kaal_zonder_tags_s": round(ongetagd, 2),
        "kaal_zonder_tags_paginas_per_s": round(len(zonder_tags.pages) / ongetagd, 1),
    }


STAPPEN = {
    "bouwen": bouwen,
    "tellen": tellen,
    "cookie": cookie,
    "samenstelling": samenstelling,
    "mail": mail,
    "pdf": pdf,
    "kaal": kaal,
}


def main(argv: list[str]) -> None:
    import django

    django.setup()
    stap, *args = argv
    _uit(STAPPEN[stap](*args))


if __name__ == "__main__":
    main(sys.argv[1:])
