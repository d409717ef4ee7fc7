"""Settings of the Trajectportaal, read from the environment.

With no environment at all this gives a working development portal: SQLite, Celery tasks
run in-process, mail written to files under ``var/mail``. ``DATABASE_URL`` and ``REDIS_URL``
switch to PostgreSQL, a shared Redis cache and a real Celery broker. ``PORTAL_ENV=production``
refuses to start without a secret key, allowed hosts, a database, Redis and an SMTP host, and
turns on every hardening setting.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name: str) -> str:
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} is required when PORTAL_ENV=production")
    return value


PORTAL_ENV = env("PORTAL_ENV", "development")
if PORTAL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PORTAL_ENV must be 'development' or 'production'")
PRODUCTION = PORTAL_ENV == "production"

# --- Core -------------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required when PORTAL_ENV=production")
    DEBUG = False
else:
    SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env_bool("DEBUG", True)

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "portal",
    "trajecten",
    "intake",
    "bijeenkomsten",
    "kennis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.sessie.SessieTijdMiddleware",
    "portal.inloggen.TweedeFactorMiddleware",
    "portal.middleware.RedisStoringMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    # Last, so that it turns a login refused by axes into the lockout page (portal/inloggen.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "portal.sessie.context",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

if PRODUCTION:
    DATABASES = {"default": dj_database_url.parse(required("DATABASE_URL"), conn_max_age=60)}
else:
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"), conn_max_age=0
        )
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # QuerySet.iterator() (Django's form selects use it for their options) would otherwise run
    # DECLARE, FETCH and CLOSE: three round trips for a list of 12 provinces. Also what a
    # connection pooler in transaction mode (PgBouncer) needs.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite cannot defer a unique constraint (the order of a knowledge product's sections);
    # the services keep the order consistent there, PostgreSQL also checks it at commit.
    SILENCED_SYSTEM_CHECKS = ["models.W038"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = required("REDIS_URL") if PRODUCTION else env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.rediscache.GedeeldeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "trajectportaal"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, with a copy in the shared cache that a request reads, so that
# any web process can serve any request (portal/sessies.py).
SESSION_ENGINE = "portal.sessies"
# Messages ("Uw aanmelding is verstuurd") wait in the session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Celery -----------------------------------------------------------------------------------
# Without a broker, tasks run in-process (eagerly) so that a bare checkout works.

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Amsterdam"
# The sweeper queues outbox mail again whose time has come and mail stuck in "bezig" (see
# portal.mail.wachtrij_vegen): a broker outage or a killed worker delays mail but loses none.
CELERY_BEAT_SCHEDULE: dict = {
    "mail-wachtrij-vegen": {
        "task": "portal.tasks.mail_wachtrij_vegen",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "bijeenkomsten-herinneringen": {
        "task": "bijeenkomsten.tasks.herinneringen_versturen",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "kennis-weergaven-vegen": {
        "task": "kennis.tasks.weergaven_vegen",
        "schedule": 300.0,
        "options": {"expires": 280},
    },
    # Retention (portal.bewaartermijnen): nightly, one job every few minutes.
    **{
        f"bewaartermijn-{taak.replace('_', '-')}": {
            "task": f"portal.tasks.{taak}",
            "schedule": crontab(hour=3, minute=5 * nummer),
            "options": {"expires": 3600},
        }
        for nummer, taak in enumerate(
            [
                "intakegegevens_opruimen",
                "deelnemergegevens_opruimen",
                "mail_opruimen",
                "sessies_opruimen",
                "inlogpogingen_opruimen",
            ]
        )
    },
}

# Retention terms in days (AVG; see portal.avg.REGISTER and docs/privacy.md): intake notes and
# enrolment contact details after the edition ended, participants' contact details after the
# edition ended, outbox mail after it was sent, django-axes login-attempt records.
BEWAARTERMIJN_INTAKE_DAGEN = int(env("BEWAARTERMIJN_INTAKE_DAGEN", "365"))
BEWAARTERMIJN_DEELNEMERS_DAGEN = int(env("BEWAARTERMIJN_DEELNEMERS_DAGEN", "180"))
BEWAARTERMIJN_MAIL_DAGEN = int(env("BEWAARTERMIJN_MAIL_DAGEN", "90"))
BEWAARTERMIJN_INLOGPOGINGEN_DAGEN = int(env("BEWAARTERMIJN_INLOGPOGINGEN_DAGEN", "30"))

# --- Files ------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/noto-sans", BASE_DIR / "node_modules" / "@fontsource" / "noto-sans"),
    (
        "vendor/voorbeeld-design-tokens",
        BASE_DIR
        / "node_modules"
        / "@nl-design-system-unstable"
        / "voorbeeld-design-tokens"
        / "dist",
    ),
]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Generated files go through the storage API: local disk by default, S3-compatible object
# storage when a bucket is configured, so that any number of web and worker machines share them.
if env("S3_BUCKET"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "region_name": env("S3_REGION"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Mail -------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Trajectportaal <noreply@trajectportaal.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_CONTACT_EMAIL = env("PORTAL_CONTACT_EMAIL", "beheer@trajectportaal.example.org")
# Mail to these domains is stored as "tegengehouden" and never sent: the source documents name
# real people at Movisie and VNG, and a demo or test portal must never e-mail them. A portal that
# should mail advisors at these domains sets its own comma-separated list.
MAIL_TEGENHOUDEN_DOMEINEN = env_list("MAIL_TEGENHOUDEN_DOMEINEN", ["movisie.nl", "vng.nl"])
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 20
elif PRODUCTION:
    raise ImproperlyConfigured("EMAIL_HOST is required when PORTAL_ENV=production")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail")))

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while the username and IP address are locked out (see AXES_*).
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's backends, reading the logged-in user through the shared cache
    # (portal/gebruikerscache.py).
    "portal.gebruikerscache.ModelBackend",
    "portal.gebruikerscache.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Trajectportaal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.AanmeldenForm"
ACCOUNT_PREVENT_ENUMERATION = True
# Proxies in front of the portal that you run yourself (load balancer, reverse proxy): the client
# address is then read from X-Forwarded-For as the outermost of them saw it (portal.clientadres).
VERTROUWDE_PROXIES = int(env("VERTROUWDE_PROXIES", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = VERTROUWDE_PROXIES
# Counted in the default cache, Redis when REDIS_URL is set: shared by every web process.
# The per-address limit stops one machine trying many accounts; the per-account limit (over all
# addresses) is higher than axes' limit per account and address, so that a person whose account
# is being attacked from elsewhere can still log in from their own computer.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,20/15m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Trajectportaal"
# Advisors and beheerders without an authenticator app reach only the pages to set one up
# (portal.inloggen.TweedeFactorMiddleware). On by default in production.
MFA_VERPLICHT = env_bool("MFA_VERPLICHT", PRODUCTION)
# Changing the e-mail address or a second factor asks for the password first, unless it was typed
# again less than ACCOUNT_REAUTHENTICATION_TIMEOUT seconds ago (the login itself does not count);
# changing the password asks for the old one.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# Brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one
# IP address, that combination is locked for AXES_COOLOFF_TIME; another address or another account
# is not affected. Never permanent. A successful login resets the count. The attempts are kept in
# the database; a retention job removes old ones.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTEN", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "portal.inloggen.axes_gebruikersnaam"
AXES_LOCKOUT_CALLABLE = "portal.inloggen.geblokkeerd"
AXES_CLIENT_IP_CALLABLE = "portal.inloggen.ip_adres"
# Successful logins are not stored by axes: fewer personal data, and the count needs only failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Django's renderer, with <select> written in Python (portal/formrenderer.py): same markup, faster.
FORM_RENDERER = "portal.formrenderer.PortaalRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"
CRISPY_FAIL_SILENTLY = not DEBUG

# --- Language and time ------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp: only our own files, nothing inline. A template that needs an inline script or style
# gets a nonce with {{ request.csp_nonce }} (or CSP_NONCE); the header carries it only then.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for the QR code of the authenticator app (allauth.mfa) and icons in the CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# A login ends after SESSIE_INACTIEF without activity (a warning comes two minutes before, with
# a button to stay) and in any case after SESSIE_MAXIMUM (portal/sessie.py).
SESSIE_INACTIEF = timedelta(minutes=int(os.environ.get("SESSIE_INACTIEF_MINUTEN", "30")))
SESSIE_MAXIMUM = timedelta(hours=int(os.environ.get("SESSIE_MAXIMUM_UREN", "8")))
SESSION_COOKIE_AGE = int(SESSIE_MAXIMUM.total_seconds())
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # The language choice: only read by the server (portal.middleware.DutchFirstLocaleMiddleware).
    LANGUAGE_COOKIE_NAME = "__Host-taal"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"

# Demo data (fictional accounts with one shared password) is refused under production settings.
DEMO_DATA_ALLOWED = not PRODUCTION
DEMO_LADERS = [
    "portal.demo.demo_laden",
    "intake.demo.demo_laden",
    "bijeenkomsten.demo.demo_laden",
    "kennis.demo.demo_laden",
]
DEMO_PASSWORD = "Trajectportaal-demo-2026"  # noqa: S105 - public, listed in the README

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Personal links (/p/<token>/) and e-mail addresses never reach a log: see
    # bijeenkomsten.deelname_log and portal.logboek. Every handler carries both filters.
    "filters": {
        "verberg_links": {"()": "bijeenkomsten.deelname_log.PersoonlijkeLinksVerbergen"},
        "verberg_emailadressen": {"()": "portal.logboek.EmailadressenVerbergen"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["verberg_links", "verberg_emailadressen"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # At DEBUG the template engine logs every missing variable with the whole context, which
        # holds personal data and personal-link tokens.
        "django.template": {"level": "INFO"},
        # Filtered at the logger too, so that every handler (also a future one) gets clean text.
        "django.request": {"filters": ["verberg_links", "verberg_emailadressen"]},
        "django.security.csrf": {"filters": ["verberg_links", "verberg_emailadressen"]},
        "portal.mail": {"filters": ["verberg_emailadressen"]},
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["verberg_links", "verberg_emailadressen"],
        },
        "celery.app.trace": {"level": "WARNING"},
        # axes writes a line at every login; lockouts are WARNING and stay.
        "axes": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
        # WeasyPrint logs every layout step and fontTools every font it reads.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
