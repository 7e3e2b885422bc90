# language: vi
Tính năng: Công nhận "Đơn vị học tập" cấp huyện theo Thông tư 24/2023/TT-BGDĐT
  Mỗi chỉ tiêu đánh giá đạt hoặc không đạt; tiêu chí đạt khi mọi chỉ tiêu đạt (Điều 9).
  Mức độ 1 (Điều 6): tiêu chí 1 gồm năm chỉ tiêu 1.1–1.5; tiêu chí 2: từ 90% thành viên ở 2.1, 2.2, 2.3, 2.5
  và từ 50% có chứng chỉ ngoại ngữ hoặc tiếng dân tộc thiểu số ở 2.4 (không tính với tổ chức kinh tế);
  tiêu chí 3: từ 90% thành viên đạt "Công dân học tập" ở 3.1 (cơ sở giáo dục: từ 95% Người học), 3.2, 3.3,
  3.4 chỉ với cơ sở giáo dục phổ thông (chuyển đổi số từ mức 1), 3.5 chỉ với cơ sở giáo dục nghề nghiệp.
  Mức độ 2 (Điều 7): 95%, 95%, 95%, 70%, 95% ở tiêu chí 2; 3.1 từ 95% (cơ sở giáo dục: từ 97%);
  3.4 chuyển đổi số mức 2 ("mức đáp ứng tốt"). Chỉ tiêu 1.3 chỉ áp dụng cho cơ quan, đơn vị sự nghiệp công lập.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; đơn vị đầu tiên nằm ở dòng 2. Ô của chỉ tiêu không áp dụng để trống.

  Bối cảnh:
    Cho bộ tiêu chí "dvht-huyen-tt24-2023" là bộ chính thức theo Thông tư số 24/2023/TT-BGDĐT

  Tình huống: Tổ chức kinh tế không có số liệu ngoại ngữ vẫn đạt mức độ 1
    Công ty để trống 2.4 (ngoại ngữ), 1.3 (kinh phí ngân sách), 3.4 và 3.5 (chỉ dành cho trường học).
    Hai phòng của huyện cùng số liệu nhưng phải có 2.4: 49,9% thì thiếu, 50% thì đủ.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                                                    | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4  | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-01 | Công ty May Hưng Yên | Tổ chức kinh tế (doanh nghiệp, hợp tác xã)                     | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |      | 90  | 90  | đạt | đạt |     |     |
      | DV-02 | Phòng Văn hóa        | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 49,9 | 90  | 90  | đạt | đạt |     |     |
      | DV-03 | Phòng Lao động       | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50   | 90  | 90  | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm
    Thì không có dòng nào bị loại
    Và đơn vị "DV-01" đạt mức độ 1
    Và chỉ tiêu "2.4" không áp dụng
    Và lý do của chỉ tiêu "2.4" có "không áp dụng (Loại đơn vị: Tổ chức kinh tế (doanh nghiệp, hợp tác xã))"
    Và chỉ tiêu "1.3" không áp dụng
    Và chỉ tiêu "3.4" không áp dụng
    Và chỉ tiêu "3.5" không áp dụng
    Và lý do có "Chưa đạt mức độ 2"
    Và lý do không có "2.4"
    Và đơn vị "DV-02" không đạt mức độ nào
    Và lý do có "chỉ tiêu 2.4: 49,9% < 50% cần cho mức độ 1"
    Và đơn vị "DV-03" đạt mức độ 1

  Tình huống: Tổ chức kinh tế vẫn phải đạt "Tập thể lao động tiên tiến" ở mức độ 1
    Điều 7 khoản 3 điểm c chỉ đòi chỉ tiêu 3.3 ở mức độ 2 với cơ quan, đơn vị sự nghiệp công lập,
    nhưng Điều 6 khoản 3 điểm c đòi mọi đơn vị ở mức độ 1, và mức độ 2 chỉ xét khi đã đủ mức độ 1.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                                | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3       | 3.4 | 3.5 |
      | DV-04 | Hợp tác xã Tân Tiến  | Tổ chức kinh tế (doanh nghiệp, hợp tác xã) | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |     | 95  | 95  | đạt | không đạt |     |     |
      | DV-05 | Công ty Điện Minh An | Tổ chức kinh tế (doanh nghiệp, hợp tác xã) | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |     | 95  | 95  | đạt | đạt       |     |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-04" không đạt mức độ nào
    Và lý do có "chỉ tiêu 3.3: không đạt, cần đạt cho mức độ 1"
    Và đơn vị "DV-05" đạt mức độ 2

  Khung tình huống: Cơ sở giáo dục cần từ 95% Người học đạt "Công dân học tập" (3.1), cơ quan chỉ cần 90%
    Tiêu chí 1, 2 đều đủ cho mức độ 1 (tỷ lệ 90%, ngoại ngữ 50%).

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1   | 3.2 | 3.3 | 3.4   | 3.5   |
      | DV-06 | <tên> | <loại>      | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50  | 90  | <3.1> | đạt | đạt | <3.4> | <3.5> |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-06" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                   | loại                                                           | 3.1  | 3.4 | 3.5       | kết quả              | lý do                                      |
      | Phòng Tài nguyên      | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 89,9 |     |           | không đạt mức độ nào | chỉ tiêu 3.1: 89,9% < 90% cần cho mức độ 1 |
      | Phòng Tài nguyên      | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 90   |     |           | đạt mức độ 1         | Đạt mức độ 1                               |
      | Phòng Tài nguyên      | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 94,9 |     |           | đạt mức độ 1         | Đạt mức độ 1                               |
      | Trường THCS Lê Lợi    | Cơ sở giáo dục phổ thông                                       | 94,9 | 1   |           | không đạt mức độ nào | chỉ tiêu 3.1: 94,9% < 95% cần cho mức độ 1 |
      | Trường THCS Lê Lợi    | Cơ sở giáo dục phổ thông                                       | 95   | 1   |           | đạt mức độ 1         | Đạt mức độ 1                               |
      | Trường Trung cấp nghề | Cơ sở giáo dục nghề nghiệp                                     | 94,9 |     | đạt       | không đạt mức độ nào | chỉ tiêu 3.1: 94,9% < 95% cần cho mức độ 1 |
      | Trường Trung cấp nghề | Cơ sở giáo dục nghề nghiệp                                     | 95   |     | đạt       | đạt mức độ 1         | Đạt mức độ 1                               |
      | Trường Trung cấp nghề | Cơ sở giáo dục nghề nghiệp                                     | 95   |     | không đạt | không đạt mức độ nào | chỉ tiêu 3.5: không đạt                    |

  Khung tình huống: Mức độ 2 cần 70% ngoại ngữ, 97% Người học và chuyển đổi số "mức đáp ứng tốt" với trường phổ thông
    Tiêu chí 2 ở mức 95% (trừ 2.4 ghi ở cột riêng).

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4   | 2.5 | 3.1   | 3.2 | 3.3 | 3.4   | 3.5 |
      | DV-07 | <tên> | <loại>      | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | <2.4> | 95  | <3.1> | đạt | đạt | <3.4> |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-07" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                | loại                                                           | 2.4  | 3.1  | 3.4      | kết quả      | lý do                                              |
      | Phòng Nội vụ       | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 69,9 | 95   |          | đạt mức độ 1 | chỉ tiêu 2.4: 69,9% < 70% cần cho mức độ 2         |
      | Phòng Nội vụ       | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | 70   | 95   |          | đạt mức độ 2 | Đạt mức độ 2                                       |
      | Trường THCS Lê Lợi | Cơ sở giáo dục phổ thông                                       | 70   | 96,9 | 2        | đạt mức độ 1 | chỉ tiêu 3.1: 96,9% < 97% cần cho mức độ 2         |
      | Trường THCS Lê Lợi | Cơ sở giáo dục phổ thông                                       | 70   | 97   | 1        | đạt mức độ 1 | chỉ tiêu 3.4: mức độ 1 < mức độ 2 cần cho mức độ 2 |
      | Trường THCS Lê Lợi | Cơ sở giáo dục phổ thông                                       | 70   | 97   | mức độ 2 | đạt mức độ 2 | Đạt mức độ 2                                       |

  Tình huống: Dòng thiếu số liệu hoặc ghi sai loại đơn vị bị loại, các đơn vị khác vẫn được chấm
    Dòng 3: cơ quan để trống 2.4 (chỉ tổ chức kinh tế mới được để trống); dòng 4: loại đơn vị "Doanh nghiệp"
    không có trong danh sách; dòng 5: trường phổ thông để trống 3.4.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                                                    | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4 | 2.5 | 3.1 | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-01 | Công ty May Hưng Yên | Tổ chức kinh tế (doanh nghiệp, hợp tác xã)                     | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |     | 90  | 90  | đạt | đạt |     |     |
      | DV-02 | Phòng Văn hóa        | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  |     | 90  | 90  | đạt | đạt |     |     |
      | DV-03 | Công ty Xây dựng     | Doanh nghiệp                                                   | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |     | 90  | 90  | đạt | đạt |     |     |
      | DV-04 | Trường THCS Lê Lợi   | Cơ sở giáo dục phổ thông                                       | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50  | 90  | 95  | đạt | đạt |     |     |
      | DV-05 | Phòng Lao động       | Cơ quan, đơn vị sự nghiệp công lập (không phải cơ sở giáo dục) | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50  | 90  | 90  | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "2.4"
    Và thông báo lỗi có "chỉ tiêu 2.4: ô trống (thiếu số liệu)"
    Và dòng 4 bị loại vì cột "loai_don_vi"
    Và thông báo lỗi có "Loại đơn vị: giá trị “Doanh nghiệp” không hợp lệ"
    Và dòng 5 bị loại vì cột "3.4"
    Và thông báo lỗi có "chỉ tiêu 3.4: ô trống (thiếu số liệu)"
    Và vẫn chấm các dòng còn lại: "DV-01", "DV-05"
    Và có 2 đơn vị được công nhận và 3 dòng bị loại
