"""The HTTP answer that hands out a stored file, for the pages and the API alike.

In production nginx can send the file itself: with EVIDENCE_X_ACCEL_PREFIX set
(e.g. /protected-evidence/) and files on the filesystem, the answer is empty
and carries `X-Accel-Redirect`, and nginx serves the file from an internal
location:

    location /protected-evidence/ {
        internal;
        alias /app/var/media/evidence/;   # MEDIA_ROOT/evidence
    }

nginx keeps our Content-Type and Content-Disposition headers. Python checked
the member and logged the download before that.
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from .models import FileVersion

logger = logging.getLogger(__name__)


def file_response(version: FileVersion) -> HttpResponse:
    storage = version.file.storage
    prefix = settings.EVIDENCE_X_ACCEL_PREFIX
    if prefix and isinstance(storage, FileSystemStorage):
        response = HttpResponse(content_type=version.content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(version.file.name)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=version.original_name
        )
    else:
        try:
            stored = storage.open(version.file.name, "rb")
        except FileNotFoundError:
            logger.error("Evidence file %s (version %s) is missing", version.file.name, version.pk)
            raise Http404 from None
        # Streams the file in chunks; the Content-Disposition names it with the
        # original (often Thai) file name, RFC 5987-encoded.
        response = FileResponse(
            stored,
            as_attachment=True,
            filename=version.original_name,
            content_type=version.content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Evidence may be confidential: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
