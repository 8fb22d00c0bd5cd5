"""What every area's schemas share."""

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """The base of every request body: an unknown field is refused (422 `invalid`, the
    field named "This field is not known.") rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")
