"""Rule implementations, one module per family; each function is registered by catalogue ID."""
