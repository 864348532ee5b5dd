#!/usr/bin/env bash
# Builds the .deb from a build tree (as scripts/package.sh does) and checks it: the files it must
# contain, Depends from dpkg-shlibdeps, the version, desktop-file-validate and appstreamcli on the
# installed files, the man page and the binaries' --version. Exit 77 (skipped) without the tools.
# Usage: check-deb.sh BUILD_DIR VERSION
set -euo pipefail

build=$1
version=$2
for tool in dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli cpack; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed"
        exit 77
    fi
done

work=$(mktemp -d /tmp/haier-console-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# cpack runs the install step, which runs no program of ours; HOME is throwaway all the same.
HOME=$work/home cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/dist" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; fail "cpack failed"; }
debs=("$work"/dist/*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
echo "built $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/contents"
for f in /usr/bin/haier-console /usr/bin/haierctl /usr/bin/ylh-sim \
    /usr/share/applications/haier-console.desktop \
    /usr/share/icons/hicolor/scalable/apps/haier-console.svg \
    /usr/share/icons/hicolor/256x256/apps/haier-console.png \
    /usr/share/metainfo/local.haierconsole.HaierConsole.metainfo.xml \
    /usr/lib/systemd/system/haier-callbacks.service \
    /usr/share/man/man1/haierctl.1.gz \
    /usr/share/doc/haier-console/README.md /usr/share/doc/haier-console/LICENSE \
    /usr/share/doc/haier-console/docs/deploy-callbacks.md; do
    grep -qxF "$f" "$work/contents" || { cat "$work/contents"; fail "$f is not in the package"; }
done
if grep -q '^/usr/local\|/tests/\|/bench/\|\.a$' "$work/contents"; then
    fail "the package holds files it should not: $(grep '^/usr/local\|/tests/\|/bench/\|\.a$' "$work/contents" | head -3)"
fi

[[ $(dpkg-deb -f "$deb" Package) == haier-console ]] || fail "Package: $(dpkg-deb -f "$deb" Package)"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version $(dpkg-deb -f "$deb" Version), project says $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# From dpkg-shlibdeps: the C library and the Qt libraries the binaries link, with versions.
for lib in libc6 libqt6core6 libqt6widgets6 libqt6sql6 libqt6network6; do
    [[ $depends == *"$lib ("* ]] || fail "Depends lacks $lib (shlibdeps): $depends"
done
[[ $depends == *libqt6sql6-sqlite* ]] || fail "Depends lacks the SQLite driver: $depends"

dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/haier-console.desktop" || fail "desktop-file-validate"
grep -q '^Exec=haier-console$' "$work/root/usr/share/applications/haier-console.desktop" || fail "Exec line"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/local.haierconsole.HaierConsole.metainfo.xml" || fail "appstreamcli validate"
grep -q "release version=\"$version\"" "$work/root/usr/share/metainfo/local.haierconsole.HaierConsole.metainfo.xml" \
    || fail "the metainfo release is not $version"
grep -q '^ExecStart=/usr/bin/haierctl ' "$work/root/usr/lib/systemd/system/haier-callbacks.service" || fail "the unit does not start /usr/bin/haierctl"

# The man page comes from the general help: it lists the commands.
man=$(gzip -dc "$work/root/usr/share/man/man1/haierctl.1.gz" | sed 's/\\-/-/g; s/\\f[BIRP]//g')
for word in serve-callbacks demo-data "Exit codes"; do
    [[ $man == *"$word"* ]] || fail "the man page does not mention $word"
done
[[ $man == *".TH HAIERCTL \"1\""* ]] || fail "not a section-1 man page"

# The packaged binaries run and say their name and the one version.
export HOME=$work/home XDG_DATA_HOME=$work/home/data XDG_CONFIG_HOME=$work/home/config QT_QPA_PLATFORM=offscreen
for bin in haierctl ylh-sim haier-console; do
    got=$("$work/root/usr/bin/$bin" --version)
    [[ $got == "$bin $version" ]] || fail "$bin --version says '$got'"
done
echo "PASS: $(basename "$deb") ($(wc -l <"$work/contents") paths)"
