"""The records: units, cases, documents and pages, the registers they are imported from, case look-up."""
