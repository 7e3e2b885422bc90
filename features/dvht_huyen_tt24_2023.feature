# language: vi
Tính năng: Công nhận "Đơn vị học tập" cấp huyện theo Thông tư 24/2023/TT-BGDĐT
  Mỗi chỉ tiêu đánh giá đạt hoặc không đạt; tiêu chí đạt khi mọi chỉ tiêu đạt (Điều 9).
  Mức độ 1 (Điều 6): tiêu chí 1 gồm năm chỉ tiêu 1.1–1.5; tiêu chí 2: từ 90% thành viên ở 2.1, 2.2, 2.3, 2.5
  và từ 50% thành viên có chứng nhận, chứng chỉ ngoại ngữ hoặc tiếng dân tộc thiểu số (cột 2.4a);
  tiêu chí 3: từ 90% thành viên đạt "Công dân học tập" (cột 3.1a), với cơ sở giáo dục có Người học thêm từ 95%
  Người học (cột 3.1b), 3.2, 3.3, 3.4 chỉ với trường phổ thông (chuyển đổi số từ mức 1), 3.5 chỉ với cơ sở giáo dục
  nghề nghiệp.
  Mức độ 2 (Điều 7) chỉ xét các chỉ tiêu của Điều 7 (Điều 8 khoản 2): 95% ở 2.1, 2.2, 2.3, 2.5; từ 70% thành viên
  có trình độ ngoại ngữ đáp ứng yêu cầu công việc (cột 2.4b); 3.1a từ 95%, 3.1b từ 97%; 3.4 chuyển đổi số mức 2;
  3.3 chỉ với cơ quan, đơn vị sự nghiệp công lập (Điều 7 khoản 3 điểm c). Đơn vị chỉ được công nhận mức độ 2
  khi quyết định công nhận mức độ 1 đã đủ 12 tháng (Điều 5 khoản 3, Điều 2 khoản 11), tính đến ngày 31/12
  của năm đánh giá; ngày quyết định ghi ở cột "Ngày công nhận mức độ 1".
  Chỉ tiêu 2.4 không tính với tổ chức kinh tế; 1.3 chỉ áp dụng cho cơ quan, đơn vị sự nghiệp công lập (trường
  dân lập, tư thục không phải đơn vị sự nghiệp công lập). Người học (Điều 2 khoản 8) không gồm trẻ em, học sinh
  nhà trẻ, mẫu giáo, mầm non, tiểu học, trung học cơ sở: các trường này chỉ xét cột 3.1a.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; đơn vị đầu tiên nằm ở dòng 2. Ô của chỉ tiêu không áp dụng để trống.

  Bối cảnh:
    Cho bộ tiêu chí "dvht-huyen-tt24-2023" là bộ chính thức theo Thông tư số 24/2023/TT-BGDĐT

  Tình huống: Tổ chức kinh tế không có số liệu ngoại ngữ vẫn đạt mức độ 1
    Công ty để trống 2.4a, 2.4b (ngoại ngữ), 1.3 (kinh phí ngân sách), 3.1b (Người học), 3.4 và 3.5 (chỉ dành cho
    trường học). Hai phòng của huyện cùng số liệu nhưng phải có 2.4a: 49,9% thì thiếu, 50% thì đủ.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                        | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-01 | Công ty May Hưng Yên | Tổ chức kinh tế                    | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |      |      | 90  | 90   |      | đạt | đạt |     |     |
      | DV-02 | Phòng Văn hóa        | Cơ quan, đơn vị sự nghiệp công lập | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 49,9 | 60   | 90  | 90   |      | đạt | đạt |     |     |
      | DV-03 | Phòng Lao động       | Cơ quan, đơn vị sự nghiệp công lập | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50   | 60   | 90  | 90   |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm
    Thì không có dòng nào bị loại
    Và đơn vị "DV-01" đạt mức độ 1
    Và chỉ tiêu "2.4" không áp dụng
    Và lý do của chỉ tiêu "2.4" có "không áp dụng (Loại đơn vị: Tổ chức kinh tế (doanh nghiệp, hợp tác xã))"
    Và chỉ tiêu "1.3" không áp dụng
    Và chỉ tiêu "3.1" đạt
    Và chỉ tiêu "3.4" không áp dụng
    Và chỉ tiêu "3.5" không áp dụng
    Và lý do có "Chưa đạt mức độ 2"
    Và lý do không có "2.4"
    Và đơn vị "DV-02" không đạt mức độ nào
    Và lý do có "chỉ tiêu 2.4a: 49,9% < 50% cần cho mức độ 1"
    Và đơn vị "DV-03" đạt mức độ 1

  Tình huống: Tổ chức kinh tế không đạt "Tập thể lao động tiên tiến" vẫn được nâng lên mức độ 2
    Điều 6 khoản 3 điểm c đòi mọi đơn vị đạt "Tập thể lao động tiên tiến" (3.3) ở mức độ 1, còn Điều 7 khoản 3
    điểm c chỉ đòi cơ quan, đơn vị sự nghiệp công lập ở mức độ 2. Mức độ 2 chỉ xét Điều 7 (Điều 8 khoản 2).
    Năm đánh giá 2024: quyết định công nhận mức độ 1 ngày 20/03/2023 đến 31/12/2024 là 21 tháng, đủ 12 tháng.
    Hợp tác xã Tân Tiến chưa từng được công nhận mức độ 1 nên không được nâng mức độ; nó cũng không đạt mức độ 1.
    Phòng Kinh tế là cơ quan nên thiếu 3.3 thì không đạt cả hai mức độ.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                        | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3       | 3.4 | 3.5 |
      | DV-04 | Hợp tác xã Tân Tiến  | Tổ chức kinh tế                    |                         | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |      |      | 95  | 95   |      | đạt | không đạt |     |     |
      | DV-05 | Công ty Điện Minh An | Tổ chức kinh tế                    | 20/03/2023              | đạt | đạt |     | đạt | đạt | 95  | 95  | 95  |      |      | 95  | 95   |      | đạt | không đạt |     |     |
      | DV-06 | Phòng Kinh tế        | Cơ quan, đơn vị sự nghiệp công lập | 20/03/2023              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   |      | đạt | không đạt |     |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì không có dòng nào bị loại
    Và đơn vị "DV-04" không đạt mức độ nào
    Và lý do có "Không đạt mức độ 1 (Điều 8 khoản 1): tiêu chí TC3 chưa đạt — chỉ tiêu 3.3: không đạt, cần đạt cho mức độ 1"
    Và mức độ 2 đang chờ, lý do có "chưa có quyết định công nhận mức độ 1"
    Và đơn vị "DV-05" đạt mức độ 2
    Và quyết định công nhận mức độ 1 ngày 20/03/2023 đã được 21 tháng
    Và lý do có "Đạt mức độ 2: đạt tất cả các tiêu chí, chỉ tiêu (Điều 8 khoản 2)"
    Và lý do có "đủ 12 tháng (Điều 5 khoản 3"
    Và đơn vị "DV-06" không đạt mức độ nào
    Và lý do có "chỉ tiêu 3.3: không đạt, cần đạt cho mức độ 1"
    Và không có mức độ nào đang chờ

  Khung tình huống: Mức độ 2 chỉ được công nhận khi quyết định công nhận mức độ 1 đã đủ 12 tháng
    Phòng đạt mọi chỉ tiêu của Điều 7. Năm đánh giá 2024, thời gian tính đến 31/12/2024 theo tháng tròn:
    01/01/2024 là 11 tháng (đến 01/01/2025 mới đủ 12 tháng); 31/12/2023 là đúng 12 tháng; 15/01/2023 là 23 tháng.
    Không ghi ngày thì chưa biết đơn vị đã được công nhận mức độ 1 hay chưa: chỉ xét tối đa mức độ 1.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên          | Loại đơn vị                        | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-07 | Phòng Nội vụ | Cơ quan, đơn vị sự nghiệp công lập | <ngày>                  | đạt | đạt | đạt | đạt | đạt | 96  | 96  | 96  | 60   | 72   | 96  | 96   |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì đơn vị "DV-07" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | ngày       | kết quả      | lý do                                                                                                                                        |
      |            | đạt mức độ 1 | Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 5 khoản 3; Điều 2 khoản 11): chưa có quyết định công nhận mức độ 1 |
      | 01/01/2024 | đạt mức độ 1 | cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 5 khoản 3; Điều 2 khoản 11): quyết định công nhận mức độ 1 mới 11 tháng                  |
      | 2024-01-01 | đạt mức độ 1 | quyết định công nhận mức độ 1 mới 11 tháng                                                                                                   |
      | 31/12/2023 | đạt mức độ 2 | quyết định công nhận mức độ 1 đã 12 tháng, đủ 12 tháng (Điều 5 khoản 3; Điều 2 khoản 11)                                                     |
      | 15/01/2023 | đạt mức độ 2 | quyết định công nhận mức độ 1 đã 23 tháng                                                                                                    |

  Tình huống: Không có ngày quyết định công nhận mức độ 1 thì đơn vị đủ tiêu chí mức độ 2 được công nhận mức độ 1
    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên           | Loại đơn vị                        | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-08 | Phòng Tư pháp | Cơ quan, đơn vị sự nghiệp công lập | đạt | đạt | đạt | đạt | đạt | 100 | 100 | 100 | 80   | 75   | 100 | 100  |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-08" đạt mức độ 1
    Và đơn vị "DV-08" được công nhận
    Và mức độ 2 đang chờ, lý do có "Đủ tiêu chí mức độ 2; cần quyết định công nhận mức độ 1 đủ 12 tháng (Điều 5 khoản 3"
    Và lý do có "Đạt mức độ 1: đạt tất cả các tiêu chí, chỉ tiêu (Điều 8 khoản 1)."
    Và lý do không có "Đạt mức độ 2"

  Tình huống: Ngày quyết định công nhận mức độ 1 sau năm đánh giá hoặc ghi sai thì dòng bị loại
    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên             | Loại đơn vị                        | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-09 | Phòng Y tế      | Cơ quan, đơn vị sự nghiệp công lập | 15/01/2025              | đạt | đạt | đạt | đạt | đạt | 96  | 96  | 96  | 60   | 72   | 96  | 96   |      | đạt | đạt |     |     |
      | DV-10 | Phòng Dân tộc   | Cơ quan, đơn vị sự nghiệp công lập | 31/02/2023              | đạt | đạt | đạt | đạt | đạt | 96  | 96  | 96  | 60   | 72   | 96  | 96   |      | đạt | đạt |     |     |
      | DV-11 | Phòng Tài chính | Cơ quan, đơn vị sự nghiệp công lập | 28/02/2023              | đạt | đạt | đạt | đạt | đạt | 96  | 96  | 96  | 60   | 72   | 96  | 96   |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 2 bị loại vì cột "ngay_cong_nhan_muc_do_1"
    Và thông báo lỗi có "(15/01/2025) sau ngày 31/12/2024 của năm đánh giá 2024"
    Và dòng 3 bị loại vì cột "ngay_cong_nhan_muc_do_1"
    Và thông báo lỗi có "không đọc được (dd/mm/yyyy hoặc yyyy-mm-dd)"
    Và vẫn chấm các dòng còn lại: "DV-11"
    Và đơn vị "DV-11" đạt mức độ 2

  Khung tình huống: Ở mức độ 1, cơ sở giáo dục có Người học cần cả 90% thành viên (3.1a) và 95% Người học (3.1b)
    Tiêu chí 1, 2 đều đủ cho mức độ 1 (tỷ lệ 90%, chứng chỉ ngoại ngữ 50%). Trường mầm non, trường trung học cơ sở
    không có Người học (Điều 2 khoản 8) nên chỉ xét 3.1a; trung tâm giáo dục nghề nghiệp phải đạt cả hai.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a   | 3.1b   | 3.2 | 3.3 | 3.4   | 3.5   |
      | DV-12 | <tên> | <loại>      | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50   | 60   | 90  | <3.1a> | <3.1b> | đạt | đạt | <3.4> | <3.5> |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-12" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                            | loại                                              | 3.1a | 3.1b | 3.4 | 3.5       | kết quả              | lý do                                       |
      | Phòng Tài nguyên               | Cơ quan, đơn vị sự nghiệp công lập                | 89,9 |      |     |           | không đạt mức độ nào | chỉ tiêu 3.1a: 89,9% < 90% cần cho mức độ 1 |
      | Phòng Tài nguyên               | Cơ quan, đơn vị sự nghiệp công lập                | 90   |      |     |           | đạt mức độ 1         | Đạt mức độ 1                                |
      | Trường Mầm non Hoa Sen         | Nhà trẻ, trường mẫu giáo, trường mầm non công lập | 90   |      |     |           | đạt mức độ 1         | Đạt mức độ 1                                |
      | Trường THCS Lê Lợi             | Trường tiểu học, trung học cơ sở công lập         | 89,9 |      | 1   |           | không đạt mức độ nào | chỉ tiêu 3.1a: 89,9% < 90% cần cho mức độ 1 |
      | Trường THCS Lê Lợi             | Trường tiểu học, trung học cơ sở công lập         | 90   |      | 1   |           | đạt mức độ 1         | Đạt mức độ 1                                |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập           | 90   | 94,9 |     | đạt       | không đạt mức độ nào | chỉ tiêu 3.1b: 94,9% < 95% cần cho mức độ 1 |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập           | 90   | 95   |     | đạt       | đạt mức độ 1         | Đạt mức độ 1                                |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập           | 89,9 | 99   |     | đạt       | không đạt mức độ nào | chỉ tiêu 3.1a: 89,9% < 90% cần cho mức độ 1 |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập           | 90   | 95   |     | không đạt | không đạt mức độ nào | chỉ tiêu 3.5: không đạt                     |

  Khung tình huống: Mức độ 2 cần 70% trình độ ngoại ngữ (2.4b), 95% thành viên và 97% Người học, chuyển đổi số "mức đáp ứng tốt"
    Tiêu chí 2 ở mức 95%; quyết định công nhận mức độ 1 ngày 31/12/2023, đủ 12 tháng tính đến 31/12/2024.
    Mức độ 2 không xét lại chỉ tiêu của mức độ 1: phòng có 40% thành viên có chứng chỉ (2.4a, dưới 50% của Điều 6)
    nhưng 70% có trình độ ngoại ngữ đáp ứng yêu cầu (2.4b) vẫn đạt mức độ 2.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên   | Loại đơn vị | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a   | 2.4b   | 2.5 | 3.1a   | 3.1b   | 3.2 | 3.3 | 3.4   | 3.5   |
      | DV-13 | <tên> | <loại>      | 31/12/2023              | đạt | đạt | đạt | đạt | đạt | 95  | 95  | 95  | <2.4a> | <2.4b> | 95  | <3.1a> | <3.1b> | đạt | đạt | <3.4> | <3.5> |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì đơn vị "DV-13" <kết quả>
    Và lý do có "<lý do>"

    Dữ liệu:
      | tên                            | loại                                      | 2.4a | 2.4b | 3.1a | 3.1b | 3.4      | 3.5 | kết quả      | lý do                                              |
      | Phòng Nội vụ                   | Cơ quan, đơn vị sự nghiệp công lập        | 50   | 69,9 | 95   |      |          |     | đạt mức độ 1 | chỉ tiêu 2.4b: 69,9% < 70% cần cho mức độ 2        |
      | Phòng Nội vụ                   | Cơ quan, đơn vị sự nghiệp công lập        | 50   | 70   | 95   |      |          |     | đạt mức độ 2 | Đạt mức độ 2                                       |
      | Phòng Nội vụ                   | Cơ quan, đơn vị sự nghiệp công lập        | 40   | 70   | 95   |      |          |     | đạt mức độ 2 | Đạt mức độ 2                                       |
      | Phòng Nội vụ                   | Cơ quan, đơn vị sự nghiệp công lập        | 50   | 70   | 94,9 |      |          |     | đạt mức độ 1 | chỉ tiêu 3.1a: 94,9% < 95% cần cho mức độ 2        |
      | Trường THCS Lê Lợi             | Trường tiểu học, trung học cơ sở công lập | 50   | 70   | 95   |      | 2        |     | đạt mức độ 2 | Đạt mức độ 2                                       |
      | Trường THCS Lê Lợi             | Trường tiểu học, trung học cơ sở công lập | 50   | 70   | 95   |      | 1        |     | đạt mức độ 1 | chỉ tiêu 3.4: mức độ 1 < mức độ 2 cần cho mức độ 2 |
      | Trường THCS Lê Lợi             | Trường tiểu học, trung học cơ sở công lập | 50   | 70   | 95   |      | mức độ 2 |     | đạt mức độ 2 | Đạt mức độ 2                                       |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập   | 50   | 70   | 95   | 96,9 |          | đạt | đạt mức độ 1 | chỉ tiêu 3.1b: 96,9% < 97% cần cho mức độ 2        |
      | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập   | 50   | 70   | 95   | 97   |          | đạt | đạt mức độ 2 | Đạt mức độ 2                                       |

  Tình huống: Trường tư thục không xét kinh phí ngân sách nhà nước (1.3); trường công lập thì phải ghi
    Chỉ tiêu 1.3 chỉ dành cho cơ quan, đơn vị sự nghiệp công lập (Điều 6 khoản 1 điểm c); trường dân lập, tư thục
    để trống ô 1.3, hoặc có ghi thì cũng không tính. Trường Ngôi Sao được công nhận mức độ 1 ngày 15/06/2023,
    đến 31/12/2024 là 18 tháng.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                     | Loại đơn vị                                               | Ngày công nhận mức độ 1 | 1.1 | 1.2 | 1.3       | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-14 | Trường THCS Ngôi Sao    | Trường tiểu học, trung học cơ sở tư thục                  | 15/06/2023              | đạt | đạt |           | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   |      | đạt | đạt | 2   |     |
      | DV-15 | Trường THCS Lê Lợi      | Trường tiểu học, trung học cơ sở công lập                 | 15/06/2023              | đạt | đạt |           | đạt | đạt | 95  | 95  | 95  | 50   | 70   | 95  | 95   |      | đạt | đạt | 2   |     |
      | DV-16 | Trường Mầm non Tuổi Thơ | Nhà trẻ, trường mẫu giáo, trường mầm non dân lập, tư thục |                         | đạt | đạt | không đạt | đạt | đạt | 90  | 90  | 90  | 50   | 60   | 90  | 90   |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm của năm đánh giá 2024
    Thì dòng 3 bị loại vì cột "1.3"
    Và thông báo lỗi có "chỉ tiêu 1.3: ô trống (thiếu số liệu)"
    Và vẫn chấm các dòng còn lại: "DV-14", "DV-16"
    Và đơn vị "DV-14" đạt mức độ 2
    Và chỉ tiêu "1.3" không áp dụng
    Và quyết định công nhận mức độ 1 ngày 15/06/2023 đã được 18 tháng
    Và đơn vị "DV-16" đạt mức độ 1
    Và chỉ tiêu "1.3" không áp dụng

  Tình huống: Trường mầm non để trống 3.1b; trường tiểu học không cần 3.1b; trung tâm giáo dục nghề nghiệp thì cần
    Trẻ em mầm non và học sinh tiểu học không phải Người học theo Điều 2 khoản 8, nên tỷ lệ Người học đạt
    "Công dân học tập" của các trường này không được xét, dù có ghi. Trung tâm giáo dục nghề nghiệp có Người học:
    để trống 3.1b là thiếu số liệu.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                            | Loại đơn vị                                       | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-17 | Trường Mầm non Hoa Sen         | Nhà trẻ, trường mẫu giáo, trường mầm non công lập | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   |      | đạt | đạt |     |     |
      | DV-18 | Trường Tiểu học Đông Phong     | Trường tiểu học, trung học cơ sở công lập         | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   | 80   | đạt | đạt | 1   |     |
      | DV-19 | Trung tâm Giáo dục nghề nghiệp | Trung tâm giáo dục nghề nghiệp công lập           | đạt | đạt | đạt | đạt | đạt | 92  | 92  | 92  | 55   | 60   | 92  | 92   |      | đạt | đạt |     | đạt |
    Khi hội đồng chấm bảng điểm
    Thì dòng 4 bị loại vì cột "3.1b"
    Và thông báo lỗi có "chỉ tiêu 3.1b: ô trống (thiếu số liệu)"
    Và vẫn chấm các dòng còn lại: "DV-17", "DV-18"
    Và đơn vị "DV-17" đạt mức độ 1
    Và chỉ tiêu "3.1" đạt
    Và đơn vị "DV-18" đạt mức độ 1
    Và chỉ tiêu "3.1" đạt
    Và lý do không có "3.1b"
    Và có 2 đơn vị được công nhận và 1 dòng bị loại

  Tình huống: Dòng thiếu số liệu hoặc ghi sai loại đơn vị bị loại, các đơn vị khác vẫn được chấm
    Dòng 3: cơ quan để trống 2.4a (chỉ tổ chức kinh tế mới được để trống); dòng 4: loại đơn vị "Doanh nghiệp"
    không có trong danh sách; dòng 5: trường trung học cơ sở để trống 3.4.

    Cho bảng điểm theo bộ tiêu chí "dvht-huyen-tt24-2023" với các dòng:
      | Mã    | Tên                  | Loại đơn vị                               | 1.1 | 1.2 | 1.3 | 1.4 | 1.5 | 2.1 | 2.2 | 2.3 | 2.4a | 2.4b | 2.5 | 3.1a | 3.1b | 3.2 | 3.3 | 3.4 | 3.5 |
      | DV-01 | Công ty May Hưng Yên | Tổ chức kinh tế                           | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |      |      | 90  | 90   |      | đạt | đạt |     |     |
      | DV-02 | Phòng Văn hóa        | Cơ quan, đơn vị sự nghiệp công lập        | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  |      | 60   | 90  | 90   |      | đạt | đạt |     |     |
      | DV-03 | Công ty Xây dựng     | Doanh nghiệp                              | đạt | đạt |     | đạt | đạt | 90  | 90  | 90  |      |      | 90  | 90   |      | đạt | đạt |     |     |
      | DV-04 | Trường THCS Lê Lợi   | Trường tiểu học, trung học cơ sở công lập | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50   | 60   | 90  | 95   |      | đạt | đạt |     |     |
      | DV-05 | Phòng Lao động       | Cơ quan, đơn vị sự nghiệp công lập        | đạt | đạt | đạt | đạt | đạt | 90  | 90  | 90  | 50   | 60   | 90  | 90   |      | đạt | đạt |     |     |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "2.4a"
    Và thông báo lỗi có "chỉ tiêu 2.4a: ô trống (thiếu số liệu)"
    Và dòng 4 bị loại vì cột "loai_don_vi"
    Và thông báo lỗi có "Loại đơn vị: giá trị “Doanh nghiệp” không hợp lệ"
    Và dòng 5 bị loại vì cột "3.4"
    Và thông báo lỗi có "chỉ tiêu 3.4: ô trống (thiếu số liệu)"
    Và vẫn chấm các dòng còn lại: "DV-01", "DV-05"
    Và có 2 đơn vị được công nhận và 3 dòng bị loại
