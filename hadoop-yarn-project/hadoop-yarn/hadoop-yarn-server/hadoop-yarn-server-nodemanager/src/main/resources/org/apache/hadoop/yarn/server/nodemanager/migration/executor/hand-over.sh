#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
#   hand-over.sh <uid>:<gid> <work dir> [<log dir> ...]
# Run as root by container-launcher.sh and restore-launcher.sh just before the container's
# tree runs as <uid>:<gid>: gives it its work dir and its log dirs, which the NodeManager
# made as root and in which nothing of the container ran yet. chown -R -P -h follows no
# symbolic link (a resource link keeps pointing into the NodeManager's caches, which stay
# root's). The NodeManager's own scripts in the work dir stay root's: a root shell still
# reads default_container_executor.sh while the container runs.
set -u
[ $# -ge 2 ] && [[ "$1" =~ ^[1-9][0-9]*:[0-9]+$ ]] || {
  echo "usage: $0 <uid>:<gid> <work dir> [<log dir> ...]" >&2
  exit 2
}
owner="$1"
work="$2"
shift 2
for e in "$work"/* "$work"/.[!.]* "$work"/..?*; do
  [ -e "$e" ] || [ -L "$e" ] || continue
  case "${e##*/}" in
    default_container_executor.sh|default_container_executor_session.sh) ;;
    *) chown -R -P -h -- "$owner" "$e" || exit 1 ;;
  esac
done
chown -h -- "$owner" "$work" || exit 1
for e in "$@"; do
  chown -R -P -h -- "$owner" "$e" || exit 1
done
