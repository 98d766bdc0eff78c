from __future__ import annotations

import sys

from qpr_tui.cli import main

sys.exit(main())
