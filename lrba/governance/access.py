"""Fetch-and-authorise helpers of the governance app.

Read and write apart: the secretariat (change permissions) prepares and runs meetings;
the auditor (view permissions) reads every record; Board members read the Board's own
records and answer its written procedures; members read the General Meeting's meetings,
documents, minutes and decisions; the public sees the Board and public decisions.
"""
