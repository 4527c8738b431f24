#!/usr/bin/env bash
# Desktop smoke test: runs the real desktop binary under Xvfb and a private
# D-Bus session on a fresh data dir (demo market), waits until the frontend
# reports that the KR signals table rendered with rows, takes a screenshot,
# checks it is not blank, then asks the app to quit (SIGTERM → Wails quit)
# and checks that it exited 0 after closing the database.
# Usage: scripts/desktop-smoke.sh path/to/krmarket [screenshot.png]
set -euo pipefail
bin=$(readlink -f "$1")
shot=${2:-build/desktop-smoke.png}
mkdir -p "$(dirname "$shot")"
shot=$(readlink -f "$shot")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/inner.sh" <<'INNER'
set -u
bin=$1; work=$2; shot=$3
"$bin" --data-dir "$work/data" --source demo >"$work/app.out" 2>&1 &
pid=$!
rendered=""
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "smoke: app exited early"; break; fi
  rendered=$(grep -ho 'msg="frontend rendered" rows=[0-9]* view=kr' "$work/app.out" | tail -1 || true)
  if [ -n "$rendered" ] && [ "${rendered##*rows=}" != "0 view=kr" ]; then break; fi
  sleep 0.5
done
# WebKit paints a moment after the DOM is ready: retake the screenshot until
# it shows more than the window background (up to 15 s).
for _ in $(seq 1 15); do
  sleep 1
  import -window root "$shot" 2>/dev/null || continue
  sd=$(/usr/bin/convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  awk -v s="$sd" 'BEGIN{exit !(s > 0.03)}' && break
done
kill -TERM "$pid" 2>/dev/null
code=0
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$pid" 2>/dev/null; then echo "smoke: app did not exit within 10s of SIGTERM"; kill -9 "$pid"; code=99; fi
wait "$pid"; rc=$?
[ $code -eq 0 ] && code=$rc
echo "$code" >"$work/exit"
echo "$rendered" >"$work/rendered"
INNER

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$work/inner.sh" "$bin" "$work" "$shot"

fail=0
rendered=$(cat "$work/rendered")
exitcode=$(cat "$work/exit")
rows=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$rendered")
if [ -z "$rows" ] || [ "$rows" -lt 1 ]; then echo "FAIL: the KR signals table did not render rows"; fail=1; else echo "ok: signals table rendered $rows rows"; fi
if [ "$exitcode" != "0" ]; then echo "FAIL: app exit code $exitcode"; fail=1; else echo "ok: app exited 0"; fi
if grep -q 'msg="database closed"' "$work/app.out"; then echo "ok: database closed on quit"; else echo "FAIL: no 'database closed' in the log"; fail=1; fi
if [ -s "$shot" ]; then
  sd=$(/usr/bin/convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  colors=$(/usr/bin/convert "$shot" -format '%k' info:)
  echo "screenshot $shot: gray std-dev $sd, $colors colours"
  if awk -v s="$sd" -v c="$colors" 'BEGIN{exit !(s > 0.03 && c > 50)}'; then echo "ok: screenshot is not blank"; else echo "FAIL: screenshot looks blank"; fail=1; fi
else
  echo "FAIL: no screenshot"; fail=1
fi
if [ $fail -ne 0 ]; then echo "--- app output"; tail -50 "$work/app.out"; fi
echo "smoke: $((fail == 0 ? 1 : 0)) passed, $fail failed"
exit $fail
