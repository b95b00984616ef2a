#!/usr/bin/env bash
# Someone else's things on the test engines, as a contributor's engine holds them: 1,000 volumes,
# 20 containers (12 running), a Compose project and anonymous volumes (used and unused), none of it
# carrying the test label. `create` puts it on each engine and records it; `check` (after the
# tests) fails unless exactly that is there: nothing of it touched, nothing of the tests left.
set -euo pipefail
mode=${1:?create or check}
IMAGE=${VOLSCOPE_TEST_IMAGE:-volscope-test/busybox:local}
ENGINES=(/var/run/docker.sock /run/volscope-test/docker26.sock /run/volscope-test/podman.sock)
STATE=/run/volscope-test/foreign
mkdir -p "$STATE"
log() { echo "[foreign-load] $*" >&2; }

api() { # socket method path [json]
  curl -sf --unix-socket "$1" -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "http://engine$3"
}

snapshot() { # socket -> sorted lines: volumes, then containers with their state
  local sock=$1
  docker -H "unix://$sock" volume ls -q | sed 's/^/volume /' | sort
  docker -H "unix://$sock" ps -a --format 'container {{.Names}} {{.State}}' | sort
}

create() {
  local sock=$1 key
  key=$(echo "$sock" | tr '/' '_')
  # What earlier runs on this machine left: the tests' own objects (they remove them at start,
  # so they must not count as someone else's) and the volscope helpers.
  for label in volscope.test io.volscope.helper; do
    docker -H "unix://$sock" ps -aq --filter "label=$label" | xargs -r docker -H "unix://$sock" rm -f -v >/dev/null
  done
  docker -H "unix://$sock" volume ls -q --filter label=volscope.test | xargs -r docker -H "unix://$sock" volume rm -f >/dev/null
  if api "$sock" GET /volumes/app-data-1000 >/dev/null && api "$sock" GET /containers/their-app-20/json >/dev/null; then
    # A machine that ran the suite before: the load is there, but an engine restarted since has
    # stopped its running containers. Start those again and record it as it is now.
    log "already on $sock: starting its running containers again"
    for i in $(seq -w 1 12); do api "$sock" POST "/containers/their-app-$i/start" >/dev/null || true; done
  else
    log "1,000 volumes, 20 containers, a Compose project and anonymous volumes on $sock"
    load "$sock"
  fi
  sleep 1 # the exited ones settle
  # Recorded afresh on every run, never carried over from an earlier one.
  snapshot "$sock" > "$STATE/$key.expected"
}

load() {
  local sock=$1
  seq -w 1 1000 | xargs -P 16 -I{} curl -sf --unix-socket "$sock" -X POST -H 'Content-Type: application/json' \
    -d '{"Name":"app-data-{}","Labels":{"owner":"someone-else"}}' -o /dev/null http://engine/volumes/create
  for i in $(seq -w 1 20); do
    local state=running cmd='["sleep","100000"]'
    [ "$i" -gt 12 ] && state=exited && cmd='["true"]'
    local project=''
    [ "$i" -le 3 ] && project='"Labels":{"com.docker.compose.project":"theirshop","com.docker.compose.service":"web"},'
    # Each mounts one of the 1,000 and an anonymous volume of its own (as Compose's `- /cache` makes).
    api "$sock" POST "/containers/create?name=their-app-$i" "{$project\"Image\":\"$IMAGE\",\"Cmd\":$cmd,\"HostConfig\":{\"Binds\":[\"app-data-00$i:/data\"],\"NetworkMode\":\"none\"},\"Volumes\":{\"/cache\":{}}}" >/dev/null
    api "$sock" POST "/containers/their-app-$i/start" >/dev/null
  done
  # Compose-labelled volumes of the project, and unused anonymous volumes nobody removed.
  for name in theirshop_db theirshop_uploads; do
    api "$sock" POST /volumes/create "{\"Name\":\"$name\",\"Labels\":{\"com.docker.compose.project\":\"theirshop\",\"com.docker.compose.volume\":\"${name#theirshop_}\"}}" >/dev/null
  done
  for _ in 1 2 3; do
    api "$sock" POST /volumes/create "{\"Name\":\"$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)\",\"Labels\":{\"com.docker.volume.anonymous\":\"\"}}" >/dev/null
  done
}

check() {
  local sock=$1 key status=0
  key=$(echo "$sock" | tr '/' '_')
  [ -f "$STATE/$key.expected" ] || { log "no record of the load on $sock"; return 1; }
  if ! diff <(snapshot "$sock") "$STATE/$key.expected" > "$STATE/$key.diff"; then
    log "$sock differs from the load put there before the tests (< now, > before):"
    head -40 "$STATE/$key.diff" >&2
    status=1
  else
    log "$sock: exactly the foreign load remains ($(grep -c '^volume' "$STATE/$key.expected") volumes, $(grep -c '^container' "$STATE/$key.expected") containers)"
  fi
  return $status
}

status=0
for sock in "${ENGINES[@]}"; do
  case $mode in
    create) create "$sock" ;;
    check) check "$sock" || status=1 ;;
    *) log "usage: $0 create|check"; exit 2 ;;
  esac
done
exit $status
