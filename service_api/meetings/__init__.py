"""Meeting providers for teleconference bookings, driven only from the outbox worker."""
