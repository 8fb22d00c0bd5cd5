"""API endpoints: staff (filled by its owner; see /work/api-plan.md)."""

from ninja import Router

router = Router(tags=["staff"])
