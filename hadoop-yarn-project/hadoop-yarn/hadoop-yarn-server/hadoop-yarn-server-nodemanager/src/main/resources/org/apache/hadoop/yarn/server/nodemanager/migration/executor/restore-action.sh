#!/bin/sh
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# CRIU action script (criu restore --action-script): marks the restore as done once the
# restored tree runs again, so the target NodeManager can report success.
# It also removes the temporary links (and the directories made for them) that the restore
# launcher listed in $YARN_MIGRATION_TEMP_PATHS: the restored tree holds its files through
# the real paths now. Deepest first: the list has each directory before what is inside it.
# CRIU passes an action script no argument: both files come in the environment, which the
# NodeManager sets through the launcher's --export (names: MigrationContract.*_ENV).
# When the launcher runs the container as a user ($RESTORE_RUN_AS, <uid>:<gid>), every task
# of the restored tree must run with that uid and gid (real, effective, saved, file
# system), the namespace init with no capability but CAP_SYS_ADMIN, every other task with
# none, as container-launcher.sh started them. The images came over the network: a tree
# they bring back otherwise never runs. pre-resume (CRIU has given each task its
# credentials, none runs yet): each task of the tree gets SIGSTOP, which it takes before
# its first instruction once CRIU lets it go (a SIGKILL now would leave CRIU, which still
# traces the tree, waiting on it for ever); post-resume: the stopped tree is killed, and
# no restore is marked. The restore fails naming the task.

# tree <pid>: the pid and its descendants
tree() {
  local c
  echo "$1"
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    tree "$c"
  done
}

# refused <pids>: "<status file>: <why>" for the first task of these processes not as the
# launcher started it (one awk for every task)
refused() {
  local p files=""
  for p in "$@"; do
    files="$files $(echo /proc/"$p"/task/*/status)"
  done
  # shellcheck disable=SC2086
  awk -v uid="${RESTORE_RUN_AS%%:*}" -v gid="${RESTORE_RUN_AS#*:}" \
      -v init="/proc/$CRTOOLS_INIT_PID/" '
    FNR == 1 { allowed = index(FILENAME, init) == 1 ? "0000000000200000" : "none" }
    /^Uid:/ { for (i = 2; i <= 5; i++) if ($i != uid) { print FILENAME ": uid " $i; exit } }
    /^Gid:/ { for (i = 2; i <= 5; i++) if ($i != gid) { print FILENAME ": gid " $i; exit } }
    /^Cap(Prm|Eff|Inh|Amb):/ {
      if ($2 != "0000000000000000" && $2 != allowed) { print FILENAME ": " $1 " " $2; exit }
    }' $files 2>/dev/null
}

# pre-resume checks (the marker <restored marker>.refused says it refused); post-resume
# kills what it refused
if [ -n "$RESTORE_RUN_AS" ] && [ "$CRTOOLS_SCRIPT_ACTION" = "pre-resume" ]; then
  pids=$(tree "$CRTOOLS_INIT_PID")
  # shellcheck disable=SC2086
  bad=$(refused $pids)
  if [ -n "$bad" ]; then
    echo "restore: the images bring back a task that would not run as $RESTORE_RUN_AS with the launcher's capabilities ($bad); the tree is stopped before it runs and killed" >&2
    : > "$YARN_MIGRATION_RESTORED_MARKER.refused"
    for p in $pids; do
      kill -s STOP "$p" 2>/dev/null
    done
    exit 1
  fi
fi
if [ "$CRTOOLS_SCRIPT_ACTION" = "post-resume" ] \
    && [ -e "$YARN_MIGRATION_RESTORED_MARKER.refused" ]; then
  for p in $(tree "$CRTOOLS_INIT_PID"); do
    kill -s KILL "$p" 2>/dev/null
  done
  exit 1
fi
if [ "$CRTOOLS_SCRIPT_ACTION" = "post-resume" ]; then
  if [ -n "$YARN_MIGRATION_TEMP_PATHS" ] && [ -s "$YARN_MIGRATION_TEMP_PATHS" ]; then
    tac "$YARN_MIGRATION_TEMP_PATHS" | while read -r p; do
      if [ -L "$p" ]; then rm -f "$p"; elif [ -d "$p" ]; then rmdir "$p" 2>/dev/null; fi
    done
  fi
  # a tree with an address of its own: one datagram from its namespace (after an ARP
  # request, a broadcast) tells every bridge of the cluster network where its address is
  # now, so new connections to it do not go to the source host. (Its restored connections
  # tell them too: leaving TCP repair, each sends a window probe.) criu runs this script as
  # its child, beside the restored tree's root, its only other child.
  if printf '%s' "$YARN_MIGRATION_ANNOUNCE_TO" | grep -Eqx '[0-9]{1,3}(\.[0-9]{1,3}){3}'; then
    for child in $(cat "/proc/$PPID/task/$PPID/children" 2>/dev/null); do
      if [ "$child" != "$$" ]; then
        nsenter --net --target "$child" /bin/bash -c \
          'ip neigh flush dev eth0; echo announce > "/dev/udp/$0/9"' \
          "$YARN_MIGRATION_ANNOUNCE_TO" >/dev/null 2>&1 || true
      fi
    done
  fi
  if [ -n "$YARN_MIGRATION_RESTORED_MARKER" ]; then
    : > "$YARN_MIGRATION_RESTORED_MARKER"
  fi
fi
exit 0
