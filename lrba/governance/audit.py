from auditlog.registry import auditlog  # noqa: F401
