#!/bin/sh
#
# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# CRIU action script (criu restore --action-script): marks the restore as done once the
# restored tree runs again, so the target NodeManager can report success.
if [ "$CRTOOLS_SCRIPT_ACTION" = "post-resume" ] && [ -n "$YARN_MIGRATION_RESTORED_MARKER" ]; then
  : > "$YARN_MIGRATION_RESTORED_MARKER"
fi
exit 0
