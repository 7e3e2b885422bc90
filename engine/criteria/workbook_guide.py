"""The "Hướng dẫn" worksheet of the provincial criteria workbook: how to fill each worksheet, an example set
worked through to its results, and what the workbook cannot express.

The example is data (EXAMPLE_*): the worksheet shows it, and the tests import it as a workbook and score its
subjects, so that the results the guide promises are the results the program gives.
"""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.criteria import workbook_layout as L

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = (12, 26, 10, 40, 18, 16, 14, 14)

_EXAMPLE_SOURCE = {
    "source.number": "01/2025/QĐ-UBND (ví dụ)", "source.issuer": "Ủy ban nhân dân tỉnh X (ví dụ)",
    "source.signed": date(2025, 1, 15), "source.articles": "Điều 3, Điều 4, Điều 5", "effective_from": date(2025, 2, 1),
    "status": "minh họa", "jurisdiction": "Tỉnh X (ví dụ)",
}
EXAMPLE_FORM = {
    "points": {
        "id": "gdht-vidu-tinh-x", "title": "Gia đình học tập", "subject_kind": "hộ gia đình", "scheme": "tính điểm",
        "source.title": "Quyết định ban hành Bộ tiêu chí đánh giá, công nhận danh hiệu “Gia đình học tập” (ví dụ)",
        "max_total": 100, "authority.recognised_by": "Chủ tịch Ủy ban nhân dân cấp xã",
        "authority.decision_title": "Quyết định công nhận danh hiệu “Gia đình học tập”", **_EXAMPLE_SOURCE,
    },
    "levels": {
        "id": "cdht-thon-vidu-tinh-x", "title": "Cộng đồng học tập cấp thôn", "subject_kind": "thôn, bản, tổ dân phố",
        "scheme": "theo mức độ",
        "source.title": "Quyết định ban hành Bộ tiêu chí đánh giá, công nhận “Cộng đồng học tập” cấp thôn (ví dụ)",
        "authority.recognised_by": "Chủ tịch Ủy ban nhân dân cấp xã",
        "authority.decision_title": "Quyết định công nhận “Cộng đồng học tập” cấp thôn", **_EXAMPLE_SOURCE,
    },
}
EXAMPLE_ROWS: dict[str, dict[str, list[dict]]] = {
    "points": {
        L.CRITERIA_SHEET: [
            {"criterion": "TC1", "name": "Học tập của trẻ em trong gia đình", "source": "Điều 3 khoản 1", "max": 30},
            {"indicator": "1.1", "text": "Trẻ em trong độ tuổi đi học đều được đến trường",
             "source": "Điều 3 khoản 1 điểm a", "kind": "chấm điểm", "max": 20},
            {"indicator": "1.2", "text": "Gia đình có góc học tập cho trẻ em", "source": "Điều 3 khoản 1 điểm b",
             "kind": "đạt/không đạt", "max": 10},
            {"criterion": "TC2", "name": "Học tập của người lớn trong gia đình", "source": "Điều 3 khoản 2", "max": 70},
            {"indicator": "2.1", "text": "Tỷ lệ người lớn trong gia đình học ít nhất một lớp trong năm (%)",
             "source": "Điều 3 khoản 2 điểm a", "kind": "tỷ lệ % theo khoảng", "max": 40},
            {"indicator": "2.2", "text": "Người lớn vận dụng điều đã học vào lao động, sản xuất và đời sống",
             "source": "Điều 3 khoản 2 điểm b", "kind": "chấm điểm", "max": 30},
        ],
        L.BANDS_SHEET: [{"indicator": "2.1", "min": 100, "points": 40}, {"indicator": "2.1", "min": 50, "points": 20}],
        L.GRADES_SHEET: [
            {"name": "Tốt", "min": 85, "recognised": "có", "source": "Điều 5 khoản 1"},
            {"name": "Khá", "min": 70, "below": 85, "recognised": "có", "source": "Điều 5 khoản 1"},
            {"name": "Chưa đạt", "recognised": "không", "source": "Điều 5 khoản 1"},
        ],
        L.KNOCKOUTS_SHEET: [{"kind": "có tiêu chí bị 0 điểm", "text": "Không công nhận khi có tiêu chí bị 0 điểm",
                             "source": "Điều 5 khoản 2"}],
    },
    "levels": {
        L.CRITERIA_SHEET: [
            {"criterion": "TC1", "name": "Lãnh đạo, chỉ đạo", "source": "Điều 4 khoản 1; Điều 5 khoản 1"},
            {"indicator": "1.1", "text": "Có kế hoạch xây dựng cộng đồng học tập hằng năm", "source": "Điều 4 khoản 1",
             "kind": "đạt/không đạt", "level:1": "đạt", "level:2": "đạt"},
            {"criterion": "TC2", "name": "Kết quả", "source": "Điều 4 khoản 2; Điều 5 khoản 2"},
            {"indicator": "2.1", "text": "Tỷ lệ hộ trong thôn đạt danh hiệu “Gia đình học tập” (%)",
             "source": "Điều 4 khoản 2; Điều 5 khoản 2", "kind": "tỷ lệ %", "level:1": 60,
             "level_source:1": "Điều 4 khoản 2", "level:2": 80, "level_source:2": "Điều 5 khoản 2"},
        ],
        L.LEVELS_SHEET: [
            {"level": 1, "name": "Mức độ 1", "source": "Điều 4", "requires_lower": "không"},
            {"level": 2, "name": "Mức độ 2", "source": "Điều 5", "requires_lower": "không"},
        ],
        L.ATTRIBUTES_SHEET: [{"key": "vung_kho_khan", "label": "Thôn thuộc vùng khó khăn", "kind": "có/không",
                              "default": "không", "source": "Điều 2"}],
        L.VARIANTS_SHEET: [{"indicator": "2.1", "attribute": "vung_kho_khan", "values": "có", "level:1": 50,
                            "level_source:1": "Điều 4 khoản 2 (vùng khó khăn)", "level:2": 70,
                            "level_source:2": "Điều 5 khoản 2 (vùng khó khăn)"}],
    },
}
# the example's subjects: the values of a score sheet, the grade (points) or level (levels) the program gives, why
EXAMPLE_SUBJECTS: dict[str, list[tuple[dict[str, str], str | int, str]]] = {
    "points": [
        ({"ma": "HO-A", "ten": "Hộ A", "1.1": "20", "1.2": "đạt", "2.1": "100", "2.2": "15"}, "Tốt",
         "20 + 10 + 40 + 15 = 85 điểm: Tốt (từ 85)."),
        ({"ma": "HO-B", "ten": "Hộ B", "1.1": "20", "1.2": "đạt", "2.1": "100", "2.2": "14,5"}, "Khá",
         "20 + 10 + 40 + 14,5 = 84,5 điểm: Khá (dưới 85 là Khá, dù chỉ thiếu 0,5)."),
        ({"ma": "HO-C", "ten": "Hộ C", "1.1": "18", "1.2": "không đạt", "2.1": "60", "2.2": "22"}, "Chưa đạt",
         "18 + 0 + 20 (60% thuộc khoảng từ 50%) + 22 = 60 điểm: Chưa đạt (dưới 70)."),
        ({"ma": "HO-D", "ten": "Hộ D", "1.1": "0", "1.2": "không đạt", "2.1": "100", "2.2": "30"}, "Chưa đạt",
         "0 + 0 + 40 + 30 = 70 điểm nhưng tiêu chí TC1 bị 0 điểm: Chưa đạt (điều kiện loại trừ)."),
    ],
    "levels": [
        ({"ma": "THON-A", "ten": "Thôn A", "vung_kho_khan": "không", "1.1": "đạt", "2.1": "85"}, 2,
         "1.1 đạt, 2.1 = 85% (từ 80%): đạt mức độ 2."),
        ({"ma": "THON-B", "ten": "Thôn B", "vung_kho_khan": "không", "1.1": "đạt", "2.1": "79,5"}, 1,
         "2.1 = 79,5%: dưới 80% của mức độ 2, từ 60% của mức độ 1: đạt mức độ 1."),
        ({"ma": "THON-C", "ten": "Thôn C", "vung_kho_khan": "có", "1.1": "đạt", "2.1": "72"}, 2,
         "Thôn vùng khó khăn (trang Trường hợp riêng): mức độ 2 cần từ 70%; 72%: đạt mức độ 2."),
        ({"ma": "THON-D", "ten": "Thôn D", "vung_kho_khan": "không", "1.1": "không đạt", "2.1": "90"}, 0,
         "1.1 không đạt: không đạt mức độ nào, dù 2.1 = 90%."),
    ],
}

_GENERAL = [
    "Bảng này để tỉnh ghi bộ tiêu chí của mình đúng như quyết định của tỉnh in ra, không cần viết tệp YAML. "
    "Điền xong: recognise criteria import tieu-chi.xlsx --output tinh-x.yaml (đọc, kiểm tra, ghi tệp bộ tiêu chí); "
    "rồi recognise sheet tinh-x.yaml --output bang-diem.xlsx (bảng điểm trống) và recognise score bang-diem.xlsx "
    "--criteria tinh-x.yaml (chấm). Muốn bắt đầu từ một bộ có sẵn (ví dụ bộ khung của Hội Khuyến học Việt Nam): "
    "recognise criteria derive gdht-448-2015 --output tieu-chi.xlsx --id gdht-tinh-x-2025 cho bảng điền sẵn.",
    "Khi nhập, chương trình kiểm tra cả bảng: mã trùng, tổng điểm tối đa các chỉ số bằng điểm tối đa tiêu chí, tổng "
    "các tiêu chí bằng tổng điểm tối đa, các loại xếp loại nối liền nhau, ngưỡng trong khoảng cho phép… Mỗi lỗi được "
    "báo kèm trang, ô (dòng, cột) và giá trị; còn lỗi thì không ghi gì. Sửa rồi nhập lại.",
    "Mỗi trang: dòng 1 là tiêu đề cột (không sửa, không xóa), dòng 2 nói cột đó ghi gì; điền từ dòng 3, mỗi dòng "
    "một mục, không bỏ dòng trống giữa chừng cũng được. Chọn một ô để xem hướng dẫn; ô có danh sách thì chọn trong "
    "danh sách. Dòng 1–2 được khóa (Xem lại > Bỏ bảo vệ trang tính, không có mật khẩu).",
    "Chỉ gõ giá trị: ô có công thức (=SUM…, =A1…) bị từ chối, kể cả khi Excel đã tính ra số. Số lẻ dùng dấu phẩy "
    "(7,5) hoặc dấu chấm (7.5); phần trăm ghi 60 (không phải 0,6); ngày ghi dd/mm/yyyy. Mã (TC1, 1.1, 5.2a) nên gõ "
    "như chữ: cột mã đã để dạng chữ để 1.10 không thành 1.1.",
    "Không ghi số chưa có trong văn bản: bộ “chính thức” chỉ ghi số đã đối chiếu với văn bản. Giá trị chưa có thì để "
    "trống ô đó, chọn tình trạng “dự thảo” và ghi ở trang Ghi chú một dòng loại “còn thiếu” (giá trị nào, văn bản "
    "nào có). Bộ dự thảo được kiểm tra, xem, in, nhưng không dùng để chấm.",
]

_SHEETS = {
    L.SET_SHEET: "Thông tin chung: mã bộ tiêu chí, danh hiệu, đối tượng, tình trạng, văn bản (số, tên, cơ quan, ngày "
                 "ký, điều khoản), thời gian hiệu lực, người có thẩm quyền công nhận.",
    L.CRITERIA_SHEET: "Mỗi tiêu chí một dòng (mã tiêu chí, tên, căn cứ{max}), ngay dưới là các {item} của nó, mỗi "
                      "{item} một dòng (mã, nội dung, căn cứ, {how}). Thứ tự như văn bản.",
    L.BANDS_SHEET: "Chỉ số cách cho điểm “tỷ lệ % theo khoảng”: mỗi khoảng một dòng (mã chỉ số, từ bao nhiêu %, được "
                   "mấy điểm). Dưới khoảng thấp nhất: 0 điểm.",
    L.GRADES_SHEET: "Các loại từ cao xuống thấp: tên, từ điểm (kể cả), được công nhận hay không, căn cứ. “Đến dưới” "
                    "không bắt buộc (tự lấy ngưỡng loại trên). Dòng cuối là loại không đạt, để trống “Từ điểm”: các "
                    "trường hợp còn lại.",
    L.KNOCKOUTS_SHEET: "Điều kiện không công nhận dù đủ điểm: " + "; ".join(f"“{v}”" for v in L.KNOCKOUT_KINDS.values())
                       + (" (ghi số điểm ở cột “Dưới mức (điểm)”)" if L.KNOCKOUT_BELOW else "") + ".",
    L.LEVELS_SHEET: "Mỗi mức độ một dòng: 1, 2…, tên, căn cứ; có phải đạt cả mức dưới không; số tháng phải chờ sau "
                    "quyết định công nhận mức dưới (nếu văn bản quy định).",
    L.VARIANTS_SHEET: "Ngưỡng riêng cho một loại đối tượng (ví dụ xã, thôn thuộc vùng khó khăn; loại đơn vị): mã chỉ "
                      "tiêu, thuộc tính, các giá trị được áp dụng, ngưỡng từng mức độ (hoặc “không áp dụng”). Đối "
                      "tượng khác theo ngưỡng ở trang Tiêu chí.",
    L.ATTRIBUTES_SHEET: "Đặc điểm của đối tượng làm thay đổi yêu cầu: mã (thành một cột của bảng điểm), tên, kiểu "
                        "có/không hoặc lựa chọn (mỗi lựa chọn một dòng), giá trị mặc định.",
    L.SHARES_SHEET: "Chỉ tiêu là tỷ lệ đối tượng cấp dưới được công nhận (ví dụ tỷ lệ thôn đạt mức độ 1): chương "
                    "trình tính từ sổ công nhận khi chấm với --registry.",
    L.NOTES_SHEET: "Ghi chú khi dùng bộ tiêu chí; với bộ dự thảo: mỗi giá trị còn thiếu một dòng loại “còn thiếu”.",
}

_SUPPORTED = {
    "points": [
        "Chỉ số chấm điểm từ 0 đến điểm tối đa (được ghi điểm lẻ, ví dụ 7,5); chỉ số đạt/không đạt (đạt: đủ điểm tối "
        "đa, không đạt: 0); chỉ số tỷ lệ % quy ra điểm theo khoảng.",
        "Tổng điểm, xếp loại theo tổng điểm (mỗi loại từ một ngưỡng, kể cả ngưỡng, đến dưới ngưỡng loại trên: 84,5 "
        "điểm là Khá khi Tốt từ 85), điều kiện loại trừ: " + "; ".join(f"“{v}”" for v in L.KNOCKOUT_KINDS.values())
        + ".",
    ],
    "levels": [
        "Chỉ tiêu đạt/không đạt; tỷ lệ %, số hoặc mức chuẩn (ví dụ phổ cập mức 2) so với ngưỡng “từ … trở lên” của "
        "từng mức độ; chỉ tiêu không áp dụng ở một mức độ.",
        "Chỉ tiêu nhiều số liệu (mỗi số liệu một dòng có “Mã cột số liệu”, “trong đó” qua “Là một phần của cột”); "
        "ngưỡng riêng theo một thuộc tính của đối tượng (trang Trường hợp riêng); tỷ lệ cấp dưới tính từ sổ công "
        "nhận; mức độ phải chờ số tháng sau công nhận mức dưới.",
    ],
}
_NOT_SUPPORTED = {
    "points": [
        "Công thức trong ô (chỉ đọc giá trị gõ vào).",
        "Chỉ số đọc nhiều số liệu; một số đếm được (không phải tỷ lệ %) quy ra điểm theo khoảng: quy đổi ra điểm rồi "
        "ghi chỉ số đó là “chấm điểm”.",
        "Điểm trừ, điểm thưởng, điểm âm; điểm tối đa hay khoảng điểm khác nhau theo loại đối tượng.",
        "Điều kiện loại trừ khác các loại trên, ví dụ " + ("" if "indicator_below" in L.KNOCKOUT_KINDS else
                                                             "“không có chỉ số nào dưới 5 điểm” hay ")
        + "“gia đình có người vi phạm pháp luật”: ghi vào trang Ghi chú để hội đồng xét; chương trình không tự áp "
        "dụng.",
        "Xếp loại theo điều kiện khác ngoài tổng điểm và điều kiện loại trừ.",
    ],
    "levels": [
        "Công thức trong ô (chỉ đọc giá trị gõ vào).",
        "Ngưỡng “không quá”, “thấp hơn”, “cao hơn năm trước”: ghi chỉ tiêu đó là đạt/không đạt và để hội đồng xét.",
        "Ngưỡng riêng theo hai thuộc tính cùng lúc (mỗi chỉ tiêu, mỗi mức độ chỉ phân theo một thuộc tính).",
        f"Hơn {L.MAX_LEVELS} mức độ; chấm điểm, xếp loại (dùng bảng “tính điểm”).",
    ],
}
_LIMITS = ("Mỗi ô tối đa 1.000 ký tự; mã tối đa 32 ký tự (chữ không dấu, số, dấu chấm, gạch); số tối đa 6 chữ số "
           "thập phân; mỗi trang tối đa 2.000 dòng.")


def guide_sheet(ws: Worksheet, scheme: str, levels: int) -> None:
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    width = sum(WIDTHS)
    row = 1

    def line(text: str, *, bold: bool = False, size: float = 11, color: str | None = None) -> None:
        nonlocal row
        cell = ws.cell(row, 1, text)
        cell.font = Font(bold=bold, size=size, color=color)
        cell.alignment = _WRAP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
        ws.row_dimensions[row].height = 15 * max(1, -(-len(text) // int(width * 0.95))) + 3
        row += 1

    def table(headers: list[str], rows: list[list]) -> None:
        """A bordered table; with fewer columns than the page, the last one spans the rest of the page."""
        nonlocal row
        n = len(headers)
        widths = list(WIDTHS[:n - 1]) + [sum(WIDTHS[n - 1:])] if n <= len(WIDTHS) else list(WIDTHS) + [10] * (
            n - len(WIDTHS))
        for values, bold in [(headers, True)] + [(values, False) for values in rows]:
            tall = 1
            for i, value in enumerate(values, start=1):
                cell = ws.cell(row, i, value)
                cell.border = _BOX
                cell.alignment = _WRAP
                if bold:
                    cell.font = Font(bold=True)
                    cell.fill = _HEAD_FILL
                if isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
                tall = max(tall, -(-len(str(value or "")) // max(int(widths[i - 1] * 1.1) - 2, 4)))
            if n < len(WIDTHS):
                for i in range(n + 1, len(WIDTHS) + 1):
                    ws.cell(row, i).border = _BOX
                ws.merge_cells(start_row=row, start_column=n, end_row=row, end_column=len(WIDTHS))
            ws.row_dimensions[row].height = 15 * min(tall, 8) + 3
            row += 1
        row += 1

    name = L.SCHEMES[scheme]
    line(f"HƯỚNG DẪN ĐIỀN BẢNG TIÊU CHÍ ({name.upper()})", bold=True, size=14)
    for i, text in enumerate(_GENERAL, start=1):
        line(f"{i}. {text}")
    row += 1
    line("Các trang", bold=True, size=12)
    item = "chỉ số" if scheme == "points" else "chỉ tiêu"
    how = ("cách cho điểm, điểm tối đa" if scheme == "points" else
           f"cách ghi, yêu cầu của từng mức độ: ngưỡng số, “{L.PASS}” hoặc “{L.NOT_APPLICABLE}”")
    sheets = L.POINTS_SHEETS if scheme == "points" else L.LEVELS_SHEETS
    for sheet in sheets:
        text = _SHEETS[sheet].format(item=item, how=how, max=", điểm tối đa" if scheme == "points" else "")
        line(f"“{sheet}”: {text}")
    row += 1
    line("Các cột", bold=True, size=12)
    for sheet in sheets[1:]:
        columns = L.table_columns(sheet, scheme, levels)
        table(["Trang", "Cột", "Ghi gì"], [[sheet, c.header, c.hint] for c in columns])
    _example(line, table, scheme)
    line("Hỗ trợ", bold=True, size=12)
    for text in _SUPPORTED[scheme]:
        line(f"- {text}")
    line("Chưa hỗ trợ (bảng không ghi được; nếu văn bản của tỉnh có, hãy ghi vào trang Ghi chú)", bold=True, size=12,
         color="C00000")
    for text in _NOT_SUPPORTED[scheme]:
        line(f"- {text}")
    line(f"Giới hạn: {_LIMITS}")
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _example(line, table, scheme: str) -> None:
    line("Ví dụ (minh họa, không phải quy định của tỉnh nào)", bold=True, size=12)
    form = EXAMPLE_FORM[scheme]
    labels = {f.key: f.label for f in L.SET_FIELDS}
    table(["Trang", "Mục", "Nội dung"], [[L.SET_SHEET, labels[k], v] for k, v in form.items()])
    for sheet, rows in EXAMPLE_ROWS[scheme].items():
        columns = [c for c in L.table_columns(sheet, scheme, 2) if any(r.get(c.key) is not None for r in rows)]
        line(f"Trang “{sheet}”:")
        table([c.header for c in columns], [[r.get(c.key) for c in columns] for r in rows])
    line("Chấm bảng điểm theo bộ ví dụ này:")
    for values, _, why in EXAMPLE_SUBJECTS[scheme]:
        line(f"- {values['ten']}: {why}")
