"""The `hoso` command line and what its commands share."""
