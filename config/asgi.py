import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# With DEBUG off this is production: no start on a development key or per-process cache.
from lrba.core.checks import production_refuse_unsafe  # noqa: E402  (needs settings)

production_refuse_unsafe()
