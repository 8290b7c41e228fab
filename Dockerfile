FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SEAM_VAR_DIR=/app/var \
    STATIC_MANIFEST=true

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
