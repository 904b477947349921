"""The runtime: settings, database, blob store, job queue, page executor, scanner folder, outbox."""
