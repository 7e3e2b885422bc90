# Sourced by setup-env.sh: the Debian packages that printing documents needs at run time:
# Pango for WeasyPrint, and serif fonts with full Vietnamese coverage (DejaVu Serif, Liberation Serif).
need=""
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need="$need libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need="$need libpangoft2-1.0-0"
fonts=$(fc-list 2>/dev/null)
echo "$fonts" | grep -qi "DejaVu Serif" || need="$need fonts-dejavu-core"
echo "$fonts" | grep -qi "Liberation Serif" || need="$need fonts-liberation"
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
