"""The provincial criteria workbook: its worksheets, their columns and the words of their choices.

One description shared by the writer (engine/criteria/workbook_writer.py) and the importer
(engine/criteria/workbook_import.py), so that what the template asks for is exactly what the import reads.
A table worksheet has a header row (what the importer matches, without case or diacritics), a row saying
what each column takes, then the data. The set's worksheet is a form: a label per line, its value beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from engine.criteria.model import STATUS_VI, SUBJECT_KIND_VI, Knockout
from engine.vn.text import fold

SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
BANDS_SHEET = "Khoảng điểm"
GRADES_SHEET = "Xếp loại"
KNOCKOUTS_SHEET = "Loại trừ"
LEVELS_SHEET = "Mức độ"
VARIANTS_SHEET = "Trường hợp riêng"
ATTRIBUTES_SHEET = "Thuộc tính"
SHARES_SHEET = "Tỷ lệ từ sổ"
NOTES_SHEET = "Ghi chú"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"  # hidden: the lists the dropdowns offer (a list written in a formula cannot hold commas)

POINTS_SHEETS = (SET_SHEET, CRITERIA_SHEET, BANDS_SHEET, GRADES_SHEET, KNOCKOUTS_SHEET, NOTES_SHEET)
LEVELS_SHEETS = (SET_SHEET, CRITERIA_SHEET, LEVELS_SHEET, VARIANTS_SHEET, ATTRIBUTES_SHEET, SHARES_SHEET, NOTES_SHEET)
REQUIRED = {"points": (SET_SHEET, CRITERIA_SHEET, GRADES_SHEET), "levels": (SET_SHEET, CRITERIA_SHEET, LEVELS_SHEET)}

YES, NO = "có", "không"
PASS = "đạt"
NOT_APPLICABLE = "không áp dụng"
SCHEMES = {"points": "tính điểm", "levels": "theo mức độ"}
POINTS_KINDS = {"points": "chấm điểm", "boolean": "đạt/không đạt", "percent": "tỷ lệ % theo khoảng"}
LEVELS_KINDS = {"boolean": "đạt/không đạt", "percent": "tỷ lệ %", "number": "số", "level": "mức chuẩn"}
ATTRIBUTE_KINDS = {"boolean": "có/không", "choice": "lựa chọn"}
# the knock-outs the model knows, in the workbook's words
KNOCKOUT_KINDS = {k: v for k, v in {"criterion_zero": "có tiêu chí bị 0 điểm",
                                    "indicator_below": "có chỉ số dưới mức điểm"}.items()
                  if k in get_args(Knockout.model_fields["kind"].annotation)}
KNOCKOUT_BELOW = "below" in Knockout.model_fields
NOTE_KINDS = {"note": "ghi chú", "missing": "còn thiếu"}
YES_NO = {"yes": YES, "no": NO}
MAX_LEVELS = 5
TABLE_ROWS = 300  # rows of each table prepared with dropdowns and input messages
FIRST_ROW = 3  # row 1: headers, row 2: what each column takes

# other words a clerk may type for a choice, folded
SYNONYMS = {
    "points": {"diem", "cham diem tu 0 den diem toi da", "cho diem", "tinh diem", "xep loai", "theo diem"},
    "levels": {"muc do", "theo muc", "dat theo muc do", "cong nhan theo muc do"},
    "boolean": {"dat khong dat", "dat/ khong dat", "dat / khong dat", "co/khong", "co khong", "dat", "dat hoac khong dat"},
    "percent": {"ty le", "ti le", "ty le %", "ti le %", "phan tram", "%", "ty le phan tram", "ti le % theo khoang",
                "ty le (%)", "ty le % theo khoang diem"},
    "number": {"so lieu", "con so"},
    "level": {"muc", "muc do", "muc do chuan", "muc dat chuan"},
    "yes": {"co", "x", "dung", "1", "true", "duoc", "duoc cong nhan"},
    "no": {"khong", "0", "false", "sai", "khong duoc cong nhan"},
    "criterion_zero": {"tieu chi bi 0 diem", "co tieu chi bi diem 0", "tieu chi bi diem 0", "co tieu chi 0 diem",
                       "tieu chi 0 diem", "co tieu chi khong diem"},
    "indicator_below": {"chi so duoi muc diem", "co chi tieu duoi muc diem", "chi tieu duoi muc diem"},
    "official": {"ban chinh thuc", "da ban hanh"},
    "draft": {"ban du thao"},
    "example": {"vi du", "ban minh hoa"},
    "household": {"gia dinh", "ho", "ho gia dinh", "gia dinh hoc tap"},
    "clan": {"dong ho", "chi ho", "ho toc"},
    "village": {"thon", "ban", "ap", "to dan pho", "khu dan cu", "thon, ban, ap, to dan pho", "thon, to dan pho"},
    "commune": {"xa", "phuong", "thi tran", "cap xa"},
    "district": {"quan", "thi xa", "cap huyen"},
    "province": {"cap tinh", "thanh pho truc thuoc trung uong"},
    "unit": {"co quan", "co quan, don vi", "to chuc", "don vi hoc tap"},
    "person": {"cong dan hoc tap", "ca nhan", "nguoi"},
    "note": {"luu y"},
    "missing": {"con thieu gia tri", "chua co", "thieu"},
}


# other headers a table may have for the same column
ALIASES = {"Mã chỉ số": ("Mã chỉ tiêu", "Mã"), "Mã chỉ tiêu": ("Mã chỉ số", "Mã"),
           "Nội dung chỉ số": ("Nội dung chỉ tiêu", "Nội dung"), "Nội dung chỉ tiêu": ("Nội dung chỉ số", "Nội dung"),
           "Cách cho điểm": ("Cách ghi", "Cách chấm"), "Cách ghi": ("Cách cho điểm", "Cách chấm"),
           "Điểm tối đa": ("Điểm chuẩn", "Thang điểm", "Điểm tối đa (điểm)"),
           "Căn cứ": ("Căn cứ pháp lý", "Điều, khoản", "Điều khoản")}


@dataclass(frozen=True)
class Field:
    """One line of the set's worksheet: the model key it fills (dotted for nested keys), its label, what it takes."""

    key: str
    label: str
    hint: str
    kind: str = "text"  # text, id, date, number, choice
    choices: dict[str, str] | None = None
    scheme: str | None = None  # only in this scheme's workbook
    required: bool = True


SET_FIELDS = (
    Field("id", "Mã bộ tiêu chí", "Chữ thường không dấu, số và dấu gạch ngang, ví dụ gdht-tinh-x-2025; mỗi bộ tiêu "
          "chí một mã riêng, dùng trong lệnh chấm (--criteria).", "id"),
    Field("title", "Danh hiệu", "Tên danh hiệu như văn bản ghi, ví dụ Gia đình học tập."),
    Field("subject_kind", "Đối tượng đánh giá", "Chọn trong danh sách: hộ gia đình, dòng họ, thôn…", "choice",
          SUBJECT_KIND_VI),
    Field("jurisdiction", "Phạm vi áp dụng", "Ví dụ: Tỉnh X. Để trống là Toàn quốc.", required=False),
    Field("derives_from", "Dựa trên bộ tiêu chí", "Mã bộ tiêu chí gốc mà bộ này phỏng theo (xem recognise criteria "
          "list), ví dụ gdht-448-2015; để trống nếu không có.", "id", required=False),
    Field("status", "Tình trạng", "chính thức: mọi con số đã đối chiếu với văn bản; dự thảo: còn giá trị chưa có (để "
          "trống ô đó và ghi ở trang Ghi chú, loại “còn thiếu”), không dùng để chấm; minh họa: bộ ví dụ, không có giá "
          "trị pháp lý.", "choice", STATUS_VI),
    Field("scheme", "Cách đánh giá", "tính điểm hoặc theo mức độ; lệnh tạo bảng đã ghi sẵn, không sửa.", "choice",
          SCHEMES),
    Field("source.number", "Số văn bản", "Số, ký hiệu văn bản ban hành bộ tiêu chí, ví dụ 15/2025/QĐ-UBND."),
    Field("source.title", "Tên văn bản", "Tên đầy đủ (trích yếu) của văn bản, ví dụ Quyết định ban hành Bộ tiêu chí "
          "đánh giá, công nhận danh hiệu “Gia đình học tập” trên địa bàn tỉnh X."),
    Field("source.issuer", "Cơ quan ban hành", "Ví dụ: Ủy ban nhân dân tỉnh X."),
    Field("source.signed", "Ngày ký", "dd/mm/yyyy, ví dụ 15/01/2025.", "date", required=False),
    Field("source.articles", "Điều, khoản quy định tiêu chí", "Ví dụ: Điều 3, Điều 4 hoặc Phụ lục I."),
    Field("source.note", "Ghi chú về văn bản", "Không bắt buộc: văn bản thay thế, bản sao ghi khác nhau…",
          required=False),
    Field("effective_from", "Hiệu lực từ ngày", "dd/mm/yyyy; bộ tiêu chí chấm các năm đánh giá từ ngày này.", "date"),
    Field("effective_until", "Hiệu lực đến ngày", "dd/mm/yyyy; để trống nếu chưa có văn bản thay thế.", "date",
          required=False),
    Field("max_total", "Tổng điểm tối đa", "Ví dụ 100; phải bằng tổng điểm tối đa các tiêu chí.", "number",
          scheme="points"),
    Field("authority.recognised_by", "Người có thẩm quyền công nhận", "Ví dụ: Chủ tịch Ủy ban nhân dân cấp xã."),
    Field("authority.issuing_body", "Cơ quan ban hành quyết định công nhận", "Ví dụ: Ủy ban nhân dân cấp xã; không "
          "bắt buộc.", required=False),
    Field("authority.decision_title", "Tên quyết định công nhận", "Ví dụ: Quyết định công nhận danh hiệu “Gia đình "
          "học tập”."),
    Field("authority.source", "Căn cứ thẩm quyền", "Điều, khoản quy định thẩm quyền công nhận; không bắt buộc.",
          required=False),
)


@dataclass(frozen=True)
class Column:
    """One column of a table worksheet: the key the importer files it under, its header, what it takes."""

    key: str
    header: str
    hint: str
    width: float = 14
    kind: str = "text"  # text, code, number, int, choice, threshold
    choices: dict[str, str] | None = None


def _crit(scheme: str) -> list[Column]:
    item = "chỉ số" if scheme == "points" else "chỉ tiêu"
    return [
        Column("criterion", "Mã tiêu chí", f"Dòng tiêu chí: mã, ví dụ TC1. Dòng {item}: để trống.", 11, "code"),
        Column("name", "Tên tiêu chí", "Chỉ ghi ở dòng tiêu chí, nguyên văn.", 28),
        Column("indicator", f"Mã {item}", "Ví dụ 1.1 (chữ không dấu, số, dấu chấm); dòng tiêu chí để trống.", 10,
               "code"),
        Column("text", f"Nội dung {item}", "Nguyên văn như văn bản.", 48),
        Column("source", "Căn cứ", f"Điều, khoản, điểm hoặc mục của văn bản (dòng tiêu chí và dòng {item}); để "
               "trống: ghi theo số văn bản ở trang Bộ tiêu chí.", 20),
    ]


POINTS_CRITERIA = (
    *_crit("points"),
    Column("kind", "Cách cho điểm", "Dòng chỉ số: chọn trong danh sách; để trống là chấm điểm (0 đến điểm tối đa).",
           18, "choice", POINTS_KINDS),
    Column("max", "Điểm tối đa", "Dòng tiêu chí: điểm tối đa của tiêu chí; dòng chỉ số: của chỉ số.", 11, "number"),
    Column("note", "Ghi chú", "Không bắt buộc.", 28),
)


def level_columns(level: int) -> tuple[Column, Column]:
    return (Column(f"level:{level}", f"Mức độ {level}: yêu cầu",
                   f"Ngưỡng để đạt mức độ {level}: một số (tỷ lệ % hay số từ ngưỡng trở lên, mức chuẩn từ mức này trở "
                   f"lên), “{PASS}” (chỉ tiêu đạt/không đạt) hoặc “{NOT_APPLICABLE}”.", 13, "threshold"),
            Column(f"level_source:{level}", f"Mức độ {level}: căn cứ", "Điều, khoản của yêu cầu này; không bắt buộc.",
                   16))


INPUT_COLUMNS = (
    Column("input_key", "Mã cột số liệu", "Chỉ khi một chỉ tiêu cần nhiều số liệu: mỗi số liệu một dòng, mã riêng "
           "(ví dụ 5.2a, 5.2b). Thường để trống.", 11, "code"),
    Column("input_label", "Nội dung cột số liệu", "Số liệu này là gì, ví dụ Tỷ lệ … (%).", 28),
    Column("at_most", "Là một phần của cột", "“Trong đó”: mã cột số liệu lớn hơn chứa số liệu này; thường để trống.",
           11, "code"),
)


def levels_criteria(levels: int) -> tuple[Column, ...]:
    per_level = [c for n in range(1, levels + 1) for c in level_columns(n)]
    return (*_crit("levels"),
            Column("kind", "Cách ghi", "Dòng chỉ tiêu: chọn trong danh sách.", 14, "choice", LEVELS_KINDS),
            Column("max", "Mức chuẩn cao nhất", "Với cách ghi “mức chuẩn”: mức cao nhất (ví dụ 3); với “số”: giá trị "
                   "lớn nhất được ghi (không bắt buộc).", 11, "number"),
            *per_level, *INPUT_COLUMNS, Column("note", "Ghi chú", "Không bắt buộc.", 28))


BANDS = (
    Column("indicator", "Mã chỉ số", "Mã chỉ số cách cho điểm “tỷ lệ % theo khoảng” ở trang Tiêu chí.", 12, "code"),
    Column("min", "Từ (kể cả)", "Tỷ lệ % từ mức này trở lên…", 12, "number"),
    Column("points", "Số điểm", "…được số điểm này (dưới khoảng thấp nhất: 0 điểm).", 12, "number"),
)
GRADES = (
    Column("name", "Tên loại", "Ví dụ Tốt, Khá, Trung bình; dòng cuối là loại không đạt (ví dụ Chưa đạt).", 18),
    Column("min", "Từ điểm (kể cả)", "Tổng điểm từ mức này; dòng loại không đạt để trống (các trường hợp còn lại).", 14,
           "number"),
    Column("below", "Đến dưới (không kể)", "Không bắt buộc: đến dưới ngưỡng của loại trên; loại cao nhất để trống "
           "(đến tổng điểm tối đa).", 14, "number"),
    Column("recognised", "Được công nhận", "có: được công nhận danh hiệu; không: không được (loại không đạt).", 12,
           "choice", YES_NO),
    Column("source", "Căn cứ", "Điều, khoản quy định loại này.", 22),
)
KNOCKOUTS = (
    Column("kind", "Loại điều kiện", "Chọn trong danh sách; điều kiện loại trừ khác chưa hỗ trợ (xem Hướng dẫn).", 24,
           "choice", KNOCKOUT_KINDS),
    Column("text", "Nội dung", "Nguyên văn như văn bản, ví dụ không công nhận khi có tiêu chí bị 0 điểm.", 48),
    Column("source", "Căn cứ", "Điều, khoản quy định điều kiện này.", 22),
    *((Column("below", "Dưới mức (điểm)", "Loại “có chỉ số dưới mức điểm”: số điểm mọi chỉ số phải đạt (ví dụ 5); "
                                          "loại khác để trống.", 12, "number"),) if KNOCKOUT_BELOW else ()),
)
LEVELS = (
    Column("level", "Mức độ", "1, 2… theo thứ tự.", 8, "int"),
    Column("name", "Tên mức độ", "Ví dụ Mức độ 1.", 14),
    Column("source", "Căn cứ", "Điều, khoản quy định mức độ này.", 22),
    Column("requires_lower", "Phải đạt cả mức dưới", "có: chỉ công nhận khi đạt cả các tiêu chí của mức dưới; không: "
           "chỉ xét tiêu chí của mức này. Để trống là có.", 14, "choice", YES_NO),
    Column("months_after_lower", "Số tháng sau công nhận mức dưới", "Chỉ công nhận mức này sau ít nhất số tháng này kể "
           "từ quyết định công nhận mức dưới; để trống nếu không quy định.", 14, "int"),
    Column("months_after_lower_source", "Căn cứ số tháng", "Điều, khoản quy định số tháng.", 22),
)


def variants_columns(levels: int) -> tuple[Column, ...]:
    per_level = [c for n in range(1, levels + 1) for c in level_columns(n)]
    return (Column("indicator", "Mã chỉ tiêu", "Chỉ tiêu có yêu cầu riêng cho một loại đối tượng.", 11, "code"),
            Column("input_key", "Mã cột số liệu", "Để trống nếu chỉ tiêu có một cột số liệu.", 11, "code"),
            Column("attribute", "Thuộc tính", "Mã thuộc tính ở trang Thuộc tính, ví dụ vung_kho_khan.", 16, "code"),
            Column("values", "Các giá trị", "Giá trị của thuộc tính được áp dụng yêu cầu riêng, cách nhau bằng dấu "
                   "chấm phẩy (;), ví dụ có.", 24),
            *per_level)


ATTRIBUTES = (
    Column("key", "Mã thuộc tính", "Chữ không dấu, số, gạch dưới, ví dụ vung_kho_khan; thành một cột của bảng điểm.",
           16, "code"),
    Column("label", "Tên thuộc tính", "Ví dụ Xã thuộc vùng khó khăn.", 28),
    Column("kind", "Kiểu", "có/không hoặc lựa chọn.", 12, "choice", ATTRIBUTE_KINDS),
    Column("default", "Mặc định", "Giá trị khi ô bảng điểm để trống (ví dụ không); để trống: bắt buộc ghi.", 12),
    Column("source", "Căn cứ", "Điều, khoản quy định.", 22),
    Column("choice_key", "Mã lựa chọn", "Kiểu lựa chọn: mỗi lựa chọn một dòng (dòng đầu cùng dòng thuộc tính).", 16,
           "code"),
    Column("choice_label", "Nội dung lựa chọn", "Lựa chọn đầy đủ, như văn bản ghi.", 36),
)
SHARES = (
    Column("input_key", "Mã cột số liệu", "Cột tỷ lệ (kiểu tỷ lệ %) tính từ sổ công nhận khi chấm với --registry.", 12,
           "code"),
    Column("title", "Danh hiệu cấp dưới", "Ví dụ Cộng đồng học tập cấp xã.", 28),
    Column("min_level", "Từ mức độ", "Đếm đối tượng cấp dưới được công nhận từ mức độ này.", 10, "int"),
    Column("valid_years", "Số năm còn hiệu lực", "Một lần công nhận được tính trong số năm đánh giá này.", 12, "int"),
    Column("source", "Căn cứ", "Điều, khoản quy định.", 22),
)
NOTES = (
    Column("kind", "Loại", "ghi chú: điều cần biết khi dùng bộ tiêu chí; còn thiếu: giá trị chưa có (chỉ với bộ dự "
           "thảo).", 12, "choice", NOTE_KINDS),
    Column("text", "Nội dung", "Ghi chú, hoặc giá trị còn thiếu (ví dụ Điểm tối đa của chỉ số 2.2).", 60),
    Column("source", "Nguồn cần có", "Loại còn thiếu: văn bản có giá trị đó.", 36),
)


def table_columns(sheet: str, scheme: str, levels: int) -> tuple[Column, ...]:
    return {
        CRITERIA_SHEET: POINTS_CRITERIA if scheme == "points" else levels_criteria(levels),
        BANDS_SHEET: BANDS, GRADES_SHEET: GRADES, KNOCKOUTS_SHEET: KNOCKOUTS, LEVELS_SHEET: LEVELS,
        VARIANTS_SHEET: variants_columns(levels), ATTRIBUTES_SHEET: ATTRIBUTES, SHARES_SHEET: SHARES,
        NOTES_SHEET: NOTES,
    }[sheet]


_LEVEL_HEADER = re.compile(r"^muc do (\d+): ?(yeu cau|can cu)$")


def level_of_header(folded: str) -> tuple[int, str] | None:
    """`Mức độ 2: yêu cầu` → (2, 'level'); `Mức độ 2: căn cứ` → (2, 'level_source')."""
    m = _LEVEL_HEADER.match(folded)
    if m is None:
        return None
    return int(m.group(1)), "level" if m.group(2) == "yeu cau" else "level_source"


def choice_of(text: str, choices: dict[str, str], synonyms: bool = True) -> str | None:
    """The key of a choice given its words (without case or diacritics), its key, or a common other wording."""
    folded = fold(text)
    for key, label in choices.items():
        if folded in (fold(label), fold(key)) or (synonyms and folded in SYNONYMS.get(key, ())):
            return key
    return None
