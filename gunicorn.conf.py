"""gunicorn's settings for the web container; gunicorn reads ./gunicorn.conf.py by itself.

The access log goes to standard output without the tokens of personal links: a path under
``/p/<token>/`` is written as ``/p/[verborgen]/``, and the referrer and user agent are left out.
gunicorn's own error messages ("Error handling request /p/...") get the same filter as the
portal's logging (``bijeenkomsten.deelname_log``)."""

from gunicorn.glogging import Logger

from bijeenkomsten.deelname_log import PersoonlijkeLinksVerbergen, verbergen

accesslog = "-"
errorlog = "-"
# Address, time, request line, status, bytes, duration: no referrer, no user agent.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class ZonderPersoonlijkeLinks(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(PersoonlijkeLinksVerbergen())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for sleutel, waarde in atoms.items():
            if isinstance(waarde, str) and "/p/" in waarde:
                atoms[sleutel] = verbergen(waarde)
        return atoms


logger_class = ZonderPersoonlijkeLinks
