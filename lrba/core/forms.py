"""What views share about forms."""

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def form_errors_add(form: BaseForm, refusal: ValidationError) -> None:
    """A service's refusal shown on the form that asked for it: each message under the
    field it names when the form has that field, otherwise above the form. What was
    typed stays in the form."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)
