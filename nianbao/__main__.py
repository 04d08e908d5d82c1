"""`python -m nianbao`: the same command line as `nianbao`."""
import sys

from nianbao.cli import main

sys.exit(main())
