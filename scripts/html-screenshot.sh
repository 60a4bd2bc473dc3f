#!/usr/bin/env bash
# Render the HTML batch report of the test transcripts, and the eval page of the marked answers,
# in headless Chromium and check that the screenshots are not blank. Needs chromium (Debian:
# apt-get install -y chromium) and python3.
#
#   scripts/html-screenshot.sh [OUT_DIR]     (default: target/html-screenshot)
#
# Writes OUT_DIR/report.html and OUT_DIR/report.png (1280x2400), OUT_DIR/eval.html and
# OUT_DIR/eval.png (1200x2000, as docs/eval-page.png), and fails when Chromium cannot render a
# page or a PNG is (nearly) one colour. The pages are opened as file:// URLs with networking off,
# so the check also shows that they need no server and no external asset.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/html-screenshot}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$chrome" ]]; then
    echo "html-screenshot: chromium not found (apt-get install -y chromium)" >&2
    exit 2
fi

cargo build --quiet --bin gograde
bin="${CARGO_TARGET_DIR:-target}/debug/gograde"
set +e
"$bin" batch tests/data/transcripts --format html --out "$out/report.html" --fail-under 50 --quiet
code=$?
set -e
# 6: the test data holds malformed records on purpose.
if [[ $code -ne 0 && $code -ne 6 ]]; then
    echo "html-screenshot: gograde batch exited $code" >&2
    exit 1
fi
"$bin" eval tests/data/marked-answers.jsonl --out "$out/eval.html" 2>/dev/null

# shot NAME WIDTH,HEIGHT: screenshot OUT_DIR/NAME.html to OUT_DIR/NAME.png and check it.
shot() {
    local name="$1" size="$2"
    if grep -Eiq '<(script|link)|src="http|url\(' "$out/$name.html"; then
        echo "html-screenshot: $name.html references external assets or scripts" >&2
        exit 1
    fi
    rm -f "$out/$name.png"
    "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-extensions \
        --proxy-server='127.0.0.1:9' --proxy-bypass-list='<-loopback>' \
        --window-size="$size" --screenshot="$out/$name.png" "file://$out/$name.html" >/dev/null 2>&1 || true
    if [[ ! -s "$out/$name.png" ]]; then
        echo "html-screenshot: chromium wrote no screenshot of $name.html" >&2
        exit 1
    fi
    check_png "$out/$name.png"
    echo "html-screenshot: ok: $out/$name.png"
}

check_png() {
python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, chunks = 8, {}
idat = b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), f"unexpected PNG type {ctype}/{depth}"
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, dark = set(), 0
i = 0
for y in range(h):
    f = raw[i]; i += 1
    line = bytearray(raw[i:i + stride]); i += stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, w, 4):
            px = tuple(line[x * bpp:x * bpp + 3])
            colours.add(px)
            if sum(px) < 200: dark += 1
    prev = line
print(f"html-screenshot: {w}x{h}, {len(colours)} distinct colours, {dark} dark samples")
assert len(colours) >= 8, "the screenshot is (nearly) blank"
assert dark >= 50, "no text or header rendered"
PY
}

shot report 1280,2400
shot eval 1200,2000
