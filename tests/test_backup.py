"""The backup and restore commands of docs/operations.md, run exactly as written (the block
between the ``backup-commands`` markers) on a copy of the test database: dump it, restore it into
a new scratch database, compare, drop the scratch database."""

import os
import re
import shutil
import subprocess
import uuid

import psycopg2
import pytest
from django.db import connection, transaction
from django.utils import timezone

from portal.mail import Bericht, mails_klaarzetten
from portal.models import Mail, User

from .celery_worker import ROOT, database_url
from .factories import AdviseurFactory, EditieFactory, TrajectFactory

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTATIE = ROOT / "docs" / "operations.md"
TABELLEN = (
    "portal_user",
    "portal_mail",
    "trajecten_traject",
    "trajecten_editie",
    "django_migrations",
)


def _commando_s() -> dict[str, str]:
    """The commands of the documented block, by program name."""
    tekst = DOCUMENTATIE.read_text()
    blok = re.search(
        r"<!-- backup-commands:start -->(.*?)<!-- backup-commands:end -->", tekst, re.S
    )
    assert blok, "docs/operations.md has no backup-commands block"
    regels = [
        regel.strip()
        for regel in blok.group(1).splitlines()
        if regel.strip() and not regel.strip().startswith(("#", "```"))
    ]
    commando_s = {regel.split()[0]: regel for regel in regels}
    assert set(commando_s) == {"pg_dump", "createdb", "pg_restore", "dropdb"}, regels
    return commando_s


def _draaien(regel: str, omgeving: dict[str, str]) -> None:
    uitkomst = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", regel],
        env={**os.environ, **omgeving},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uitkomst.returncode == 0, f"{regel}\n{uitkomst.stderr}"


def _tellingen(dsn: str) -> dict[str, int]:
    with psycopg2.connect(dsn) as verbinding, verbinding.cursor() as cursor:
        tellingen = {}
        for tabel in TABELLEN:
            cursor.execute(f"SELECT count(*) FROM {tabel}")  # noqa: S608 (fixed names)
            tellingen[tabel] = cursor.fetchone()[0]
        cursor.execute("SELECT string_agg(message_id, ',' ORDER BY id) FROM portal_mail")
        tellingen["message_ids"] = cursor.fetchone()[0]
        cursor.execute("SELECT last_value FROM portal_mail_id_seq")
        tellingen["mail_id_seq"] = cursor.fetchone()[0]
    verbinding.close()
    return tellingen


@pytest.mark.skipif(
    not all(shutil.which(p) for p in ("pg_dump", "pg_restore", "createdb", "dropdb")),
    reason="pg_dump, pg_restore, createdb or dropdb is not installed",
)
def test_backup_en_herstel_met_de_gedocumenteerde_commando_s(tmp_path):
    assert connection.vendor == "postgresql"
    traject = TrajectFactory()
    EditieFactory.create_batch(3, traject=traject)
    AdviseurFactory.create_batch(4)
    with transaction.atomic():
        mails_klaarzetten(
            [
                Bericht(
                    sleutel=f"backup:{i}",
                    aan=[f"persoon{i}@example.org"],
                    onderwerp="Welkom",
                    sjabloon="mail/portal/lidmaatschap_bevestigd",
                    context={},
                )
                for i in range(25)
            ]
        )
    Mail.objects.filter(sleutel="backup:0").update(
        status=Mail.Status.VERZONDEN, verzonden_op=timezone.now()
    )
    bron = database_url()
    herstel_db = f"trajectportaal_herstel_{uuid.uuid4().hex[:10]}"
    omgeving = {
        "DATABASE_URL": bron,
        "BACKUP": str(tmp_path / "trajectportaal.dump"),
        "RESTORE_DB": herstel_db,
        "RESTORE_URL": bron.rsplit("/", 1)[0] + f"/{herstel_db}",
    }
    commando_s = _commando_s()

    _draaien(commando_s["pg_dump"], omgeving)
    assert (tmp_path / "trajectportaal.dump").stat().st_size > 0
    _draaien(commando_s["createdb"], omgeving)
    try:
        _draaien(commando_s["pg_restore"], omgeving)
        origineel, hersteld = _tellingen(bron), _tellingen(omgeving["RESTORE_URL"])
    finally:
        _draaien(commando_s["dropdb"], omgeving)

    assert hersteld == origineel
    assert origineel["portal_mail"] == 25
    assert origineel["trajecten_editie"] == 3
    assert origineel["portal_user"] == User.objects.count() >= 4
    with psycopg2.connect(bron) as verbinding, verbinding.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [herstel_db])
        assert cursor.fetchone() is None  # the scratch database is gone
    verbinding.close()
