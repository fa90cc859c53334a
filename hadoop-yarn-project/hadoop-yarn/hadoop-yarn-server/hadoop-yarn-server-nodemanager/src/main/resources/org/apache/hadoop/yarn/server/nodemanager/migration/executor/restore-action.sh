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
