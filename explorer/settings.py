"""Django settings for Kafkaesque, read from the environment (12-factor).

Defaults give a working local set-up: SQLite under ``var/``, Redis on localhost.
Production (``DEBUG`` false) refuses to start with the development secret.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KAFKAESQUE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Development only: production (DEBUG off) refuses to start with it, just below.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-kafkaesque"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "channels",
    "catalog.apps.CatalogConfig",
    "explorer.apps.ExplorerConfig",
    "api.apps.ApiConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "explorer.urls"
WSGI_APPLICATION = "explorer.wsgi.application"
ASGI_APPLICATION = "explorer.asgi.application"

FRONTEND_DIST = BASE_DIR / "frontend" / "dist"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "explorer" / "templates", FRONTEND_DIST],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "explorer.account_views.account_settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kafkaesque.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-backed test database lets a live Celery worker process share it with the tests
    # (the worker gets DATABASE_URL=sqlite:///<this file>); the pid keeps concurrent runs apart.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-kafkaesque-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: sign-up can be turned off for a private install (then accounts come from an admin).
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Mail (password resets): the console backend by default, so `make run` prints the mail.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kafkaesque@localhost")

# Credential endpoints (explorer/services/throttle.py): wrong passwords per account and per client
# address within the window, and password-reset requests per address-book entry and per client address.
THROTTLE_WINDOW_SECONDS = int(os.environ.get("THROTTLE_WINDOW_SECONDS", "900"))
THROTTLE_ACCOUNT_FAILURES = int(os.environ.get("THROTTLE_ACCOUNT_FAILURES", "5"))
THROTTLE_ADDRESS_FAILURES = int(os.environ.get("THROTTLE_ADDRESS_FAILURES", "20"))
THROTTLE_RESET_PER_ACCOUNT = int(os.environ.get("THROTTLE_RESET_PER_ACCOUNT", "3"))
THROTTLE_RESET_PER_ADDRESS = int(os.environ.get("THROTTLE_RESET_PER_ADDRESS", "10"))
# Attempt rows older than this are deleted (the kafkaesque.security log keeps every attempt).
SIGNIN_ATTEMPT_RETENTION_DAYS = int(os.environ.get("SIGNIN_ATTEMPT_RETENTION_DAYS", "30"))
# Behind N reverse proxies, the client address is the Nth entry from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content Security Policy on every response (django-csp): scripts and styles from this origin only,
# no inline script anywhere. Pictures may be data: URLs (exported PNG previews) and blobs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production serves collected files (collectstatic); development serves frontend/dist through the finders.
STATIC_ROOT = (
    Path(os.environ["STATIC_ROOT"]) if "STATIC_ROOT" in os.environ else (None if DEBUG else VAR_DIR / "staticfiles")
)
STATICFILES_DIRS = [d for d in [FRONTEND_DIST] if d.exists()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so anonymous requests get 401 with WWW-Authenticate rather than 403.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON only; refuses lone surrogates with a 400 instead of failing to encode them later.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.TextJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kafkaesque API",
    "DESCRIPTION": "Design, analyse, generate and export Kafka / Cassandra / Spark / Elasticsearch architectures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: the docs work offline and load nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The design document's JSON Schema as components, 401 where a token is read, links (api/openapi.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.openapi.postprocess_schema"],
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "explorer.models.Job.Status",
        "EvidenceStatusEnum": "api.serializers.catalog._STATUSES",
        "RoleEnum": "explorer.models.Role",
        "CollaboratorRoleEnum": "api.serializers.sharing.COLLABORATOR_ROLES",
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "kafkaesque")
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_TIMEZONE = TIME_ZONE
# Deployments sharing one Redis keep their worker heartbeats apart by instance name.
INSTANCE_NAME = os.environ.get("KAFKAESQUE_INSTANCE", "default")
# Live design sessions (docs/live-protocol.md): Django Channels on the same Redis. The group capacity is
# generous because one batch fans out to every editor of a design; the prefix keeps instances apart.
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # channels-redis waits for messages with a 5 s blocking BZPOPMIN; redis-py 8 reads with a 5 s socket
            # timeout by default, which races it and closed idle live sessions. A longer timeout lets the
            # blocking read return on its own.
            "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
            "prefix": f"kafkaesque:{INSTANCE_NAME}:channels:",
            "capacity": 2000,
            "expiry": 60,
        },
    }
}
# The room saves its merged document this long after the last batch, and at most this long after the first.
LIVE_SAVE_IDLE_SECONDS = float(os.environ.get("LIVE_SAVE_IDLE_SECONDS", "1"))
LIVE_SAVE_MAX_SECONDS = float(os.environ.get("LIVE_SAVE_MAX_SECONDS", "5"))
# An editor's access is read again on a batch when the last check is older than this.
LIVE_ACCESS_RECHECK_SECONDS = float(os.environ.get("LIVE_ACCESS_RECHECK_SECONDS", "5"))
# Heartbeats: each worker writes a short-lived key in Redis; /healthz reads them.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "2"))
WORKER_HEARTBEAT_TTL = int(os.environ.get("WORKER_HEARTBEAT_TTL", "6"))
# A running job whose worker heartbeat is gone for this long is retried or failed by the reaper.
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", "15"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "2"))

DOT_BINARY = os.environ.get("DOT_BINARY", "dot")
DOT_TIMEOUT_SECONDS = int(os.environ.get("DOT_TIMEOUT_SECONDS", "60"))

DESIGN_MAX_BYTES = int(os.environ.get("DESIGN_MAX_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = DESIGN_MAX_BYTES + 1024 * 1024

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
