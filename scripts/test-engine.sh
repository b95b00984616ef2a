#!/usr/bin/env bash
# Brings up what the integration and end-to-end tests need, installing only what is missing:
#   engine "20.10": Debian bookworm's docker.io (API 1.41) on /var/run/docker.sock
#   engine "26.1":  Debian trixie's docker.io (API 1.45), unpacked without upgrading the system,
#                   on /run/volscope-test/docker26.sock inside its own network namespace
#   Podman:         Debian bookworm's podman (4.3, Docker-compatible API 1.41) serving
#                   /run/volscope-test/podman.sock, with its own storage roots
#   the helper image volscope-test/busybox:local on all three, imported from busybox-static
# Idempotent: a second run only checks. Logs go to /var/log/volscope-test-*.log.
set -euo pipefail
# The daemons started here keep the working directory they are started in for their whole life,
# and Podman's conmon needs it to exist: started from a checkout that was later removed (a fresh
# clone replaced by the next), every `docker run` on Podman failed with "unable to upgrade to
# tcp, received 409" and conmon logged "Failed to get working directory". Every path below is
# absolute.
cd /

CACHE=${VOLSCOPE_TEST_CACHE:-/var/cache/volscope-test}
SOCK_A=/var/run/docker.sock
SOCK_B=/run/volscope-test/docker26.sock
SOCK_P=/run/volscope-test/podman.sock
NETNS=volscope26
IMAGE=${VOLSCOPE_TEST_IMAGE:-volscope-test/busybox:local}
log() { printf '[test-engine] %s\n' "$*" >&2; }

need_root() { [ "$(id -u)" = 0 ] || { log "must run as root (installs packages, starts dockerd)"; exit 1; }; }

apt_updated=
apt_update_once() { [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }; }

engine_up() { docker -H "unix://$1" info >/dev/null 2>&1; }

wait_engine() {
  local sock=$1 logf=$2
  for _ in $(seq 1 120); do engine_up "$sock" && return 0; sleep 0.5; done
  log "engine on $sock did not answer within 60 s; last lines of $logf:"; tail -n 30 "$logf" >&2 || true
  exit 1
}

install_bookworm_engine() {
  if ! command -v dockerd >/dev/null || [ ! -x /usr/sbin/dockerd ]; then
    log "installing docker.io (bookworm) with apt"
    apt_update_once
    # policy-rc.d 101 keeps the package scripts from trying to start services in a box without init.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io iproute2 busybox-static tmux procps >/dev/null
    rm -f /usr/sbin/policy-rc.d
  fi
  # ip: the second engine's namespace; busybox: the helper image; tmux and pgrep: end-to-end tests.
  # sshd and openssl: the ssh:// and TLS tests bring up their own server on loopback.
  # podman: volscope against Podman's Docker-compatible API; screen: the terminal tests run it inside.
  # docker-compose (Debian's 1.29): the mounts and backup tests bring up a real Compose project.
  # age: the reference CLI the encrypted backups are checked against; rclone: the rclone: targets.
  command -v ip >/dev/null && [ -x /bin/busybox ] && command -v tmux >/dev/null && command -v pgrep >/dev/null && [ -x /usr/sbin/sshd ] && command -v openssl >/dev/null && command -v podman >/dev/null && command -v screen >/dev/null && command -v docker-compose >/dev/null && command -v age >/dev/null && command -v rclone >/dev/null || {
    apt_update_once
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 busybox-static tmux procps openssh-server openssl podman screen docker-compose age rclone >/dev/null
    rm -f /usr/sbin/policy-rc.d; }
}

# The arm64 single file is checked here under user-mode emulation: qemu-aarch64-static runs it
# with Debian's arm64 C libraries (multiarch, beside the x64 ones); aarch64-linux-gnu-strip makes
# it ~30 MB smaller at build time.
install_arm64_runtime() {
  command -v qemu-aarch64-static >/dev/null && [ -e /lib/ld-linux-aarch64.so.1 ] && [ -e /usr/lib/aarch64-linux-gnu/libstdc++.so.6 ] && command -v aarch64-linux-gnu-strip >/dev/null && return 0
  log "installing qemu-user-static and the arm64 C libraries"
  dpkg --add-architecture arm64
  # The architecture is new to apt's lists: update again even if this run already did.
  apt-get update -qq; apt_updated=1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6:arm64 libstdc++6:arm64 libatomic1:arm64 binutils-aarch64-linux-gnu >/dev/null
}

start_engine_a() {
  engine_up "$SOCK_A" && return 0
  log "starting dockerd 20.10 on $SOCK_A"
  local logf=/var/log/volscope-test-dockerd-a.log
  nohup /usr/sbin/dockerd --host "unix://$SOCK_A" >"$logf" 2>&1 &
  wait_engine "$SOCK_A" "$logf"
}

fetch_trixie_engine() {
  local root=$CACHE/trixie
  [ -x "$root/usr/sbin/dockerd" ] && return 0
  log "downloading docker.io from Debian trixie (not installed system-wide)"
  local uri
  uri=$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / && !/security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || uri=http://deb.debian.org/debian
  mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial" "$CACHE/debs" "$root"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" > "$CACHE/apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$CACHE/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$CACHE/apt/lists" -o "Dir::Cache=$CACHE/apt/cache")
  apt-get "${opts[@]}" update -qq
  (cd "$CACHE/debs" && apt-get "${opts[@]}" download docker.io >/dev/null)
  dpkg-deb -x "$CACHE"/debs/docker.io_*.deb "$root"
  [ -x "$root/usr/sbin/dockerd" ] || { log "trixie docker.io has no usr/sbin/dockerd"; exit 1; }
}

start_engine_b() {
  engine_up "$SOCK_B" && return 0
  fetch_trixie_engine
  log "starting dockerd 26.1 on $SOCK_B in network namespace $NETNS"
  mkdir -p "$(dirname "$SOCK_B")"
  ip netns list | grep -qw "$NETNS" || ip netns add "$NETNS"
  # Its own roots and containerd namespace so the two engines never see each other's state;
  # --bridge none only inside its own namespace (in the host's it would delete docker0).
  local logf=/var/log/volscope-test-dockerd-b.log
  PATH="$CACHE/trixie/usr/sbin:$CACHE/trixie/usr/bin:$PATH" nohup nsenter --net=/var/run/netns/$NETNS \
    "$CACHE/trixie/usr/sbin/dockerd" --host "unix://$SOCK_B" \
    --data-root /var/lib/volscope-test-docker26 --exec-root /run/volscope-test-docker26 \
    --pidfile /run/volscope-test-docker26.pid --containerd-namespace volscope26 \
    --containerd-plugins-namespace volscope26-plugins --bridge none --iptables=false \
    >"$logf" 2>&1 &
  wait_engine "$SOCK_B" "$logf"
}

start_podman() {
  engine_up "$SOCK_P" && return 0
  log "starting podman system service on $SOCK_P"
  mkdir -p "$(dirname "$SOCK_P")" /run/volscope-test/podman-conf
  # Rootful Podman gives each container RLIMIT_NPROC/NOFILE of 1048576 unless told otherwise; a
  # sandbox with lower hard limits (this machine's kind) refuses that, so the test service sets them.
  # Every volume and container holds one of Podman's locks: its default 2,048 is less than the
  # contributor's load (scripts/foreign-load.sh) plus the bench's 1,000 volumes, so it gets 16,384.
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\nnum_locks = 16384\n' \
    > /run/volscope-test/podman-conf/containers.conf
  local logf=/var/log/volscope-test-podman.log
  # Locks made with another count cannot be opened (Podman 4.3 says "numerical result out of
  # range"): with no Podman running they are made again and handed out anew by a renumber.
  if ! pgrep -x podman >/dev/null; then
    rm -f /dev/shm/libpod_lock
    CONTAINERS_CONF=/run/volscope-test/podman-conf/containers.conf podman \
      --root /var/lib/volscope-test-podman --runroot /run/volscope-test-podman system renumber >>"$logf" 2>&1
  fi
  CONTAINERS_CONF=/run/volscope-test/podman-conf/containers.conf nohup podman \
    --root /var/lib/volscope-test-podman --runroot /run/volscope-test-podman \
    system service --time=0 "unix://$SOCK_P" >"$logf" 2>&1 &
  wait_engine "$SOCK_P" "$logf"
}

import_image() {
  local sock=$1
  docker -H "unix://$sock" image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  log "importing $IMAGE into the engine on $sock"
  local rootfs
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/data"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  tar -C "$rootfs" -c . | docker -H "unix://$sock" import --change 'CMD ["sh"]' \
    --change 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
}

need_root
install_bookworm_engine
install_arm64_runtime
start_engine_a
start_engine_b
start_podman
import_image "$SOCK_A"
import_image "$SOCK_B"
import_image "$SOCK_P"
log "ready: 20.10 on unix://$SOCK_A, 26.1 on unix://$SOCK_B, Podman on unix://$SOCK_P, image $IMAGE"
