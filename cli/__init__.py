"""The `recognise` command line: one module per command group, joined in `app`."""

import os
import signal
import sys

if os.path.basename(sys.argv[0]) == "recognise":  # the program itself, still loading its libraries
    def _stopped_while_loading(signum: int, _frame: object) -> None:
        # nothing is read or written yet: leave at once (cli/interrupt.py takes over when a command starts)
        os.write(2, "Lỗi: đã dừng theo yêu cầu trước khi lệnh bắt đầu; chưa đọc, chưa ghi tệp nào.\n".encode())
        os._exit(130)

    for _signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(_signal, _stopped_while_loading)
