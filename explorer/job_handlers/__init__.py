"""Job handlers, one module per job kind; :func:`explorer.jobs.load_handlers` imports every submodule."""
