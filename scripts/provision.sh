#!/usr/bin/env bash
# Real parts for Nanokit's integration tests: Debian's caddy + docker.io, a private dockerd, and a
# locally built Caddy image (no registry is reachable on CI machines, so nothing is ever pulled).
#
# Usage: bash scripts/provision.sh install | dockerd-start | image | dockerd-stop | env | all
#   install        on Debian as root: apt-get install what is missing (caddy docker.io busybox-static
#                  libnss3-tools curl ca-certificates); elsewhere print what is missing and exit 1
#   dockerd-start  start our dockerd under $CI_DIR (reuse it when it already answers)
#   image          build $IMAGE with `docker import` from /usr/bin/caddy + its libs + busybox-static
#   dockerd-stop   remove our containers, stop our dockerd by pid
#   env            print `export DOCKER_HOST=...` and `export NANOKIT_TEST_IMAGE=...`
#   all            install + dockerd-start + image + env
# Progress goes to stderr; only `env` (and `all`) write to stdout, so `eval "$(bash scripts/provision.sh all)"` works.
# Environment: CI_DIR (default /tmp/nanokit-ci), IMAGE (default nanokit-test/caddy:2.6.2).
set -euo pipefail

CI_DIR=${CI_DIR:-/tmp/nanokit-ci}
D="$CI_DIR/docker"
SOCK="$D/docker.sock"
PIDFILE="$D/dockerd.pid"
IMAGE=${IMAGE:-nanokit-test/caddy:2.6.2}
PACKAGES=(caddy docker.io busybox-static libnss3-tools curl ca-certificates)
# Scratch daemons that may be stopped to make room for ours (only one dockerd at a time works here).
SCRATCH_PIDFILES=(/tmp/gw-ci/docker/dockerd.pid)

say() { echo "provision: $*" >&2; }

is_systemd() { [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; }

install() {
  local missing=() p
  if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    for p in "${PACKAGES[@]}"; do
      dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then say "packages present: ${PACKAGES[*]}"; return 0; fi
    if [ "$(id -u)" != 0 ]; then
      say "missing packages: ${missing[*]}. Run as root, or: sudo apt-get install ${missing[*]}"
      exit 1
    fi
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
    if is_systemd; then
      # The caddy package starts caddy.service on :80; docker.io starts the system daemon. We run our own.
      [[ " ${missing[*]} " == *" caddy "* ]] && { systemctl disable --now caddy.service >&2 || true; }
      [[ " ${missing[*]} " == *" docker.io "* ]] && { systemctl disable --now docker.service docker.socket containerd.service >&2 || true; }
    fi
    return 0
  fi
  local cmd
  for cmd in caddy dockerd docker busybox certutil curl; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  if [ ${#missing[@]} -eq 0 ]; then say "tools present (not a Debian system, nothing installed)"; return 0; fi
  say "not a Debian system; install these yourself: ${missing[*]} (Caddy 2, Docker Engine, busybox static, NSS certutil, curl)"
  exit 1
}

daemon_answers() { curl -fsS --max-time 2 --unix-socket "$SOCK" http://docker/_ping >/dev/null 2>&1; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

our_pid() { [ -f "$PIDFILE" ] && cat "$PIDFILE" || true; }

remove_all_containers() {  # $1 = socket
  local ids
  ids=$(curl -fsS --max-time 5 --unix-socket "$1" 'http://docker/containers/json?all=1' 2>/dev/null \
    | grep -oE '"Id":"[0-9a-f]+"' | cut -d'"' -f4 || true)
  for id in $ids; do curl -fsS --max-time 30 -X DELETE --unix-socket "$1" "http://docker/containers/$id?force=1&v=1" >/dev/null 2>&1 || true; done
}

stop_by_pidfile() {  # $1 = pidfile, $2 = socket (optional)
  local p; p=$(cat "$1" 2>/dev/null || true)
  pid_alive "$p" || return 0
  [ -n "${2:-}" ] && [ -S "$2" ] && remove_all_containers "$2"
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 150); do pid_alive "$p" || break; sleep 0.2; done
  if pid_alive "$p"; then say "dockerd $p did not stop within 30 s"; return 1; fi
  umount "$(dirname "$1")/exec/netns/default" 2>/dev/null || true
}

make_room_for_ours() {
  local p mine pf foreign=()
  mine=$(our_pid)
  for p in $(pgrep -x dockerd || true); do
    [ "$p" = "$mine" ] && continue
    local stopped=0
    for pf in "${SCRATCH_PIDFILES[@]}"; do
      if [ "$(cat "$pf" 2>/dev/null || true)" = "$p" ]; then
        say "stopping scratch dockerd $p (pidfile $pf)"
        stop_by_pidfile "$pf" "$(dirname "$pf")/docker.sock"; stopped=1
      fi
    done
    [ $stopped = 1 ] || foreign+=("$p")
  done
  if [ ${#foreign[@]} -gt 0 ]; then
    say "another dockerd is running (pid ${foreign[*]}): only one daemon works at a time here."
    say "Stop it, or point DOCKER_HOST at it and skip dockerd-start."
    exit 1
  fi
}

dockerd-start() {
  mkdir -p "$D"
  if pid_alive "$(our_pid)" && daemon_answers; then say "reusing dockerd $(our_pid) on $SOCK"; return 0; fi
  if daemon_answers; then say "a daemon already answers on $SOCK; reusing it"; return 0; fi
  make_room_for_ours
  if pid_alive "$(our_pid)"; then stop_by_pidfile "$PIDFILE" "$SOCK"; fi  # ours, but not answering
  rm -f "$SOCK"
  setsid dockerd --data-root "$D/root" --exec-root "$D/exec" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" </dev/null >"$D/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    if daemon_answers; then
      # A fresh start of our private daemon: containers left by an interrupted run (restart policies
      # would bring them back on old ports) are test leftovers; remove them.
      remove_all_containers "$SOCK"
      say "dockerd up: DOCKER_HOST=unix://$SOCK"; return 0
    fi
    sleep 0.2
  done
  say "dockerd failed to start within 30 s; its log ($D/dockerd.log) ends with:"
  tail -20 "$D/dockerd.log" >&2
  exit 1
}

dockerd-stop() {
  if [ ! -f "$PIDFILE" ]; then say "no dockerd of ours (no $PIDFILE)"; return 0; fi
  stop_by_pidfile "$PIDFILE" "$SOCK"
  rm -f "$PIDFILE"
  say "dockerd stopped"
}

docker_cli() { DOCKER_HOST="unix://$SOCK" docker "$@"; }

image() {
  daemon_answers || { say "no dockerd answers on $SOCK: run \`bash scripts/provision.sh dockerd-start\` first"; exit 1; }
  local sum have
  sum=$(sha256sum /usr/bin/caddy | cut -c1-64)
  have=$(docker_cli image inspect --format '{{ index .Config.Labels "nanokit.caddy-sha256" }}' "$IMAGE" 2>/dev/null || true)
  if [ "$have" = "$sum" ]; then say "image $IMAGE is up to date (caddy sha256 ${sum:0:12})"; return 0; fi
  local R="$CI_DIR/rootfs"; rm -rf "$R"
  mkdir -p "$R"/{bin,usr/bin,etc/caddy,data,config,tmp,srv,www}
  cp /bin/busybox "$R/bin/"
  local a lib
  for a in sh ls cat wget sleep env id httpd echo mkdir printf; do ln -sf busybox "$R/bin/$a"; done
  cp /usr/bin/caddy "$R/usr/bin/"
  for lib in $(ldd /usr/bin/caddy | grep -oE '/[^ ]+'); do mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"; done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$R/etc/passwd"; printf 'root:x:0:\n' >"$R/etc/group"
  printf 'hosts: files dns\n' >"$R/etc/nsswitch.conf"; chmod 1777 "$R/tmp"
  echo '{"admin":{"listen":"0.0.0.0:2019"},"apps":{"pki":{"certificate_authorities":{"local":{"install_trust":false}}}}}' >"$R/etc/caddy/caddy.json"
  tar -C "$R" -czf "$CI_DIR/caddy-rootfs.tar.gz" .
  docker_cli import \
    --change 'ENV XDG_DATA_HOME=/data XDG_CONFIG_HOME=/config PATH=/usr/bin:/bin' \
    --change 'EXPOSE 80' --change 'EXPOSE 443' --change 'EXPOSE 2019' \
    --change "LABEL nanokit.caddy-sha256=$sum" \
    --change 'CMD ["caddy","run","--config","/etc/caddy/caddy.json"]' \
    "$CI_DIR/caddy-rootfs.tar.gz" "$IMAGE" >&2
  rm -rf "$R" "$CI_DIR/caddy-rootfs.tar.gz"
  say "built $IMAGE (caddy sha256 ${sum:0:12})"
}

env() {
  echo "export DOCKER_HOST=unix://$SOCK"
  echo "export NANOKIT_TEST_IMAGE=$IMAGE"
}

all() { install; dockerd-start; image; env; }

case "${1:-}" in
  install | dockerd-start | image | dockerd-stop | env | all) "$1" ;;
  *) echo "usage: bash scripts/provision.sh install|dockerd-start|image|dockerd-stop|env|all" >&2; exit 2 ;;
esac
