"""Write the register of personal data (``portal.avg.REGISTER``) into ``docs/privacy.md``,
between the register markers. A test fails when the file and the register differ."""

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.avg import markdown

BEGIN = "<!-- register: begin (manage.py privacyregister) -->\n"
EIND = "<!-- register: eind -->\n"


def bijgewerkt(tekst: str) -> str:
    voor, rest = tekst.split(BEGIN, 1)
    _, na = rest.split(EIND, 1)
    return f"{voor}{BEGIN}{markdown()}{EIND}{na}"


class Command(BaseCommand):
    help = "Writes the register of personal data into docs/privacy.md."

    def handle(self, *args, **options):
        pad = settings.BASE_DIR / "docs" / "privacy.md"
        pad.write_text(bijgewerkt(pad.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"Wrote {pad}")
