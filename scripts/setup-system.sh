# Sourced by setup-env.sh: the Debian packages that printing documents needs at run time:
# Pango for WeasyPrint, and serif fonts with full Vietnamese coverage (DejaVu Serif, Liberation Serif 2:
# Debian's fonts-liberation 1.07 has no Vietnamese letters, fonts-liberation2 has them; the documents refuse
# to print without them, engine/documents/fonts.py).
need=""
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need="$need libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need="$need libpangoft2-1.0-0"
fonts=$(fc-list 2>/dev/null)
echo "$fonts" | grep -qi "DejaVu Serif" || need="$need fonts-dejavu-core"
fc-list ':charset=1ea0-1ef9 1a0-1a1 1af-1b0' family 2>/dev/null | grep -qi "Liberation Serif" \
    || need="$need fonts-liberation2"
if [ -n "$need" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "Cài gói hệ thống:$need" >&2
        $sudo apt-get update -qq >/dev/null && \
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
    else
        echo "Cần cài các gói:$need (để in văn bản PDF)" >&2
    fi
fi
