#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# The last line of a restore container's launch_container.sh is
#   exec /bin/bash restore-launcher.sh <migrated-marker> <criu> <migration-dir> \
#     <source-work-dir> <target-work-dir> <source-stdout> <source-stderr> \
#     <source-log-dir> <action-script> \
#     3>>"<target-log-dir>/stdout" 4>>"<target-log-dir>/stderr"
# <migration-dir> holds images/ (CRIU images), workdir/ (the source work dir, copied
# while the tree was frozen) and restore-spec.properties; "restored" is created there by
# the action script once the tree runs again.
#
# 1. The copied work dir is merged into the target work dir without replacing what the
#    NodeManager put there (launch scripts, tokens, resource links).
# 2. In a new, private mount namespace (the host's mount table is untouched) the target
#    work dir is bind-mounted at the source work dir's path.
# 3. criu restores the tree in the foreground: criu stays the parent of the restored
#    namespace init, so the NM's group kill of this script's group ends criu and,
#    through the restored parent-death signal (unshare --kill-child), the whole tree.
#    Files of the source's log dir that the tree has open are replaced: stdout and
#    stderr by fd 3 and 4 (the target's stdout and stderr), prelaunch.out/.err (which
#    bash keeps open as saved fds around a redirected compound command) by fd 1 and 2
#    (the target's prelaunch.out/.err, set up by launch_container.sh).
# Exit status: 175 (EXIT_MIGRATED) if <migrated-marker> exists once the tree has ended
# (it was migrated again), else criu's status (the restored tree's exit status).
if [ $# -ne 9 ]; then
  echo "usage: $0 <migrated-marker> <criu> <migration-dir> <source-work-dir> <target-work-dir> <source-stdout> <source-stderr> <source-log-dir> <action-script>" >&2
  exit 2
fi
migrated_marker="$1"
migration_dir="$3"
target_work_dir="$5"
export YARN_MIGRATION_RESTORED_MARKER="$migration_dir/restored"
cp -a -n "$migration_dir/workdir/." "$target_work_dir/" || exit 1
unshare --mount --propagation private /bin/bash -c '
  criu="$2"; mdir="$3"; src="$4"; tgt="$5"; out="${6#/}"; err="${7#/}"; logs="${8#/}"
  action="$9"
  mkdir -p "$src" || exit 1
  mount --bind "$tgt" "$src" || exit 1
  cd "$src" || exit 1
  exec "$criu" restore -D "$mdir/images" -o restore.log -v4 \
    --manage-cgroups=ignore \
    --inherit-fd "fd[3]:$out" --inherit-fd "fd[4]:$err" \
    --inherit-fd "fd[1]:$logs/prelaunch.out" --inherit-fd "fd[2]:$logs/prelaunch.err" \
    --action-script "$action"
' restore-launcher "$@"
rc=$?
if [ -e "$migrated_marker" ]; then
  exit 175
fi
exit $rc
