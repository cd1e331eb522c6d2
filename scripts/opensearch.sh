#!/usr/bin/env bash
# Local single-node OpenSearch for the test suite.
#
#   scripts/opensearch.sh start    start (or reuse) a node; prints its URL as the last stdout line
#   scripts/opensearch.sh stop     stop it and delete its data
#   scripts/opensearch.sh status   print the URL and exit 0 if it is running, else exit 1
#
#   OPENSEARCH_SECURITY=1 scripts/opensearch.sh start|stop|status
#                                  the same for a node with TLS and basic authentication
#                                  (see scripts/opensearch-security.sh); its own instances,
#                                  under .cache/opensearch/run-secure/
#
# The node is the OpenSearch "integ-test-zip" distribution from Maven Central
# (org.opensearch.distribution.integ-test-zip:opensearch:<version>:zip): no security
# plugin, no bundled JDK, and only the transport-netty4 module (no painless, no
# reindex / delete-by-query, no analysis-common). It runs on the installed Java (>= 11).
#
# Layout (all under the git-ignored .cache/ of the repository):
#   .cache/opensearch/<version>/opensearch-<version>/  unpacked distribution (unpacked once)
#   .cache/opensearch/run/                             the default instance:
#       url  pid  port  home  config/  data/  logs/  tmp/
#   .cache/opensearch/run/instances/<name>/            named instances (OPENSEARCH_INSTANCE=<name>)
#
# Environment:
#   OPENSEARCH_VERSION        distribution version (default below)
#   OPENSEARCH_INSTANCE       optional instance name ([A-Za-z0-9_.-]); the test setup uses one
#                             per test run so that concurrent runs do not share a node
#   OPENSEARCH_OWNER_PID      optional: with `start`, a watchdog stops the node once this
#                             process is gone (so an interrupted test run leaves nothing behind)
#   OPENSEARCH_JAVA_OPTS      JVM options (default "-Xms512m -Xmx1g"; secured: "-Xms512m -Xmx512m")
#   OPENSEARCH_SECURITY       1: the secured node (https, user admin)
#   OPENSEARCH_ADMIN_PASSWORD secured node: the password of `admin` (default in the file below)
#   OPENSEARCH_SECURE_VERSION secured node: OpenSearch and security plugin version (2.19.4)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for the node (default 120)
#   OPENSEARCH_RUN_USER       user that runs the node when this script runs as root
#                             (default "opensearch"; created as a system user if missing)
#   JAVA_HOME                 Java to use (default: the `java` on PATH)
#
# Only the URL goes to stdout; everything else goes to stderr.
set -euo pipefail
umask 022

OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-2.19.6}"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx1g}"
RUN_USER="${OPENSEARCH_RUN_USER:-opensearch}"

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
ROOT="$(cd "$(dirname "$SCRIPT_PATH")/.." && pwd)"
CACHE="$ROOT/.cache/opensearch"
SCHEME=http
DIST_SUFFIX=""
RUN_DIR="$CACHE/run"
LOCK_PREFIX=""
if [[ "${OPENSEARCH_SECURITY:-}" == "1" ]]; then
  # shellcheck source=scripts/opensearch-security.sh
  source "$(dirname "$SCRIPT_PATH")/opensearch-security.sh"
  RUN_DIR="$CACHE/run-secure"
  LOCK_PREFIX="secure-"
fi
INSTANCE="${OPENSEARCH_INSTANCE:-}"
if [[ -n "$INSTANCE" && ! "$INSTANCE" =~ ^[A-Za-z0-9_.-]+$ ]]; then
  echo "opensearch.sh: invalid OPENSEARCH_INSTANCE '$INSTANCE'" >&2
  exit 2
fi
if [[ -z "$INSTANCE" ]]; then
  STATE="$RUN_DIR"
  LOCK_NAME="${LOCK_PREFIX}default"
else
  STATE="$RUN_DIR/instances/$INSTANCE"
  LOCK_NAME="${LOCK_PREFIX}instance-$INSTANCE"
fi

log() { echo "opensearch.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- helpers -----------------------------------------------------------------------

# true if $1 is the pid of a live OpenSearch JVM
is_os_pid() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.opensearch.bootstrap.OpenSearch' || return 1
  fi
  return 0
}

# prints the HTTP status of a GET (000 if no answer)
http_code() {
  local url="$1"
  local -a curl_auth=() env_auth=()
  if [[ "$SCHEME" == "https" ]]; then
    # The secured node: its CA, and admin's credentials (on stdin / in the environment,
    # not in argv where `ps` shows them)
    curl_auth=(--cacert "$STATE/root-ca.pem" --netrc-file /dev/stdin)
    env_auth=(NODE_EXTRA_CA_CERTS="$STATE/root-ca.pem" OS_AUTH="admin:$ADMIN_PASSWORD")
  fi
  if command -v curl >/dev/null 2>&1; then
    printf 'machine 127.0.0.1 login admin password %s\n' "${ADMIN_PASSWORD:-}" |
      curl -s -o /dev/null -w '%{http_code}' --max-time 10 "${curl_auth[@]}" "$url" 2>/dev/null || true
  else
    env "${env_auth[@]}" node -e '
      const c = new AbortController(); setTimeout(() => c.abort(), 10000).unref();
      const auth = process.env.OS_AUTH;
      const headers = auth ? { authorization: "Basic " + Buffer.from(auth).toString("base64") } : {};
      fetch(process.argv[1], { signal: c.signal, headers })
        .then((r) => console.log(r.status), () => console.log("000"));' "$url" 2>/dev/null || echo 000
  fi
}

healthy() {
  [[ "$(http_code "$1/_cluster/health?wait_for_status=yellow&timeout=1s")" == "200" ]]
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    die "need node or python3 to pick a free port"
  fi
}

read_file() { [[ -f "$1" ]] && cat "$1" 2>/dev/null || true; }

LOCK_FDS=()
with_lock() { # with_lock <name> <command...>: run the command holding an exclusive lock
  local name="$1"; shift
  mkdir -p "$CACHE/locks"
  local fd
  exec {fd}>"$CACHE/locks/$name.lock"
  flock -w 900 "$fd" || die "timed out waiting for lock $name"
  LOCK_FDS+=("$fd")
  "$@"
  local rc=$?
  unset 'LOCK_FDS[${#LOCK_FDS[@]}-1]'
  flock -u "$fd"
  exec {fd}>&-
  return $rc
}

# Long-lived children (OpenSearch, the watchdog) must not inherit the lock descriptors,
# or they would hold the locks for as long as they live.
close_lock_fds() {
  local fd
  for fd in "${LOCK_FDS[@]}"; do
    eval "exec $fd>&-"
  done
}

find_java_home() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME"; return
  fi
  local java
  java="$(command -v java || true)"
  [[ -n "$java" ]] || die "java not found on PATH and JAVA_HOME not set"
  java="$(readlink -f "$java")"
  dirname "$(dirname "$java")"
}

# --- the distribution --------------------------------------------------------------

# unpack_dist <base>: make sure <base>/<version>/opensearch-<version> holds the distribution
unpack_dist() {
  local base="$1"
  local dir="$base/$OPENSEARCH_VERSION$DIST_SUFFIX"
  local home="$dir/opensearch-$OPENSEARCH_VERSION"
  [[ -f "$dir/.complete" && -x "$home/bin/opensearch" ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (needed once to fetch OpenSearch $OPENSEARCH_VERSION)"
  command -v unzip >/dev/null 2>&1 || die "unzip not found on PATH"
  mkdir -p "$base"
  local tmp
  tmp="$(mktemp -d "$base/.fetch.XXXXXX")"
  local artifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip"
  log "fetching $artifact with Maven"
  if ! mvn -q -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" \
      -Dartifact="$artifact" -DoutputDirectory="$tmp/zip" </dev/null >"$tmp/mvn.log" 2>&1; then
    tail -n 30 "$tmp/mvn.log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not fetch $artifact (does version $OPENSEARCH_VERSION exist on Maven Central?)"
  fi
  log "unpacking into $dir"
  unzip -q "$tmp/zip/opensearch-$OPENSEARCH_VERSION.zip" -d "$tmp/unpacked"
  [[ -f "$tmp/unpacked/opensearch-$OPENSEARCH_VERSION/bin/opensearch" ]] \
    || { rm -rf "$tmp"; die "unexpected zip layout (no opensearch-$OPENSEARCH_VERSION/bin/opensearch)"; }
  chmod -R a+rX "$tmp/unpacked"
  chmod a+x "$tmp/unpacked/opensearch-$OPENSEARCH_VERSION/bin/"*
  if [[ "$SCHEME" == "https" ]]; then
    install_security_plugin "$tmp/unpacked/opensearch-$OPENSEARCH_VERSION" "$tmp"
    chmod -R a+rX "$tmp/unpacked"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  mv "$tmp/unpacked/opensearch-$OPENSEARCH_VERSION" "$home"
  rm -rf "$tmp"
  touch "$dir/.complete"
}

# --- running as root ---------------------------------------------------------------
# OpenSearch refuses to run as root ("can not run opensearch as root"). As root we run it
# as an unprivileged system user instead (created if missing). That user must be able to
# reach the distribution and the instance directory; if the checkout is not reachable
# (e.g. under /root, mode 700) the distribution and the instance directory are placed
# under /var/tmp/usage-delta-opensearch-<hash of the checkout path> instead.

AS_ROOT=0
[[ "$(id -u)" == "0" ]] && AS_ROOT=1

ensure_run_user() {
  id -u "$RUN_USER" >/dev/null 2>&1 && return 0
  log "creating system user '$RUN_USER' to run OpenSearch (it refuses to run as root)"
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$RUN_USER" >&2 || true
  elif command -v adduser >/dev/null 2>&1; then
    adduser -S -D -H "$RUN_USER" >&2 || true
  fi
  id -u "$RUN_USER" >/dev/null 2>&1 || die "could not create user '$RUN_USER'"
}

as_run_user() {
  if [[ "$AS_ROOT" == "1" ]]; then
    runuser -u "$RUN_USER" -- "$@"
  else
    "$@"
  fi
}

# --- start / stop ------------------------------------------------------------------

# clean_instance: remove everything a previous start left in the state dir (not instances/)
clean_instance() {
  local home
  home="$(read_file "$STATE/home")"
  if [[ -n "$home" && "$home" != "$STATE" && -d "$home" ]]; then
    rm -rf "$home"
  fi
  rm -rf "$STATE/config" "$STATE/data" "$STATE/logs" "$STATE/tmp" "$STATE/opensearch.pid" \
    "$STATE/url" "$STATE/pid" "$STATE/port" "$STATE/home" "$STATE/owner" \
    "$STATE/watchdog.pid" "$STATE/watchdog.log" "$STATE/root-ca.pem"
  if [[ -n "$INSTANCE" ]]; then
    rmdir "$STATE" 2>/dev/null || true
  fi
}

print_log_tail() {
  local home="$1"
  local f
  for f in "$home/logs/console.log" "$home/logs/usage-delta-test.log"; do
    if [[ -s "$f" ]]; then
      log "---- last lines of $f ----"
      tail -n 40 "$f" >&2 || true
    fi
  done
}

kill_pid() { # kill_pid <pid>: TERM, wait up to 30 s, then KILL
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "pid $pid did not stop within 30 s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "WARNING: pid $pid is still alive"
}

do_stop() {
  local pid wd
  pid="$(read_file "$STATE/pid")"
  wd="$(read_file "$STATE/watchdog.pid")"
  if is_os_pid "$pid"; then
    log "stopping OpenSearch (pid $pid)"
    kill_pid "$pid"
  else
    log "OpenSearch is not running${INSTANCE:+ (instance $INSTANCE)}"
  fi
  if [[ -z "${OPENSEARCH__FROM_WATCHDOG:-}" && "$wd" =~ ^[0-9]+$ ]]; then
    kill "$wd" 2>/dev/null || true
  fi
  clean_instance
}

do_status() {
  local url pid
  url="$(read_file "$STATE/url")"
  pid="$(read_file "$STATE/pid")"
  if [[ -n "$url" ]] && is_os_pid "$pid" && healthy "$url"; then
    echo "$url"
    return 0
  fi
  return 1
}

# gc_instances: remove named instances that are not running and not being started, and
# stop those whose owner process is gone (in case their watchdog died too)
gc_instances() {
  local d name
  [[ -d "$RUN_DIR/instances" ]] || return 0
  for d in "$RUN_DIR/instances"/*/; do
    [[ -d "$d" ]] || continue
    name="$(basename "$d")"
    [[ "$name" == "$INSTANCE" ]] && continue
    (
      exec {fd}>"$CACHE/locks/${LOCK_PREFIX}instance-$name.lock"
      flock -n "$fd" || exit 0
      pid="$(read_file "$d/pid")"
      owner="$(read_file "$d/owner")"
      if is_os_pid "$pid"; then
        [[ "$owner" =~ ^[0-9]+$ ]] || exit 0
        kill -0 "$owner" 2>/dev/null && exit 0
        log "stopping OpenSearch of instance $name (pid $pid): its owner $owner is gone"
        kill_pid "$pid"
      fi
      STATE="${d%/}" INSTANCE="$name" clean_instance
    ) || true
  done
}

# launch <home> <dist_home> <java_home> <http_port> <transport_port>: prepare a fresh
# instance directory and start OpenSearch in the background; sets LAUNCHER_PID
launch() {
  local home="$1" dist="$2" java_home="$3" port="$4" tport="$5"
  rm -rf "$home/config" "$home/data" "$home/logs" "$home/tmp" "$home/opensearch.pid"
  mkdir -p "$home/data" "$home/logs" "$home/tmp"
  cp -R "$dist/config" "$home/config"
  # jvm.options writes GC logs, error files and heap dumps relative to the working
  # directory (the distribution); point them at the instance directory instead.
  sed -i \
    -e "s#file=logs/gc.log#file=$home/logs/gc.log#" \
    -e "s#ErrorFile=logs/#ErrorFile=$home/logs/#" \
    -e "s#HeapDumpPath=data#HeapDumpPath=$home/logs#" \
    "$home/config/jvm.options"
  cat >>"$home/config/opensearch.yml" <<EOF

# --- written by scripts/opensearch.sh ---
cluster.name: usage-delta-test
node.name: usage-delta-test
network.host: 127.0.0.1
http.port: $port
transport.port: $tport
discovery.type: single-node
path.data: $home/data
path.logs: $home/logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  if [[ "$SCHEME" == "https" ]]; then secure_config "$home" "$dist"; fi
  local -a cmd=(env
    HOME="$home/tmp" JAVA_HOME="$java_home" OPENSEARCH_JAVA_HOME="$java_home"
    OPENSEARCH_PATH_CONF="$home/config" OPENSEARCH_TMPDIR="$home/tmp"
    OPENSEARCH_JAVA_OPTS="$JAVA_OPTS"
    "$dist/bin/opensearch" -p "$home/opensearch.pid")
  if [[ "$AS_ROOT" == "1" ]]; then
    chown -R "$RUN_USER:" "$home/config" "$home/data" "$home/logs" "$home/tmp"
    chown "$RUN_USER:" "$home"
    cmd=(runuser -u "$RUN_USER" -- "${cmd[@]}")
  fi
  command -v setsid >/dev/null 2>&1 && cmd=(setsid "${cmd[@]}")
  # Not daemonized with -d (that needs `ps` and would keep our stdout open): run in the
  # background with all console output in logs/console.log; the JVM writes its pid to -p.
  (close_lock_fds; exec "${cmd[@]}" </dev/null >"$home/logs/console.log" 2>&1) &
  LAUNCHER_PID=$!
}

# wait_ready <home> <url>: 0 when healthy, 1 when the process died, 2 on timeout; sets OS_PID
wait_ready() {
  local home="$1" url="$2"
  local deadline=$((SECONDS + START_TIMEOUT))
  OS_PID=""
  while ((SECONDS < deadline)); do
    if [[ -z "$OS_PID" && -s "$home/opensearch.pid" ]]; then
      OS_PID="$(tr -d '[:space:]' <"$home/opensearch.pid")"
    fi
    if healthy "$url"; then
      [[ -z "$OS_PID" && -s "$home/opensearch.pid" ]] && OS_PID="$(tr -d '[:space:]' <"$home/opensearch.pid")"
      return 0
    fi
    if ! kill -0 "$LAUNCHER_PID" 2>/dev/null && ! is_os_pid "$OS_PID"; then
      return 1
    fi
    sleep 1
  done
  return 2
}

do_start() {
  local url
  if url="$(do_status)"; then
    log "already running${INSTANCE:+ (instance $INSTANCE)}"
    echo "$url"
    return 0
  fi
  local stale
  stale="$(read_file "$STATE/pid")"
  if is_os_pid "$stale"; then
    log "a previous OpenSearch (pid $stale) is alive but does not answer; stopping it"
    kill_pid "$stale"
  fi
  clean_instance
  gc_instances

  local java_home
  java_home="$(find_java_home)"
  [[ -x "$java_home/bin/java" ]] || die "no java at $java_home/bin/java"

  with_lock "dist-$OPENSEARCH_VERSION$DIST_SUFFIX" unpack_dist "$CACHE"
  local dist="$CACHE/$OPENSEARCH_VERSION$DIST_SUFFIX/opensearch-$OPENSEARCH_VERSION"
  local home="$STATE"
  mkdir -p "$STATE"

  if [[ "$AS_ROOT" == "1" ]]; then
    command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to drop privileges"
    with_lock "useradd" ensure_run_user
    chown "$RUN_USER:" "$STATE"
    if ! runuser -u "$RUN_USER" -- test -x "$dist/bin/opensearch" -a -r "$dist/lib" -a -w "$STATE" 2>/dev/null; then
      # The checkout is not reachable for the unprivileged user: use a shared place.
      local alt
      alt="/var/tmp/usage-delta-opensearch-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
      log "user '$RUN_USER' cannot reach $CACHE; using $alt for the distribution and data"
      mkdir -p "$alt"
      chmod 755 "$alt"
      with_lock "dist-alt-$OPENSEARCH_VERSION$DIST_SUFFIX" unpack_dist "$alt"
      dist="$alt/$OPENSEARCH_VERSION$DIST_SUFFIX/opensearch-$OPENSEARCH_VERSION"
      home="$alt/run/$LOCK_PREFIX${INSTANCE:-default}"
      rm -rf "$home"
      mkdir -p "$home"
      chmod 755 "$alt/run"
      chown "$RUN_USER:" "$home"
      runuser -u "$RUN_USER" -- test -x "$dist/bin/opensearch" -a -w "$home" \
        || die "user '$RUN_USER' cannot use $alt either"
    fi
  fi
  echo "$home" >"$STATE/home"

  local attempt port tport rc
  for attempt in 1 2 3; do
    port="$(free_port)"
    tport="$(free_port)"
    while [[ "$tport" == "$port" ]]; do tport="$(free_port)"; done
    url="$SCHEME://127.0.0.1:$port"
    log "starting OpenSearch $OPENSEARCH_VERSION on $url${INSTANCE:+ (instance $INSTANCE)}$([[ "$AS_ROOT" == 1 ]] && echo " as user $RUN_USER" || true)"
    local t0=$SECONDS
    launch "$home" "$dist" "$java_home" "$port" "$tport"
    rc=0
    wait_ready "$home" "$url" || rc=$?
    if ((rc == 0)); then
      [[ -n "$OS_PID" ]] || die "OpenSearch answers but wrote no pid file"
      echo "$OS_PID" >"$STATE/pid"
      echo "$port" >"$STATE/port"
      echo "$url" >"$STATE/url"
      log "OpenSearch is up after $((SECONDS - t0)) s (pid $OS_PID)"
      if [[ -n "${OPENSEARCH_OWNER_PID:-}" ]]; then
        echo "${OPENSEARCH_OWNER_PID}" >"$STATE/owner"
        local -a detach=()
        command -v setsid >/dev/null 2>&1 && detach=(setsid)
        (close_lock_fds; exec "${detach[@]}" nohup bash "$SCRIPT_PATH" __watchdog \
          "$OPENSEARCH_OWNER_PID" "$OS_PID" </dev/null >>"$STATE/watchdog.log" 2>&1) &
        echo $! >"$STATE/watchdog.pid"
      fi
      echo "$url"
      return 0
    fi
    if ((rc == 2)); then
      log "OpenSearch did not answer within $START_TIMEOUT s"
    else
      log "OpenSearch exited during startup"
    fi
    print_log_tail "$home"
    local pid="$OS_PID"
    [[ -n "$pid" ]] || pid="$(read_file "$home/opensearch.pid")"
    is_os_pid "$pid" && kill_pid "$pid"
    kill "$LAUNCHER_PID" 2>/dev/null || true
    if ((rc != 2)) && grep -qsE 'BindException|Address already in use|BindHttpException|BindTransportException' \
        "$home/logs/console.log" "$home/logs/usage-delta-test.log"; then
      log "port clash; retrying with other ports"
      continue
    fi
    break
  done
  clean_instance
  die "OpenSearch failed to start (see the log lines above)"
}

# __watchdog <owner pid> <opensearch pid>: stop the node once the owner is gone
do_watchdog() {
  local owner="$1" pid="$2"
  while kill -0 "$owner" 2>/dev/null && is_os_pid "$pid"; do
    sleep 2
  done
  if is_os_pid "$pid"; then
    log "owner process $owner is gone; stopping OpenSearch (pid $pid)"
    OPENSEARCH__FROM_WATCHDOG=1 with_lock "$LOCK_NAME" do_stop
  fi
}

case "${1:-}" in
  start) with_lock "$LOCK_NAME" do_start ;;
  stop) with_lock "$LOCK_NAME" do_stop ;;
  status) do_status ;;
  __watchdog) do_watchdog "$2" "$3" ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
