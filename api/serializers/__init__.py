"""Small input/output serializers, one module per area."""
