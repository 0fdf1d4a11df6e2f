"""Write-side business logic, one module per area (``explorer.services.<area>``)."""
