#!/usr/bin/env bash
# `npm run test:xen`: run the xen-bridge suite against a real Xen 4.17.
# Builds the lab of ../shared/xenlab if needed (once per machine), boots it
# with this checkout shared into dom0 at the same path, runs the suite there
# with the host's own node, and stops the lab whatever happens.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
lab=${QTUI_XENLAB:-$repo/../shared/xenlab}

if [ ! -x "$lab/boot.sh" ]; then
  echo "test:xen: no Xen lab at $lab (set QTUI_XENLAB)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "test:xen: building and booting the Xen lab needs root" >&2
  exit 1
fi

# Under the lab's software emulation node is slow to load many files over 9p,
# so dom0 runs the suite compiled to plain JS under node's own test runner.
(cd "$repo" && rm -rf dist-xen && npx tsc -p tsconfig.xen.json)

# Xen hides XSAVE from dom0 (so dom0's kernel saves a process's FPU/SSE state
# with FXSAVE). With XSAVE, under the lab's software emulation (QEMU 7.2 TCG),
# dom0's processes now and then find their memory or registers corrupted:
# node died of SIGSEGV in V8 (snapshot deserializer, scavenger), of
# "malloc(): corrupted top size", and a single-threaded `xl list` aborted on
# a failed pthread_mutex_lock, with no signal sent by anyone (strace) and the
# same with node and the suite on dom0's own disk, with AVX hidden, or with
# one TCG thread. Without XSAVE none of it was seen. The lab makes (once) and
# keeps a snapshot for this Xen command line.
export XENLAB_XEN_EXTRA="cpuid=no-xsave${XENLAB_XEN_EXTRA:+ $XENLAB_XEN_EXTRA}"

"$lab/build.sh"
trap '"$lab/stop.sh" >/dev/null 2>&1 || true' EXIT

# run.sh executes its argument with bash in dom0; the path is this checkout's,
# which boot.sh mounted at the same place. printf %q keeps it one word.
printf -v qrepo '%q' "$repo"

# Each suite runs as a plain node process writing to a file, and its exit
# status is printed: a node process killed by a signal shows as 128+signal.
attempt() {
  "$lab/stop.sh" >/dev/null 2>&1 || true
  "$lab/boot.sh" --share "$repo"
  "$lab/run.sh" "cd $qrepo && out=\$(mktemp) && rc=0 && for suite in lifecycle dbus-vchan; do QTUI_HOST=xen node --test-reporter=spec dist-xen/test/xen/\$suite.xen.js >\"\$out\" 2>&1; s=\$?; cat \"\$out\"; echo \"test:xen: \$suite exited with \$s\"; [ \$s = 0 ] || rc=1; done; rm -f \"\$out\"; exit \$rc"
}

# A failure is tried once more on a freshly booted lab, and both runs are
# printed: a real regression fails twice. Still needed after the XSAVE fix:
# in one of five runs the dbus-vchan suite's reconnect got no answer through
# the vchan for 90 s (the lab kit reuses one vchan across D-Bus sessions;
# its README has stale ring bytes and a lost notification at session start).
attempt || { echo "test:xen: the first run failed; once more on a fresh lab"; attempt; }
