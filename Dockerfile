# Image for the web, worker and beat processes of the Trajectportaal.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN python manage.py compilemessages --ignore=node_modules -v0 \
 && STATIC_MANIFEST=true python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 portal && mkdir -p /data/media && chown -R portal /data /app/var
USER portal
EXPOSE 8000
