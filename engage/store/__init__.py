"""Shared state that every worker must see: sessions, throttles, idempotency keys.

Redis when ENGAGE_REDIS_URL is set; otherwise the database, so the embedded default needs
nothing but Python and several workers still agree.
"""
