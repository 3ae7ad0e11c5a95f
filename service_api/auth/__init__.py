"""Authentication: staff bearer tokens and roles (citizen logins come with the web form)."""
