"""A logging filter that replaces e-mail addresses in log records by ``[e-mailadres]``.

Application logs are no place for personal data (AVG, BIO 8.15): mail servers put the recipient
in their error messages, and a message may quote a form value. Kept free of model imports, so
that Django's logging setup can load it before the apps are ready. Registered in ``LOGGING`` next
to ``bijeenkomsten.deelname_log`` (personal-link tokens)."""

import logging
import re

EMAILADRES = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
VERVANGING = "[e-mailadres]"


def verbergen(tekst: str) -> str:
    return EMAILADRES.sub(VERVANGING, tekst)


class EmailadressenVerbergen(logging.Filter):
    """Formats the message with its arguments, replaces every address and, when it changed,
    stores the clean text (so no handler or formatter formats the original later)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except Exception:  # a broken record must still be logged, never raise here
            return True
        if "@" in bericht:
            schoon = verbergen(bericht)
            if schoon != bericht:
                record.msg = schoon
                record.args = ()
        if record.exc_info and not record.exc_text:
            # The traceback's exception message may quote an address too (SMTP errors do).
            record.exc_text = verbergen(logging.Formatter().formatException(record.exc_info))
        return True
