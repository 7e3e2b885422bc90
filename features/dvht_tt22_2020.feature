# language: vi
Tính năng: Xếp loại "Đơn vị học tập" theo Thông tư 22/2020/TT-BGDĐT
  Hội đồng chấm từng chỉ số theo thang điểm của Điều 5: tiêu chí 1 (1.a, 1.b, 1.c: mỗi chỉ số 10 điểm),
  tiêu chí 2 (2.a: 10, 2.b: 5, 2.c: 10, 2.d: 5 điểm), tiêu chí 3 (3.a: 25, 3.b: 10, 3.c: 5 điểm); tổng 100 điểm.
  Điều 6 khoản 3 xếp loại: Tốt từ 85 đến 100 điểm; Khá từ 70 đến dưới 85; Trung bình từ 50 đến dưới 70;
  Chưa đạt trong các trường hợp còn lại. Các loại Tốt, Khá, Trung bình được công nhận.
  Trong bảng điểm, dòng 1 là dòng tiêu đề; đơn vị đầu tiên nằm ở dòng 2.

  Bối cảnh:
    Cho bộ tiêu chí "dvht-tt22-2020" là bộ chính thức theo Thông tư số 22/2020/TT-BGDĐT

  Khung tình huống: Tổng điểm sát ranh giới giữa hai loại
    Năm chỉ số đầu luôn đủ điểm: 10 + 10 + 10 + 10 + 5 = 45 điểm.
    Tổng = 45 + 2.c + 2.d + 3.a + 3.b + 3.c, tính tay ở cột "tổng".

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên          | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c   | 2.d   | 3.a   | 3.b   | 3.c   |
      | DV-01 | Phòng Nội vụ | 10  | 10  | 10  | 10  | 5   | <2.c> | <2.d> | <3.a> | <3.b> | <3.c> |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-01" đạt tổng "<tổng>" điểm, xếp loại "<loại>"
    Và đơn vị "DV-01" <công nhận>
    Và lý do có "<lý do>"

    Dữ liệu:
      | 2.c | 2.d | 3.a | 3.b | 3.c | tổng | loại       | công nhận            | lý do                                                  |
      | 10  | 5   | 25  | 10  | 5   | 100  | Tốt        | được công nhận       | trong khoảng từ 85 đến 100: xếp loại Tốt               |
      | 10  | 5   | 20  | 5   | 0   | 85   | Tốt        | được công nhận       | Tổng 85/100 điểm, trong khoảng từ 85 đến 100           |
      | 10  | 5   | 20  | 4   | 0,5 | 84,5 | Khá        | được công nhận       | Thiếu 0,5 điểm để đạt loại Tốt (cần từ 85 điểm)        |
      | 10  | 5   | 10  | 0   | 0   | 70   | Khá        | được công nhận       | trong khoảng từ 70 đến dưới 85: xếp loại Khá           |
      | 10  | 5   | 9,5 | 0   | 0   | 69,5 | Trung bình | được công nhận       | Thiếu 0,5 điểm để đạt loại Khá (cần từ 70 điểm)        |
      | 5   | 0   | 0   | 0   | 0   | 50   | Trung bình | được công nhận       | trong khoảng từ 50 đến dưới 70: xếp loại Trung bình    |
      | 4,5 | 0   | 0   | 0   | 0   | 49,5 | Chưa đạt   | không được công nhận | Thiếu 0,5 điểm để đạt loại Trung bình (cần từ 50 điểm) |

  Tình huống: Đơn vị thiếu nửa điểm được biết mình còn thiếu bao nhiêu để lên loại Tốt
    Tiêu chí 1: 10 + 10 + 10 = 30; tiêu chí 2: 10 + 5 + 10 + 5 = 30; tiêu chí 3: 20 + 4 + 0,5 = 24,5.
    Tổng 30 + 30 + 24,5 = 84,5 điểm: dưới 85 nên là loại Khá, còn thiếu 85 − 84,5 = 0,5 điểm.

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên          | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a | 3.b | 3.c |
      | DV-01 | Phòng Nội vụ | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 20  | 4   | 0,5 |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-01" đạt tổng "84,5" điểm, xếp loại "Khá"
    Và tiêu chí "TC1" được "30" điểm
    Và tiêu chí "TC2" được "30" điểm
    Và tiêu chí "TC3" được "24,5" điểm
    Và chỉ số "3.c" được "0,5" điểm
    Và căn cứ của chỉ tiêu "3.c" là "Điều 5 khoản 3 điểm c"
    Và lý do có "Thiếu 0,5 điểm để đạt loại Tốt"
    Và lý do có "xếp loại Khá, được công nhận (Điều 6 khoản 3 điểm b)"

  Tình huống: Đơn vị không có điểm nào thì Chưa đạt và còn thiếu 50 điểm để đạt loại Trung bình
    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên         | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a | 3.b | 3.c |
      | DV-09 | Ban Quản lý | 0   | 0   | 0   | 0   | 0   | 0   | 0   | 0   | 0   | 0   |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-09" đạt tổng "0" điểm, xếp loại "Chưa đạt"
    Và đơn vị "DV-09" không được công nhận
    Và lý do có "dưới 50: xếp loại Chưa đạt, không được công nhận"
    Và lý do có "Thiếu 50 điểm để đạt loại Trung bình"

  Tình huống: Điểm lẻ được cộng chính xác, không bị làm tròn xuống dưới 85
    45 + 10 + 5 + 15,1 + 5,1 + 4,8 = 85 điểm đúng. Cộng bằng số thực máy tính sẽ ra 84,99999999999999.

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên             | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a  | 3.b | 3.c |
      | DV-05 | Phòng Tài chính | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 15,1 | 5,1 | 4,8 |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-05" đạt tổng "85" điểm, xếp loại "Tốt"
    Và tiêu chí "TC3" được "25" điểm

  Tình huống: 84,99999999999999999 điểm vẫn dưới 85 nên là loại Khá
    45 + 10 + 5 + 14,99999999999999999 + 5 + 5 = 84,99999999999999999 điểm, thiếu 0,00000000000000001 điểm để
    đạt 85. Số được so đúng như đã ghi (Điều 6 khoản 3 điểm b: Khá từ 70 đến dưới 85); máy tính dùng số thực
    thông thường sẽ đọc số này thành 85 và xếp nhầm loại Tốt.

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên           | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a                  | 3.b | 3.c |
      | DV-06 | Phòng Văn hóa | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 14,99999999999999999 | 5   | 5   |
    Khi hội đồng chấm bảng điểm
    Thì đơn vị "DV-06" đạt tổng "84,99999999999999999" điểm, xếp loại "Khá"
    Và tiêu chí "TC3" được "24,99999999999999999" điểm
    Và lý do có "xếp loại Khá, được công nhận (Điều 6 khoản 3 điểm b)"
    Và lý do có "Thiếu 0,00000000000000001 điểm để đạt loại Tốt"

  Tình huống: Điểm lẻ viết bằng dấu phẩy hay dấu chấm đều được hiểu như nhau
    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên           | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a | 3.b | 3.c |
      | DV-01 | Phòng Nội vụ  | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 20  | 4   | 0,5 |
      | DV-02 | Phòng Tư pháp | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 20  | 4   | 0.5 |
    Khi hội đồng chấm bảng điểm
    Thì không có dòng nào bị loại
    Và đơn vị "DV-01" đạt tổng "84,5" điểm, xếp loại "Khá"
    Và đơn vị "DV-02" đạt tổng "84,5" điểm, xếp loại "Khá"

  Khung tình huống: Một ô sai chỉ loại dòng của nó, các đơn vị khác vẫn được chấm
    Dòng 3 (đơn vị thứ hai) có ô 1.b sai. Dòng 2 được 84,5 điểm, dòng 4 được 85 điểm như tính ở trên.

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên           | 1.a | 1.b   | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a | 3.b | 3.c |
      | DV-01 | Phòng Nội vụ  | 10  | 10    | 10  | 10  | 5   | 10  | 5   | 20  | 4   | 0,5 |
      | DV-02 | Phòng Tư pháp | 10  | <1.b> | 10  | 10  | 5   | 10  | 5   | 20  | 5   | 0   |
      | DV-03 | Phòng Y tế    | 10  | 10    | 10  | 10  | 5   | 10  | 5   | 20  | 5   | 0   |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "1.b"
    Và thông báo lỗi có "<thông báo>"
    Và vẫn chấm các dòng còn lại: "DV-01", "DV-03"
    Và đơn vị "DV-01" đạt tổng "84,5" điểm, xếp loại "Khá"
    Và đơn vị "DV-03" đạt tổng "85" điểm, xếp loại "Tốt"
    Và có 2 đơn vị được công nhận và 1 dòng bị loại

    Dữ liệu:
      | 1.b   | thông báo                                            |
      | 11    | chỉ tiêu 1.b: giá trị 11 điểm ngoài khoảng 0–10 điểm |
      | 10,5  | giá trị 10,5 điểm ngoài khoảng 0–10 điểm             |
      | mười  | chỉ tiêu 1.b: không đọc được số                      |
      | -1    | không đọc được số                                    |
      | 7,5,0 | không đọc được số                                    |
      |       | chỉ tiêu 1.b: ô trống (thiếu số liệu)                |

  Tình huống: Hai dòng trùng mã thì dòng sau bị loại
    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên           | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 2.d | 3.a | 3.b | 3.c |
      | DV-01 | Phòng Nội vụ  | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 20  | 4   | 0,5 |
      | DV-01 | Phòng Tư pháp | 10  | 10  | 10  | 10  | 5   | 10  | 5   | 20  | 5   | 0   |
    Khi hội đồng chấm bảng điểm
    Thì dòng 3 bị loại vì cột "ma"
    Và thông báo lỗi có "mã DV-01 đã dùng ở dòng 2"
    Và đơn vị "DV-01" đạt tổng "84,5" điểm, xếp loại "Khá"

  Tình huống: Bảng điểm thiếu một cột chỉ số thì cả bảng bị trả lại, không chấm đơn vị nào
    Thiếu cột 2.d nên không thể tính tổng 100 điểm cho bất kỳ đơn vị nào.

    Cho bảng điểm theo bộ tiêu chí "dvht-tt22-2020" với các dòng:
      | Mã    | Tên          | 1.a | 1.b | 1.c | 2.a | 2.b | 2.c | 3.a | 3.b | 3.c |
      | DV-01 | Phòng Nội vụ | 10  | 10  | 10  | 10  | 5   | 10  | 20  | 4   | 0,5 |
    Khi hội đồng chấm bảng điểm
    Thì cả bảng điểm bị trả lại, thông báo có "thiếu cột 2.d"
