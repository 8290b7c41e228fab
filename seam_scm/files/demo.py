"""Demo evidence files: a survey report (PDF), its results (CSV in Thai, with a second
version), a relationship plan (DOCX) and a chart of listening channels (PNG).

Every file is built here in code, so the demo needs no fixtures on disk. `seed_demo`
calls `seed` inside the organization's scope; files already present (by title) are
skipped, so running it again changes nothing.
"""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

from .models import Attachment
from .services import replace_file, upload_attachment

SURVEY_CSV_V1 = """ช่องทางการให้บริการ,จำนวนผู้ตอบ,คะแนนเฉลี่ย (เต็ม 5),ร้อยละความพึงพอใจ
สำนักงานสาขา,1250,4.21,84.2
ศูนย์บริการลูกค้าทางโทรศัพท์,980,4.05,81.0
แอปพลิเคชันบนมือถือ,1630,4.37,87.4
เว็บไซต์,410,3.92,78.4
"""
SURVEY_CSV_V2 = SURVEY_CSV_V1 + "หน่วยบริการเคลื่อนที่,215,4.48,89.6\n"


def seed(*, organization: Organization) -> None:
    editor = _member(Role.EDITOR) or _member(Role.COORDINATOR)
    if editor is None:
        return
    existing = set(Attachment.objects.values_list("title", flat=True))

    title = "รายงานผลการสำรวจความพึงพอใจของลูกค้า ปีงบประมาณ 2569"
    if title not in existing:
        upload_attachment(
            organization=organization,
            uploaded_by=editor,
            upload=SimpleUploadedFile(
                "รายงานสำรวจความพึงพอใจ-2569.pdf",
                sample_pdf(
                    [
                        f"{organization.name_en or organization.slug}",
                        "Customer Satisfaction Survey, Fiscal Year 2026 (B.E. 2569)",
                        "Respondents: 4,270 customers in 4 service channels",
                        "Overall satisfaction: 84.1 percent (target 82 percent)",
                    ]
                ),
            ),
            title=title,
            description="รายงานฉบับสมบูรณ์ที่ผู้สำรวจภายนอกส่งมอบ พร้อมข้อเสนอแนะการปรับปรุงบริการ",
            effective_date=dt.date(2026, 1, 1),
            effective_until=dt.date(2026, 3, 31),
        )

    title = "ผลสำรวจความพึงพอใจรายช่องทาง (ข้อมูลดิบ)"
    if title not in existing:
        attachment = upload_attachment(
            organization=organization,
            uploaded_by=editor,
            upload=SimpleUploadedFile("ผลสำรวจรายช่องทาง.csv", SURVEY_CSV_V1.encode()),
            title=title,
            description="ตารางสรุปจำนวนผู้ตอบและคะแนนเฉลี่ยรายช่องทาง",
            effective_date=dt.date(2026, 1, 1),
            effective_until=dt.date(2026, 3, 31),
        )
        # A corrected table, to show the version history.
        replace_file(
            attachment=attachment,
            uploaded_by=editor,
            upload=SimpleUploadedFile("ผลสำรวจรายช่องทาง-แก้ไข.csv", SURVEY_CSV_V2.encode()),
        )

    title = "แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย ปีงบประมาณ 2570"
    if title not in existing:
        upload_attachment(
            organization=organization,
            uploaded_by=editor,
            upload=SimpleUploadedFile(
                "แผนความสัมพันธ์ผู้มีส่วนได้ส่วนเสีย-2570.docx",
                sample_docx(
                    [
                        "แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย ปีงบประมาณ 2570",
                        "1. ประชุมหารือกับผู้นำชุมชนในพื้นที่ให้บริการ ไตรมาสละ 1 ครั้ง",
                        "2. เปิดรับฟังความคิดเห็นผ่านช่องทางออนไลน์ตลอดปี",
                    ]
                ),
            ),
            title=title,
            effective_date=dt.date(2026, 10, 1),
            effective_until=dt.date(2027, 9, 30),
        )

    title = "แผนภาพช่องทางการรับฟังเสียงของลูกค้า"
    if title not in existing:
        upload_attachment(
            organization=organization,
            uploaded_by=editor,
            upload=SimpleUploadedFile("ช่องทางรับฟังเสียงลูกค้า.png", sample_png()),
            title=title,
            effective_date=dt.date(2026, 6, 30),
        )


def _member(role: Role):
    membership = Membership.objects.filter(role=role).select_related("user").first()
    return membership.user if membership else None


# --- sample files, also used by the tests ---------------------------------------------------


def sample_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF showing the lines (ASCII) in Helvetica."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = " ".join(f"({escape(line)}) Tj T*" for line in lines)
    stream = f"BT /F1 14 Tf 20 TL 72 770 Td {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sample_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document (the three parts Word needs) with the paragraphs."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def sample_png(size: tuple[int, int] = (320, 180)) -> bytes:
    """A small bar chart: four listening channels."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for index, value in enumerate([84, 81, 87, 78]):
        left = 30 + index * 70
        draw.rectangle([left, size[1] - 20 - value, left + 40, size[1] - 20], fill=(29, 78, 137))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
