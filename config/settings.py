"""LRBA settings: one file, every production difference comes from the environment.

The defaults make a fresh checkout run with no server (SQLite under var/, mail to the
console). Production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
DJANGO_SECURE=1 and the EMAIL_* variables; see docs/deploy.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# Strict on purpose: a mistyped value ("ture", "5O") stops the start instead of quietly
# meaning False or a default.
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a yes/no value "
            "(use 1/0, true/false, yes/no or on/off)."
        )
    return value in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks ("10.0.0.0/8")."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is not an IP address or network."
            ) from None
    return networks


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The fallback key is only good for a developer's machine: with DEBUG off the server
# refuses to start on it (lrba.core.checks, run by config/wsgi.py and `check --deploy`).
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY", "").strip()
    or "django-insecure-lrba-development-key-change-me-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "django.contrib.admin",
    # Named "Roles" by lrba.core (app_names.auth_name_as_roles): its groups are the roles.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_prose_editor",
    "anymail",
    "django_htmx",
    "import_export",
    "lrba.core.app_names.AuditLogConfig",  # auditlog
    "allauth",
    "lrba.core.app_names.SignInAddressesConfig",  # allauth.account
    "lrba.core.app_names.TwoFactorConfig",  # allauth.mfa
    "lrba.core.app_names.SignedInSessionsConfig",  # allauth.usersessions
    "lrba.core.app_names.SignInLockoutsConfig",  # axes
    "django_tasks",
    "lrba.core.app_names.BackgroundTasksConfig",  # django_tasks_db
    "lrba.core",
    "lrba.accounts",
    "lrba.members",
    "lrba.website",
    "lrba.events",
    "lrba.training",
    "lrba.governance",
    "lrba.finance",
    "lrba.knowledge",
    "lrba.communications",
    "lrba.acquisition",
    "lrba.representation",
    "lrba.api",
    # django-ninja: its documentation page's Swagger UI files come from the package.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang=en shows a page in English for that request (the hreflang links, no cookie).
    "lrba.website.middleware.LanguageQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless it is marked
    # @login_not_required (the public site, the sign-in pages, set_language).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records every signed-in session (browser, address, last seen) for "My account".
    "lrba.accounts.middleware.SessionActivityMiddleware",  # allauth.usersessions, throttled
    # Sets the language cookie from User.language when someone signs in.
    "lrba.accounts.middleware.LanguagePreferenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lrba.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lrba.core.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # DEBUG on: a missing page still answers with the site's 404 page (LRBA_DEBUG_404).
    "lrba.core.middleware.SitePageNotFoundMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lrba" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lrba.core.context_processors.site",
                "lrba.accounts.context_processors.navigation",
                "lrba.members.context_processors.navigation",
            ],
            "builtins": ["lrba.core.templatetags.lrba"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'lrba.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads; the busy timeout keeps
    # short write bursts (admissions, demo data) from failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "website:home"
LOGOUT_REDIRECT_URL = "website:home"
# django-axes must come first so a locked-out address is refused before any password check.
# Tests that call force_login() name ModelBackend explicitly (see conftest.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
# locale/ is ours, regenerated by `make messages`; locale_overrides/ corrects the
# translations the third-party apps ship (Unfold, allauth, import-export, axes…). Both beat
# the apps' own catalogues; makemessages writes only to the first, so the second keeps its
# entries (their msgids are not in our sources and --no-obsolete would drop them).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Vilnius"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "lrba_language"
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE")
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "lrba" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_MANIFEST_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve files straight from the app directories when nothing was collected (development,
# tests, the benchmark); production runs collectstatic and sets DJANGO_MANIFEST_STATIC=1.
WHITENOISE_USE_FINDERS = not env_bool("DJANGO_MANIFEST_STATIC")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Rendered public regions (the directory, the home page figures) are cached under a
# content version kept in the database (lrba.core.cache), so a per-process cache would be
# correct for them. Used two-factor codes and the throttles are not: they must be seen by
# every server process, so production refuses to start on the per-process cache
# (lrba.core.checks). REDIS_URL shares one cache between processes and servers;
# LRBA_CACHE=database uses the database instead (run `manage.py createcachetable`).
if os.environ.get("REDIS_URL"):
    _default_cache: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # A Redis that hangs (rather than refuses) must not hang every page and /healthz.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
elif os.environ.get("LRBA_CACHE", "").strip() == "database":
    _default_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lrba_cache",
    }
elif os.environ.get("LRBA_CACHE", "").strip() in {"", "local"}:
    _default_cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
else:
    raise ImproperlyConfigured(
        f"LRBA_CACHE={os.environ['LRBA_CACHE']!r}: use 'database' or 'local' (or set REDIS_URL)."
    )
# Keeps apart sites (or benchmark runs) that share one Redis.
_default_cache["KEY_PREFIX"] = os.environ.get("LRBA_CACHE_KEY_PREFIX", "")
CACHES: dict[str, dict[str, Any]] = {"default": _default_cache}

# Background work: django-tasks with the database backend, so workers on other machines
# can share PostgreSQL. `make run` starts one `db_worker` beside the server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LRBA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LRBA <info@lrba.lt>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the secretariat is told about new membership applications.
LRBA_SECRETARIAT_EMAIL = os.environ.get("LRBA_SECRETARIAT_EMAIL", "sekretoriatas@lrba.lt")
# The site's address for links in e-mails sent by background tasks (no request there).
LRBA_SITE_URL = os.environ.get("LRBA_SITE_URL", "http://localhost:8000")
# The association's requisites, read through lrba.core.association (pages, e-mails, PDFs,
# exports); the ones left empty are simply not printed.
LRBA_ASSOCIATION_NAME = os.environ.get(
    "LRBA_ASSOCIATION_NAME", "Lietuvos regionų bibliotekų asociacija"
)
LRBA_ASSOCIATION_SHORT_NAME = os.environ.get("LRBA_ASSOCIATION_SHORT_NAME", "LRBA")
LRBA_ASSOCIATION_LEGAL_ENTITY_CODE = os.environ.get("LRBA_ASSOCIATION_LEGAL_ENTITY_CODE", "")
LRBA_ASSOCIATION_ADDRESS = os.environ.get("LRBA_ASSOCIATION_ADDRESS", "")
LRBA_ASSOCIATION_PHONE = os.environ.get("LRBA_ASSOCIATION_PHONE", "")
LRBA_ASSOCIATION_BANK_ACCOUNT = os.environ.get("LRBA_ASSOCIATION_BANK_ACCOUNT", "")
# Uploaded files are sent by the proxy when this names its header (nginx:
# "X-Accel-Redirect"), from LRBA_SENDFILE_PREFIX + the file's name; empty: Django streams
# them (see lrba.core.downloads and docs/deploy.md).
LRBA_SENDFILE_HEADER = os.environ.get("LRBA_SENDFILE_HEADER", "")
LRBA_SENDFILE_PREFIX = os.environ.get("LRBA_SENDFILE_PREFIX", "/protected-media/")
# How long an invitation link stays valid.
LRBA_INVITATION_DAYS = env_int("LRBA_INVITATION_DAYS", 14)
# A demonstration server: `manage.py demo_totp` may print the demo accounts' two-factor
# codes (it also does with DEBUG on). Never on a server with real people's data.
LRBA_DEMO = env_bool("LRBA_DEMO")
# With DEBUG on, a missing page still shows the site's own 404 page, as visitors see it;
# LRBA_DEBUG_404=1 (`make run DEBUG=1`) shows Django's page listing the URL patterns.
LRBA_DEBUG_404 = env_bool("LRBA_DEBUG_404")
# The back office's home marks an application, an erasure request or external training
# waiting longer than this as overdue (GDPR gives a month to answer an erasure request).
LRBA_DECISION_OVERDUE_DAYS = env_int("LRBA_DECISION_OVERDUE_DAYS", 30)

# The methodological help desk: days to answer a question, days a library may reopen a
# closed one, and the address replies by e-mail go to (plus-addressed with each request's
# token: pagalba+<token>@…; empty: pagalba@ at the secretariat's domain). See docs/deploy.md.
LRBA_HELPDESK_DUE_DAYS = env_int("LRBA_HELPDESK_DUE_DAYS", 10)
LRBA_HELPDESK_REOPEN_DAYS = env_int("LRBA_HELPDESK_REOPEN_DAYS", 30)
LRBA_HELPDESK_REPLY_ADDRESS = os.environ.get("LRBA_HELPDESK_REPLY_ADDRESS", "")

# Newsletters and announcements go out at most this many per second (0: no limit), in
# batches of this many over one SMTP connection.
LRBA_NEWSLETTER_RATE = env_int("LRBA_NEWSLETTER_RATE", 10)
LRBA_NEWSLETTER_BATCH = env_int("LRBA_NEWSLETTER_BATCH", 100)
# The mail provider's webhooks (bounces, complaints, inbound replies) authenticate with this
# HTTP basic-auth secret ("user:password"); see docs/deploy.md.
ANYMAIL = {"WEBHOOK_SECRET": os.environ.get("LRBA_ANYMAIL_WEBHOOK_SECRET", "")}

# Production hardening, switched on as one block by DJANGO_SECURE=1 (behind TLS).
SECURE = env_bool("DJANGO_SECURE")
SECURE_SSL_REDIRECT = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "lrba.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True

# Sign-in (django-allauth): e-mail and password, no usernames, verified addresses only.
# Nobody signs up on their own: accounts come from invitations (see
# lrba.accounts.adapter.AccountAdapter.is_open_for_signup).
ACCOUNT_ADAPTER = "lrba.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LRBA] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("DJANGO_SECURE") else "http"
# allauth's own throttles. Failed sign-ins are django-axes' job (it answers with the
# lockout page), so allauth's per-address limit is kept above AXES_FAILURE_LIMIT.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,10/5m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# Two-factor authentication: an authenticator app (TOTP) and recovery codes. The roles
# demand it on every staff page and in the back office
# (lrba.accounts.middleware.RequireTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = LRBA_ASSOCIATION_SHORT_NAME
# Authenticator secrets are encrypted in the database (lrba.accounts.adapter.MFAAdapter)
# with Fernet keys (`Fernet.generate_key()`), comma-separated: the first encrypts, all
# decrypt, so a key can be rotated. Production must set its own (lrba.core.checks);
# a development checkout derives one from SECRET_KEY.
MFA_ADAPTER = "lrba.accounts.adapter.MFAAdapter"
LRBA_FIELD_ENCRYPTION_KEYS = env_list("LRBA_FIELD_ENCRYPTION_KEY")
# "My account" lists every signed-in session with its last activity and can end them.
USERSESSIONS_TRACK_ACTIVITY = True

# Login throttling (django-axes 8): five failures for one address from one IP lock that
# pair out for an hour; the lockout page answers 429 in the visitor's language.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's sign-in form field
AXES_USERNAME_CALLABLE = "lrba.accounts.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address. The client's own
# address is read from X-Forwarded-For only when the request comes from one of these
# addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/8"); anyone else's
# header is ignored, since a client can send any header it likes (lrba.core.http).
LRBA_TRUSTED_PROXIES = env_networks("LRBA_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "lrba.core.http.client_ip"
RATELIMIT_IP_META_KEY = "lrba.core.http.ratelimit_ip"

# Public forms that send e-mail or store data are throttled per IP (django-ratelimit, on
# the default cache: set REDIS_URL in production so every server counts together).
LRBA_APPLICATION_RATE = os.environ.get("LRBA_APPLICATION_RATE", "5/h")
# Certificate verification (/pazymejimai/<code>/): enough for people, too few to guess codes.
LRBA_VERIFICATION_RATE = os.environ.get("LRBA_VERIFICATION_RATE", "30/m")
# The API's limits (lrba.api.throttling): per access token, and per client address.
LRBA_API_TOKEN_RATE = os.environ.get("LRBA_API_TOKEN_RATE", "600/m")
LRBA_API_ADDRESS_RATE = os.environ.get("LRBA_API_ADDRESS_RATE", "300/m")
# How long a new access token may live at most, in days (staff tokens: the shorter one).
LRBA_API_TOKEN_MAX_DAYS = env_int("LRBA_API_TOKEN_MAX_DAYS", 365)
LRBA_API_STAFF_TOKEN_MAX_DAYS = env_int("LRBA_API_STAFF_TOKEN_MAX_DAYS", 90)
# django-ninja: the OpenAPI schema and pages are built for our error shape (lrba.api).
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 100

# Personal data (GDPR Art. 5(1)(e)): `manage.py retention_apply` anonymises people whose
# every membership and employment ended more than this many years ago.
LRBA_RETENTION_YEARS = env_int("LRBA_RETENTION_YEARS", 5)

# Content-Security-Policy (django-csp 4): no inline script anywhere on the public site.
# The back office (Unfold: Alpine.js and inline styles) gets a wider policy, see lrba.core.csp.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# LOGGING: see the operations block at the end (JSON lines, request ids).

AUDITLOG_INCLUDE_ALL_MODELS = False

# django-import-export lets anyone who sees a list import into it unless told otherwise:
# importing writes, so it needs the change permission (the auditor only reads).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

from lrba.core.admin_site import UNFOLD  # noqa: E402,F401  (the back-office look)

# --- Object storage for uploaded files (issue 13, scale-out; docs/deploy.md "Scale-out and
# object storage"). LRBA_STORAGE=s3 keeps uploads and generated PDFs in a private
# S3-compatible bucket (LRBA_S3_BUCKET, LRBA_S3_ENDPOINT_URL, LRBA_S3_REGION,
# LRBA_S3_ADDRESSING_STYLE, LRBA_S3_PREFIX; credentials from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY) instead of MEDIA_ROOT; see lrba.core.storage.
from lrba.core.storage import default_storage_from_env  # noqa: E402

STORAGES["default"] = default_storage_from_env(os.environ)
# --- end of object storage

# --- production topology (deploy/, scripts/prod/topology.py)
# Where collectstatic writes (and Caddy serves /static/ from): var/static unless set, so
# that several topologies on one machine (make prod-smoke, bench/scale) keep their own.
if os.environ.get("DJANGO_STATIC_ROOT", "").strip():
    STATIC_ROOT = Path(os.environ["DJANGO_STATIC_ROOT"].strip())
# --- end of production topology

# --- Backups (manage.py backup / restore, lrba.core.backup; docs/deploy.md "Backups") ---
# Where `manage.py backup` writes its archives, and how many of the newest it keeps there
# (older ones are deleted after each successful backup; 0 keeps every archive).
LRBA_BACKUP_DIR = Path(os.environ.get("LRBA_BACKUP_DIR", BASE_DIR / "var" / "backups"))
LRBA_BACKUP_KEEP = env_int("LRBA_BACKUP_KEEP", 14)

# --- Operations (issue 13; docs/deploy.md "Operations"): request ids, logs, Sentry, the
# health check.
# Every request gets an id (a UUID): an incoming X-Request-ID is kept only when it is a
# valid UUID (a proxy's or a client's), else a new one is made; it is sent back in the
# response's X-Request-ID and is on every log line written while the request runs.
INSTALLED_APPS += ["django_guid"]
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "UUID_FORMAT": "string",
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
# First the request id, so every other middleware's log lines carry it; then the request
# log, whose time covers all the rest.
MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "lrba.core.middleware.RequestLogMiddleware",
    *MIDDLEWARE,
]
# Requests and database statements slower than these (milliseconds) are logged at
# WARNING with the view's name (statements without their parameters); 0 turns it off.
LRBA_SLOW_REQUEST_MS = env_int("LRBA_SLOW_REQUEST_MS", 1000)
LRBA_SLOW_QUERY_MS = env_int("LRBA_SLOW_QUERY_MS", 200)
# /healthz reports "degraded" when the oldest due background task has waited longer than
# this many seconds for a worker.
LRBA_HEALTH_MAX_TASK_LAG = env_int("LRBA_HEALTH_MAX_TASK_LAG", 300)
# A load balancer may ask gunicorn for /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# "json": one JSON object per line (python-json-logger) for a log collector; "plain"
# (the default) for a person at a terminal. LRBA_REQUEST_LOG: a line per request
# (method, path, status, duration; on by default with JSON — in development runserver
# prints its own).
LRBA_LOG_FORMAT = os.environ.get("LRBA_LOG_FORMAT", "").strip().lower() or "plain"
if LRBA_LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LRBA_LOG_FORMAT={LRBA_LOG_FORMAT!r}: use 'plain' or 'json'.")
LRBA_REQUEST_LOG = env_bool("LRBA_REQUEST_LOG", default=LRBA_LOG_FORMAT == "json")
_log_level = os.environ.get("DJANGO_LOG_LEVEL", "").strip().upper() or "WARNING"
from pythonjsonlogger.core import RESERVED_ATTRS as JSON_LOG_RESERVED_ATTRS  # noqa: E402

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "font_subset_notice": {"()": "lrba.core.logfilters.FontSubsetNoticeFilter"},
        "request_id": {
            "()": "lrba.core.logfilters.RequestIdFilter",
            "missing": None if LRBA_LOG_FORMAT == "json" else "-",
        },
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
            # Django's request loggers attach the request object: its text holds the
            # query string, and the path is on the request log's line already.
            "reserved_attrs": [*JSON_LOG_RESERVED_ATTRS, "request"],
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["font_subset_notice", "request_id"],
            "formatter": LRBA_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {
        # Django's own handlers (a DEBUG-only console, mail to ADMINS) give way to ours.
        "django": {"handlers": [], "level": _log_level, "propagate": True},
        "django_guid": {"level": "WARNING"},
        "lrba.request": {"level": "INFO" if LRBA_REQUEST_LOG else "WARNING"},
    },
}

# Sentry, when SENTRY_DSN is set (lrba.core.sentry): no personal data, cookies, tokens or
# request bodies leave; LRBA_SENTRY_ENVIRONMENT names the site ("production", "staging"),
# LRBA_SENTRY_TRACES_RATE is the share of requests traced for performance (0 to 1).
from lrba.core.sentry import sentry_init_from_environment  # noqa: E402

LRBA_SENTRY = sentry_init_from_environment(os.environ)
# --- end of operations
