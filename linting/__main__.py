import sys

from planvakt.linting.cli import main

sys.exit(main())
