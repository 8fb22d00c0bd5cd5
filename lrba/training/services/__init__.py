"""Writes of the training app, by topic: `certificates` (issue, re-issue, revoke) and
`records` (external training and its approval)."""
