"""No write to an audited model bypasses the audit log (issue 7, point 5).

auditlog records a change from the model's save and delete signals; `QuerySet.update`,
`bulk_create` and `bulk_update` send none. This test reads the source: every such call on
an audited model (`Model.objects…update(…)` and the like) must sit in a function that
writes the entries itself with `lrba.core.audit.audit_bulk`, or be listed below with the
reason it needs no entry. Migrations, tests and the demo data are left out.
"""

import ast
from pathlib import Path

from auditlog.registry import auditlog

ROOT = Path(__file__).resolve().parent.parent / "lrba"
BULK_WRITES = {"update", "bulk_create", "bulk_update"}

# (module path under lrba/, function) → why its bulk write needs no audit entry.
NO_ENTRY_NEEDED = {
    ("accounts/tasks.py", "send_erasure_outcome"): (
        "clears notify_email, which the audit registration excludes"
    ),
    ("members/signals.py", "_geography_changed"): (
        "the libraries' derived search column, recomputed when a municipality is renamed"
    ),
    ("finance/documents.py", "invoice_pdf_store"): (
        "the file name of the PDF drawn from the issued invoice, which the audit registration "
        "excludes: the PDF is a rendering of audited fields"
    ),
    ("finance/services/delivery.py", "invoice_send"): (
        "when the invoice was e-mailed (sent_at), excluded from the audit registration; the "
        "mail log records the sending"
    ),
    ("communications/services/sending.py", "message_deliver"): (
        "the message's sending counters, which the audit registration excludes"
    ),
    ("communications/services/unsubscribe.py", "suppression_add"): (
        "the message's failure counter, which the audit registration excludes"
    ),
    ("finance/services/runs.py", "_progress_save"): (
        "the yearly run's progress counters, which the audit registration excludes"
    ),
    ("events/services/calendar_import.py", "_fail"): (
        "when a library's feed was last read and its problem, which the audit registration excludes"
    ),
    ("api/auth.py", "authenticate"): (
        "when an access token was last used, which the audit registration excludes"
    ),
    ("events/services/calendar_import.py", "_run"): (
        "when a library's feed was last read and its problem, which the audit registration excludes"
    ),
}


def _audited_model_names() -> set[str]:
    return {model.__name__ for model in auditlog.get_models()}


def _receiver_model(call: ast.Call) -> str | None:
    """`X` in `X.objects.filter(…).update(…)`, else None."""
    node = call.func
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
        ):
            return node.value.id
    return None


def _bypasses() -> list[tuple[str, str, int, str]]:
    audited = _audited_model_names()
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        parts = relative.split("/")
        if "migrations" in parts or "tests" in parts or parts[-1] == "demo.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
            audits = any(
                getattr(call.func, "id", getattr(call.func, "attr", "")) == "audit_bulk"
                for call in calls
            )
            for call in calls:
                if not (isinstance(call.func, ast.Attribute) and call.func.attr in BULK_WRITES):
                    continue
                model = _receiver_model(call)
                if model in audited and not audits:
                    found.append((relative, function.name, call.lineno, model))
    return found


def test_every_bulk_write_to_an_audited_model_writes_its_audit_entries():
    bypasses = [b for b in _bypasses() if (b[0], b[1]) not in NO_ENTRY_NEEDED]
    assert not bypasses, f"Bulk writes the audit log does not see: {bypasses}"


def test_the_exceptions_are_still_there():
    listed = {(module, function) for module, function, _line, _model in _bypasses()}
    assert set(NO_ENTRY_NEEDED) <= listed, "stale entries in NO_ENTRY_NEEDED"
