"""Importers of what already runs, one module per source format (DESIGN.md, "Importing, drift and round trip").

Each importer is a pure function from one file's bytes to a :class:`~.base.Partial` (nodes, stores and flows
with the file and line or key each came from, plus problems and notes): :mod:`.compose`, :mod:`.connect`,
:mod:`.strimzi`, :mod:`.cql`, :mod:`.sql`, :mod:`.logstash`, :mod:`.bundle_files` (topics, MM2, Streams,
Spark jobs, Zeppelin notes, init plans) and :mod:`.mm2`. :func:`.collection.import_files` dispatches a set of
files (zips expanded safely) and merges the partials into one ``kafkaesque.design/v1`` document.
"""
