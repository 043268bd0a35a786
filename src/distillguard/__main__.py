"""`python -m distillguard` runs the command line."""

from distillguard.cli import main

if __name__ == "__main__":  # importing this module (doctest collection) runs nothing
    main()
