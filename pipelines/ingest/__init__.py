"""Pure ingest: one township's files in, accepted / rejected / skipped rows out. No dagster imports here."""
