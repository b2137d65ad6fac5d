"""One module per CLI command; :func:`sim.cli.build_parser` discovers them."""
