#!/usr/bin/env bash
# The whole test suite: installs the Debian build dependencies when missing, then builds two
# configurations (Release with gcc; Debug with ASan + UBSan, built with clang) and runs ctest in each. When ../shared
# sits beside the project, ctest includes the conformance run with the floor in
# tests/conformance-floor. The Release build's unit tests and CLI runs also go through valgrind
# (the ctest label "valgrind", run as its own step by tests/valgrind.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

deps="build-essential cmake pkg-config clang libyaml-dev libcjson-dev libgit2-dev zlib1g-dev \
libzip-dev libssl-dev libcurl4-openssl-dev libexpat1-dev libcmocka-dev python3 valgrind"
missing=""
for p in $deps; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq $missing >/dev/null; fi
fi

jobs=$(nproc 2>/dev/null || echo 2)
status=0
for cfg in release sanitize; do
  dir="build-ci-$cfg"
  if [ "$cfg" = release ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DSAMC_VALGRIND_TESTS=ON >/dev/null
  else
    # the sanitizer build uses clang, so both compilers' warnings are checked (-Werror)
    CC=$(command -v clang || command -v cc) cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DSAMC_SANITIZE=ON >/dev/null
  fi
  cmake --build "$dir" -j"$jobs"
  echo "== ctest ($cfg)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j"$jobs" -LE valgrind || status=1
  if [ "$cfg" = release ]; then
    echo "== valgrind (release: ctest -L valgrind)"
    bash tests/valgrind.sh "$dir" || status=1
  fi
done

# ThreadSanitizer: only the library, tests/unit/test_threads.c (8 threads transforming at
# once) and test_dl.c (libraries loaded from 8 threads) are built in this configuration,
# which keeps the step to a few minutes.
dir=build-ci-tsan
CC=$(command -v clang) cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMC_TSAN=ON >/dev/null
cmake --build "$dir" -j"$jobs" --target test_threads test_dl
echo "== ctest (tsan: test_threads, test_dl)"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir "$dir" -R '^unit/test_(threads|dl)$' --output-on-failure || status=1
exit $status
