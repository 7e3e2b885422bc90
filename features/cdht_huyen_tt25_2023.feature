# language: vi
Tính năng: Công nhận "Cộng đồng học tập" cấp huyện theo Thông tư 25/2023/TT-BGDĐT
  Mỗi chỉ tiêu đạt hoặc không đạt; huyện đạt một mức độ khi đạt mọi tiêu chí của mức độ đó (Điều 13).
  Tiêu chí 1–3 giống nhau ở hai mức độ. Tiêu chí 4 (Điều 11, 12 khoản 4): có ít nhất 90% số xã được công nhận
  "Cộng đồng học tập" cấp xã mức độ 1 (cột 4.1a, tính cả xã mức độ 2) cho mức độ 1 của huyện, hoặc mức độ 2
  (cột 4.1b) cho mức độ 2 của huyện; thu nhập bình quân đầu người (4.2) và tỷ lệ lao động có việc làm (4.3)
  tăng so với năm trước. Ví dụ: huyện có 20 xã, 18 xã được công nhận thì tỷ lệ là 18 / 20 = 90%.
  Huyện chỉ được công nhận mức độ 2 khi quyết định công nhận mức độ 1 đã đủ 12 tháng tính đến 31/12 năm đánh giá
  (Điều 10 khoản 2, khoản 3; bản Thông tư của dự án thiếu các khoản này, nội dung theo lời văn thứ cấp); ngày quyết
  định ghi ở cột "Ngày công nhận mức độ 1". Trong các tình huống có cột này, năm đánh giá là 2024 và quyết định
  ngày 10/02/2023 đến 31/12/2024 là 22 tháng.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; huyện đầu tiên nằm ở dòng 2.

  Bối cảnh:
    Cho bộ tiêu chí "cdht-huyen-tt25-2023" là bộ chính thức theo Thông tư số 25/2023/TT-BGDĐT

  Khung tình huống: Tỷ lệ xã được công nhận sát ngưỡng 90%
    Cho bảng điểm theo bộ tiêu chí "cdht-huyen-tt25-2023" với các dòng:
      | Mã   | Tên         | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 3.1 | 3.2 | 3.3 | 4.1a   | 4.1b   | 4.2 | 4.3 |
      | H-01 | Huyện Ba Vì | 10/02/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | <4.1a> | <4.1b> | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì huyện "H-01" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 4.1a | 4.1b | kết quả              | lý do                                       |
      | 89,9 | 0    | không đạt mức độ nào | chỉ tiêu 4.1a: 89,9% < 90% cần cho mức độ 1 |
      | 90   | 0    | đạt mức độ 1         | chỉ tiêu 4.1b: 0% < 90% cần cho mức độ 2    |
      | 100  | 89,9 | đạt mức độ 1         | chỉ tiêu 4.1b: 89,9% < 90% cần cho mức độ 2 |
      | 100  | 90   | đạt mức độ 2         | Đạt mức độ 2                                |
      | 90   | 90   | đạt mức độ 2         | Đạt mức độ 2                                |
      | 90%  | 90%  | đạt mức độ 2         | Đạt mức độ 2                                |

  Tình huống: Thu nhập bình quân không tăng thì huyện không đạt mức độ nào dù mọi xã đều đạt
    Cho bảng điểm theo bộ tiêu chí "cdht-huyen-tt25-2023" với các dòng:
      | Mã   | Tên           | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 3.1 | 3.2 | 3.3 | 4.1a | 4.1b | 4.2       | 4.3 |
      | H-02 | Huyện Mèo Vạc | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 100  | 100  | không đạt | đạt |
    Khi hội đồng chấm bảng điểm
    Thì huyện "H-02" không đạt mức độ nào
    Và tiêu chí "TC4" chưa đạt mức độ 1
    Và tiêu chí "TC3" đạt mức độ 2
    Và lý do có "chỉ tiêu 4.2: không đạt, cần đạt cho mức độ 1"
    Và căn cứ của chỉ tiêu "4.1" là "Điều 11 khoản 4 điểm a; Điều 12 khoản 4 điểm a"

  Tình huống: Tỷ lệ xã mức độ 2 không thể lớn hơn tỷ lệ xã từ mức độ 1 trở lên
    Cột 4.1a đếm cả các xã mức độ 2, nên 4.1b không bao giờ lớn hơn 4.1a. Dòng 3 ghi 80% xã từ mức độ 1 trở lên
    nhưng 95% xã mức độ 2: số liệu mâu thuẫn, phải trả lại để huyện kiểm tra chứ không được công nhận mức độ 2
    (huyện này còn chưa đủ 90% xã cho mức độ 1).

    Cho bảng điểm theo bộ tiêu chí "cdht-huyen-tt25-2023" với các dòng:
      | Mã   | Tên            | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 3.1 | 3.2 | 3.3 | 4.1a | 4.1b | 4.2 | 4.3 |
      | H-01 | Huyện Ba Vì    | 10/02/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 95   | 90   | đạt | đạt |
      | H-03 | Huyện Đông Anh | 10/02/2023              | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 80   | 95   | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 3 bị loại vì cột "4.1b"
    Và thông báo lỗi có "chỉ tiêu 4.1b: 95% lớn hơn 4.1a (80%)"
    Và vẫn chấm các dòng còn lại: "H-01"
    Và huyện "H-01" đạt mức độ 2

  Tình huống: Dòng ghi tỷ lệ bằng chữ bị loại, huyện khác vẫn được chấm
    Cho bảng điểm theo bộ tiêu chí "cdht-huyen-tt25-2023" với các dòng:
      | Mã   | Tên           | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 3.1 | 3.2 | 3.3 | 4.1a      | 4.1b | 4.2 | 4.3 |
      | H-01 | Huyện Ba Vì   | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 90        | 0    | đạt | đạt |
      | H-04 | Huyện Sóc Sơn | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | chín mươi | 0    | đạt | đạt |
      | H-05 | Huyện Gia Lâm | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 92,5%     | 0    | đạt | đạt |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "4.1a"
    Và thông báo lỗi có "chỉ tiêu 4.1a: không đọc được số (phần trăm, ví dụ 92 hoặc 92,5%)"
    Và vẫn chấm các dòng còn lại: "H-01", "H-05"
    Và huyện "H-01" đạt mức độ 1
    Và huyện "H-05" đạt mức độ 1
    Và có 2 huyện được công nhận và 1 dòng bị loại

  Khung tình huống: Huyện đủ tiêu chí mức độ 2 chỉ được công nhận mức độ 2 sau 12 tháng kể từ quyết định công nhận mức độ 1
    Mọi xã của huyện đạt mức độ 2 (4.1a, 4.1b đều 100%). Năm đánh giá 2024: quyết định ngày 15/03/2024 đến
    31/12/2024 mới 9 tháng; ngày 15/12/2023 là 12 tháng.

    Cho bảng điểm theo bộ tiêu chí "cdht-huyen-tt25-2023" với các dòng:
      | Mã   | Tên          | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 2.1 | 2.2 | 2.3 | 2.4 | 3.1 | 3.2 | 3.3 | 4.1a | 4.1b | 4.2 | 4.3 |
      | H-06 | Huyện Đại Từ | <ngày>                  | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | đạt | 100  | 100  | đạt | đạt |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì huyện "H-06" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | ngày       | kết quả      | lý do                                                                            |
      |            | đạt mức độ 1 | cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 10 khoản 2, khoản 3          |
      | 15/03/2024 | đạt mức độ 1 | quyết định công nhận mức độ 1 mới 9 tháng                                        |
      | 15/12/2023 | đạt mức độ 2 | quyết định công nhận mức độ 1 đã 12 tháng, đủ 12 tháng (Điều 10 khoản 2, khoản 3 |
