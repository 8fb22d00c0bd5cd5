"""Reads of the members app, by topic: `libraries` (the directory, a library's page, the
member figures and list), `representatives` (who acts for a library, who is a member),
`register` (the yearly register report) and `search` (the directory's full-text index)."""
