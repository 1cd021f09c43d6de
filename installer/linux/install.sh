#!/bin/sh
# Registers Sổ Dân vận for the current user: the menu entry, the icon, the sync-package file
# type and the `danvan` command in ~/.local/bin. No administrator rights are needed.
#
#   ./install.sh              register the program in this folder
#   ./install.sh --uninstall  remove what install.sh added (the data folder is never touched)
#
# The program itself stays where it was unpacked; move the folder first, then run this.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
SIZES="16 24 32 48 64 128 256 512"

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$DATA/applications/sodanvan.desktop" "$DATA/mime/packages/sodanvan-mime.xml" "$BIN/danvan"
  for size in $SIZES; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/sodanvan.png"; done
  refresh
  echo "Đã gỡ Sổ Dân vận khỏi trình đơn. Dữ liệu vẫn giữ nguyên; thư mục chương trình: $HERE"
  exit 0
fi

ICONS="$HERE/_internal/resources/icons"
mkdir -p "$DATA/applications" "$DATA/mime/packages" "$BIN"
for size in $SIZES; do
  mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
  cp "$ICONS/sodanvan-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/sodanvan.png"
done
sed "s|^Exec=danvan |Exec=\"$HERE/danvan\" |" "$HERE/sodanvan.desktop" > "$DATA/applications/sodanvan.desktop"
cp "$HERE/sodanvan-mime.xml" "$DATA/mime/packages/sodanvan-mime.xml"
ln -sf "$HERE/danvan" "$BIN/danvan"
refresh
echo "Đã cài Sổ Dân vận vào trình đơn (Văn phòng). Lệnh: $BIN/danvan"
