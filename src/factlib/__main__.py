import sys

from factlib.cli import main

sys.exit(main())
