"""Data minimisation, walked: assessors and viewers never see personal contact data, in pages,
API, exports, downloads or packs (issue 9).

One organization holds personal data everywhere it can: complainants of cases (and an evidence
file of a case), stakeholder representatives, a consent, a data subject request and a breach,
each with its own unique marker. Every GET route of the project that takes only the
organization and object parameters is then requested, with the parameters pointing at that
organization's rows, and no marker may appear in any answer (HTML, JSON, CSV, XLSX cells, PDF
text). The routes come from the route walker of tests/tenancy/test_route_isolation.py, so
routes added later are walked too. The same walk as a coordinator must find the markers
(otherwise the test could not fail).
"""

import datetime as dt
import html
import importlib
import io
import itertools
import json
import pkgutil
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints.case_evidence import attach_evidence
from complaints.models import ComplaintCase
from seam_scm.files.demo import sample_pdf
from seam_scm.files.models import Attachment, FileVersion
from seam_scm.packs import services as pack_services
from seam_scm.packs.models import EvidencePack, PackKind, PackState
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import (
    BreachIncident,
    BreachRisk,
    ConsentChannel,
    ConsentRecord,
    DataSubjectRequest,
    PrivacyNotice,
    ProcessingActivity,
    RequestKind,
)
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative, Stakeholder

from .. import privacy as privacy_tests
from ..assessments.factories import criterion, link, make_cycle
from ..complaints.factories import closed_case, make_case
from ..customers.factories import make_survey
from ..files.factories import upload
from ..packs.pdf_reading import poppler_text, squeeze
from ..stakeholders.factories import make_stakeholder
from ..tenancy import test_route_isolation as walker

# --- the markers: each a piece of personal data that exists nowhere else --------------------

CASE_NAME = "ผู้ร้องทดสอบลับ"
CASE_PHONE = "0899990001"
CASE_EMAIL = "secret-complainant@example.com"
CASE_ADDRESS = "บ้านเลขที่ลับ 99 ซอยทดสอบลับ"
REP_NAME = "ผู้แทนทดสอบลับ"
REP_PHONE = "0899990002"
REP_EMAIL = "secret-representative@example.com"
REP2_NAME = "ผู้ประสานงานทดสอบลับ"
REP2_PHONE = "0899990003"
REP2_EMAIL = "secret-coordinator@example.com"
DSR_NAME = "ผู้ขอใช้สิทธิทดสอบลับ"
DSR_PHONE = "0899990004"
# The requester is the complainant, known by the same e-mail address: the request's search and
# export find the cases.
DSR_EMAIL = CASE_EMAIL
BREACH_PERSON = "ผู้เสียหายทดสอบลับ"
BREACH_PHONE = "0899990005"
CONSENT_EFFECT = "ผู้ให้ความยินยอมลับถอนแล้ว"

CASE_MARKERS = (CASE_NAME, CASE_PHONE, CASE_EMAIL, CASE_ADDRESS)
REPRESENTATIVE_MARKERS = (REP_NAME, REP_PHONE, REP_EMAIL, REP2_NAME, REP2_PHONE, REP2_EMAIL)
MARKERS = (
    *CASE_MARKERS,
    *REPRESENTATIVE_MARKERS,
    DSR_NAME,
    DSR_PHONE,
    BREACH_PERSON,
    BREACH_PHONE,
    CONSENT_EFFECT,
)


def _pattern(marker: str) -> re.Pattern:
    """A telephone number also when a page writes it as 089-999-0001 or 089 999 0001; any
    other marker with its white space squeezed (Thai wraps without spaces)."""
    if marker.isdigit():
        return re.compile(r"[\s\-.()]{0,2}".join(marker))
    return re.compile(re.escape(squeeze(marker)), re.IGNORECASE)


PATTERNS = {marker: _pattern(marker) for marker in MARKERS}


def markers_in(text: str) -> list[str]:
    text = html.unescape(text)
    squeezed = squeeze(text)
    return [
        marker
        for marker, pattern in PATTERNS.items()
        if pattern.search(text if marker.isdigit() else squeezed)
    ]


# --- reading any answer as text --------------------------------------------------------------


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value not in (None, "")
    ]
    book.close()
    return "\n".join(cells)


_answers = itertools.count(1)


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"answer-{next(_answers)}.pdf"
    path.write_bytes(content)
    return poppler_text(path)


def _decoded(content: bytes) -> str:
    text = content.decode("utf-8-sig", errors="replace")
    try:
        # JSON may write Thai as \u escapes: read it back to the characters.
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def answer_text(response, tmp_path: Path) -> str:
    """Everything a reader of the answer sees, as text."""
    content = _body(response)
    if not content:
        return ""
    kind = response.get("Content-Type", "")
    if content.startswith(b"%PDF"):
        return _pdf_text(content, tmp_path)
    if content.startswith(b"PK"):
        if "spreadsheetml" in kind or _is_xlsx(content):
            return _xlsx_text(content)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                _decoded(archive.read(name)) if not archive.read(name).startswith(b"%PDF")
                else _pdf_text(archive.read(name), tmp_path)
                for name in archive.namelist()
            )  # fmt: skip
    return _decoded(content)


def _is_xlsx(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "xl/workbook.xml" in archive.namelist()


# --- the organization with personal data everywhere ------------------------------------------


@dataclass
class PersonalData:
    organization: object
    case: ComplaintCase
    repeat_case: ComplaintCase
    stakeholder: Stakeholder
    letter: Attachment
    request: DataSubjectRequest
    breach: BreachIncident
    consent: ConsentRecord
    coordinator_pack: EvidencePack | None = None
    cycle: object = None
    overrides: dict = field(default_factory=dict)
    model_overrides: dict = field(default_factory=dict)


def _purpose(organization, basis: str) -> ProcessingActivity:
    with scopes_disabled():
        return ProcessingActivity.objects.filter(
            organization=organization, lawful_basis=basis
        ).first()


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("organization", "user").get(user=user)


def build_assessment_pack(user, cycle, capture) -> EvidencePack:
    """The assessment pack requested as `user`, built when the request commits."""
    membership = membership_of(user)
    with scope(organization=cycle.organization), capture(execute=True):
        pack = pack_services.request_pack(
            membership=membership, kind=PackKind.ASSESSMENT, subject=cycle
        )
    with scopes_disabled():
        pack = EvidencePack.objects.get(pk=pack.pk)
    assert pack.state == PackState.DONE, pack.failure_reason
    return pack


def complainant(**extra) -> dict:
    return {
        "complainant_name": CASE_NAME,
        "complainant_phone": CASE_PHONE,
        "complainant_email": CASE_EMAIL,
        "complainant_address": CASE_ADDRESS,
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        **extra,
    }


def personal_data_everywhere(organization, member_factory) -> PersonalData:
    coordinator = member_factory(organization, Role.COORDINATOR)
    now = timezone.now()
    # A closed case and a later, open repeat complaint of the same complainant.
    first = closed_case(organization, received_at=now - dt.timedelta(days=3), **complainant())
    case = make_case(organization, received_at=now - dt.timedelta(hours=2), **complainant())
    assert case.repeat_of_id == first.pk
    with scope(organization=organization):
        letter = attach_evidence(
            case=case,
            by=coordinator,
            upload=upload("หนังสือร้องเรียน.pdf", sample_pdf([CASE_EMAIL, CASE_PHONE])),
        )
    stakeholder = make_stakeholder(
        organization,
        representatives=[
            {"name": REP_NAME, "phone": REP_PHONE, "email": REP_EMAIL,
             "lawful_basis": LawfulBasis.CONSENT},
            {"name": REP2_NAME, "phone": REP2_PHONE, "email": REP2_EMAIL,
             "kind": Representative.Kind.REPRESENTATIVE},
        ],
    )  # fmt: skip
    with scope(organization=organization):
        representative = Representative.objects.get(name=REP_NAME)
        consent = ConsentRecord.objects.create(
            organization=organization,
            activity=_purpose(organization, LawfulBasis.CONSENT),
            record_type=ContentType.objects.get_for_model(Representative),
            record_id=representative.pk,
            channel=ConsentChannel.PAPER_FORM,
            given_at=now - dt.timedelta(days=30),
            collected_by=coordinator,
            withdrawn_at=now - dt.timedelta(days=1),
            withdrawal_effect=CONSENT_EFFECT,
            withdrawal_recorded_by=coordinator,
        )
        request = privacy_services.register_request(
            organization=organization,
            kind=RequestKind.ACCESS,
            subject_name=DSR_NAME,
            subject_phone=DSR_PHONE,
            subject_email=DSR_EMAIL,
            details=f"ขอสำเนาข้อมูลของ {DSR_NAME}",
            received_at=now - dt.timedelta(days=2),
        )
        breach = privacy_services.register_breach(
            organization=organization,
            title="อีเมลแจ้งผลข้อร้องเรียนส่งผิดผู้รับ",
            description=f"ส่งข้อมูลของ {BREACH_PERSON} โทร {BREACH_PHONE} ผิดผู้รับ",
            discovered_at=now - dt.timedelta(hours=30),
            data_categories="ชื่อ เบอร์โทรศัพท์",
            subjects_affected=1,
            risk=BreachRisk.RISK,
            risk_assessment="ข้อมูลติดต่อหลุดไปยังบุคคลภายนอกหนึ่งราย",
            notifications=f"แจ้ง {BREACH_PERSON} ทางโทรศัพท์ {BREACH_PHONE}",
        )
    return PersonalData(
        organization=organization,
        case=case,
        repeat_case=first,
        stakeholder=stakeholder,
        letter=letter,
        request=request,
        breach=breach,
        consent=consent,
    )


def _notice(organization) -> PrivacyNotice:
    with scope(organization=organization):
        return privacy_services.save_notice(
            PrivacyNotice(organization=organization, body_th="ประกาศ", body_en="Notice")
        )


def mark_every_row(organization) -> None:
    """Rows the route builders made (a new case, a new request...) hold the markers too, so
    that whichever row a URL names, its personal data is a marker."""
    with scopes_disabled():
        ComplaintCase.objects.filter(organization=organization, is_anonymous=False).update(
            complainant_name=CASE_NAME,
            complainant_phone=CASE_PHONE,
            complainant_email=CASE_EMAIL,
            complainant_address=CASE_ADDRESS,
        )
        Representative.objects.filter(organization=organization).exclude(
            name__in=[REP_NAME, REP2_NAME]
        ).update(name=REP_NAME, phone=REP_PHONE, email=REP_EMAIL)
        DataSubjectRequest.objects.filter(organization=organization).update(
            subject_name=DSR_NAME, subject_phone=DSR_PHONE, subject_email=DSR_EMAIL
        )
        BreachIncident.objects.filter(organization=organization).update(
            description=f"ส่งข้อมูลของ {BREACH_PERSON} โทร {BREACH_PHONE} ผิดผู้รับ",
            notifications=f"แจ้ง {BREACH_PERSON} ทางโทรศัพท์ {BREACH_PHONE}",
        )
        ConsentRecord.objects.filter(organization=organization).update(
            withdrawal_effect=CONSENT_EFFECT
        )


# --- the walk --------------------------------------------------------------------------------


def privacy_route_builders() -> tuple[dict, dict]:
    """The builders the privacy helpers declared in tests/privacy/route_builders_*.py, until
    the integrator merges them into tests/tenancy/test_route_isolation.py."""
    objects, models = {}, {}
    for module in pkgutil.iter_modules(privacy_tests.__path__):
        if module.name.startswith("route_builders"):
            loaded = importlib.import_module(f"{privacy_tests.__name__}.{module.name}")
            objects.update(getattr(loaded, "OBJECT_BUILDERS", {}))
            models.update(getattr(loaded, "MODEL_BUILDERS", {}))
    return objects, models


def org_object_routes() -> list:
    """Every GET route of an organization whose parameters are the organization and objects."""
    return [route for route in walker.ORG_ROUTES if "get" in route.methods]


@dataclass
class Walk:
    urls: dict = field(default_factory=dict)  # route name -> URL
    unbuildable: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    found: dict = field(default_factory=dict)  # URL -> markers in its answer

    def copy(self) -> "Walk":
        return Walk(urls=dict(self.urls), unbuildable=list(self.unbuildable))


def build_urls(data: PersonalData) -> Walk:
    organization = data.organization
    privacy_objects, privacy_models = privacy_route_builders()
    object_builders = {**privacy_objects, **walker.OBJECT_BUILDERS}
    model_builders = {**privacy_models, **walker.MODEL_BUILDERS}
    # URL parameters that name the rows holding the markers.
    rows = {
        "case_pk": lambda org: data.case.pk,
        "stakeholder_pk": lambda org: data.stakeholder.pk,
        "attachment_pk": lambda org: data.letter.pk,
        "version_pk": lambda org: data.letter.current_version_id,
        "request_pk": lambda org: data.request.pk,
        "breach_pk": lambda org: data.breach.pk,
        "consent_pk": lambda org: data.consent.pk,
        **data.overrides,
    }
    # Parameters without personal data of their own, until their helpers declare builders.
    fallbacks = {
        "activity_pk": lambda org: data.consent.activity_id,
        "notice_pk": lambda org: _notice(org).pk,
    }
    models = {
        ComplaintCase: rows["case_pk"],
        Stakeholder: rows["stakeholder_pk"],
        Attachment: rows["attachment_pk"],
        FileVersion: rows["version_pk"],
        DataSubjectRequest: lambda org: data.request.pk,
        BreachIncident: lambda org: data.breach.pk,
        ConsentRecord: lambda org: data.consent.pk,
        **data.model_overrides,
    }
    built: dict = {}  # one row per parameter (or model), shared by the routes naming it

    def value(param: str, model):
        key = (param, model) if param == "pk" else param
        if key not in built:
            if param in rows:
                built[key] = rows[param](organization)
            elif param in object_builders:
                built[key] = object_builders[param](organization)
            elif param == "pk" and model in models:
                built[key] = models[model](organization)
            elif param == "pk" and model in model_builders:
                built[key] = model_builders[model](organization)
            elif param in fallbacks:
                built[key] = fallbacks[param](organization)
            else:
                raise LookupError(f"no builder for {param!r} (model {model})")
        return built[key]

    walk = Walk()
    for route in org_object_routes():
        kwargs = {"org_slug": organization.slug}
        model = getattr(getattr(route.callback, "cls", None), "model", None)
        try:
            for param in route.object_params:
                kwargs[param] = value(param, model)
        except LookupError as error:
            walk.unbuildable.append(f"{route.name}: {error}")
            continue
        walk.urls[route.name] = reverse(route.name, kwargs=kwargs)
    mark_every_row(organization)
    return walk


def walk_as(client, walk: Walk, tmp_path: Path) -> Walk:
    for name, url in walk.urls.items():
        try:
            response = client.get(url)
            text = answer_text(response, tmp_path)
        except Exception as error:  # a crash is a finding too, named with its URL
            walk.errors.append(f"{url} ({name}): {type(error).__name__}: {error}")
            continue
        found = markers_in(text)
        if found:
            walk.found[url] = found
    return walk


def leak_report(walk: Walk) -> str:
    return "\n".join(f"  {url}: {', '.join(markers)}" for url, markers in walk.found.items())


# --- the tests -------------------------------------------------------------------------------


@pytest.fixture
def personal_data(org_a, member_factory):
    return personal_data_everywhere(org_a, member_factory)


@pytest.fixture
def linked_letter_cycle(personal_data, org_a):
    """An assessment cycle whose evidence is a survey reported by the case's letter (a
    coordinator may choose any file as a survey's report): the pack reaches the letter."""
    cycle = make_cycle(org_a, fiscal_year=2559)  # the route builders use 2560-2699
    survey = make_survey(org_a, report=personal_data.letter)
    link(criterion(cycle, "CM 1.1"), "survey", survey)
    personal_data.cycle = cycle
    return cycle


@pytest.mark.django_db
def test_no_page_api_export_or_download_shows_personal_data_to_assessors_or_viewers(
    personal_data, linked_letter_cycle, org_a, member_factory, client_for, tmp_path,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    # A pack built for a coordinator carries the letter: their download of it must not.
    coordinator_pack = build_assessment_pack(
        member_factory(org_a, Role.COORDINATOR),
        linked_letter_cycle,
        django_capture_on_commit_callbacks,
    )
    assert coordinator_pack.includes_personal_data
    personal_data.overrides["pack_pk"] = lambda org: coordinator_pack.pk
    personal_data.model_overrides[EvidencePack] = lambda org: coordinator_pack.pk
    urls = build_urls(personal_data)

    walks = {
        role: walk_as(client_for(member_factory(org_a, role)), urls.copy(), tmp_path / role)
        for role in (Role.ASSESSOR, Role.VIEWER)
    }

    leaks = {role: leak_report(walk) for role, walk in walks.items() if walk.found}
    assert leaks == {}, "Personal data shown:\n" + "\n".join(
        f"to the {role}:\n{report}" for role, report in leaks.items()
    )
    errors = [error for walk in walks.values() for error in walk.errors]
    assert errors == [], "Requests that failed:\n" + "\n".join(errors)
    assert urls.unbuildable == [], (
        "Routes the walk could not fill (add a builder in tests/privacy/route_builders_*.py "
        "or tests/tenancy/test_route_isolation.py):\n" + "\n".join(urls.unbuildable)
    )


@pytest.mark.django_db
def test_the_assessors_pack_shows_no_personal_data(
    personal_data, linked_letter_cycle, org_a, member_factory, django_capture_on_commit_callbacks
):
    """The assessment pack is the only pack kind an assessor may build (a viewer may build
    none); the coordinator's pack of the same cycle carries the letter, the assessor's not."""
    assessor_pack = build_assessment_pack(
        member_factory(org_a, Role.ASSESSOR),
        linked_letter_cycle,
        django_capture_on_commit_callbacks,
    )
    coordinator_pack = build_assessment_pack(
        member_factory(org_a, Role.COORDINATOR),
        linked_letter_cycle,
        django_capture_on_commit_callbacks,
    )

    assert not assessor_pack.includes_personal_data
    assert markers_in(poppler_text(Path(assessor_pack.file.path))) == []
    assert CASE_EMAIL in markers_in(poppler_text(Path(coordinator_pack.file.path)))


@pytest.mark.django_db
def test_the_same_walk_finds_the_personal_data_as_a_coordinator(
    personal_data, org_a, member_factory, client_for, tmp_path
):
    """The control: the markers are there to be found, on the pages that may show them."""
    walk = build_urls(personal_data)

    walk = walk_as(client_for(member_factory(org_a, Role.COORDINATOR)), walk, tmp_path)

    case_page = reverse("complaints:case_detail", args=[org_a.slug, personal_data.case.pk])
    stakeholder_page = reverse(
        "stakeholders:detail", args=[org_a.slug, personal_data.stakeholder.pk]
    )
    assert set(CASE_MARKERS) <= set(walk.found.get(case_page, [])), leak_report(walk)
    assert {REP_NAME, REP_PHONE, REP_EMAIL} <= set(walk.found.get(stakeholder_page, []))
    letter = reverse("files:download", args=[org_a.slug, personal_data.letter.pk])
    assert CASE_EMAIL in walk.found.get(letter, [])
    # The data subject request's export carries what was found about the person.
    export = walk.urls.get("privacy:request_export")
    if export:
        assert CASE_EMAIL in walk.found.get(export, []), export
