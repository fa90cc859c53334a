#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# The second line of a restore container's launch_container.sh is (see RestoreLaunch,
# LaunchScriptRewriter.replaceAll; nothing of the stock script runs)
#   exec /usr/bin/env -i <env> /bin/bash restore-launcher.sh --exit-migrated <status> \
#     --migrated-marker <file> --source-work-dir <dir> --target-work-dir <dir> \
#     --source-log-dir <dir> --target-log-dir <dir> [--log-file <fd>:<name> ...] \
#     [--export <NAME>=<value> ...] [--run-as <uid>:<gid>] \
#     -- <criu> restore <criu restore options ...>
# Every value comes from the NodeManager (MigrationContract, RestoreLaunch): this script
# names no file of the migration dir, no exit status, no environment variable and no
# CRIU option. The CRIU command is complete (CriuRestoreOptions), its --inherit-fd
# options included: this script opens each <fd> it names. What a restore writes on this
# host (the source's work dir merged into the target's, temporary links at the source's
# resource paths) the NodeManager has written before this script runs
# (RestorePreparation): this script only enters the namespaces and executes.
#
# 1. The restored tree sees the paths it saw on the source, on every move: <source-work-dir>
#    and <source-log-dir> are the directories as the tree sees them (its original
#    container's, carried from move to move by the restore spec). In a new, private mount
#    namespace (the host's mount table is untouched, and the mounts end with the tree),
#    the target work dir is bind-mounted at <source-work-dir> and the target log dir at
#    <source-log-dir>: the tree's cwd, the files it holds, PWD and its log files keep
#    their absolute paths while every byte lands in the target container's own
#    directories. The NodeManager made each missing mount point (RestorePreparation) and
#    removes it once the container has ended; anything but a directory there (a symbolic
#    link, another file, nothing) is refused here. The NodeManager dumps such a tree from
#    inside its namespace, so it moves again.
# 2. criu restores the tree in the foreground: criu stays the parent of the restored
#    namespace init, so the NM's group kill of this script's group ends criu and,
#    through the restored parent-death signal (unshare --kill-child), the whole tree.
#    Each --log-file <fd>:<name> is the file <name> of the source log dir, opened for
#    appending as fd <fd> through <source-log-dir> (the target log dir's file of that
#    name, once the namespace presents it); criu's --inherit-fd for <fd> makes the tree's
#    descriptor of that file this one: the container's output continues in the target
#    container's own logs under the path the tree knew.
# 3. --export NAME=value goes into the environment of criu and its action script.
# 4. --run-as U:G: once the log files are open, the target work dir and log dir are handed
#    to the tree's user (hand-over.sh): the tree comes back with the ids it had.
# Exit status: <status> if <migrated-marker> exists once the tree has ended (it was
# migrated again), else criu's status (the restored tree's exit status).
usage() {
  echo "usage: $0 --exit-migrated <status> --migrated-marker <file> --source-work-dir <dir> --target-work-dir <dir> --source-log-dir <dir> --target-log-dir <dir> [--log-file <fd>:<name> ...] [--export <NAME>=<value> ...] [--run-as <uid>:<gid>] -- <criu> restore <option> ..." >&2
  exit 2
}
log_files=()
while [ $# -ge 2 ] && [ "$1" != "--" ]; do
  case "$1" in
    --exit-migrated) exit_migrated="$2" ;;
    --migrated-marker) migrated_marker="$2" ;;
    --source-work-dir) source_work_dir="$2" ;;
    --target-work-dir) target_work_dir="$2" ;;
    --source-log-dir) source_log_dir="$2" ;;
    --target-log-dir) target_log_dir="$2" ;;
    --log-file)
      [[ "$2" =~ ^[0-9]+:[^/]+$ ]] || usage
      log_files+=("$2") ;;
    --export)
      [[ "$2" =~ ^[A-Z_][A-Z0-9_]*= ]] || usage
      export "$2" ;;
    --run-as)
      [[ "$2" =~ ^[1-9][0-9]*:[0-9]+$ ]] || usage
      export RESTORE_RUN_AS="$2" ;;
    *) usage ;;
  esac
  shift 2
done
[ "$1" = "--" ] && [ $# -ge 3 ] || usage
shift
[[ "$exit_migrated" =~ ^[0-9]+$ ]] || usage
for v in "$migrated_marker" "$source_work_dir" "$target_work_dir" "$source_log_dir" \
    "$target_log_dir"; do
  [ -n "$v" ] || usage
done
# restore_tree <log-dir> [<fd>:<name> ...] -- <criu command>: criu restore in the
# foreground, in the cwd, with each <fd> open for appending on <log-dir>'s file <name>
# (the path the tree knew, which presents the target's file)
restore_tree() {
  logs="$1"
  shift
  while [ "$1" != "--" ]; do
    eval "exec ${1%%:*}>>\"\$logs/\${1#*:}\"" || return 1
    shift
  done
  shift
  if [ -n "${RESTORE_RUN_AS-}" ]; then
    /bin/bash "$RESTORE_HAND_OVER" "$RESTORE_RUN_AS" "$target_work_dir" \
      "$target_log_dir" || return 1
  fi
  "$@"
}

# mount_point <dir>: <dir> is a directory to mount over (the NodeManager made it when it
# was missing); a symbolic link, another file or nothing there is refused
mount_point() {
  if [ -L "$1" ] || [ ! -d "$1" ]; then
    echo "restore: $1 is not a directory (or is a symbolic link); it is not mounted over" >&2
    return 1
  fi
}
if [ "$source_work_dir" != "$target_work_dir" ]; then
  mount_point "$source_work_dir" || exit 1
fi
if [ "$source_log_dir" != "$target_log_dir" ]; then
  mount_point "$source_log_dir" || exit 1
fi

export RESTORE_HAND_OVER="${0%/*}/hand-over.sh"
export -f restore_tree
unshare --mount --propagation private /bin/bash -c '
  present() { [ "$1" = "$2" ] || mount --bind "$2" "$1"; }
  present "$1" "$2" || exit 1
  present "$3" "$4" || exit 1
  cd "$1" || exit 1
  log_dir="$3"
  target_work_dir="$2"
  target_log_dir="$4"
  shift 4
  restore_tree "$log_dir" "$@"
' restore-launcher "$source_work_dir" "$target_work_dir" "$source_log_dir" \
  "$target_log_dir" "${log_files[@]}" -- "$@"
rc=$?
if [ -e "$migrated_marker" ]; then
  exit "$exit_migrated"
fi
exit $rc
