"""Email: messages queued in the database (the outbox) and sent by a worker job with retries.

- tables.py: the queued messages, and which accounts are designated safeguarding officers;
- smtp.py: ENGAGE_SMTP_URL read and a message sent over it (TLS, credentials from the environment);
- services.py: queueing a message, sending what is due, and what admins see and do;
- controllers.py: the admins' page, /officer/admin/outbox.

Anything that sends email queues it here and asks for the `outbox.send` job: a page never waits on
a mail server, and a message the server refuses is tried again, with the error shown to admins.
"""
