from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": "Lietuvos regionų bibliotekų asociacija",
        "SITE_SHORT_NAME": "LRBA",
        "SECRETARIAT_EMAIL": settings.LRBA_SECRETARIAT_EMAIL,
    }
