"""What an uploaded file is, decided from its bytes, and whether we accept it.

The name and the browser's content type are not trusted: the type comes from
the content (magic bytes, the parts inside an Office ZIP, a parse by pypdf or
Pillow), and the name's extension must then agree with it. The file is read in
chunks: the SHA-256, the size and the text checks are computed while
streaming, and only the first and last few kilobytes are kept in memory.
"""

import codecs
import hashlib
import logging
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extensions: tuple[str, ...]
    label: Promise | str


PDF = FileType("pdf", "application/pdf", (".pdf",), "PDF")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    _("Word (DOCX)"),
)
XLSX = FileType(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    _("Excel (XLSX)"),
)
PPTX = FileType(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    _("PowerPoint (PPTX)"),
)
PNG = FileType("png", "image/png", (".png",), "PNG")
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG")
TEXT = FileType("txt", "text/plain", (".txt",), _("plain text"))
CSV = FileType("csv", "text/csv", (".csv",), "CSV")

FILE_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, PPTX, PNG, JPEG, TEXT, CSV)
TYPE_BY_KEY = {t.key: t for t in FILE_TYPES}
TYPE_BY_MIME = {t.mime: t for t in FILE_TYPES}
ACCEPT_ATTRIBUTE = ",".join(ext for t in FILE_TYPES for ext in t.extensions)

# The parts that make a ZIP an Office document, by the folder of its main part.
_OFFICE_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 8192
TAIL_BYTES = 1024
# Control characters other than tab, line feed, form feed and carriage return:
# their presence means the file is binary, whatever its encoding.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than the limit of %(limit)s MB."),
    "no_name": _("The file has no name."),
    "unsupported_type": _(
        "This type of file is not accepted. Upload a PDF, Word (DOCX), Excel (XLSX), "
        "PowerPoint (PPTX), PNG or JPEG image, plain text or CSV file."
    ),
    "extension_mismatch": _(
        "The file name ends in “%(extension)s” but the file is in %(type)s format. Rename it to "
        "end in %(expected)s, or choose the right file."
    ),
    "no_extension": _(
        "The file name has no extension and the file is in %(type)s format. Rename it to end "
        "in %(expected)s."
    ),
    "encrypted_pdf": _(
        "The PDF is password-protected or encrypted. Upload a copy without a password."
    ),
    "corrupt_pdf": _(
        "The PDF is damaged or incomplete and cannot be read. Save or export it again and "
        "upload the new copy."
    ),
    "corrupt_image": _("The image is damaged or incomplete and cannot be read."),
    "corrupt_document": _("The document is damaged and cannot be opened."),
    "macros": _(
        "Documents with macros are not accepted. Save the file without macros "
        "(as DOCX, XLSX or PPTX) and upload it again."
    ),
}


def refuse(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: its type as detected, cleaned name, size and SHA-256."""

    file_type: FileType
    name: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return self.file_type.mime


def max_upload_bytes() -> int:
    return settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def clean_file_name(name: str) -> str:
    """The base name, NFC-normalised, without control characters, at most 255 characters."""
    name = unicodedata.normalize("NFC", PurePosixPath(name.replace("\\", "/")).name)
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc").strip()
    if len(name) > 255:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: 255 - len(suffix)] + suffix
    return name


def validate_upload(upload: UploadedFile) -> CheckedFile:
    """Check an upload and return what it is; raise ValidationError (with a code) if refused."""
    name = clean_file_name(upload.name or "")
    if not name:
        raise refuse("no_name")
    limit = max_upload_bytes()
    # Decided from the size Django recorded while receiving the file, before reading any of it.
    if upload.size is not None and upload.size > limit:
        raise refuse("too_large", limit=settings.EVIDENCE_MAX_UPLOAD_MB)
    if upload.size == 0:
        raise refuse("empty")

    scan = _Scan()
    for chunk in upload.chunks():
        scan.feed(chunk)
        if scan.size > limit:
            raise refuse("too_large", limit=settings.EVIDENCE_MAX_UPLOAD_MB)
    scan.finish()
    if scan.size == 0:
        raise refuse("empty")

    extension = PurePosixPath(name).suffix.lower()
    file_type = _detect(scan, upload, extension)
    if extension not in file_type.extensions:
        raise refuse(
            "extension_mismatch" if extension else "no_extension",
            extension=extension,
            type=file_type.label,
            expected=" / ".join(file_type.extensions),
        )
    if file_type is PDF:
        _check_pdf(upload, scan.tail)
    elif file_type in (PNG, JPEG):
        _check_image(upload, file_type)
    upload.seek(0)
    return CheckedFile(file_type=file_type, name=name, size=scan.size, sha256=scan.sha256)


class _Scan:
    """One pass over the chunks: hash, size, the head and the tail, and whether it is text."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.size = 0
        self.head = b""
        self.tail = b""
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        # Thai text from older Windows programs (Excel's CSV export among them) is
        # TIS-620, which cp874 extends.
        self._thai = codecs.getincrementaldecoder("cp874")()
        self.is_utf8 = True
        self.is_thai = True
        self.has_control_bytes = False

    def feed(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self.size += len(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.tail = (self.tail + chunk)[-TAIL_BYTES:]
        if not self.is_text:
            return
        if _CONTROL_BYTES.search(chunk):
            self.has_control_bytes = True
            return
        self.is_utf8 = self.is_utf8 and _decodes(self._utf8, chunk)
        self.is_thai = self.is_thai and _decodes(self._thai, chunk)

    def finish(self) -> None:
        if self.is_text:
            self.is_utf8 = self.is_utf8 and _decodes(self._utf8, b"", final=True)
            self.is_thai = self.is_thai and _decodes(self._thai, b"", final=True)

    @property
    def is_text(self) -> bool:
        return not self.has_control_bytes and (self.is_utf8 or self.is_thai)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def _decodes(decoder, data: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(data, final)
    except UnicodeDecodeError:
        return False
    return True


def _detect(scan: _Scan, upload: UploadedFile, extension: str) -> FileType:
    head = scan.head
    # The PDF header may follow a little junk; readers look in the first kilobyte.
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(_PNG_MAGIC):
        return PNG
    if head.startswith(_JPEG_MAGIC):
        return JPEG
    if head.startswith(_ZIP_MAGIC):
        return _office_type(upload)
    if scan.is_text:
        # Both are text; the name tells a table from prose.
        return CSV if extension == ".csv" else TEXT
    raise refuse("unsupported_type")


def _office_type(upload: UploadedFile) -> FileType:
    """DOCX, XLSX or PPTX from the parts inside the ZIP (only its directory is read)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse("corrupt_document") from None
    if "[Content_Types].xml" not in names:
        raise refuse("unsupported_type")  # a plain ZIP archive
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse("macros")
    found = {t for folder, t in _OFFICE_FOLDERS.items() if any(n.startswith(folder) for n in names)}
    if len(found) != 1:
        raise refuse("unsupported_type")
    return found.pop()


def _check_pdf(upload: UploadedFile, tail: bytes) -> None:
    from pypdf import PdfReader

    # A PDF ends with %%EOF; a cut-off download or upload does not.
    if b"%%EOF" not in tail:
        raise refuse("corrupt_pdf")
    upload.seek(0)
    try:
        # Lenient about the file's structure (many real PDFs have a slightly wrong
        # cross-reference table, which readers repair) ...
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise refuse("encrypted_pdf")
        if len(reader.pages) == 0:
            raise refuse("corrupt_pdf")
        # ... but every page's content must decode: pypdf only logs a warning for a
        # damaged stream and goes on with what it could read.
        with _decoding_problems() as problems:
            for page in reader.pages:
                page.get_contents()
        if problems:
            raise refuse("corrupt_pdf")
    except ValidationError:
        raise
    except Exception:  # any failure of the parser on hostile input means "corrupt"
        raise refuse("corrupt_pdf") from None


@contextmanager
def _decoding_problems() -> Iterator[list[logging.LogRecord]]:
    """Collect the warnings pypdf's stream decoders log in this thread while the block runs."""
    problems: list[logging.LogRecord] = []
    thread = threading.get_ident()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread:
                problems.append(record)

    handler = Collect(logging.WARNING)
    decoders = logging.getLogger("pypdf.filters")
    decoders.addHandler(handler)
    try:
        yield problems
    finally:
        decoders.removeHandler(handler)


def _check_image(upload: UploadedFile, file_type: FileType) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != file_type.key.upper():
                raise refuse("corrupt_image")
            if file_type is PNG:
                image.verify()  # walks every chunk and checks its CRC
            else:
                # Decoding at 1/8 scale still reads all the compressed data, so a cut-off
                # JPEG fails, without holding the full-size picture in memory.
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except ValidationError:
        raise
    except Exception:  # Pillow raises many types for broken files
        raise refuse("corrupt_image") from None


def type_label(mime: str) -> Promise | str:
    file_type = TYPE_BY_MIME.get(mime)
    return file_type.label if file_type else mime
