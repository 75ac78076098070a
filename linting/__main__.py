import sys

from linting.cli import main

sys.exit(main())
