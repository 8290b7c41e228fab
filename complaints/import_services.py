"""The Excel import of historical complaint cases, on seam_scm.spreadsheets' all-or-nothing flow.

Every row becomes a case through case_services, as if it had been handled here: register_case
(source IMPORT, keeping the reference of the previous system) under the policy in force on the
day of receipt, then move_case at the times the row gives: acknowledge, assess and investigate
(all at the acknowledgement), respond (the decision communicated at the response), close, or
withdraw. The clocks, due times and KPI facts (acknowledged and resolved within standard,
resolution time in working minutes) are the services' own. Rows are replayed in the order the
cases were received, so that a repeat complaint finds the earlier case.

The whole file is one transaction. A refusal of the services (a rule the preview could not
see, or data changed since) is reported on its row and column like a cell problem, and then
nothing is saved (ImportRefused).

Import files are kept as evidence of the organization's complaint register (ComplaintRegister).
The files list complainants' names and contacts, so the register is a personal-data record:
only the roles that may see personal data open its files.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.files import selectors as file_selectors
from seam_scm.files.models import Attachment
from seam_scm.spreadsheets.imports import Importer, ImportRefused
from seam_scm.spreadsheets.sheets import CellError
from seam_scm.tenancy.models import Organization

from . import case_services, spreadsheets
from .lifecycle import Action
from .models import CaseSource, ComplaintCase, ComplaintRegister
from .spreadsheets import CASES, CaseImportPlan, CaseRow

# Timeline notes: stored with the case, in Thai like the rest of the organization's records.
RECEIVED_NOTE = "นำเข้าจากระบบเดิม (เลขที่เรื่องเดิม %(reference)s)"
ACKNOWLEDGED_NOTE = "ตอบรับเรื่อง (นำเข้า)"
ASSESSED_NOTE = "ประเมินเรื่องเบื้องต้น (นำเข้า)"
INVESTIGATING_NOTE = "ตรวจสอบข้อเท็จจริง (นำเข้า)"
RESPONDED_NOTE = "แจ้งผลการพิจารณา (นำเข้า)"
CLOSED_NOTE = "ปิดเรื่อง (นำเข้า)"
WITHDRAWN_NOTE = "ถอนเรื่อง (นำเข้า)"


def import_record(organization: Organization) -> ComplaintRegister:
    """The record import files are evidence for: the organization's complaint register."""
    record, _created = ComplaintRegister.objects.get_or_create(organization=organization)
    return record


def recent_import_files(limit: int = 5) -> list[Attachment]:
    """The latest live import files of the scope's organization, newest first."""
    record = ComplaintRegister.objects.first()
    if record is None:
        return []
    files = file_selectors.attachments_of(record).select_related("current_version__uploaded_by")
    return list(files.order_by("-id")[:limit])


# --- saving ----------------------------------------------------------------------------------


def import_case(row: CaseRow, *, organization: Organization, by) -> ComplaintCase:
    """Register one row's case and replay its steps at the row's times."""
    values = row.values
    details = {key: values[key] for key in spreadsheets.DETAIL_FIELDS if values.get(key)}
    case = case_services.register_case(
        organization=organization,
        by=by,
        received_at=values["received_at"],
        channel=values["channel"],
        category=values["category"],
        subject=values["subject"],
        description=values["description"],
        severity=row.severity,
        source=CaseSource.IMPORT,
        external_reference=values["external_reference"],
        note=RECEIVED_NOTE % {"reference": values["external_reference"]},
        **details,
    )
    for action, at, note, recorded in _steps(values):
        try:
            case = case_services.move_case(
                case=case, action=action, by=by, at=at, note=note, **recorded
            )
        except ValidationError as error:
            raise StepRefused(action, error) from error
    return case


def _steps(values: dict) -> list[tuple[str, object, str, dict]]:
    """(action, when, note, details) of each step the row records, in order."""
    acknowledged = values.get("acknowledged_at")
    responded, closed = values.get("responded_at"), values.get("closed_at")
    steps = []
    if acknowledged:
        steps += [
            (Action.ACKNOWLEDGE, acknowledged, ACKNOWLEDGED_NOTE, {}),
            (Action.ASSESS, acknowledged, ASSESSED_NOTE, {}),
            (Action.INVESTIGATE, acknowledged, INVESTIGATING_NOTE, {}),
        ]
    if responded:
        response = {
            "decision": values.get("decision") or "",
            "decision_communicated_at": responded,
            "decision_channel": values.get("decision_channel") or "",
        }
        steps.append((Action.RESPOND, responded, RESPONDED_NOTE, response))
    if closed:
        closing = {key: values.get(key) or "" for key in spreadsheets.CLOSING_FIELDS}
        closing["satisfaction"] = values.get("satisfaction")
        steps.append((Action.CLOSE, closed, CLOSED_NOTE, closing))
    if values.get("withdrawn_at"):
        steps.append((Action.WITHDRAW, values["withdrawn_at"], WITHDRAWN_NOTE, {}))
    return steps


class StepRefused(Exception):
    """move_case refused a step: which one, and why."""

    def __init__(self, action: str, error: ValidationError):
        super().__init__(action)
        self.action = action
        self.error = error


# A step's `at` is the time in the row's column of that step.
STEP_TIME_COLUMNS = {
    Action.ACKNOWLEDGE: "acknowledged_at",
    Action.ASSESS: "acknowledged_at",
    Action.INVESTIGATE: "acknowledged_at",
    Action.RESPOND: "responded_at",
    Action.CLOSE: "closed_at",
    Action.WITHDRAW: "withdrawn_at",
}
# Fields of the services' errors that are another column of the row.
FIELD_COLUMNS = {"decision_communicated_at": "responded_at"}


def row_errors(sheet: str, row: int, error: ValidationError, *, step: str = "") -> list[CellError]:
    """A service's refusal as problems of the row, each on its column where there is one."""
    headers = CASES.headers()
    if not hasattr(error, "error_dict"):
        return [CellError(sheet, row, "", message) for message in error.messages]
    problems = []
    for name, messages in error.message_dict.items():
        key = STEP_TIME_COLUMNS.get(step, "") if name == "at" else FIELD_COLUMNS.get(name, name)
        column = headers.get(key, "") if name != NON_FIELD_ERRORS else ""
        problems += [CellError(sheet, row, column, message) for message in messages]
    return problems


@transaction.atomic
def save_plan(plan: CaseImportPlan, *, by) -> list[ComplaintCase]:
    """Register a clean plan's cases, oldest first; all of them or, on any refusal, none (the
    refusals are added to the plan's errors and ImportRefused raised)."""
    if not plan.is_clean:
        raise ValidationError(_("The workbook has problems; nothing was imported."))
    cases = []
    for row in sorted(plan.cases, key=lambda r: (r.values["received_at"], r.row)):
        try:
            with transaction.atomic():
                cases.append(import_case(row, organization=plan.organization, by=by))
        except StepRefused as refused:
            plan.errors += row_errors(plan.sheet, row.row, refused.error, step=refused.action)
        except ValidationError as error:
            plan.errors += row_errors(plan.sheet, row.row, error)
    if plan.errors:
        plan.errors.sort(key=lambda error: error.row or 0)
        raise ImportRefused(plan)
    return cases


IMPORTER = Importer(
    parse=spreadsheets.parse_import,
    save=save_plan,
    record=import_record,
    title=spreadsheets.import_title,
    description=gettext_lazy(
        "Uploaded to import complaint cases handled in the previous system. It lists "
        "complainants' personal data."
    ),
)
