#!/bin/sh
# Chạy toàn bộ kiểm thử: cài môi trường (.venv) nếu chưa có, kiểm tra mã (ruff), rồi pytest.
set -eu
cd "$(dirname "$0")"
. ./scripts/setup-env.sh
ruff check .
python -m pytest -q "$@"
