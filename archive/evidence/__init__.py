"""Evidence for hearings: exhibit sets and their PDF bundles."""
