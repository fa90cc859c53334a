#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# launch_container.sh ends with
#   exec /bin/bash container-launcher.sh <exit-migrated> <migrated-marker> \
#     [--net <netns path>] /bin/bash -c "<command>"
# (<exit-migrated>: MigrationContract.EXIT_MIGRATED, passed by the NodeManager; --net: the
# network namespace the NodeManager made for a container with an address of its own,
# which the command runs in)
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
if [ "$1" = "--net" ]; then
  enter=(nsenter "--net=$2")
  shift 2
fi
if ! [[ "$exit_migrated" =~ ^[0-9]+$ ]] || [ -z "$migrated_marker" ] || [ $# -eq 0 ]; then
  echo "usage: $0 <exit-migrated> <migrated-marker> <command...>" >&2
  exit 2
fi
# A private temporary directory inside the container work dir: it travels with the work
# dir when the container migrates (a private /tmp mount would have to be dumped by CRIU).
mkdir -p "$PWD/tmp" && export TMPDIR="$PWD/tmp"
# stdin: /dev/null instead of the NM's never-written pipe, which CRIU could not restore
# on another node.
"${enter[@]}" unshare --pid --fork --kill-child setsid "$@" </dev/null
rc=$?
if [ -e "$migrated_marker" ]; then
  exit "$exit_migrated"
fi
exit $rc
