"""A small pack kind for the job tests, independent of the board and assessment kinds.

Its subject is an OrgUnit. Options say how much it holds: `rows` (a table of
Thai text, a few dozen rows a page) and `files` (FileVersion ids to include).
Tests hook into `collect` through `JobsKind.before_collect` to record, break
or interrupt a build. The worker of tests/packs/test_worker_kill.py registers
the same kind (tests/packs/worker_app.py), so both sides render the same pack.
"""

from collections.abc import Callable
from pathlib import Path

from seam_scm.files.models import FileVersion
from seam_scm.packs.kinds import IncludedFile, PackContent, PackKindSpec, Progress
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Action

KIND = "test-jobs"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "packs_tests/jobs_pack.html"
FISCAL_YEAR = 2570

ROW_TEXT = "กำไรการดำเนินงานสู่แผนปฏิบัติการ ผู้มีส่วนได้ส่วนเสียที่สำคัญ ข้อร้องเรียนที่ได้รับการแก้ไข"


class JobsKind:
    def __init__(self) -> None:
        # (pack, progress) -> None, run first thing in collect, in the worker.
        self.before_collect: Callable | None = None

    def spec(self) -> PackKindSpec:
        return PackKindSpec(
            kind=KIND,
            action=Action.EXPORT_PACKS,
            subject_model=OrgUnit,
            title=lambda unit, options: f"ชุดเอกสารทดสอบ {unit.name_th}",
            fiscal_year=lambda unit: FISCAL_YEAR,
            collect=self.collect,
        )

    def collect(self, pack, progress: Progress) -> PackContent:
        if self.before_collect is not None:
            self.before_collect(pack, progress)
        unit = pack.subject
        rows = [
            (number, f"{ROW_TEXT} ลำดับที่ {number}")
            for number in range(1, int(pack.options.get("rows", 3)) + 1)
        ]
        files = [
            IncludedFile(version=version, label=version.attachment.title, section="ทดสอบ")
            for version in FileVersion.objects.filter(pk__in=pack.options.get("files", []))
            .select_related("attachment")
            .order_by("pk")
        ]
        progress(5, "collected")
        return PackContent(
            template_name=TEMPLATE_NAME,
            context={
                "pack": pack,
                "unit": unit,
                "rows": rows,
                "toc": [{"level": 1, "anchor": "rows", "title": "ตารางข้อมูล"}],
            },
            files=files,
        )
