"""Authentication: staff bearer tokens and roles; citizen sign-in by TAXISnet or a one-time e-mail code."""
