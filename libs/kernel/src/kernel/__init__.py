"""The shared event-sourcing kernel of Sozialplattform.

It knows nothing of applications or Jobcenters: it stores events, publishes them through a
transactional outbox, consumes them idempotently, keeps projections and erases personal data by
deleting keys. nameko appears only under ``kernel.nameko``.
"""
