"""Read-side queries, one module per area (``explorer.selectors.<area>``)."""
