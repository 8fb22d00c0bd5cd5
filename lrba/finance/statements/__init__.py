"""Reading bank statements: ISO 20022 camt.053 and camt.054, the legacy Lithuanian
LITAS-ESIS text and bank CSV exports (through a saved `CsvMapping`).

`detect.statement_read(content, name=..., csv_mapping=...)` tells the format and returns
a `records.StatementReader`: its header (account, statement, period) and an iterator of
parsed entries and per-line refusals. Nothing here touches the database; the import
service (`lrba.finance.services.statements`) records what comes out.
"""
