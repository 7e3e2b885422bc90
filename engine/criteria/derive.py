"""`recognise criteria derive`: a province's set starting from a shipped one.

Everything the base says is kept (criteria, numbers, sources, authority); what makes the set the province's
own is not known yet and is never guessed: the derived set is a draft (it cannot score), its decision is
still to be named, and each value to fill is listed in `missing`, next to what the base itself lacked.
"""

from __future__ import annotations

import re

from engine.criteria.model import CriteriaSet, Document, Missing
from engine.vn.text import fold

TO_FILL = "(chưa điền)"
# what the province fills in, as the set's worksheet names it (a blank cell in the workbook)
BLANK_IN_WORKBOOK = ("jurisdiction", "source.number", "source.title", "source.issuer", "source.signed",
                     "source.articles", "source.note", "effective_from")


def slug(text: str) -> str:
    """A set id from a file name or a title: `Tỉnh X 2025` → `tinh-x-2025`."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:64]


def derive(base: CriteriaSet, new_id: str, jurisdiction: str | None = None, title: str | None = None) -> CriteriaSet:
    own = Missing(what="Văn bản của tỉnh ban hành bộ tiêu chí (số, tên, cơ quan ban hành, ngày ký, điều khoản), tên "
                       f"tỉnh và ngày có hiệu lực: chưa điền (ngày có hiệu lực đang là ngày của bộ gốc {base.id})",
                  source="Quyết định của Ủy ban nhân dân tỉnh ban hành bộ tiêu chí")
    basis = (f"Phỏng theo bộ tiêu chí {base.id}: {base.title}, {base.source.number} của {base.source.issuer}"
             f" ({'; '.join(x for x in (base.source.articles, base.source.note) if x)})")
    data = base.model_dump()
    data.update(id=new_id, title=title or base.title, jurisdiction=jurisdiction or TO_FILL, derives_from=base.id,
                status="draft", effective_until=None, missing=[own.model_dump()] + data["missing"],
                source=Document(number=TO_FILL, title=TO_FILL, issuer=TO_FILL, articles=TO_FILL,
                                note=basis[:2000]).model_dump())
    return CriteriaSet.model_validate(data)
