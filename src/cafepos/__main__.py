"""`python -m cafepos` is the same front door as the `cafepos` command."""

from cafepos.cli.main import main

raise SystemExit(main())
