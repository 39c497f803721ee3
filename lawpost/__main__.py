"""Allows `python -m lawpost`."""

import sys

from lawpost.cli import main

sys.exit(main())
