#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# launch_container.sh ends with
#   exec /bin/bash container-launcher.sh <exit-migrated> <migrated-marker> \
#     [--net <netns path> --hostname <address>] /bin/bash -c "<command>"
# (<exit-migrated>: MigrationContract.EXIT_MIGRATED, passed by the NodeManager; --net: the
# network namespace the NodeManager made for a container with an address of its own,
# which the command runs in; --hostname: that address, the host name of the container's
# own UTS namespace, so a server in it that advertises its host's name advertises the
# address that moves with it)
#
# The command runs as the init of its own pid namespace, in its own session (CRIU
# refuses a session leader outside its pid namespace):
#   this bash (pid in the NM pid file, group leader)
#     └─ unshare --pid --fork --kill-child      (same process group: the NM's group kill
#          └─ setsid <command>  = ns init        reaches it, --kill-child ends the namespace)
# Exit status: <exit-migrated> if <migrated-marker> exists once the command has ended (the
# tree was checkpointed and moved to another node), else the command's status.
exit_migrated="$1"
migrated_marker="$2"
shift 2
enter=()
name=""
while [ "$1" = "--net" ] || [ "$1" = "--hostname" ]; do
  case "$1" in
    --net) enter=(nsenter "--net=$2") ;;
    --hostname)
      [[ "$2" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { echo "$0: bad --hostname '$2'" >&2; exit 2; }
      name="$2" ;;
  esac
  shift 2
done
if ! [[ "$exit_migrated" =~ ^[0-9]+$ ]] || [ -z "$migrated_marker" ] || [ $# -eq 0 ]; then
  echo "usage: $0 <exit-migrated> <migrated-marker> <command...>" >&2
  exit 2
fi
# A private temporary directory inside the container work dir: it travels with the work
# dir when the container migrates (a private /tmp mount would have to be dumped by CRIU).
mkdir -p "$PWD/tmp" && export TMPDIR="$PWD/tmp"
# stdin: /dev/null instead of the NM's never-written pipe, which CRIU could not restore
# on another node.
if [ -n "$name" ]; then
  # the namespace init names its UTS namespace, then becomes the command
  "${enter[@]}" unshare --uts --pid --fork --kill-child setsid /bin/bash -c \
    'echo "$0" > /proc/sys/kernel/hostname && exec "$@"' "$name" "$@" </dev/null
else
  "${enter[@]}" unshare --pid --fork --kill-child setsid "$@" </dev/null
fi
rc=$?
if [ -e "$migrated_marker" ]; then
  exit "$exit_migrated"
fi
exit $rc
