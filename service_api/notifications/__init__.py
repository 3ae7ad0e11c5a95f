"""E-mails to citizens, composed from a booking and sent from the outbox with retries."""
