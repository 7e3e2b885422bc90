"""The `recognise` command line: one module per command group, joined in `app`."""
