"""The benchmark in miniature, so that it keeps working: the builder makes a tiny data set and a
second one twice its size through the same code as ``make bench``, and every measured page
costs the same number of SQL queries on both, at most 12. No timing."""

import pytest
from django.db import transaction

from bench import data, paginas

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]

MAX_QUERIES = 12
DUBBEL = data.Schaal("mini2", 20, 8, 120, 200, 1_200, 120, 16)


class _Terug(Exception):
    """Roll the first data set back before the second is built."""


def _meten(schaal: data.Schaal) -> tuple[dict[str, int], paginas.Opzet]:
    data.bouwen(schaal)
    opzet = paginas.opzet()
    return paginas.queries_tellen(opzet), opzet


def test_queries_per_pagina_groeien_niet_met_de_gegevens(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    try:
        with transaction.atomic():
            klein, _opzet = _meten(data.MINI)
            raise _Terug
    except _Terug:
        pass
    groot, opzet = _meten(DUBBEL)

    assert set(klein) == {p.sleutel for p in opzet.paginas}
    assert klein == groot
    te_veel = {k: v for k, v in groot.items() if v > MAX_QUERIES}
    assert not te_veel, te_veel
