"""Build the program into one folder, on Linux or on Windows, with one command:

    python installer/build.py              # dist/SoDanVan/, and on Linux its tarball
    python installer/build.py --installer  # on Windows: also the Inno Setup installer (needs ISCC)

Steps: compile the translation catalogs from i18n/*.po, run PyInstaller on
installer/sodanvan.spec, then on Linux put the desktop file and its installer script beside the
program and pack dist/SoDanVan-<version>-linux-<machine>.tar.gz; on Windows with --installer run
Inno Setup's compiler on installer/windows/sodanvan.iss. Prints the bundle's size and the time taken.
Needs the build tools: pip install -e '.[build]'.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app import APP_NAME, __version__  # noqa: E402

SPEC = ROOT / "installer" / "sodanvan.spec"
LINUX_FILES = ROOT / "installer" / "linux"
ISS = ROOT / "installer" / "windows" / "sodanvan.iss"
ISCC_PLACES = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("LOCALAPPDATA", r"C:\Users\Default\AppData\Local")) / "Programs" / "Inno Setup 6" / "ISCC.exe",
)


class BuildError(Exception):
    pass


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_tools() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError("PyInstaller is not installed: pip install -e '.[build]'") from None


def compile_catalogs() -> None:
    from desktop_app.tools.catalogs import compile_catalogs as compile_all

    compile_all()


def run_pyinstaller(dist: Path, work: Path) -> Path:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {done.returncode}); its messages are above")
    bundle = dist / APP_NAME
    if not bundle.is_dir():
        raise BuildError(f"PyInstaller made no {bundle}")
    return bundle


def add_linux_files(bundle: Path) -> None:
    """The desktop entry, the file type of sync packages and the script that registers both."""
    for source in LINUX_FILES.iterdir():
        target = bundle / source.name
        shutil.copy2(source, target)
        if source.suffix == ".sh":
            target.chmod(0o755)


def linux_tarball(bundle: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    tarball = bundle.parent / f"{APP_NAME}-{__version__}-linux-{machine}.tar.gz"
    partial = tarball.with_name(tarball.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=APP_NAME)
    partial.replace(tarball)
    return tarball


def find_iscc() -> Path:
    on_path = shutil.which("ISCC") or shutil.which("iscc")
    if on_path:
        return Path(on_path)
    for place in ISCC_PLACES:
        if place.is_file():
            return place
    raise BuildError("Inno Setup 6 is not installed (ISCC.exe not found): https://jrsoftware.org/isdl.php")


def windows_installer(dist: Path) -> Path:
    iscc = find_iscc()
    command = [str(iscc), f"/DAppVersion={__version__}", f"/DDistDir={dist}", f"/O{dist}", str(ISS)]
    done = subprocess.run(command, cwd=ISS.parent)
    if done.returncode != 0:
        raise BuildError(f"Inno Setup failed (exit {done.returncode}); its messages are above")
    return dist / f"{APP_NAME}-{__version__}-setup.exe"


def build(dist: Path, work: Path, installer: bool, archive: bool) -> dict[str, Path]:
    check_tools()
    compile_catalogs()
    bundle = run_pyinstaller(dist, work)
    made = {"bundle": bundle}
    if sys.platform.startswith("linux"):
        add_linux_files(bundle)
        if archive:
            made["tarball"] = linux_tarball(bundle)
    if installer:
        if sys.platform != "win32":
            raise BuildError("--installer builds the Windows installer and runs only on Windows")
        made["installer"] = windows_installer(dist)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=f"Build {APP_NAME} {__version__} into one folder")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder (build/)")
    parser.add_argument("--installer", action="store_true", help="Windows: also build the Inno Setup installer")
    parser.add_argument("--no-archive", action="store_true", help="Linux: do not pack the tarball")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        made = build(args.dist.resolve(), args.work.resolve(), args.installer, not args.no_archive)
    except BuildError as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    print(f"built {APP_NAME} {__version__} in {seconds:.0f} s")
    print(f"  bundle   {made['bundle']}  {megabytes(folder_size(made['bundle']))}")
    for name in ("tarball", "installer"):
        if name in made:
            print(f"  {name:<8} {made[name]}  {megabytes(made[name].stat().st_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
