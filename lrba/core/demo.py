"""Demo data: what each app's loader returns, and loading every app's data in order.

Each app names its demo module in its `AppConfig` (`demo_module`, `demo_order`; see
lrba.core.plugins); `manage.py demo_data` runs them all.
"""

from dataclasses import dataclass, field

from lrba.core.plugins import demo_modules
from lrba.core.search import search_reindex

DEFAULT_SEED = 2012  # the year the association was founded


@dataclass
class DemoLoaded:
    """What one app's loader created ("libraries": 412, …) and any demo sign-ins it made,
    as (role, e-mail, password)."""

    created: dict[str, int]
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def demo_data_present() -> bool:
    """Whether any app says its demo data (or real data in its place) are there already."""
    return any(
        module.demo_data_present()
        for _app, module in demo_modules()
        if hasattr(module, "demo_data_present")
    )


def demo_data_load(
    *, scale: int = 1, people: int | None = None, seed: int = DEFAULT_SEED
) -> DemoLoaded:
    """Run every app's loader in `demo_order`; each skips what exists, so this may run again.

    The loaders create rows in bulk, which sends no signals: the site search's index is
    rebuilt once at the end instead."""
    total = DemoLoaded(created={})
    for _app, module in demo_modules():
        loaded = module.demo_data_load(scale=scale, people=people, seed=seed)
        total.created.update(loaded.created)
        total.accounts += loaded.accounts
    search_reindex()
    return total
