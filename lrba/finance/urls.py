"""The finance app's pages under /finansai/: each area's views module holds its own
`urlpatterns` (so the areas grow apart), gathered here under one namespace."""

from lrba.finance.views import (
    documents,
    exports,
    fees,
    invoices,
    matching,
    member,
    statements,
    support,
)

app_name = "finance"

urlpatterns: list = [
    *fees.urlpatterns,
    *invoices.urlpatterns,
    *documents.urlpatterns,
    *member.urlpatterns,
    *statements.urlpatterns,
    *matching.urlpatterns,
    *support.urlpatterns,
    *exports.urlpatterns,
]
