#!/usr/bin/env bash
# Tray test: runs the real desktop binary under Xvfb and a private D-Bus
# session on a fresh data dir (demo market, English labels, the local API on
# a free port) and drives its StatusNotifierItem menu over D-Bus like a tray
# host would:
#   - the menu is exported (GetLayout) with every entry;
#   - "Update prices now" records a scheduler run (log + /api/scheduler/status);
#   - "Pause background updates" pauses the scheduler and relabels itself;
#   - "Local API server" stops and restarts the API without a restart;
#   - the window's close button hides it to the tray (the process lives);
#   - "Hide window", then a second launch: it exits 0 and the first shows
#     its window again (log line, menu label);
#   - a desktop notification is delivered to org.freedesktop.Notifications
#     (a small notification server, scripts/fakenotifyd, owns that name on
#     the session bus as a desktop's daemon would, and prints what it gets;
#     dbus-monitor also sees the call);
#   - "Quit" ends the process with exit code 0 after closing the database;
#   - with background.start_hidden the next start shows no window until
#     the tray's "Show window".
# Usage: scripts/tray-test.sh path/to/krmarket
set -euo pipefail
bin=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/inner.sh" <<'INNER'
set -u
bin=$1; work=$2
export XDG_CONFIG_HOME="$work/config" # launch-at-login entries stay in the sandbox
data="$work/data"
mkdir -p "$data"
echo '{"language":"en","addr":"127.0.0.1:0"}' >"$data/settings.json"
pass=0; fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# wait_for SECONDS FILE PATTERN: true once grep -E finds PATTERN in FILE.
wait_for() {
  local n=$(($1 * 4))
  for _ in $(seq 1 "$n"); do grep -Eq "$3" "$2" 2>/dev/null && return 0; sleep 0.25; done
  return 1
}

dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications'" >"$work/monitor.out" 2>&1 &
mon=$!
"$work/fakenotifyd" >"$work/notify.out" 2>&1 &
notifyd=$!
wait_for 10 "$work/notify.out" 'fakenotifyd: ready' || bad "the test notification server did not start: $(cat "$work/notify.out")"
"$bin" --data-dir "$data" --source demo --api >"$work/app.out" 2>&1 &
pid=$!
dest="org.kde.StatusNotifierItem-$pid-1"
menu() { gdbus call --session --dest "$dest" --object-path /StatusNotifierItem/menu "$@"; }
layout() { menu --method com.canonical.dbusmenu.GetLayout -- 0 -1 "[]"; }
# id_of LABEL-REGEX: the menu id of the entry whose label matches.
id_of() { layout | grep -oE "\(([0-9]+), \{[^}]*'label': <'$1" | head -1 | sed -E 's/^\(([0-9]+),.*/\1/'; }
click() {
  local id; id=$(id_of "$1")
  [ -n "$id" ] || { echo "no menu entry matching '$1'"; return 1; }
  menu --method com.canonical.dbusmenu.Event -- "$id" clicked '<int32 0>' 0 >/dev/null
}
has_label() { layout | grep -q "'label': <'$1"; }

if wait_for 120 "$work/app.out" 'msg="tray ready"' && wait_for 30 "$work/app.out" 'msg="local API listening"'; then
  ok "tray ready"
else
  bad "the tray did not come up"; tail -30 "$work/app.out"
fi
for _ in $(seq 1 40); do
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$dest" 2>/dev/null | grep -q true && break
  sleep 0.25
done
addr=$(grep 'msg="local API listening"' "$work/app.out" | tail -1 | grep -oE 'addr="?[0-9.]+:[0-9]+' | grep -oE '[0-9.]+:[0-9]+')
token=$(cat "$data/api-token")
api() { curl -s -H "Host: $addr" "$@"; }

layout >"$work/layout.txt" 2>&1 || true
missing=""
for l in "Hide window" "Update prices now" "Pause background updates" "Local API server: on \\($addr\\)" "Open data folder" "Quit"; do
  grep -Eq "'label': <'$l'>" "$work/layout.txt" || missing="$missing [$l]"
done
if [ -z "$missing" ]; then ok "menu exported over D-Bus with every entry"; else bad "menu lacks$missing"; cat "$work/layout.txt"; fi
tip=$(gdbus call --session --dest "$dest" --object-path /StatusNotifierItem --method org.freedesktop.DBus.Properties.Get org.kde.StatusNotifierItem ToolTip 2>&1 || true)
if grep -q "KR gate" <<<"$tip"; then ok "tooltip shows the KR gate"; else bad "tooltip: $tip"; fi

# Update prices now → a recorded manual run of each price job.
click "Update prices now" || true
if wait_for 30 "$work/app.out" 'msg="background job finished".*job=prices.kr.*manual=true|job=prices.kr.*msg="background job finished".*manual=true|manual=true.*job=prices.kr'; then
  ok "Update prices now ran prices.kr (log)"
else
  bad "no prices.kr run in the log"; grep -i "job" "$work/app.out" | tail -5
fi
status=$(api "http://$addr/api/scheduler/status")
if grep -q '"name":"prices.kr"' <<<"$status" && grep -Eq '"name":"prices.kr"[^}]*"last_run":\{[^}]*"manual":true' <<<"$status"; then
  ok "the run is recorded (/api/scheduler/status)"
else
  bad "scheduler status: $status"
fi

# Pause / resume background updates.
click "Pause background updates" || true
sleep 0.5
if has_label "Resume background updates" && api "http://$addr/api/scheduler/status" | grep -q '"paused":true,"jobs"'; then
  ok "Pause background updates pauses the scheduler"
else
  bad "pause: $(layout | head -c 300)"
fi
click "Resume background updates" || true

# Local API server off and on again.
click "Local API server: on" || true
sleep 1
if has_label "Local API server: off" && ! curl -s -m 2 -o /dev/null "http://$addr/api/health"; then ok "the tray stops the local API"; else bad "API still up after off"; fi
click "Local API server: off" || true
for _ in $(seq 1 40); do has_label "Local API server: on" && break; sleep 0.25; done
addr=$(layout | grep -oE "Local API server: on \(([0-9.]+:[0-9]+)" | grep -oE '[0-9.]+:[0-9]+' | head -1)
if [ -n "$addr" ] && api -m 5 "http://$addr/api/health" | grep -q '"status":"success"'; then ok "the tray starts the local API again ($addr)"; else bad "API not back"; fi

# A desktop notification on the session bus.
res=$(api -m 10 -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d '{}' "http://$addr/api/notifications/test")
if wait_for 10 "$work/monitor.out" 'member=Notify' && wait_for 10 "$work/notify.out" '^notify: KR Market' && grep -q '"sent":true' <<<"$res"; then
  ok "notification delivered on the session bus: $(grep -m1 '^notify:' "$work/notify.out")"
else
  bad "notification not delivered: $res; server got: $(cat "$work/notify.out")"
fi

# The window's close button (WM_DELETE_WINDOW, as a window manager sends
# it) hides the window to the tray instead of quitting.
wid=$(xdotool search --name '^KR Market$' 2>/dev/null | head -1)
if [ -n "$wid" ] && "$work/wmclose" "$wid" && wait_for 10 "$work/app.out" 'msg="window hidden to tray"' && kill -0 "$pid" 2>/dev/null && has_label "Show window"; then
  ok "closing the window hides it to the tray (process alive, menu says Show window)"
else
  bad "close to tray (window '$wid')"
fi
click "Show window" || true
sleep 0.5

# Hide, then a second launch shows the window and exits 0.
click "Hide window" || true
sleep 0.5
has_label "Show window" && ok "Hide window hides it (menu says Show window)" || bad "Hide window"
start=$(date +%s%N)
timeout 30 "$bin" --data-dir "$data" --source demo >"$work/second.out" 2>&1; rc2=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc2" = 0 ]; then ok "second launch exited 0 in ${ms} ms ($(tr -d '\n' <"$work/second.out"))"; else bad "second launch exit $rc2: $(cat "$work/second.out")"; fi
if wait_for 10 "$work/app.out" 'second instance: showing the window' && sleep 0.5 && has_label "Hide window"; then
  ok "the first instance showed its window"
else
  bad "the first instance did not show its window"
fi

# Ask for "start hidden" next time (checked after the restart below).
api -m 5 -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"background":{"start_hidden":true}}' "http://$addr/api/settings" | grep -q '"start_hidden":true' || bad "start_hidden not saved"

# Quit from the tray.
click "Quit" || true
code=0
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$pid" 2>/dev/null; then bad "still running 10 s after Quit"; kill -9 "$pid"; code=99; fi
wait "$pid"; rc=$?
[ $code -eq 0 ] && code=$rc
if [ "$code" = 0 ]; then ok "Quit: exit code 0"; else bad "Quit: exit code $code"; fi
if grep -q 'msg="database closed"' "$work/app.out"; then ok "database closed on quit"; else bad "no 'database closed' in the log"; fi
grep -q 'quit requested from the tray' "$work/app.out" || bad "no 'quit requested from the tray' in the log"

# Restart with start_hidden: no visible window, the tray offers "Show window".
"$bin" --data-dir "$data" --source demo >"$work/app2.out" 2>&1 &
pid=$!
dest="org.kde.StatusNotifierItem-$pid-1"
if wait_for 60 "$work/app2.out" 'msg="tray ready"' && wait_for 10 "$work/app2.out" 'started hidden in the tray'; then
  sleep 2
  if [ -z "$(xdotool search --onlyvisible --name '^KR Market$' 2>/dev/null)" ] && has_label "Show window"; then
    ok "start hidden: no visible window, the tray offers Show window"
  else
    bad "start hidden: a window is visible"
  fi
  click "Show window" || true
  sleep 1
  [ -n "$(xdotool search --onlyvisible --name '^KR Market$' 2>/dev/null)" ] && ok "Show window maps the window" || bad "Show window did not map the window"
else
  bad "restart with start_hidden did not come up"; tail -20 "$work/app2.out"
fi
click "Quit" || true
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$pid" 2>/dev/null && { bad "restarted app still running after Quit"; kill -9 "$pid"; }
wait "$pid" && ok "restarted app quit with exit code 0" || bad "restarted app exit code $?"
kill "$mon" "$notifyd" 2>/dev/null
if [ $fail -ne 0 ]; then echo "--- app output"; tail -40 "$work/app.out"; fi
echo "$pass $fail" >"$work/result"
INNER

# wmclose WINDOW-ID sends WM_DELETE_WINDOW, as a window manager's close
# button does (Xvfb runs none). libX11 comes with the GTK build packages.
cat >"$work/wmclose.c" <<'C'
#include <X11/Xlib.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  Display *d = XOpenDisplay(NULL);
  if (!d || argc < 2) return 1;
  Window w = (Window)strtoul(argv[1], NULL, 0);
  XEvent e = {0};
  e.xclient.type = ClientMessage;
  e.xclient.window = w;
  e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
  e.xclient.format = 32;
  e.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
  e.xclient.data.l[1] = CurrentTime;
  XSendEvent(d, w, False, NoEventMask, &e);
  XCloseDisplay(d);
  return 0;
}
C
gcc -O1 -o "$work/wmclose" "$work/wmclose.c" -lX11
(cd "$(dirname "$0")/.." && go build -o "$work/fakenotifyd" ./scripts/fakenotifyd)

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$work/inner.sh" "$bin" "$work"
read -r pass fail <"$work/result" || { pass=0; fail=1; }
echo "tray: $pass passed, $fail failed"
exit $((fail > 0))
