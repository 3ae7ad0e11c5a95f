"""Appointment service for Greek municipalities: citizen booking form, staff JSON API, outbox workers."""
