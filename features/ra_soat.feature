# language: vi
Tính năng: Hội Khuyến học rà soát hồ sơ đề nghị công nhận của các xã
  Mỗi xã gửi lên một gói hồ sơ: goi.yaml (năm đánh giá, bộ tiêu chí hoặc danh hiệu), bảng điểm và kết quả kê khai.
  Hội Khuyến học chấm lại bảng điểm bằng bộ tiêu chí có hiệu lực năm đánh giá (ngày 31/12 của năm đó) và đối chiếu
  với kết quả kê khai; mỗi chỗ khác là một phát hiện, nêu đối tượng, loại và căn cứ.
  Bộ minh họa gdht-448-vidu: mười chỉ số 10 điểm (3.2 đạt được 10 điểm), hộ đạt khi tổng từ 80 điểm và không tiêu chí
  nào bị 0 điểm. Tổng tính tay: HGD-01 = 96; HGD-02 = 8 × 7 + 10 + 7,5 + 6 = 79,5; HGD-03 = 56 + 10 + 8,5 + 8 = 82,5;
  HGD-04 = 80 nhưng tiêu chí 4 được 0 điểm.

  Tình huống: Hồ sơ đúng không có phát hiện nào
    Cho xã "Tân Lập" gửi hồ sơ năm 2024 theo bộ tiêu chí "gdht-448-vidu" với bảng điểm:
      | Mã     | Tên                    | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
      | HGD-02 | Hộ ông Lê Văn Tám      | 8   | 8   | 8   | 8   | 8   | 8   | 8   | đạt | 7,5 | 6   |
      | HGD-04 | Hộ bà Trần Thị Mai     | 10  | 10  | 10  | 10  | 10  | 10  | 10  | đạt | 0   | 0   |
    Và kết quả kê khai của xã "Tân Lập" đúng như bộ tiêu chí gdht-448-vidu chấm bảng điểm
    Khi Hội Khuyến học rà soát hồ sơ của xã "Tân Lập"
    Thì không có phát hiện nào

  Tình huống: Kết quả gõ tay sai tổng, sai xếp loại và kê khai hộ không có trong bảng điểm
    Cho xã "Tân Lập" gửi hồ sơ năm 2024 theo bộ tiêu chí "gdht-448-vidu" với bảng điểm:
      | Mã     | Tên                    | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
      | HGD-02 | Hộ ông Lê Văn Tám      | 8   | 8   | 8   | 8   | 8   | 8   | 8   | đạt | 7,5 | 6   |
      | HGD-03 | Hộ bà Phạm Thị Lan     | 8   | 8   | 8   | 8   | 8   | 8   | 8   | đạt | 8,5 | 8   |
      | HGD-04 | Hộ bà Trần Thị Mai     | 10  | 10  | 10  | 10  | 10  | 10  | 10  | đạt | 0   | 0   |
    Và kết quả kê khai của xã "Tân Lập" gõ tay:
      | Mã     | Tên                    | Tổng điểm | Xếp loại |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 96        | Đạt      |
      | HGD-02 | Hộ ông Lê Văn Tám      | 80        | Đạt      |
      | HGD-03 | Hộ bà Phạm Thị Lan     | 82,5      | Đạt      |
      | HGD-04 | Hộ bà Trần Thị Mai     | 80        | Đạt      |
      | HGD-09 | Hộ ông Đỗ Văn Hùng     | 90        | Đạt      |
    Khi Hội Khuyến học rà soát hồ sơ của xã "Tân Lập"
    Thì phát hiện "sai_tong" ở hộ "HGD-02"
    Và nội dung phát hiện có "tổng điểm kê khai 80"
    Và nội dung phát hiện có "được 79,5"
    Và phát hiện "sai_xep_loai" ở hộ "HGD-02"
    Và nội dung phát hiện có "xếp loại “Chưa đạt”"
    Và phát hiện "sai_xep_loai" ở hộ "HGD-04"
    Và nội dung phát hiện có "có tiêu chí bị 0 điểm"
    Và phát hiện "khong_co_trong_bang_diem" ở hộ "HGD-09"
    Và có tất cả 4 phát hiện

  Tình huống: Điểm vượt mức tối đa của chỉ số
    Cho xã "Tân Lập" gửi hồ sơ năm 2024 theo bộ tiêu chí "gdht-448-vidu" với bảng điểm:
      | Mã     | Tên                    | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
      | HGD-05 | Hộ ông Vũ Văn Nam      | 10  | 12  | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
    Và kết quả kê khai của xã "Tân Lập" đúng như bộ tiêu chí gdht-448-vidu chấm bảng điểm
    Khi Hội Khuyến học rà soát hồ sơ của xã "Tân Lập"
    Thì phát hiện "vuot_toi_da" ở hộ "HGD-05"
    Và nội dung phát hiện có "chỉ số 1.2: ghi 12 điểm, vượt điểm tối đa 10 điểm"
    Và căn cứ của phát hiện là "448/QĐ-KHVN (phỏng theo) QĐ 448/QĐ-KHVN phần A mục 1"
    Và có tất cả 1 phát hiện

  Tình huống: Cùng một hộ có trong hồ sơ của hai xã
    Cho xã "Tân Lập" gửi hồ sơ năm 2024 theo bộ tiêu chí "gdht-448-vidu" với bảng điểm:
      | Mã     | Tên                    | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
    Và kết quả kê khai của xã "Tân Lập" đúng như bộ tiêu chí gdht-448-vidu chấm bảng điểm
    Và xã "Tân Phú" gửi hồ sơ năm 2024 theo bộ tiêu chí "gdht-448-vidu" với bảng điểm:
      | Mã     | Tên                    | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
      | HGD-07 | Hộ bà Hồ Thị Sương     | 10  | 10  | 10  | 10  | 10  | 10  | 10  | đạt | 10  | 10  |
    Và kết quả kê khai của xã "Tân Phú" đúng như bộ tiêu chí gdht-448-vidu chấm bảng điểm
    Khi Hội Khuyến học rà soát hồ sơ của xã "Tân Lập" và xã "Tân Phú"
    Thì phát hiện "trung_lap" ở hộ "HGD-01"
    Và nội dung phát hiện có "xa-tan-lap"
    Và nội dung phát hiện có "xa-tan-phu"
    Và có tất cả 1 phát hiện

  Tình huống: Xã kê khai bộ tiêu chí đã hết hiệu lực
    Cho xã "Yên Hòa" gửi hồ sơ năm 2024 theo bộ tiêu chí "cdht-xa-tt44-2014" với bảng điểm:
      | Mã    | Tên        | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | 60   | 15   |
    Và kết quả kê khai của xã "Yên Hòa" đúng như bộ tiêu chí cdht-xa-tt25-2023 chấm bảng điểm
    Khi Hội Khuyến học rà soát hồ sơ của xã "Yên Hòa"
    Thì phát hiện "sai_bo_tieu_chi" của cả hồ sơ xã "Yên Hòa"
    Và nội dung phát hiện có "cdht-xa-tt44-2014"
    Và nội dung phát hiện có "không có hiệu lực cho năm đánh giá 2024"
    Và nội dung phát hiện có "Đã chấm lại bảng điểm theo bộ cdht-xa-tt25-2023"
    Và căn cứ của phát hiện có "TT 25/2023 (hiệu lực từ 12/02/2024)"
    Và có tất cả 1 phát hiện

  Tình huống: Xã đề nghị mức độ 2 chưa đủ 12 tháng sau quyết định công nhận mức độ 1
    Cho xã "Yên Hòa" gửi hồ sơ "Cộng đồng học tập cấp xã" năm 2024 với bảng điểm:
      | Mã    | Tên        | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | 60   | 15   |
    Và kết quả kê khai của xã "Yên Hòa" gõ tay:
      | Mã    | Tên        | Mức độ   |
      | XA-01 | Xã Yên Hòa | Mức độ 2 |
    Và sổ công nhận ghi "XA-01" đạt "Cộng đồng học tập cấp xã" mức độ 1 theo quyết định "25/QĐ-PGDĐT" ngày 01/06/2024
    Khi Hội Khuyến học rà soát hồ sơ của xã "Yên Hòa"
    Thì phát hiện "nang_muc_som" ở xã "XA-01"
    Và nội dung phát hiện có "mới 6 tháng"
    Và căn cứ của phát hiện có "TT 25/2023 Điều 5 khoản 2, khoản 3"
    Và có tất cả 1 phát hiện

  Tình huống: Đủ 12 tháng sau quyết định công nhận mức độ 1 thì được đề nghị mức độ 2
    Cho xã "Yên Hòa" gửi hồ sơ "Cộng đồng học tập cấp xã" năm 2024 với bảng điểm:
      | Mã    | Tên        | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | 60   | 15   |
    Và kết quả kê khai của xã "Yên Hòa" gõ tay:
      | Mã    | Tên        | Mức độ   |
      | XA-01 | Xã Yên Hòa | Mức độ 2 |
    Và sổ công nhận ghi "XA-01" đạt "Cộng đồng học tập cấp xã" mức độ 1 theo quyết định "31/QĐ-PGDĐT" ngày 31/12/2023
    Khi Hội Khuyến học rà soát hồ sơ của xã "Yên Hòa"
    Thì không có phát hiện nào
