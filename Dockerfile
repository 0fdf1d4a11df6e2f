# Kafkaesque for a team: the front end built with Node, then a slim Python runtime that runs as a non-root user.
# Used by compose.yaml (web, workers, reaper, migrations). Checked by `make test` with hadolint; not built on the
# machine it was written on (no container engine there).

# ---- stage 1: the front end (Vite) ------------------------------------------------------------------------
FROM node:20.20.2-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# ---- stage 2: the Python runtime --------------------------------------------------------------------------
FROM python:3.11.13-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=explorer.settings \
    KAFKAESQUE_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

# Graphviz renders the SVG/PNG exports. Debian's stable point releases only take security fixes, so the
# package is left to the release (pinning an exact version breaks the build at the next security update).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends graphviz \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The runtime dependencies, exactly as pinned in pyproject.toml (the project itself runs from /app).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-compile -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY manage.py ./
COPY api/ api/
COPY catalog/ catalog/
COPY explorer/ explorer/
COPY fixtures/catalog/ fixtures/catalog/
COPY fixtures/patterns/ fixtures/patterns/
COPY tests-data/compose_spec.json tests-data/compose_spec.json
COPY tests-data/strimzi-v1/ tests-data/strimzi-v1/
COPY --from=frontend /src/frontend/dist/ frontend/dist/

# collectstatic reads settings, which refuse to start without a real secret when DEBUG is off: a throwaway one.
RUN DEBUG=0 SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
        python manage.py collectstatic --noinput \
    && groupadd --system --gid 10001 kafkaesque \
    && useradd --system --uid 10001 --gid kafkaesque --home-dir /app --no-create-home kafkaesque \
    && mkdir -p /app/var \
    && chown kafkaesque:kafkaesque /app/var

USER 10001:10001
EXPOSE 8000
# Liveness of the web process only (/healthz also reports workers, which have health checks of their own).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/api/auth/me/', headers={'Host': 'localhost', 'X-Forwarded-Proto': 'https'}), timeout=4)"]
# ASGI: gunicorn supervising uvicorn workers.
CMD ["gunicorn", "explorer.asgi:application", "--worker-class", "uvicorn_worker.UvicornWorker", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
