"""Plan models: what a plan file may contain. ``kind`` picks the model."""

from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from .ban_notice import BanNotice
from .response_plan import ResponsePlan

Plan = Annotated[Union[ResponsePlan, BanNotice], Field(discriminator="kind")]
PLAN_ADAPTER: TypeAdapter = TypeAdapter(Plan)

__all__ = ["BanNotice", "PLAN_ADAPTER", "Plan", "ResponsePlan"]
