import re

import pytest
from playwright.sync_api import expect

from seam_scm.tenancy.roles import Role

from ..approvals.factories import pdf_bytes
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_takes_a_document_to_board_approval(page, tmp_path):
    organization = OrganizationFactory(slug="lwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    user = MembershipFactory(organization=organization, role=Role.COORDINATOR).user
    draft_pdf = tmp_path / "ร่างกฎบัตร.pdf"
    draft_pdf.write_bytes(pdf_bytes())
    minutes_pdf = tmp_path / "รายงานการประชุม.pdf"
    minutes_pdf.write_bytes(pdf_bytes())

    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.get_by_role("link", name="เอกสารอนุมัติ").click()
    page.get_by_role("link", name="ขึ้นทะเบียนเอกสาร").click()
    page.get_by_label("ประเภท").select_option("other")
    page.get_by_label("ชื่อเรื่อง").fill("กฎบัตรการให้บริการลูกค้า")
    page.get_by_role("button", name="บันทึก").click()

    page.get_by_role("link", name="v1").click()
    page.get_by_role("link", name="แก้ไขร่าง").click()
    page.get_by_label("เนื้อหาของเอกสาร").fill("ข้อ 1 ลูกค้าได้รับบริการภายใน 15 นาที")
    page.get_by_role("button", name="บันทึก").click()

    page.get_by_label("ชื่อรายการ").fill("ร่างกฎบัตรฉบับเต็ม")
    page.get_by_label("วันที่มีผล").fill("01/10/2569")
    page.get_by_label(re.compile(r"^ไฟล์\s*\*?$")).set_input_files(str(draft_pdf))
    page.get_by_role("button", name="อัปโหลด").click()
    expect(page.get_by_text("ร่างกฎบัตร.pdf")).to_be_visible()

    page.get_by_role("button", name="เสนอขออนุมัติ").click()
    expect(page.get_by_test_id("status")).to_have_text("เสนอขออนุมัติแล้ว")

    page.get_by_role("link", name="บันทึกผลการอนุมัติ").click()
    page.get_by_label("คณะกรรมการรัฐวิสาหกิจ").check()
    page.get_by_label("ครั้งที่ประชุม").fill("12/2569")
    page.get_by_label("วันที่ประชุม").fill("20/11/2569")
    page.get_by_label("วาระที่").fill("4.2")
    page.get_by_label(re.compile(r"^มติ\s*\*?$")).fill("ที่ประชุมมีมติเห็นชอบ")
    page.get_by_label(re.compile(r"^ผู้ลงนาม\s*\*?$")).fill("นายสมศักดิ์ ตัวอย่าง")
    page.get_by_label("ตำแหน่งผู้ลงนาม").fill("ผู้ว่าการ")
    page.get_by_label("รายงานการประชุมที่ลงนามแล้ว").set_input_files(str(minutes_pdf))
    page.get_by_role("button", name="บันทึกผลการอนุมัติ").click()

    expect(page.get_by_test_id("status")).to_have_text("อนุมัติแล้ว")
    expect(page.get_by_test_id("frozen")).to_be_visible()
    expect(page.get_by_test_id("approval")).to_contain_text("20 พฤศจิกายน 2569")
    expect(page.get_by_role("link", name="แก้ไขร่าง")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/documents/versions/\d+/$"))
