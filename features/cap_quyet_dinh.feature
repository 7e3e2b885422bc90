# language: vi
Tính năng: In quyết định công nhận, danh sách kèm theo và giấy công nhận
  Sau khi hội đồng chấm, cơ quan có thẩm quyền in quyết định công nhận theo thể thức Nghị định 30/2020/NĐ-CP
  (số, ngày, người ký lấy từ cấu hình triển khai), danh sách kèm theo, mỗi đối tượng được công nhận một giấy
  công nhận (theo thứ tự trong danh sách) và mỗi đối tượng không đạt một thông báo nêu lý do.
  Văn bản in từ bộ tiêu chí minh họa mang dòng "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" trên mọi trang;
  văn bản theo bộ chính thức thì không.
  Bộ minh họa gdht-448-vidu: hộ đạt khi tổng từ 80 điểm và không tiêu chí nào bị 0 điểm; 3.2 đạt được 10 điểm.

  Tình huống: Ủy ban nhân dân xã in quyết định công nhận Gia đình học tập theo bộ minh họa
    Cho cấu hình triển khai:
      """
      tinh: Tỉnh Thái Nguyên
      xa: Xã Tân Lập
      co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
      dia_danh: Tân Lập
      so_quyet_dinh: 15/QĐ-UBND
      ngay_quyet_dinh: 2025-03-20
      nguoi_ky:
        tham_quyen: TM. ỦY BAN NHÂN DÂN
        chuc_vu: Chủ tịch
        ho_ten: Nguyễn Văn An
      """
    Và bảng điểm theo bộ tiêu chí "gdht-448-vidu" với các dòng:
      | Mã     | Tên                    | Địa bàn        | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2       | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | Thôn Đồng Chùa | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt       | 10  | 10  |
      | HGD-02 | Hộ bà Trần Thị Mai     | Thôn Đồng Chùa | 10  | 10  | 10  | 10  | 10  | 10  | 10  | đạt       | 0   | 0   |
      | HGD-03 | Hộ ông Lê Văn Tám      | Thôn Gò Mít    | 8   | 8   | 8   | 8   | 8   | 8   | 8   | đạt       | 7,5 | 6   |
      | HGD-04 | Hộ bà Phạm Thị Lan     | Thôn Gò Mít    | 8   | 8   | 8   | 8   | 8   | 8   | 8   | đạt       | 8,5 | 8   |
    Khi hội đồng chấm bảng điểm
    Và Ủy ban nhân dân xã in quyết định công nhận năm 2024
    Thì quyết định có số "15/QĐ-UBND" và người ký "Nguyễn Văn An"
    Và quyết định ghi "Tân Lập, ngày 20 tháng 3 năm 2025"
    Và quyết định ghi "Gia đình học tập (bộ minh họa)” năm 2024"
    Và có 2 giấy công nhận
    Và giấy công nhận thứ 1 ghi "Hộ ông Nguyễn Văn Bình"
    Và giấy công nhận thứ 2 ghi "Hộ bà Phạm Thị Lan"
    Và danh sách kèm theo ghi "HGD-01" với "96"
    Và danh sách kèm theo ghi "HGD-04" với "82,5"
    Và hộ "HGD-02" nhận thông báo không đạt
    Và hộ "HGD-03" nhận thông báo không đạt
    Và mỗi trang có dòng "BẢN MINH HỌA – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"

  Tình huống: Văn bản theo bộ chính thức không mang dòng minh họa
    Cho bộ tiêu chí "cdht-xa-tt25-2023" là bộ chính thức theo Thông tư số 25/2023/TT-BGDĐT
    Và cấu hình triển khai:
      """
      tinh: Tỉnh Thanh Sơn
      co_quan_ban_hanh: Phòng Giáo dục và Đào tạo huyện Minh Hòa
      dia_danh: Minh Hòa
      so_quyet_dinh: 42/QĐ-PGDĐT
      ngay_quyet_dinh: 2024-12-16
      nguoi_ky:
        tham_quyen: KT. TRƯỞNG PHÒNG
        chuc_vu: Phó Trưởng phòng
        ho_ten: Lê Thị Bích Ngọc
      """
    Và bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên         | Xã thuộc vùng khó khăn | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1  | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa  | không                  | 15/01/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80   | 60   | 15   |
      | XA-02 | Xã Tân Minh | không                  |                         | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 2   | 2   | 1   | 59,9 | 50   | 12   |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Và Phòng Giáo dục và Đào tạo in quyết định công nhận năm 2024
    Thì quyết định có số "42/QĐ-PGDĐT" và người ký "Lê Thị Bích Ngọc"
    Và quyết định ghi "Minh Hòa, ngày 16 tháng 12 năm 2024"
    Và có 1 giấy công nhận
    Và danh sách kèm theo ghi "XA-01" với "Mức độ 2"
    Và xã "XA-02" nhận thông báo không đạt
    Và không trang nào có dòng "BẢN MINH HỌA"
    Và không trang nào có dòng "KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"

  Tình huống: Cấu hình thiếu số quyết định và tên người ký thì không in văn bản nào
    Cho cấu hình triển khai:
      """
      tinh: Tỉnh Thái Nguyên
      co_quan_ban_hanh: Ủy ban nhân dân xã Tân Lập
      dia_danh: Tân Lập
      ngay_quyet_dinh: 2025-03-20
      nguoi_ky:
        tham_quyen: TM. ỦY BAN NHÂN DÂN
        chuc_vu: Chủ tịch
      """
    Và bảng điểm theo bộ tiêu chí "gdht-448-vidu" với các dòng:
      | Mã     | Tên                    | Địa bàn        | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 4.1 | 4.2 |
      | HGD-01 | Hộ ông Nguyễn Văn Bình | Thôn Đồng Chùa | 10  | 9   | 9   | 10  | 9   | 9   | 10  | đạt | 10  | 10  |
    Khi Ủy ban nhân dân xã in quyết định công nhận năm 2024
    Thì không văn bản nào được in, thông báo nêu "so_quyet_dinh" và "nguoi_ky.ho_ten"

  Tình huống: Từ năm 2025 không còn cấp huyện: cơ quan ban hành phải ghi trong cấu hình
    Bộ cdht-xa-tt25-2023 giao việc công nhận cho Trưởng phòng Giáo dục và Đào tạo (cấp huyện). Đánh giá năm 2025
    mà cấu hình không ghi cơ quan ban hành thì không dùng mặc định cấp huyện.

    Cho bộ tiêu chí "cdht-xa-tt25-2023" là bộ chính thức theo Thông tư số 25/2023/TT-BGDĐT
    Và cấu hình triển khai:
      """
      tinh: Tỉnh Thanh Sơn
      dia_danh: Tân Lập
      so_quyet_dinh: 3/QĐ-UBND
      ngay_quyet_dinh: 2025-12-16
      nguoi_ky:
        tham_quyen: TM. ỦY BAN NHÂN DÂN
        chuc_vu: Chủ tịch
        ho_ten: Nguyễn Văn An
      """
    Và bảng điểm theo bộ tiêu chí "cdht-xa-tt25-2023" với các dòng:
      | Mã    | Tên        | Xã thuộc vùng khó khăn | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 3.1 | 3.2 | 3.3 | 4.1 | 4.2 | 4.3 | 4.4 | 5.1 | 5.2a | 5.2b |
      | XA-01 | Xã Yên Hòa | không                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 3   | 3   | 2   | 80  | 60   | 15   |
    Khi Ủy ban nhân dân xã in quyết định công nhận năm 2025
    Thì không văn bản nào được in, thông báo nêu "co_quan_ban_hanh"
