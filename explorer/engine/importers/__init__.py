"""Importers: turn configurations that already run into design documents."""
