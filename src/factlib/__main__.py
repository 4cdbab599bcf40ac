import sys

from factlib.cli.main import main

if __name__ == "__main__":  # not when a child process imports it
    sys.exit(main())
