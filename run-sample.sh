#!/bin/sh
# Chấm bảng điểm mẫu (các xã của một huyện, Thông tư 25/2023) và in kết quả.
set -eu
cd "$(dirname "$0")"
. ./scripts/setup-env.sh
mkdir -p out
status=0
# Năm đánh giá 2024: thời gian kể từ quyết định công nhận mức độ 1 (cột ngay_cong_nhan_muc_do_1) tính đến 31/12/2024.
recognise score samples/cdht-xa-huyen-minh-hoa.xlsx --criteria cdht-xa-tt25-2023 --year 2024 \
    --output out/ket-qua.json --output out/ket-qua.csv --explain XA-05 || status=$?
# Mã thoát 1: có dòng lỗi trong bảng mẫu (cố ý, để minh họa cách báo lỗi); các dòng khác vẫn được chấm.
[ "$status" -le 1 ] || exit "$status"
echo "Kết quả đầy đủ: out/ket-qua.json, out/ket-qua.csv"
