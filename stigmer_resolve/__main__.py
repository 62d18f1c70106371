"""``python -m stigmer_resolve``: the same as the ``stigmer-resolve`` command."""

from .cli import main

raise SystemExit(main())
