"""An enrolment's track is its edition's track: a composite foreign key (editie, traject) onto
the edition's (id, traject). Django has no composite foreign keys, so this is SQL, and only on
PostgreSQL (production and the tests); on SQLite (``make run``) the services keep it. The
dashboard's shared cache relies on it (``intake.dashboard``)."""

from django.db import migrations

NAAM = "aanmelding_traject_van_editie"


def toevoegen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE intake_aanmelding ADD CONSTRAINT {NAAM} "
        "FOREIGN KEY (editie_id, traject_id) REFERENCES trajecten_editie (id, traject_id)"
    )


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE intake_aanmelding DROP CONSTRAINT {NAAM}")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_aanmeldingen_en_intakes"),
        ("trajecten", "0002_editie_id_traject_uniek"),
    ]

    operations = [migrations.RunPython(toevoegen, verwijderen)]
