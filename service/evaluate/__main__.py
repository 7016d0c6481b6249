"""`python -m service.evaluate FILE...`: the same as `polyonym eval`."""

from service.evaluate import main

raise SystemExit(main())
