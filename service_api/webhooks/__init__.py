"""Webhooks: endpoints the admins register, and the job runner's signed deliveries to them.

``models`` (the endpoint and delivery-log tables), ``client`` (the HTTP POST, typed errors),
``delivery`` (one outbox job: build, sign, send, log). The events are enqueued by
``booking/webhook_events.py`` in the booking's own transaction; registration and the delivery log
are ``booking/webhook_admin.py``; the rules are ``domain/webhooks.py``.
"""
