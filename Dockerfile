FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SEAM_VAR_DIR=/app/var \
    STATIC_MANIFEST=true

# Pango, HarfBuzz and libthai: WeasyPrint lays out the evidence packs (Thai shaping
# and line breaking) with them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY seam_scm ./seam_scm
COPY stakeholders ./stakeholders
COPY customers ./customers
COPY complaints ./complaints
COPY assessments ./assessments
COPY templates ./templates
COPY locale ./locale
COPY manage.py ./
RUN pip install --no-cache-dir . \
 && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --system --home /app seam \
 && mkdir -p /data/media && chown -R seam /app/var /data

USER seam
EXPOSE 8000
CMD ["gunicorn", "seam_scm.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
