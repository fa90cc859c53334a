#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# The last line of a restore container's launch_container.sh is (see RestoreLaunch)
#   exec /bin/bash restore-launcher.sh <migrated-marker> <migration-dir> \
#     <source-work-dir> <target-work-dir> <source-log-dir> <target-log-dir> \
#     [<log-file-name> ...] -- <criu> restore <criu restore options ...>
# <migration-dir> holds images/ (CRIU images), workdir/ (the source work dir, copied
# while the tree was frozen) and restore-spec.properties; "restored" is created there by
# the action script once the tree runs again. The CRIU command and its options (TCP mode,
# file locks, action script, log) come from the NodeManager (CriuRestoreOptions); this
# script adds one --inherit-fd per log file.
#
# 1. The copied work dir is merged into the target work dir without replacing what the
#    NodeManager put there (launch scripts, tokens, resource links).
# 2. The restored tree sees the paths it saw on the source, on every move: <source-work-dir>
#    and <source-log-dir> are the directories as the tree sees them (its original
#    container's, carried from move to move by the restore spec). In a new, private mount
#    namespace (the host's mount table is untouched, and the mounts end with the tree),
#    the target work dir is bind-mounted at <source-work-dir> and the target log dir at
#    <source-log-dir>: the tree's cwd, the files it holds, PWD and its log files keep
#    their absolute paths while every byte lands in the target container's own
#    directories. A missing mount point is made (its parent must exist: the same
#    application dir on every host, or a filesystem shared by both NodeManagers) and
#    removed once the tree has ended; a symbolic link or another file there is refused.
#    The NodeManager dumps such a tree from inside its namespace, so it moves again.
# 3. criu restores the tree in the foreground: criu stays the parent of the restored
#    namespace init, so the NM's group kill of this script's group ends criu and,
#    through the restored parent-death signal (unshare --kill-child), the whole tree.
#    Every file of the source log dir named on the command line (stdout, stderr,
#    prelaunch.out, ...) that the tree holds open is replaced by the same file opened for
#    appending through <source-log-dir>, i.e. the target log dir's file of that name
#    (criu --inherit-fd): the container's output continues in the target container's own
#    logs under the path the tree knew.
# Exit status: 175 (EXIT_MIGRATED) if <migrated-marker> exists once the tree has ended
# (it was migrated again), else criu's status (the restored tree's exit status).
usage() {
  echo "usage: $0 <migrated-marker> <migration-dir> <source-work-dir> <target-work-dir> <source-log-dir> <target-log-dir> [<log-file-name> ...] -- <criu> restore <option> ..." >&2
  exit 2
}
[ $# -ge 8 ] || usage
migrated_marker="$1"
migration_dir="$2"
source_work_dir="$3"
target_work_dir="$4"
source_log_dir="$5"
target_log_dir="$6"
shift 6
# what is left: [<log-file-name> ...] -- <criu command>
seen_end=""
for word in "$@"; do
  if [ "$word" = "--" ]; then seen_end=1; break; fi
done
[ -n "$seen_end" ] || usage
export YARN_MIGRATION_RESTORED_MARKER="$migration_dir/restored"
cp -a -n "$migration_dir/workdir/." "$target_work_dir/" || exit 1

# Localized resources: the restore container carries the source's LocalResources, so this
# NM localized its own copies and linked them into the target work dir under the same
# names. <migration-dir>/resource-links lists "<source path> TAB <link name>" for each:
# where the source path does not exist here, it becomes a temporary symbolic link to this
# node's copy while criu reopens the files the tree holds (the restored fds then name this
# node's copy); restore-action.sh removes those links and the directories made for them on
# post-resume. A source path that exists here as another file fails the restore.
export YARN_MIGRATION_TEMP_PATHS="$migration_dir/temporary-paths"
: > "$YARN_MIGRATION_TEMP_PATHS" || exit 1
if [ -s "$migration_dir/resource-links" ]; then
  while IFS="$(printf '\t')" read -r src name; do
    [ -n "$src" ] && [ -n "$name" ] || continue
    here="$(readlink -f "$target_work_dir/$name")"
    if [ -z "$here" ] || [ ! -e "$here" ]; then
      echo "restore: resource '$name' (on the source: $src) was not localized on this node" >&2
      exit 1
    fi
    if [ -e "$src" ] || [ -L "$src" ]; then
      if [ "$(readlink -f "$src")" = "$here" ] || cmp -s "$src" "$here" \
          || { [ -d "$src" ] && [ -d "$here" ] && diff -r -q "$src" "$here" >/dev/null; }; then
        continue
      fi
      echo "restore: resource '$name': $src exists on this node but is not this node's copy $here" >&2
      exit 1
    fi
    # make the missing directories, deepest last, and remember them (removed after)
    missing=""
    d="$(dirname "$src")"
    while [ ! -e "$d" ]; do missing="$d
$missing"; d="$(dirname "$d")"; done
    printf '%s' "$missing" | while read -r m; do
      [ -n "$m" ] && mkdir "$m" && printf '%s\n' "$m" >> "$YARN_MIGRATION_TEMP_PATHS"
    done
    ln -s "$here" "$src" || exit 1
    printf '%s\n' "$src" >> "$YARN_MIGRATION_TEMP_PATHS"
  done < "$migration_dir/resource-links"
fi

# restore_tree <log-dir> [<log-file-name> ...] -- <criu command>: criu restore in the
# foreground, in the cwd, each named log file continued in <log-dir>'s file of that name,
# opened through the path the tree knew (the target's file, once <log-dir> presents it)
restore_tree() {
  logs="$1"
  shift
  inherit=()
  while [ "$1" != "--" ]; do
    exec {fd}>>"$logs/$1" || return 1
    inherit+=(--inherit-fd "fd[$fd]:${logs#/}/$1")
    shift
  done
  shift
  "$@" "${inherit[@]}"
}

# mount_point <dir>: <dir> is a directory to mount over, made here if missing (recorded
# in $made, removed at the end); a symbolic link or another file there is refused
made=()
mount_point() {
  if [ -L "$1" ]; then
    echo "restore: $1 is a symbolic link; it is not mounted over" >&2
    return 1
  fi
  if [ -e "$1" ]; then
    [ -d "$1" ] && return 0
    echo "restore: $1 exists and is not a directory; it is not mounted over" >&2
    return 1
  fi
  mkdir -m 0700 "$1" || return 1
  made+=("$1")
}
if [ "$source_work_dir" != "$target_work_dir" ]; then
  mount_point "$source_work_dir" || exit 1
fi
if [ "$source_log_dir" != "$target_log_dir" ]; then
  mount_point "$source_log_dir" || exit 1
fi

export -f restore_tree
unshare --mount --propagation private /bin/bash -c '
  present() { [ "$1" = "$2" ] || mount --bind "$2" "$1"; }
  present "$1" "$2" || exit 1
  present "$3" "$4" || exit 1
  cd "$1" || exit 1
  log_dir="$3"
  shift 4
  restore_tree "$log_dir" "$@"
' restore-launcher "$source_work_dir" "$target_work_dir" "$source_log_dir" \
  "$target_log_dir" "$@"
rc=$?
for d in "${made[@]}"; do
  rmdir "$d" 2>/dev/null
done
if [ -e "$migrated_marker" ]; then
  exit 175
fi
exit $rc
