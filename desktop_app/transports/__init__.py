"""How a file reaches a place: a folder (USB stick, network share) or a WebDAV server, and the
password of one kept in the system keyring. Below the services: sync packages and backups
both travel this way."""
