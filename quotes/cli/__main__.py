"""`python -m quotes.cli` runs the command line (as `python -m quotes` does)."""

from . import main

if __name__ == "__main__":
    main()
