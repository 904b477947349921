"""Trust: accounts and sign-in, who may open what, the audit chain, and proof that originals are unchanged."""
