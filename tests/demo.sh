#!/usr/bin/env bash
# Demo: check_wolkvox_shift against a made-up contact centre served by the
# fake wolkvox API on loopback. Run by `make demo` (BUILD=build in the
# environment). Exits 0 when the plugin ran and gave a state from 0 to 3.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$ROOT/$BUILD ;;
esac

PLUGIN=$BUILD/check_wolkvox_shift
FAKE=$BUILD/fake_wolkvox
ZONE=America/Bogota

DEMO_DIR=
SERVER_PID=

# Stops the fake API (SIGTERM, then SIGKILL after five seconds) and removes
# the demo directory.
cleanup() {
	local i

	if [ -n "$SERVER_PID" ]; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		for i in $(seq 50); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	[ -n "$DEMO_DIR" ] && rm -rf "$DEMO_DIR"
}

die() {
	echo "demo: $*" >&2
	exit 1
}

server_start() {
	local i

	"$FAKE" --port-file "$DEMO_DIR/port" --token-file "$DEMO_DIR/token" \
		--scenario-dir "$DEMO_DIR" 2>"$DEMO_DIR/server.log" &
	SERVER_PID=$!

	for i in $(seq 100); do
		[ -s "$DEMO_DIR/port" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$DEMO_DIR/server.log" >&2
	die "the fake API did not start within 10 seconds"
}

state_name() {
	case $1 in
	0) echo OK ;;
	1) echo WARNING ;;
	2) echo CRITICAL ;;
	3) echo UNKNOWN ;;
	*) echo "not a plugin state" ;;
	esac
}

main() {
	local port url rc now

	[ -x "$PLUGIN" ] || die "$PLUGIN is missing: run make first"
	[ -x "$FAKE" ] || die "$FAKE is missing: run make first"

	trap cleanup EXIT
	trap 'exit 130' INT TERM
	DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wolkvox-demo.XXXXXX") || die "mktemp failed"
	chmod 700 "$DEMO_DIR"

	"$FAKE" --generate-demo "$DEMO_DIR" --timezone "$ZONE" ||
		die "generating the demo operation failed"
	(umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$DEMO_DIR/token")

	server_start
	port=$(cat "$DEMO_DIR/port")
	url="http://127.0.0.1:$port/api/v2/reports_manager.php"
	now=$(TZ=$ZONE date '+%Y-%m-%d %H:%M')

	cat <<EOF
== wolkvox shift check demo
A made-up operation of 30 agents in three teams, all with a shift due now
($now in $ZONE), served by the fake wolkvox API on 127.0.0.1:$port.
Running, as a monitoring core would (clean environment, absolute paths):

  $PLUGIN \\
      -u $url \\
      --roster $DEMO_DIR/roster.csv \\
      --token-file $DEMO_DIR/token

EOF

	# The caller's language settings pass through, so that
	# LANG=es_CO.UTF-8 make demo shows the Spanish messages.
	env -i PATH=/usr/bin:/bin WOLKVOX_LOCALEDIR="$BUILD/locale" \
		${LANG:+LANG="$LANG"} ${LANGUAGE:+LANGUAGE="$LANGUAGE"} ${LC_ALL:+LC_ALL="$LC_ALL"} \
		"$PLUGIN" -u "$url" --roster "$DEMO_DIR/roster.csv" --token-file "$DEMO_DIR/token"
	rc=$?

	echo
	echo "exit code $rc ($(state_name "$rc"))"
	[ "$rc" -ge 0 ] && [ "$rc" -le 3 ]
}

main "$@"
