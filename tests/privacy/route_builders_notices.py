"""URL parameter builders of the record of processing and privacy notice pages, for the
route-walking tenancy test (tests/tenancy/test_route_isolation.py): URL parameter -> the id of
a new row of the given organization; for API routes, the viewset's model -> the same."""

import itertools

from django_scopes import scope, scopes_disabled

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services
from seam_scm.privacy.models import DataModule, PrivacyNotice, ProcessingActivity

_numbers = itertools.count(1)


def make_activity(organization) -> int:
    number = next(_numbers)
    with scopes_disabled():
        return ProcessingActivity.objects.create(
            organization=organization,
            purpose=f"วัตถุประสงค์เส้นทาง {number}",
            data_categories="ชื่อ",
            subject_categories="บุคคลทดสอบ",
            lawful_basis=LawfulBasis.CONSENT,
            retention_months=12,
            modules=[DataModule.STAKEHOLDERS.value],
            order=100 + number,
        ).pk


def make_notice(organization) -> int:
    """A draft, so that its edit and publish routes answer too."""
    with scope(organization=organization):
        notice = PrivacyNotice(organization=organization, body_th="ประกาศ", body_en="Notice")
        return services.save_notice(notice).pk


OBJECT_BUILDERS = {
    "activity_pk": make_activity,
    "notice_pk": make_notice,
}
MODEL_BUILDERS = {
    ProcessingActivity: make_activity,
    PrivacyNotice: make_notice,
}
