# language: vi
Tính năng: Công nhận "Đơn vị học tập" cấp tỉnh theo Thông tư 24/2023/TT-BGDĐT
  Tiêu chí 1 và 2 lấy nội dung của Điều 6 (mức độ 1) và Điều 7 khoản 2 (mức độ 2): tỷ lệ thành viên 90% hoặc 95%;
  chứng nhận, chứng chỉ ngoại ngữ (cột 2.4a) từ 50% cho mức độ 1, trình độ ngoại ngữ đáp ứng yêu cầu công việc
  (cột 2.4b) từ 70% cho mức độ 2, không tính với tổ chức kinh tế.
  Tiêu chí 3 (Điều 12, 13 khoản 3): "Công dân học tập" từ 90% thành viên (cột 3.1a) ở mức độ 1, từ 95% ở mức độ 2;
  cơ sở giáo dục cấp tỉnh đều có Người học (Điều 2 khoản 2, khoản 8) nên cần thêm từ 95% và từ 97% Người học
  (cột 3.1b). "Tập thể lao động tiên tiến" (3.3) cần ở cả hai mức độ với mọi đơn vị cấp tỉnh. Chuyển đổi số của
  trường trung học phổ thông (3.4) và của cơ sở giáo dục đại học (3.5, theo Quyết định 4740/QĐ-BGDĐT): mức 1
  "đáp ứng cơ bản" cho mức độ 1, mức 2 "đáp ứng tốt" cho mức độ 2. Kiểm định giáo dục nghề nghiệp (3.6) chỉ với
  cơ sở giáo dục nghề nghiệp.
  Mức độ 2 xét theo Điều 13 (Điều 14 khoản 2) và chỉ được công nhận khi quyết định công nhận mức độ 1 đã đủ
  12 tháng tính đến 31/12 năm đánh giá (Điều 11 khoản 3). Trong các tình huống dưới đây năm đánh giá là 2024;
  quyết định công nhận mức độ 1 ngày 20/12/2022 đến 31/12/2024 là 24 tháng.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; đơn vị đầu tiên nằm ở dòng 2. Ô của chỉ tiêu không áp dụng để trống.

  Bối cảnh:
    Cho bộ tiêu chí "dvht-tinh-tt24-2023" là bộ chính thức theo Thông tư số 24/2023/TT-BGDĐT

  Khung tình huống: Trường đại học cần đạt mức chuyển đổi số (3.5) tương ứng với mức độ được xét
    Mọi chỉ tiêu khác đều đủ cho mức độ 2: tiêu chí 2 ở 95%, ngoại ngữ 50% và 70%, thành viên là Công dân học tập
    95%, Người học 97%.

    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                    | Loại đơn vị                     | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5   | 3.6 |
      | DT-01 | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học công lập | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     | <3.5> |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì đơn vị "DT-01" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 3.5      | kết quả              | lý do                                                                                                                                      |
      | 0        | không đạt mức độ nào | chỉ tiêu 3.5: mức độ 0 < mức độ 1 cần cho mức độ 1                                                                                         |
      | 1        | đạt mức độ 1         | chỉ tiêu 3.5: mức độ 1 < mức độ 2 cần cho mức độ 2                                                                                         |
      | mức độ 1 | đạt mức độ 1         | chỉ tiêu 3.5: mức độ 1 < mức độ 2 cần cho mức độ 2                                                                                         |
      | 2        | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí, chỉ tiêu (Điều 14 khoản 2); quyết định công nhận mức độ 1 đã 24 tháng, đủ 12 tháng (Điều 11 khoản 3 |
      | Mức độ 2 | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí, chỉ tiêu                                                                                            |

  Tình huống: Chỉ tiêu chuyển đổi số của đại học không áp dụng cho cơ quan; trường đại học thì bắt buộc phải ghi
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                     | Loại đơn vị                        | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-01 | Trường Đại học Tây Bắc  | Cơ sở giáo dục đại học công lập    | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     |     |     |
      | DT-02 | Sở Tư pháp              | Cơ quan, đơn vị sự nghiệp công lập | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   |      | đạt | đạt |     |     |     |
      | DT-03 | Trường Đại học Hồng Đức | Cơ sở giáo dục đại học công lập    | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     | 3   |     |
      | DT-04 | Trường Đại học Vinh     | Cơ sở giáo dục đại học công lập    | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     | 1,5 |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 2 bị loại vì cột "3.5"
    Và thông báo lỗi có "chỉ tiêu 3.5: ô trống (thiếu số liệu)"
    Và dòng 4 bị loại vì cột "3.5"
    Và thông báo lỗi có "chỉ tiêu 3.5: mức độ 3 ngoài khoảng 0–2"
    Và dòng 5 bị loại vì cột "3.5"
    Và thông báo lỗi có "cần mức độ là số nguyên"
    Và vẫn chấm các dòng còn lại: "DT-02"
    Và đơn vị "DT-02" đạt mức độ 2
    Và chỉ tiêu "3.5" không áp dụng
    Và chỉ tiêu "3.4" không áp dụng
    Và chỉ tiêu "3.6" không áp dụng

  Khung tình huống: Cùng 96% thành viên là "Công dân học tập": cơ quan đạt mức độ 2, trường đại học còn cần 97% Người học
    Cơ quan cần từ 95% thành viên cho mức độ 2; trường đại học cần thêm từ 97% Người học (từ 95% cho mức độ 1).

    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a   | 3.1b   | 3.2 | 3.3 | 3.4 | 3.5   | 3.6 |
      | DT-05 | <tên> | <loại>      | 20/12/2022              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | <3.1a> | <3.1b> | đạt | đạt |     | <3.5> |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì đơn vị "DT-05" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                    | loại                               | 3.1a | 3.1b | 3.5 | kết quả              | lý do                                       |
      | Sở Tư pháp             | Cơ quan, đơn vị sự nghiệp công lập | 96   |      |     | đạt mức độ 2         | Đạt mức độ 2                                |
      | Sở Tư pháp             | Cơ quan, đơn vị sự nghiệp công lập | 94,9 |      |     | đạt mức độ 1         | chỉ tiêu 3.1a: 94,9% < 95% cần cho mức độ 2 |
      | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học công lập    | 96   | 97   | 2   | đạt mức độ 2         | Đạt mức độ 2                                |
      | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học công lập    | 96   | 96   | 2   | đạt mức độ 1         | chỉ tiêu 3.1b: 96% < 97% cần cho mức độ 2   |
      | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học công lập    | 96   | 94,9 | 2   | không đạt mức độ nào | chỉ tiêu 3.1b: 94,9% < 95% cần cho mức độ 1 |

  Tình huống: Tổ chức kinh tế cấp tỉnh không xét ngoại ngữ, nhưng phải đạt "Tập thể lao động tiên tiến" ở cả hai mức độ
    Khác cấp huyện, Điều 13 khoản 3 điểm c đòi mọi đơn vị cấp tỉnh đạt "Tập thể lao động tiên tiến" ở mức độ 2.

    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                   | Loại đơn vị     | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3       | 3.4 | 3.5 | 3.6 |
      | DT-06 | Tổng công ty Sông Đà  | Tổ chức kinh tế | 20/12/2022              | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |      |      | 95  | 95   |      | đạt | đạt       |     |     |     |
      | DT-07 | Tổng công ty Hòa Bình | Tổ chức kinh tế | 20/12/2022              | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |      |      | 95  | 95   |      | đạt | không đạt |     |     |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì không có dòng nào bị loại
    Và đơn vị "DT-06" đạt mức độ 2
    Và chỉ tiêu "2.4" không áp dụng
    Và chỉ tiêu "1.3" không áp dụng
    Và đơn vị "DT-07" không đạt mức độ nào
    Và lý do có "chỉ tiêu 3.3: không đạt, cần đạt cho mức độ 1"
    Và không có mức độ nào đang chờ

  Tình huống: Trường trung học phổ thông cấp tỉnh có Người học nên phải ghi 3.1b
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                    | Loại đơn vị                         | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-08 | Trường THPT Chu Văn An | Trường trung học phổ thông công lập | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   |      | đạt | đạt | 1   |     |     |
      | DT-09 | Trường THPT Lê Quý Đôn | Trường trung học phổ thông công lập | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   | 95   | đạt | đạt | 1   |     |     |
      | DT-10 | Trường THPT Nguyễn Du  | Trường trung học phổ thông công lập | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   | 94,9 | đạt | đạt | 1   |     |     |
    Khi hội đồng chấm bảng điểm
    Thì dòng 2 bị loại vì cột "3.1b"
    Và thông báo lỗi có "chỉ tiêu 3.1b: ô trống (thiếu số liệu)"
    Và vẫn chấm các dòng còn lại: "DT-09", "DT-10"
    Và đơn vị "DT-09" đạt mức độ 1
    Và đơn vị "DT-10" không đạt mức độ nào
    Và lý do có "chỉ tiêu 3.1b: 94,9% < 95% cần cho mức độ 1"

  Tình huống: Trường đại học tư thục không xét kinh phí ngân sách nhà nước (1.3)
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                       | Loại đơn vị                     | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-11 | Trường Đại học Thành Đông | Cơ sở giáo dục đại học tư thục  | 20/12/2022              | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     | 2   |     |
      | DT-12 | Trường Đại học Hải Dương  | Cơ sở giáo dục đại học công lập | 20/12/2022              | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   | 97   | đạt | đạt |     | 2   |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 3 bị loại vì cột "1.3"
    Và vẫn chấm các dòng còn lại: "DT-11"
    Và đơn vị "DT-11" đạt mức độ 2
    Và chỉ tiêu "1.3" không áp dụng

  Tình huống: Đơn vị cấp tỉnh chưa có quyết định công nhận mức độ 1 thì chỉ được công nhận mức độ 1
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên         | Loại đơn vị                        | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-13 | Sở Xây dựng | Cơ quan, đơn vị sự nghiệp công lập | đạt | đạt | đạt | đạt | đạt | 98  | 98  | 98  | 75   | 80   | 98  | 98   |      | đạt | đạt |     |     |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DT-13" đạt mức độ 1
    Và mức độ 2 đang chờ, lý do có "Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 11 khoản 3"
    Và mức độ 2 đang chờ, lý do có "chưa có quyết định công nhận mức độ 1"
