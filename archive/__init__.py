"""The domain core of hoso: records, originals, ingest, processing, cases and statistics."""
