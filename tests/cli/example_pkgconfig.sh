#!/usr/bin/env bash
# example_pkgconfig.sh — `cmake --install` into a temporary prefix, then examples/transform.c
# built against it through samc.pc (examples/Makefile, shared; and static with --static):
# both print what `samc transform` prints, and neither needs libcurl or libgit2 to link.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
src=$SAMC_SOURCE_DIR
build=$(dirname "$SAMC")
for tool in pkg-config make; do
  command -v "$tool" >/dev/null 2>&1 || { echo "example_pkgconfig: skipped, no $tool"; exit 77; }
done
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
cc=$(cache_value CMAKE_C_COMPILER)
flags=""
[ "$(cache_value SAMC_SANITIZE)" = ON ] && flags="-fsanitize=address,undefined"
[ "$(cache_value SAMC_TSAN)" = ON ] && flags="-fsanitize=thread"

prefix=$tmp/prefix
expect_exit 0 cmake --install "$build" --prefix "$prefix"
pc=$(find "$prefix" -name samc.pc -path '*/pkgconfig/*' | head -1)
[ -n "$pc" ] && pass || { fail "cmake --install did not install samc.pc"; finish; }
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir samc)
incdir=$(pkg-config --variable=includedir samc)
# the paths samc.pc gives lead to the installed files, not to the build's prefix
[ "$(cd "$libdir" && pwd -P)" = "$(cd "$(dirname "$(dirname "$pc")")" && pwd -P)" ] && pass ||
  fail "samc.pc libdir $libdir is not where it was installed ($pc)"
[ -f "$incdir/samc/samc.h" ] && pass || fail "samc.pc includedir $incdir has no samc/samc.h"
[ "$(pkg-config --modversion samc)" = "$(sed -n 's/^#define SAMC_VERSION "\(.*\)"/\1/p' "$src/lib/include/samc/samc.h")" ] &&
  pass || fail "samc.pc version differs from SAMC_VERSION"
for mode in "" --static; do
  if pkg-config $mode --cflags --libs samc | grep -qE 'curl|git2'; then
    fail "pkg-config $mode --libs samc names libcurl or libgit2: $(pkg-config $mode --libs samc)"
  else pass; fi
done
if readelf -d "$libdir/libsamc.so" | grep NEEDED | grep -qE 'libcurl|libgit2'; then
  fail "libsamc.so is linked against libcurl or libgit2"
else pass; fi

# shared: the Makefile as a user runs it, in a copy of examples/
mkdir "$tmp/ex"
cp "$src/examples/Makefile" "$src/examples/transform.c" "$tmp/ex/"
expect_exit 0 make -C "$tmp/ex" CC="$cc" CFLAGS="-O1 -Wall -Wextra -Werror $flags"
export LD_LIBRARY_PATH=$libdir
if ldd "$tmp/ex/transform" | grep -qE 'libcurl|libgit2'; then
  fail "the example maps libcurl or libgit2"
else pass; fi
# static: libsamc.a with the private requirements samc.pc lists
static_libs=$(pkg-config --static --libs samc | sed 's/-lsamc\b/-l:libsamc.a/')
expect_exit 0 "$cc" $flags -O1 $(pkg-config --cflags samc) -o "$tmp/ex/transform-static" \
  "$tmp/ex/transform.c" $static_libs
if readelf -d "$tmp/ex/transform-static" | grep NEEDED | grep -q libsamc; then
  fail "the static example still needs libsamc.so"
else pass; fi

# each build prints the template samc transform prints, and the same errors
for exe in "$tmp/ex/transform" "$tmp/ex/transform-static"; do
  for args in "$src/examples/hello/template.yaml" "$SAMC_TEST_DATA/cli/function.yaml cn-north-1"; do
    set -- $args
    expect_exit 0 "$exe" "$@"
    mv "$tmp/out" "$tmp/example.json"
    expect_exit 0 "$SAMC" transform ${2:+--region "$2"} "$1"
    if cmp -s "$tmp/out" "$tmp/example.json" && [ -s "$tmp/out" ]; then pass
    else fail "$(basename "$exe") $* differs from samc transform"; fi
  done
  expect_exit 1 "$exe" "$SAMC_TEST_DATA/cli/two_errors.yaml"
  mv "$tmp/err" "$tmp/example.err"
  expect_exit 1 "$SAMC" transform "$SAMC_TEST_DATA/cli/two_errors.yaml"
  if [ "$(wc -l <"$tmp/example.err")" -ge 2 ] && cmp -s "$tmp/example.err" <(sed '$d' "$tmp/err"); then
    pass
  else fail "$(basename "$exe"): errors differ from samc transform's"; sed 's/^/  | /' "$tmp/example.err" >&2; fi
  expect_exit 2 "$exe"
  expect_err_contains "usage:"
done
finish
