#!/bin/bash
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Written by CheckpointableContainerExecutor into the NodeManager's private directory.
# The last line of a restore container's launch_container.sh is
#   exec /bin/bash restore-launcher.sh <migrated-marker> <criu> <migration-dir> \
#     <source-work-dir> <target-work-dir> <source-log-dir> <target-log-dir> \
#     <action-script> [<log-file-name> ...]
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
#    Every file of the source log dir named on the command line (stdout, stderr,
#    prelaunch.out, ...) that the tree holds open is replaced by the target log dir's
#    file of the same name, opened for appending (criu --inherit-fd): the container's
#    output continues in the target container's own logs.
# Exit status: 175 (EXIT_MIGRATED) if <migrated-marker> exists once the tree has ended
# (it was migrated again), else criu's status (the restored tree's exit status).
if [ $# -lt 8 ]; then
  echo "usage: $0 <migrated-marker> <criu> <migration-dir> <source-work-dir> <target-work-dir> <source-log-dir> <target-log-dir> <action-script> [<log-file-name> ...]" >&2
  exit 2
fi
migrated_marker="$1"
migration_dir="$3"
target_work_dir="$5"
export YARN_MIGRATION_RESTORED_MARKER="$migration_dir/restored"
cp -a -n "$migration_dir/workdir/." "$target_work_dir/" || exit 1
unshare --mount --propagation private /bin/bash -c '
  criu="$2"; mdir="$3"; src="$4"; tgt="$5"; srclogs="${6#/}"; tgtlogs="$7"; action="$8"
  shift 8
  inherit=()
  for name in "$@"; do
    exec {fd}>>"$tgtlogs/$name" || exit 1
    inherit+=(--inherit-fd "fd[$fd]:$srclogs/$name")
  done
  mkdir -p "$src" || exit 1
  mount --bind "$tgt" "$src" || exit 1
  cd "$src" || exit 1
  exec "$criu" restore -D "$mdir/images" -o restore.log -v4 \
    --manage-cgroups=ignore "${inherit[@]}" --action-script "$action"
' restore-launcher "$@"
rc=$?
if [ -e "$migrated_marker" ]; then
  exit 175
fi
exit $rc
