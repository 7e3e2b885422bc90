# language: vi
Tính năng: Công nhận "Cộng đồng học tập" cấp tỉnh theo Thông tư 25/2023/TT-BGDĐT
  Mỗi chỉ tiêu đạt hoặc không đạt; tỉnh đạt một mức độ khi đạt mọi tiêu chí của mức độ đó (Điều 18).
  Tiêu chí 4 (Điều 16, 17 khoản 4): có ít nhất 90% số huyện được công nhận "Cộng đồng học tập" cấp huyện
  mức độ 1 (cột 4.1a, tính cả huyện mức độ 2) cho mức độ 1 của tỉnh, hoặc mức độ 2 (cột 4.1b) cho mức độ 2;
  tỷ lệ hộ nghèo đa chiều giảm (4.2) và GRDP tăng (4.3) so với năm trước.
  Ví dụ: tỉnh có 10 huyện, 9 huyện được công nhận thì tỷ lệ là 9 / 10 = 90%.
  Tỉnh chỉ được công nhận mức độ 2 khi quyết định công nhận mức độ 1 đã đủ 12 tháng tính đến 31/12 năm đánh giá
  (Điều 15 khoản 2, khoản 3; bản Thông tư của dự án thiếu các khoản này, nội dung theo lời văn thứ cấp); ngày quyết
  định ghi ở cột "Ngày công nhận mức độ 1". Trong các tình huống có cột này, năm đánh giá là 2024 và quyết định
  ngày 05/08/2023 đến 31/12/2024 là 16 tháng.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; tỉnh đầu tiên nằm ở dòng 2.

  Bối cảnh:
    Cho bộ tiêu chí "cdht-tinh-tt25-2023" là bộ chính thức theo Thông tư số 25/2023/TT-BGDĐT

  Khung tình huống: Tỷ lệ huyện được công nhận sát ngưỡng 90%
    Cho bảng điểm theo bộ tiêu chí "cdht-tinh-tt25-2023" với các dòng:
      | Mã   | Tên            | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 4.1a   | 4.1b   | 4.2 | 4.3 |
      | T-01 | Tỉnh Ninh Bình | 05/08/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | <4.1a> | <4.1b> | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì tỉnh "T-01" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 4.1a | 4.1b | kết quả              | lý do                                       |
      | 89,9 | 0    | không đạt mức độ nào | chỉ tiêu 4.1a: 89,9% < 90% cần cho mức độ 1 |
      | 90   | 0    | đạt mức độ 1         | chỉ tiêu 4.1b: 0% < 90% cần cho mức độ 2    |
      | 100  | 89,9 | đạt mức độ 1         | chỉ tiêu 4.1b: 89,9% < 90% cần cho mức độ 2 |
      | 100  | 90   | đạt mức độ 2         | Đạt mức độ 2                                |

  Tình huống: Tỷ lệ hộ nghèo không giảm thì tỉnh không đạt mức độ nào
    Cho bảng điểm theo bộ tiêu chí "cdht-tinh-tt25-2023" với các dòng:
      | Mã   | Tên           | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 4.1a | 4.1b | 4.2       | 4.3 |
      | T-02 | Tỉnh Hà Giang | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 100  | 90   | không đạt | đạt |
    Khi hội đồng chấm bảng điểm
    Thì tỉnh "T-02" không đạt mức độ nào
    Và tỉnh "T-02" không được công nhận
    Và chỉ tiêu "4.1" đạt
    Và chỉ tiêu "4.2" không đạt
    Và lý do có "Không đạt mức độ 1 (Điều 18 khoản 1 điểm a): tiêu chí TC4 chưa đạt"
    Và lý do có "chỉ tiêu 4.2: không đạt, cần đạt cho mức độ 1"

  Tình huống: Một tỉnh ghi sai bị loại với số dòng của nó, các tỉnh khác vẫn được chấm
    Dòng 3 ghi 4.1a là 100,5% (quá 100%).

    Cho bảng điểm theo bộ tiêu chí "cdht-tinh-tt25-2023" với các dòng:
      | Mã   | Tên            | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 4.1a  | 4.1b | 4.2 | 4.3 |
      | T-01 | Tỉnh Ninh Bình |                         | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 90    | 50   | đạt | đạt |
      | T-03 | Tỉnh Bắc Kạn   |                         | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 100,5 | 50   | đạt | đạt |
      | T-04 | Tỉnh Lào Cai   | 05/08/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 95    | 92   | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 3 bị loại vì cột "4.1a"
    Và thông báo lỗi có "chỉ tiêu 4.1a: giá trị 100,5% ngoài khoảng 0–100%"
    Và vẫn chấm các dòng còn lại: "T-01", "T-04"
    Và tỉnh "T-01" đạt mức độ 1
    Và tỉnh "T-04" đạt mức độ 2
    Và có 2 tỉnh được công nhận và 1 dòng bị loại

  Tình huống: Tỷ lệ huyện mức độ 2 lớn hơn tỷ lệ huyện từ mức độ 1 trở lên là số liệu mâu thuẫn
    Cột 4.1a đếm cả các huyện mức độ 2, nên 4.1b không thể lớn hơn 4.1a. Dòng 2 phải được trả lại để tỉnh kiểm tra.

    Cho bảng điểm theo bộ tiêu chí "cdht-tinh-tt25-2023" với các dòng:
      | Mã   | Tên          | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 4.1a | 4.1b | 4.2 | 4.3 |
      | T-05 | Tỉnh Yên Bái | 05/08/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 80   | 95   | đạt | đạt |
      | T-04 | Tỉnh Lào Cai | 05/08/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 95   | 92   | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 2 bị loại vì cột "4.1b"
    Và thông báo lỗi có "lớn hơn 4.1a"
    Và vẫn chấm các dòng còn lại: "T-04"
    Và tỉnh "T-04" đạt mức độ 2

  Tình huống: Tỉnh đủ tiêu chí mức độ 2 nhưng chưa có quyết định công nhận mức độ 1 thì được công nhận mức độ 1
    Cho bảng điểm theo bộ tiêu chí "cdht-tinh-tt25-2023" với các dòng:
      | Mã   | Tên          | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 4.1a | 4.1b | 4.2 | 4.3 |
      | T-06 | Tỉnh Phú Thọ | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 100  | 100  | đạt | đạt |
    Khi hội đồng chấm bảng điểm
    Thì tỉnh "T-06" đạt mức độ 1
    Và mức độ 2 đang chờ, lý do có "Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 15 khoản 2, khoản 3"
    Và mức độ 2 đang chờ, lý do có "chưa có quyết định công nhận mức độ 1"
