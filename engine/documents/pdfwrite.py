"""A small PDF writer: numbered objects written once, pages of objects taken from other PDFs (read with pypdf).

Used for the certificates, whose thousands of pages share one background and one watermark: each page is a few
hundred bytes of its own text and references to shared objects.
"""

from __future__ import annotations

import io
import zlib
from typing import Any, BinaryIO

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)


def name(text: str) -> bytes:
    buffer = io.BytesIO()
    NameObject(text if text.startswith("/") else f"/{text}").write_to_stream(buffer)
    return buffer.getvalue()


class Writer:
    """Objects are written to `handle` as soon as they are added; `close` writes the page tree, xref and trailer."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.offsets: list[int] = []
        self.pages: list[int] = []
        self.handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.tree = self.reserve()
        self._imported: dict[tuple[int, int, int], int] = {}  # (reader, object, generation) → our number

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def add(self, body: bytes, number: int | None = None) -> int:
        number = number or self.reserve()
        self.offsets[number - 1] = self.handle.tell()
        self.handle.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        return number

    def stream(self, head: bytes, data: bytes, compress: bool = True, number: int | None = None) -> int:
        """`head`: the dictionary's entries besides /Length and /Filter."""
        if compress:
            data = zlib.compress(data, 6)
            head += b" /Filter /FlateDecode"
        return self.add(b"<<%s /Length %d>>\nstream\n%s\nendstream" % (head, len(data), data), number)

    def page(self, body: bytes) -> int:
        """`body`: the page dictionary's entries besides /Type and /Parent."""
        number = self.add(b"<</Type /Page /Parent %d 0 R %s>>" % (self.tree, body))
        self.pages.append(number)
        return number

    # ------------------------------------------------------------------ objects of another PDF

    def imported(self, obj: Any) -> bytes:
        """An object read by pypdf, written here: every indirect object it refers to is copied once."""
        if isinstance(obj, IndirectObject):
            key = (id(obj.pdf), obj.idnum, obj.generation)
            if key not in self._imported:
                number = self.reserve()
                self._imported[key] = number
                target = obj.get_object()
                if isinstance(target, StreamObject):
                    self._imported_stream(target, number)
                else:
                    self.add(self.imported(target), number)
            return b"%d 0 R" % self._imported[key]
        if isinstance(obj, StreamObject):
            number = self._imported_stream(obj, None)
            return b"%d 0 R" % number
        if isinstance(obj, DictionaryObject):
            return b"<<" + b" ".join(name(k) + b" " + self.imported(v) for k, v in obj.items()) + b">>"
        if isinstance(obj, ArrayObject):
            return b"[" + b" ".join(self.imported(v) for v in obj) + b"]"
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        return buffer.getvalue()

    def _imported_stream(self, obj: StreamObject, number: int | None) -> int:
        head = b" ".join(name(k) + b" " + self.imported(v) for k, v in obj.items() if k != "/Length")
        return self.stream(b" " + head, obj._data, compress=False, number=number)

    def form(self, page: DictionaryObject) -> int:
        """A page of another PDF as a form XObject (drawn with `Do`), its resources copied."""
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        box = b" ".join(self.imported(v) for v in page.mediabox)
        resources = self.imported(page.get("/Resources", DictionaryObject()))
        return self.stream(b"/Type /XObject /Subtype /Form /BBox [%s] /Resources %s" % (box, resources), data)

    def copied_page(self, page: DictionaryObject) -> int:
        """A whole page of another PDF, as it is."""
        entries = [k for k in page if k not in ("/Type", "/Parent", "/Annots", "/StructParents", "/B")]
        return self.page(b" ".join(name(k) + b" " + self.imported(page[k]) for k in entries))

    def close(self, info: bytes = b"") -> None:
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self.add(b"<</Type /Pages /Kids [%s] /Count %d>>" % (kids, len(self.pages)), self.tree)
        catalog = self.add(b"<</Type /Catalog /Pages %d 0 R>>" % self.tree)
        start = self.handle.tell()
        self.handle.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1))
        self.handle.write(b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets))
        self.handle.write(b"trailer\n<</Size %d /Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF\n"
                          % (len(self.offsets) + 1, catalog, info, start))


def plain(obj: PdfObject) -> Any:
    """A pypdf object resolved (indirect references followed)."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj
