"""engage: community engagement and consultation for community safety partnerships."""

import os

# Without PICCOLO_CONF the piccolo CLI and engine_finder silently find nothing;
# point them at ours unless the caller chose otherwise.
os.environ.setdefault("PICCOLO_CONF", "engage.piccolo_conf")

__version__ = "0.1.0"
