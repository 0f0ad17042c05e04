"""`python -m prep ...`: the command line (see prep.cli)."""

import sys

from prep.cli import main

sys.exit(main())
