"""Which acquisition models keep a change history in django-auditlog. Titles, offers,
holdings and import rejections are not registered: imports write them by the hundred
thousand and each import is its own record (`CatalogueImport`, `HoldingsImport`)."""

from auditlog.registry import auditlog

from lrba.acquisition import models

auditlog.register(models.Supplier)
auditlog.register(models.ColumnMapping)
auditlog.register(models.Round, m2m_fields={"suppliers"})
auditlog.register(models.DiscountTier)
auditlog.register(models.RoundBudget)
auditlog.register(models.OrderLine)
auditlog.register(models.SupplierOrder)
