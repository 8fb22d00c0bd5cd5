"""What the decisions endpoints answer: the public decisions, as their page shows them."""

from datetime import date
from typing import Any

from ninja import Field, Schema


class BodyOut(Schema):
    kind: str = Field(description="`general_meeting` or `board`.")
    name: str = Field(description="The body's name in the request's language.")

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.display_name


class DecisionOut(Schema):
    id: int
    number: str = Field(description="Numbered per body and year, e.g. `V-2026-4`.")
    year: int
    title: str = Field(description="The question decided.")
    text: str = Field(description="The decision, as plain text.")
    adopted_on: date
    body: BodyOut
