# language: vi
Tính năng: Công nhận "Cộng đồng học tập" cấp xã theo Thông tư 25/2023/TT-BGDĐT
  Mỗi chỉ tiêu được đánh giá đạt hoặc không đạt; tiêu chí đạt khi mọi chỉ tiêu đạt; xã đạt một mức độ khi đạt
  mọi tiêu chí của mức độ đó (Điều 8). Tiêu chí 1–3 giống nhau ở hai mức độ.
  Tiêu chí 4 (Điều 6, 7 khoản 4): mức độ 1 cần phổ cập tiểu học (4.2) và trung học cơ sở (4.3) mức độ 2,
  xóa mù chữ (4.4) mức độ 1; mức độ 2 cần 4.2, 4.3 mức độ 3 và 4.4 mức độ 2.
  Tiêu chí 5 (Điều 6, 7 khoản 5): 5.1 là tỷ lệ công dân đạt "Công dân học tập": từ 60% (mức độ 1), từ 80% (mức độ 2).
  5.2 gồm hai tỷ lệ phải cùng đạt: 5.2a được đào tạo chuyên môn kỹ thuật, 5.2b có trình độ đại học trở lên:
  xã thường 50% và 12% (mức độ 1), 60% và 15% (mức độ 2); xã thuộc vùng khó khăn 40% và 10% (mức độ 1),
  50% và 12% (mức độ 2).
  Xã chỉ được công nhận mức độ 2 khi quyết định công nhận mức độ 1 đã đủ 12 tháng tính đến 31/12 năm đánh giá
  (Điều 5 khoản 2, khoản 3; bản Thông tư của dự án thiếu các khoản này, nội dung theo lời văn thứ cấp); ngày quyết
  định ghi ở cột "Ngày công nhận mức độ 1". Không ghi ngày thì xã đủ tiêu chí mức độ 2 chỉ được công nhận mức độ 1.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; xã đầu tiên nằm ở dòng 2.

  Bối cảnh:
    Cho bộ tiêu chí "cdht-xa-tt25-2023" là bộ chính thức theo Thông tư số 25/2023/TT-BGDĐT

  Khung tình huống: Tỷ lệ "Công dân học tập" sát ngưỡng 60% và 80%
    Các chỉ tiêu khác đều đủ cho mức độ 2: phổ cập mức độ 3, xóa mù chữ mức độ 2, 5.2a 60% và 5.2b 15%.
    Xã được công nhận mức độ 1 ngày 15/01/2023, đến 31/12/2024 là 23 tháng.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1   | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | không                  | 15/01/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | <5.1> | 60   | 15   |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì xã "XA-01" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 5.1  | kết quả              | lý do                                 |
      | 59,9 | không đạt mức độ nào | 5.1: 59,9% < 60% cần cho mức độ 1     |
      | 60   | đạt mức độ 1         | 5.1: 60% < 80% cần cho mức độ 2       |
      | 60%  | đạt mức độ 1         | 5.1: 60% < 80% cần cho mức độ 2       |
      | 79,9 | đạt mức độ 1         | 5.1: 79,9% < 80% cần cho mức độ 2     |
      | 80   | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí |
      | 100  | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí |

  Tình huống: Xã thiếu 0,1% Công dân học tập được giải thích thiếu chỉ tiêu nào, cần bao nhiêu cho mức độ 1
    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1  | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 59,9 | 50   | 12   |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-01" không đạt mức độ nào
    Và xã "XA-01" không được công nhận
    Và lý do có "Không đạt mức độ 1 (Điều 8 khoản 1 điểm a): tiêu chí TC5 chưa đạt"
    Và lý do có "chỉ tiêu 5.1: 59,9% < 60% cần cho mức độ 1"
    Và lý do không có "5.2"
    Và tiêu chí "TC4" đạt mức độ 1
    Và tiêu chí "TC5" chưa đạt mức độ 1
    Và chỉ tiêu "5.1" không đạt
    Và chỉ tiêu "5.2" đạt
    Và căn cứ của chỉ tiêu "5.1" là "Điều 6 khoản 5 điểm a; Điều 7 khoản 5 điểm a"

  Khung tình huống: Ngưỡng đào tạo của xã thường và xã thuộc vùng khó khăn
    5.1 là 80% và phổ cập, xóa mù chữ đều đủ cho mức độ 2: chỉ 5.2a và 5.2b quyết định mức độ.
    Ô vùng khó khăn để trống được hiểu là "không". Xã được công nhận mức độ 1 ngày 15/01/2023 (23 tháng đến 31/12/2024).

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a   | 5.2b   |
      | XA-02 | Xã Nà Hang | <vùng khó khăn>        | 15/01/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | <5.2a> | <5.2b> |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì xã "XA-02" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | vùng khó khăn | 5.2a | 5.2b | kết quả              | lý do                                                           |
      | không         | 40   | 10   | không đạt mức độ nào | 5.2a: 40% < 50% cần cho mức độ 1; chỉ tiêu 5.2b: 10% < 12%      |
      |               | 40   | 10   | không đạt mức độ nào | 5.2a: 40% < 50% cần cho mức độ 1                                |
      | không         | 49,9 | 12   | không đạt mức độ nào | 5.2a: 49,9% < 50% cần cho mức độ 1                              |
      | không         | 50   | 12   | đạt mức độ 1         | 5.2a: 50% < 60% cần cho mức độ 2                                |
      | không         | 60   | 14,9 | đạt mức độ 1         | 5.2b: 14,9% < 15% cần cho mức độ 2                              |
      | không         | 60   | 15   | đạt mức độ 2         | Đạt mức độ 2                                                    |
      | có            | 40   | 10   | đạt mức độ 1         | 5.2a: 40% < 50% cần cho mức độ 2 (Xã thuộc vùng khó khăn: có)   |
      | có            | 39,9 | 10   | không đạt mức độ nào | 5.2a: 39,9% < 40% cần cho mức độ 1 (Xã thuộc vùng khó khăn: có) |
      | có            | 40   | 9,9  | không đạt mức độ nào | 5.2b: 9,9% < 10% cần cho mức độ 1 (Xã thuộc vùng khó khăn: có)  |
      | có            | 49,9 | 12   | đạt mức độ 1         | 5.2a: 49,9% < 50% cần cho mức độ 2 (Xã thuộc vùng khó khăn: có) |
      | có            | 50   | 12   | đạt mức độ 2         | Đạt mức độ 2                                                    |

  Tình huống: 59,99999999999999999% "Công dân học tập" vẫn dưới 60%
    Số liệu được so đúng như đã ghi, không làm tròn: 59,99999999999999999 < 60 nên xã không đạt chỉ tiêu 5.1
    (Điều 6 khoản 5 điểm a). Máy tính dùng số thực thông thường sẽ đọc số này thành 60.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên         | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1                  | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa  | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 59,99999999999999999 | 50   | 12   |
      | XA-02 | Xã Tân Minh | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 60                   | 50   | 12   |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-01" không đạt mức độ nào
    Và lý do có "chỉ tiêu 5.1: 59,99999999999999999% < 60% cần cho mức độ 1"
    Và xã "XA-02" đạt mức độ 1

  Khung tình huống: Xã đủ tiêu chí mức độ 2 chỉ được công nhận mức độ 2 khi quyết định công nhận mức độ 1 đủ 12 tháng
    Năm đánh giá 2024, thời gian tính đến 31/12/2024 theo tháng tròn: quyết định ngày 01/01/2024 mới 11 tháng,
    ngày 31/12/2023 đúng 12 tháng. Không ghi ngày thì không biết xã đã được công nhận mức độ 1 hay chưa.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên          | Xã thuộc vùng khó khăn | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-07 | Xã Hương Sơn | không                  | <ngày>                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 85  | 65   | 16   |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì xã "XA-07" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | ngày       | kết quả      | lý do                                                                                        |
      |            | đạt mức độ 1 | Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 5 khoản 2, khoản 3 |
      | 01/01/2024 | đạt mức độ 1 | quyết định công nhận mức độ 1 mới 11 tháng                                                   |
      | 31/12/2023 | đạt mức độ 2 | quyết định công nhận mức độ 1 đã 12 tháng, đủ 12 tháng (Điều 5 khoản 2, khoản 3              |

  Tình huống: Xã chưa có quyết định công nhận mức độ 1 thì mức độ 2 đang chờ, nêu rõ còn thiếu gì
    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-08 | Xã Phú Lộc | có                     | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | 50   | 12   |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-08" đạt mức độ 1
    Và mức độ 2 đang chờ, lý do có "Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng"
    Và mức độ 2 đang chờ, lý do có "chưa có quyết định công nhận mức độ 1 (cột ngay_cong_nhan_muc_do_1 hoặc sổ công nhận)"
    Và lý do có "Đạt mức độ 1: đạt tất cả các tiêu chí, chỉ tiêu (Điều 8 khoản 1 điểm a)."

  Tình huống: Chỉ tiêu 5.2 không đạt chỉ vì tỷ lệ đại học (5.2b), dù tỷ lệ đào tạo (5.2a) rất cao
    5.2a = 90% vượt xa 50%, nhưng 5.2b = 11,9% dưới 12%: cả chỉ tiêu 5.2 không đạt, xã không đạt mức độ 1.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-03 | Xã Tân Lập | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 65  | 90   | 11,9 |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-03" không đạt mức độ nào
    Và chỉ tiêu "5.2" không đạt
    Và tiêu chí "TC5" chưa đạt mức độ 1
    Và lý do có "tiêu chí TC5 chưa đạt — chỉ tiêu 5.2b: 11,9% < 12% cần cho mức độ 1"
    Và lý do không có "5.2a"
    Và lý do không có "5.1"
    Và lý do của chỉ tiêu "5.2" có "5.2b: 11,9% < 12% cần cho mức độ 1"
    Và lý do của chỉ tiêu "5.2" không có "5.2a: 90% <"

  Tình huống: Mức độ 2 cần phổ cập giáo dục tiểu học mức độ 3
    Xã đủ mọi điều kiện mức độ 2 trừ phổ cập tiểu học mới đạt mức độ 2 (ô 4.2 ghi "mức độ 2").

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2      | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-04 | Xã An Bình | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | mức độ 2 | 3   | 2   | 85  | 62   | 16   |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-04" đạt mức độ 1
    Và tiêu chí "TC4" đạt mức độ 1
    Và tiêu chí "TC4" chưa đạt mức độ 2
    Và tiêu chí "TC5" đạt mức độ 2
    Và lý do có "Chưa đạt mức độ 2 (Điều 8 khoản 1 điểm b): tiêu chí TC4 chưa đạt"
    Và lý do có "chỉ tiêu 4.2: mức độ 2 < mức độ 3 cần cho mức độ 2"

  Tình huống: Một chỉ tiêu đạt/không đạt của tiêu chí 1 không đạt thì xã không đạt mức độ nào
    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên         | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3       | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-05 | Xã Hòa Hiệp | có                     | có  | x   | không đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 90  | 70   | 20   |
    Khi hội đồng chấm bảng điểm
    Thì xã "XA-05" không đạt mức độ nào
    Và tiêu chí "TC1" chưa đạt mức độ 1
    Và chỉ tiêu "1.1" đạt
    Và chỉ tiêu "1.2" đạt
    Và chỉ tiêu "1.3" không đạt
    Và lý do có "chỉ tiêu 1.3: không đạt, cần đạt cho mức độ 1"

  Tình huống: Dòng có số liệu sai bị loại với số dòng của nó, các xã khác vẫn được chấm
    Dòng 3 ghi phổ cập tiểu học "mức độ 4" (chỉ có mức 0 đến 3); dòng 4 ghi tỷ lệ 120%;
    dòng 5 ghi vùng khó khăn là "hơi khó". Dòng 2 và dòng 6 đúng.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên         | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2      | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa  | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2        | 2   | 1   | 60  | 50   | 12   |
      | XA-02 | Xã Nà Hang  | có                     | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | mức độ 4 | 2   | 1   | 60  | 40   | 10   |
      | XA-03 | Xã Tân Lập  | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2        | 2   | 1   | 120 | 50   | 12   |
      | XA-04 | Xã An Bình  | hơi khó                | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2        | 2   | 1   | 60  | 40   | 10   |
      | XA-05 | Xã Hòa Hiệp | có                     | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2        | 2   | 1   | 60  | 40   | 10   |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "4.2"
    Và thông báo lỗi có "chỉ tiêu 4.2: mức độ 4 ngoài khoảng 0–3"
    Và dòng 4 bị loại vì cột "5.1"
    Và thông báo lỗi có "chỉ tiêu 5.1: giá trị 120% ngoài khoảng 0–100%"
    Và dòng 5 bị loại vì cột "vung_kho_khan"
    Và thông báo lỗi có "Xã thuộc vùng khó khăn: giá trị “hơi khó” không hợp lệ"
    Và vẫn chấm các dòng còn lại: "XA-01", "XA-05"
    Và xã "XA-01" đạt mức độ 1
    Và xã "XA-05" đạt mức độ 1
    Và có 2 xã được công nhận và 3 dòng bị loại

  Tình huống: Tỷ lệ có trình độ đại học (5.2b) không thể lớn hơn tỷ lệ được đào tạo (5.2a)
    Người có trình độ đại học là một phần của người được đào tạo chuyên môn kỹ thuật ("trong đó"),
    nên 5.2b = 30% mà 5.2a = 20% là số liệu mâu thuẫn: dòng 2 bị trả lại, xã ở dòng 3 vẫn được chấm.

    Cho bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên          | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-06 | Xã Phú Cường | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 60  | 20   | 30   |
      | XA-01 | Xã Yên Hòa   | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 60  | 50   | 12   |
    Khi hội đồng chấm bảng điểm
    Thì dòng 2 bị loại vì cột "5.2b"
    Và thông báo lỗi có "chỉ tiêu 5.2b: 30% lớn hơn 5.2a (20%)"
    Và vẫn chấm các dòng còn lại: "XA-01"
    Và xã "XA-01" đạt mức độ 1
