"""Writes of the members app, by topic: `membership` (applications, admission, the
membership lifecycle), `invitations` (accounts by invitation) and `library_profile`
(what a library's representatives change on "My library")."""
