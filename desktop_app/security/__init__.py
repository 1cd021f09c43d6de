"""Pure code for keys, signatures and password hashing, used by store/, services/ and sync/."""
