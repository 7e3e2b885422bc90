# language: vi
Tính năng: Công nhận "Đơn vị học tập" cấp tỉnh theo Thông tư 24/2023/TT-BGDĐT
  Tiêu chí 1 và 2 lấy nội dung của Điều 6 (mức độ 1) và Điều 7 khoản 2 (mức độ 2): tỷ lệ thành viên 90% hoặc 95%,
  ngoại ngữ (2.4) 50% hoặc 70%, không tính với tổ chức kinh tế.
  Tiêu chí 3 (Điều 12, 13 khoản 3): "Công dân học tập" (3.1) từ 90% thành viên ở mức độ 1, từ 95% ở mức độ 2;
  với cơ sở giáo dục tính trên Người học: từ 95% và từ 97%. Chuyển đổi số của trường trung học phổ thông (3.4) và
  của cơ sở giáo dục đại học (3.5, theo Quyết định 4740/QĐ-BGDĐT): mức 1 "đáp ứng cơ bản" cho mức độ 1,
  mức 2 "đáp ứng tốt" cho mức độ 2. Kiểm định giáo dục nghề nghiệp (3.6) chỉ với cơ sở giáo dục nghề nghiệp.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; đơn vị đầu tiên nằm ở dòng 2. Ô của chỉ tiêu không áp dụng để trống.

  Bối cảnh:
    Cho bộ tiêu chí "dvht-tinh-tt24-2023" là bộ chính thức theo Thông tư số 24/2023/TT-BGDĐT

  Khung tình huống: Trường đại học cần đạt mức chuyển đổi số (3.5) tương ứng với mức độ được xét
    Mọi chỉ tiêu khác đều đủ cho mức độ 2: tiêu chí 2 ở 95%, ngoại ngữ 70%, Người học là Công dân học tập 97%.

    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                    | Loại đơn vị            | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5   | 3.6 |
      | DT-01 | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | 97  | đạt | đạt |     | <3.5> |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DT-01" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 3.5      | kết quả              | lý do                                              |
      | 0        | không đạt mức độ nào | chỉ tiêu 3.5: mức độ 0 < mức độ 1 cần cho mức độ 1 |
      | 1        | đạt mức độ 1         | chỉ tiêu 3.5: mức độ 1 < mức độ 2 cần cho mức độ 2 |
      | mức độ 1 | đạt mức độ 1         | chỉ tiêu 3.5: mức độ 1 < mức độ 2 cần cho mức độ 2 |
      | 2        | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí, chỉ tiêu    |
      | Mức độ 2 | đạt mức độ 2         | Đạt mức độ 2: đạt tất cả các tiêu chí, chỉ tiêu    |

  Tình huống: Chỉ tiêu chuyển đổi số của đại học không áp dụng cho cơ quan; trường đại học thì bắt buộc phải ghi
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                     | Loại đơn vị                                                    | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-01 | Trường Đại học Tây Bắc  | Cơ sở giáo dục đại học                                         | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | 97  | đạt | đạt |     |     |     |
      | DT-02 | Sở Tư pháp              | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | 95  | đạt | đạt |     |     |     |
      | DT-03 | Trường Đại học Hồng Đức | Cơ sở giáo dục đại học                                         | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | 97  | đạt | đạt |     | 3   |     |
      | DT-04 | Trường Đại học Vinh     | Cơ sở giáo dục đại học                                         | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | 97  | đạt | đạt |     | 1,5 |     |
    Khi hội đồng chấm bảng điểm
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

  Khung tình huống: Cùng 96% "Công dân học tập": cơ quan đạt mức độ 2, trường đại học chỉ đạt mức độ 1
    Cơ quan cần từ 95% thành viên cho mức độ 2; trường đại học tính trên Người học và cần từ 97%.

    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1   | 3.2 | 3.3 | 3.4 | 3.5   | 3.6 |
      | DT-05 | <tên> | <loại>      | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 70  | 95  | <3.1> | đạt | đạt |     | <3.5> |     |

    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DT-05" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                    | loại                                                           | 3.1  | 3.5 | kết quả              | lý do                                      |
      | Sở Tư pháp             | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 96   |     | đạt mức độ 2         | Đạt mức độ 2                               |
      | Sở Tư pháp             | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 94,9 |     | đạt mức độ 1         | chỉ tiêu 3.1: 94,9% < 95% cần cho mức độ 2 |
      | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học                                         | 96   | 2   | đạt mức độ 1         | chỉ tiêu 3.1: 96% < 97% cần cho mức độ 2   |
      | Trường Đại học Tây Bắc | Cơ sở giáo dục đại học                                         | 94,9 | 2   | không đạt mức độ nào | chỉ tiêu 3.1: 94,9% < 95% cần cho mức độ 1 |

  Tình huống: Tổ chức kinh tế cấp tỉnh không xét ngoại ngữ và có thể đạt mức độ 2
    Cho bảng điểm theo bộ tiêu chí "dvht-tinh-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                                | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 | 3.6 |
      | DT-06 | Tổng công ty Sông Đà | Tổ chức kinh tế (doanh nghiệp, hợp tác xã) | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |     | 95  | 95  | đạt | đạt |     |     |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DT-06" đạt mức độ 2
    Và chỉ tiêu "2.4" không áp dụng
    Và chỉ tiêu "1.3" không áp dụng
