"""The HTTP answer that hands out a built pack, for the pages and the API alike.

The caller has checked the member and is about to log the download; this only opens the
stored file (404 when it has gone missing, which is logged: a done pack always has one) and
streams it as an attachment that no shared cache keeps.
"""

import logging

from django.http import FileResponse, Http404

from .models import EvidencePack

logger = logging.getLogger(__name__)


def open_pack_file(pack: EvidencePack):
    try:
        return pack.file.storage.open(pack.file.name, "rb")
    except FileNotFoundError:
        logger.error("Pack %s (id %s): its file %s is missing", pack.reference, pack.pk, pack.file)
        raise Http404 from None


def pack_file_response(pack: EvidencePack, stored) -> FileResponse:
    response = FileResponse(
        stored, as_attachment=True, filename=pack.download_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Packs carry evidence and may carry personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
