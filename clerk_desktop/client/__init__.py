"""Everything that leaves the process: HTTP to service_api, the keyring, the local cache and queue."""
