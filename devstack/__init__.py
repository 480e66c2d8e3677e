"""Photogram's local services (PostgreSQL, Redis, RabbitMQ, Cassandra) for development and tests.

Standard library only: `bin/services` runs before any virtualenv exists.
"""
