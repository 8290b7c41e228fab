"""Evidence files of complaint cases: a file handed in with the complaint or gathered while
handling it (a photo, a letter, a bill), kept as an evidence file of the case.

Files of a case may show personal data, so only roles allowed to see it reach them
(complaints.apps registers ComplaintCase with seam_scm.files.access). Registering a case with a
file is all or nothing: a refused file leaves no case behind and gives its reference number
back.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment

from . import case_services
from .models import ComplaintCase


def evidence_title(case: ComplaintCase) -> str:
    return _("Evidence of complaint %(reference)s") % {"reference": case.reference}


def attach_evidence(
    *, case: ComplaintCase, by, upload: UploadedFile, title: str = "", description: str = ""
) -> Attachment:
    """A new evidence file of the case. A refused file (wrong type, empty, too large) raises
    ValidationError with its messages under "file"."""
    try:
        return file_services.upload_attachment(
            organization=case.organization,
            uploaded_by=by,
            upload=upload,
            title=title.strip() or evidence_title(case),
            description=description,
            effective_date=timezone.localdate(case.received_at),
            record=case,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({"file": error.messages}) from None
        errors: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            errors.setdefault(name if name in ("title", "description") else "file", []).extend(
                messages
            )
        raise ValidationError(errors) from None


@transaction.atomic
def register_case_with_evidence(
    *, organization, by, upload: UploadedFile | None = None, **fields
) -> ComplaintCase:
    """case_services.register_case, and the file given with the complaint as its evidence."""
    case = case_services.register_case(organization=organization, by=by, **fields)
    if upload is not None:
        attach_evidence(case=case, by=by, upload=upload)
    return case
