from django.http import HttpRequest

from lrba.core.association import association


def site(request: HttpRequest) -> dict:
    requisites = association()
    return {
        "ASSOCIATION": requisites,
        "SITE_NAME": requisites.name,
        "SITE_SHORT_NAME": requisites.short_name,
        "SECRETARIAT_EMAIL": requisites.email,
    }
