"""gunicorn's access and error log (gunicorn.conf.py) never hold the token of a personal link."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "a" * 64


def _logger():
    instellingen = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    for naam in ("accesslog", "errorlog", "access_log_format", "logger_class"):
        cfg.set(naam, instellingen[naam])
    return cfg.logger_class(cfg)


def test_toegangslog_schrijft_het_verzoek_zonder_token(capsys):
    log = _logger()
    omgeving = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/p/{TOKEN}/agenda.ics?x=1",
        "PATH_INFO": f"/p/{TOKEN}/agenda.ics",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://portaal.example.org/p/{TOKEN}/",
    }
    antwoord = SimpleNamespace(status="200 OK", sent=10, headers=[])
    log.access(antwoord, SimpleNamespace(headers=[]), omgeving, datetime.timedelta(seconds=1))
    uitvoer = capsys.readouterr()
    tekst = uitvoer.out + uitvoer.err
    assert '"GET /p/[verborgen]/agenda.ics?x=1 HTTP/1.1" 200' in tekst
    assert TOKEN not in tekst


def test_foutlog_schrijft_het_pad_zonder_token(capsys):
    log = _logger()
    log.error("Error handling request %s", f"/p/{TOKEN}/")
    uitvoer = capsys.readouterr()
    tekst = uitvoer.out + uitvoer.err
    assert "Error handling request /p/[verborgen]/" in tekst
    assert TOKEN not in tekst
