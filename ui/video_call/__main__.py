"""Entry point of the call window process (see ui/video_call/window.py)."""

import sys

from ui.video_call.window import main

sys.exit(main())
