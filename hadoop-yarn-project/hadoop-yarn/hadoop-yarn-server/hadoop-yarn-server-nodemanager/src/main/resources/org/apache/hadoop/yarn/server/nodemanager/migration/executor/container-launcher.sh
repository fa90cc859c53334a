#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# launch_container.sh begins with (LaunchScriptRewriter.runAsContainer)
#   exec /usr/bin/env -i <env> /bin/bash container-launcher.sh <exit-migrated> \
#     <migrated-marker> [--net <netns path> --hostname <address>] \
#     [--run-as <uid>:<gid> [--log-dir <dir>]...] /bin/bash <launch_container.sh> --as-container
# (<exit-migrated>: MigrationContract.EXIT_MIGRATED, passed by the NodeManager; --net: the
# network namespace the NodeManager made for a container with an address of its own,
# which the command runs in; --hostname: that address, the host name of the container's
# own UTS namespace, so a server in it that advertises its host's name advertises the
# address that moves with it; --run-as: the container's user, see below). This script
# runs as root with no variable of the container's environment: the stock script, its
# exports, links and command, runs only as the last step, as the container's user.
#
# The command runs in its own pid namespace, in its own session (CRIU refuses a session
# leader outside its pid namespace):
#   this bash (pid in the NM pid file, group leader)
#     └─ unshare --pid --fork --kill-child      (same process group: the NM's group kill
#          └─ setsid <command>  = ns init        reaches it, --kill-child ends the namespace)
# With --run-as U:G the work dir and each --log-dir are handed to U:G first
# (hand-over.sh), and the ns init is a small shell of U that keeps
# only CAP_SYS_ADMIN (CRIU's parasite mounts a /proc of the namespace through it when the
# tree is dumped) and runs the command as U with no capability at all:
#          └─ setsid setpriv U (CAP_SYS_ADMIN) bash = ns init
#               └─ setpriv U (no capability) <command>
# Exit status: <exit-migrated> if <migrated-marker> exists once the command has ended (the
# tree was checkpointed and moved to another node), else the command's status.
exit_migrated="$1"
migrated_marker="$2"
shift 2
enter=()
name=""
run_as=""
log_dirs=()
while [ "$1" = "--net" ] || [ "$1" = "--hostname" ] || [ "$1" = "--run-as" ] \
    || [ "$1" = "--log-dir" ]; do
  case "$1" in
    --net) enter=(nsenter "--net=$2") ;;
    --hostname)
      [[ "$2" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { echo "$0: bad --hostname '$2'" >&2; exit 2; }
      name="$2" ;;
    --run-as)
      [[ "$2" =~ ^[1-9][0-9]*:[0-9]+$ ]] || { echo "$0: bad --run-as '$2'" >&2; exit 2; }
      run_as="$2" ;;
    --log-dir) log_dirs+=("$2") ;;
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
as_user=()
if [ -n "$run_as" ]; then
  /bin/bash "${0%/*}/hand-over.sh" "$run_as" "$PWD" "${log_dirs[@]}" || {
    echo "$0: cannot hand the container's directories to $run_as" >&2
    exit 1
  }
  # (a change of uid clears the parent-death signal unshare --kill-child set: the
  # second setpriv, already the user's, sets it again)
  as_user=(setpriv "--reuid=${run_as%%:*}" "--regid=${run_as#*:}" --init-groups
    --inh-caps=+sys_admin --ambient-caps=+sys_admin -- setpriv --pdeathsig SIGKILL --
    /bin/bash -c
    'setpriv --inh-caps=-all --ambient-caps=-all -- "$@" & wait "$!"' container-init)
fi
if [ -n "$name" ]; then
  # the namespace init names its UTS namespace, then becomes the command (or its user's
  # init)
  "${enter[@]}" unshare --uts --pid --fork --kill-child setsid /bin/bash -c \
    'echo "$0" > /proc/sys/kernel/hostname && exec "$@"' "$name" "${as_user[@]}" "$@" \
    </dev/null
else
  "${enter[@]}" unshare --pid --fork --kill-child setsid "${as_user[@]}" "$@" </dev/null
fi
rc=$?
if [ -e "$migrated_marker" ]; then
  exit "$exit_migrated"
fi
exit $rc
