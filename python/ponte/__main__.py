"""``python -m ponte``: see :mod:`ponte.cli`."""

import sys

from .cli import main

sys.exit(main())
