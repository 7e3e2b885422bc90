# Sourced by run-tests.sh and run-sample.sh: a project virtual environment with everything installed.
# durable-rules builds its C core with gcc; it needs Python 3.11 or 3.12. Printing needs Pango and fonts.
. ./scripts/setup-system.sh
if [ ! -x .venv/bin/python ]; then
    for candidate in python3.11 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))'; then
            "$candidate" -m venv .venv
            break
        fi
    done
    [ -x .venv/bin/python ] || { echo "Cần Python 3.11 hoặc 3.12" >&2; exit 2; }
fi
stamp=.venv/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[test]"
    touch "$stamp"
fi
# the project's own modules compiled once, as an installed package has them (an editable install compiles them at
# every start when PYTHONDONTWRITEBYTECODE is set): recognise starts in a fraction of the time
.venv/bin/python -m compileall -q cli engine web >/dev/null
PATH="$(pwd)/.venv/bin:$PATH"
export PATH
