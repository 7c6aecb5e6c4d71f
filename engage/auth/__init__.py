"""Officer accounts: roles, passwords, sessions, throttling and guards. Residents never log in."""
