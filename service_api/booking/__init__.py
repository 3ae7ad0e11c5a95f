"""The booking service: the one guarded write path every surface uses."""

from service_api.booking.journal import Actor
from service_api.booking.service import BookingService, CitizenDetails, CreateResult, NewBooking

__all__ = ["Actor", "BookingService", "CitizenDetails", "CreateResult", "NewBooking"]
