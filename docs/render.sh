#!/usr/bin/env bash
# Renders every sheet of a workbook as LibreOffice prints it at 100% zoom,
# one PNG per page: docs/render.sh reconciled.xlsx out-dir
# Needs soffice (libreoffice-calc), pdftoppm (poppler-utils) and python3.
# badgemap's sheets print fitted to the page width; that is removed from a
# copy first, so the pictures show the sheets at the size an analyst reads.
set -euo pipefail
book=$1
out=${2:-render}
mkdir -p "$out"
copy="$out/$(basename "${book%.xlsx}")-100.xlsx"
python3 - "$book" "$copy" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith("xl/worksheets/sheet"):
            xml = data.decode("utf-8")
            xml = xml.replace('<pageSetUpPr fitToPage="1"/>', "")
            xml = re.sub(r' fitToHeight="\d+"', "", xml)
            data = xml.encode("utf-8")
        zout.writestr(item, data)
PY
soffice --headless --convert-to pdf --outdir "$out" "$copy" >/dev/null
pdftoppm -r 80 -png "${copy%.xlsx}.pdf" "$out/page"
ls "$out"/page-*.png
