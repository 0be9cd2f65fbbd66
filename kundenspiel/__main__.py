"""``python -m kundenspiel``."""

import sys

from kundenspiel.cli import main

sys.exit(main())
