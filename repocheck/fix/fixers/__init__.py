"""One module per idea; every public module is imported by ``engine.load_fixers()``."""
