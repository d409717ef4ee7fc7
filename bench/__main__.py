"""``python -m bench``: build (or reuse) the two data sets, measure, print the table, write the
JSON and docs/benchmark.md. See docs/benchmark.md for what is measured and how.

Databases: ``bench_<schaal>_t<hash>`` is the built data set (kept between runs while the builder
and the migrations are unchanged); every run measures on a fresh copy ``bench_<schaal>``, because
the mail measurement changes it. Redis database 15 is the benchmark's (cache and queue); it is
emptied at the start.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import data, processen, rapport

ROOT = processen.ROOT
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 15
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
VAR = ROOT / "var" / "bench"
DOCS = ROOT / "docs"
CONNECTIES = 16


def _log(tekst: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {tekst}", flush=True)


def omgeving(database: str, **extra: str) -> dict[str, str]:
    """Production settings on the benchmark's database and Redis."""
    return processen.omgeving(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PORTAL_ENV="production",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"{PG}/{database}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"bench-{database}",
        CELERY_TASK_ALWAYS_EAGER="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="2525",
        STATIC_ROOT=str(VAR / "static"),
        MEDIA_ROOT=str(VAR / "media"),
        LOG_LEVEL="WARNING",
        **extra,
    )


def taak(database: str, *args: str) -> dict:
    """Run ``python -m bench.taak`` on ``database``; its figures."""
    uit = subprocess.run(
        [sys.executable, "-m", "bench.taak", *args],
        cwd=ROOT,
        env=omgeving(database),
        capture_output=True,
        text=True,
        check=False,
    )
    regels = [r for r in uit.stdout.splitlines() if r.startswith("BENCH ")]
    if uit.returncode != 0 or not regels:
        raise RuntimeError(
            f"bench.taak {' '.join(args)} failed:\n{uit.stdout[-3000:]}\n{uit.stderr[-5000:]}"
        )
    return json.loads(regels[-1][6:])


# --- Databases -----------------------------------------------------------------------------------


def _sql(opdracht: str, *, database: str = "postgres") -> list[tuple]:
    import psycopg2

    verbinding = psycopg2.connect(f"{PG}/{database}")
    verbinding.autocommit = True
    try:
        with verbinding.cursor() as cursor:
            cursor.execute(opdracht)
            return cursor.fetchall() if cursor.description else []
    finally:
        verbinding.close()


def _bestaat(naam: str) -> bool:
    return bool(_sql(f"SELECT 1 FROM pg_database WHERE datname = '{naam}'"))


def _verwijderen(naam: str) -> None:
    _sql(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def _sjabloon_naam(schaal: data.Schaal) -> str:
    """Changes with the builder, the schema (migrations) and the scale."""
    h = hashlib.sha256(f"{data.VERSIE}{schaal}".encode())
    for pad in sorted([*ROOT.glob("*/migrations/0*.py"), ROOT / "bench" / "data.py"]):
        h.update(pad.name.encode() + pad.read_bytes())
    return f"bench_{schaal.naam}_t{h.hexdigest()[:10]}"


def gegevens_klaarzetten(schaal: data.Schaal, *, opnieuw: bool) -> dict:
    """The built data set of ``schaal`` (reused when it exists) copied to ``bench_<naam>``."""
    sjabloon = _sjabloon_naam(schaal)
    verslag_pad = VAR / f"{sjabloon}.json"
    if opnieuw or not _bestaat(sjabloon) or not verslag_pad.exists():
        for (oud,) in _sql(
            f"SELECT datname FROM pg_database WHERE datname LIKE 'bench_{schaal.naam}_t%'"
        ):
            _verwijderen(oud)
        _log(f"building data set '{schaal.naam}' in {sjabloon}")
        _sql(f'CREATE DATABASE "{sjabloon}"')
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=omgeving(sjabloon),
            check=True,
        )
        migreren = time.perf_counter() - t
        _redis_legen()
        verslag = taak(sjabloon, "bouwen", schaal.naam)
        verslag["migreren_s"] = round(migreren, 1)
        verslag["totaal_s"] = round(time.perf_counter() - t, 1)
        verslag["tellingen"] = _tellingen(sjabloon)
        verslag_pad.write_text(json.dumps(verslag, indent=2))
        _log(f"built '{schaal.naam}' in {verslag['totaal_s']} s")
    else:
        verslag = json.loads(verslag_pad.read_text())
        verslag["hergebruikt"] = True
        _log(f"reusing data set '{schaal.naam}' ({sjabloon})")
    werk = f"bench_{schaal.naam}"
    _verwijderen(werk)
    _sql(f'CREATE DATABASE "{werk}" TEMPLATE "{sjabloon}"')
    # Planner statistics, as autovacuum keeps them in a live database: without them PostgreSQL
    # guesses, and e.g. looked up a personal link by scanning 6,382 rows of the wrong index.
    _sql("ANALYZE", database=werk)
    return verslag


def _tellingen(database: str) -> dict[str, int]:
    tabellen = {
        "gemeenten": "portal_gemeente",
        "trajecten": "trajecten_traject",
        "edities": "trajecten_editie",
        "aanmeldingen": "intake_aanmelding",
        "leergroepen": "bijeenkomsten_leergroep",
        "deelnemers": "bijeenkomsten_deelnemer",
        "bijeenkomsten": "bijeenkomsten_bijeenkomst",
        "uitnodigingen": "bijeenkomsten_uitnodiging",
        "lessen": "kennis_les",
        "mails": "portal_mail",
    }
    return {
        naam: _sql(f"SELECT count(*) FROM {tabel}", database=database)[0][0]
        for naam, tabel in tabellen.items()
    }


def _redis_legen() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- Pages under load ----------------------------------------------------------------------------


def _wrk(url: str, *, duur: int, cookie: str = "", verbindingen: int = CONNECTIES) -> dict:
    env = processen.omgeving(BENCH_COOKIE=cookie)
    uit = subprocess.run(
        [
            "wrk",
            f"-t{min(2, verbindingen)}",
            f"-c{verbindingen}",
            f"-d{duur}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "wrk.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    regel = next(r for r in uit.stdout.splitlines() if r.startswith("BENCH "))
    return json.loads(regel[6:])


def paginas_meten(paginas: list[dict], cookie: str, *, duur: int) -> tuple[dict, float]:
    """Every page under load from wrk, served by gunicorn (3 sync workers, as in production)
    with production settings; the peak memory of the web workers afterwards."""
    poort = 8765
    gunicorn = processen.Proces(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            "3",
            "--log-level",
            "warning",
        ],
        env=omgeving("bench_groot"),
    )
    try:
        import urllib.request

        basis = f"http://127.0.0.1:{poort}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{basis}/health/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        uitkomsten = {}
        leeg = next(p for p in paginas if p["sleutel"] == "leeg")
        for pagina in paginas:
            koekje = cookie if pagina["sleutel"] in rapport.MET_SESSIE else ""
            # Warm up (caches, database connections) with one connection: 16 would leave a
            # backlog of slow requests that the measured run then waits behind.
            _wrk(basis + pagina["pad"], duur=2, cookie=koekje, verbindingen=1)
            extra = {}
            if pagina is not leeg:
                # The ceiling again, just before the page: the machine's speed drifts over the
                # minutes of a run (the trivial view's figure moved by a third between runs), and
                # the ratio compares the page with the ceiling under the same conditions.
                _log(f"load: {leeg['naam']}, before {pagina['naam']}")
                extra["plafond_rps"] = _wrk(basis + leeg["pad"], duur=duur)["rps"]
            _log(f"load: {pagina['naam']}")
            uitkomst = _wrk(basis + pagina["pad"], duur=duur, cookie=koekje)
            uitkomsten[pagina["sleutel"]] = {**pagina, **uitkomst, **extra}
        piek = max(processen.piek_mb(p) or 0 for p in processen.kinderen(gunicorn.pid))
        if not gunicorn.leeft():
            raise RuntimeError(gunicorn.uitvoer())
    finally:
        gunicorn.stoppen()
    return uitkomsten, piek


# --- The run -------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    for regel in Path("/proc/cpuinfo").read_text().splitlines():
        if regel.startswith("model name"):
            cpu = regel.split(":", 1)[1].strip()
            break
    geheugen = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    postgres = _sql("SHOW server_version")[0][0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "geheugen_gb": round(int(geheugen) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "load_voor": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--duur", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--opnieuw", action="store_true", help="build the data sets again")
    parser.add_argument("--zonder-docs", action="store_true", help="do not write docs/")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does this)")
    VAR.mkdir(parents=True, exist_ok=True)
    r: dict = {"datum": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    r["machine"] = machine()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=omgeving("postgres"),
        check=True,
    )
    r["gegevens"] = {
        s.naam: gegevens_klaarzetten(s, opnieuw=args.opnieuw) for s in (data.GROOT, data.KLEIN)
    }
    _redis_legen()
    _log("counting queries")
    klein = taak("bench_klein", "tellen")
    groot = taak("bench_groot", "tellen")
    r["queries"] = {"groot": groot["queries"], "klein": klein["queries"]}
    cookie = taak("bench_groot", "cookie")["cookie"]
    r["paginas"], r["web_piek_mb"] = paginas_meten(groot["paginas"], cookie, duur=args.duur)
    r["load_na_paginas"] = os.getloadavg()
    _log("group composition")
    r["samenstelling"] = taak("bench_groot", "samenstelling")
    _log("knowledge product PDF")
    r["pdf"] = taak("bench_groot", "pdf")
    _log("mail")
    r["mail"] = taak("bench_groot", "mail")
    r["load_na"] = os.getloadavg()
    tabel = rapport.markdown(r)
    print()
    print(tabel)
    if not args.zonder_docs:
        schrijven(r, tabel)


def schrijven(r: dict, tabel: str) -> None:
    map_ = DOCS / "bench"
    map_.mkdir(parents=True, exist_ok=True)
    naam = re.sub(r"[^0-9T]", "", r["datum"])[:13]
    # Personal-link tokens never go into a file, not even the benchmark's own.
    inhoud = re.sub(r"/p/[0-9a-f]{64}/", "/p/<token>/", json.dumps(r, indent=2, ensure_ascii=False))
    inhoud += "\n"
    (map_ / f"{naam}.json").write_text(inhoud)
    (map_ / "latest.json").write_text(inhoud)
    (map_ / "machine.json").write_text(json.dumps(r["machine"], indent=2) + "\n")
    doc = DOCS / "benchmark.md"
    tekst = doc.read_text() if doc.exists() else ""
    begin, einde = "<!-- bench:table -->", "<!-- /bench:table -->"
    blok = (
        f"{begin}\nRun of {r['datum']} on {r['machine']['cores']} cores "
        f"({r['machine']['cpu']}), load average before {r['machine']['load_voor'][0]:.2f}, "
        f"after the page load {r['load_na_paginas'][0]:.2f}. Figures: `docs/bench/latest.json`."
        f"\n\n{tabel}{einde}"
    )
    if begin in tekst:
        tekst = re.sub(
            re.escape(begin) + ".*?" + re.escape(einde), lambda _m: blok, tekst, flags=re.S
        )
    else:
        tekst += "\n" + blok + "\n"
    doc.write_text(tekst)
    _log(f"wrote {doc.relative_to(ROOT)} and docs/bench/{naam}.json")


if __name__ == "__main__":
    main()
