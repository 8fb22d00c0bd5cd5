"""Reads of the events app, by topic: `events` (lists, feed, an event's page),
`registrations` (personal links, who may register, My registrations) and `attendance`
(the desk, participant lists, exports, the feedback summary)."""
