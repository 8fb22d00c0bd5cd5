from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def apply(request: HttpRequest) -> HttpResponse:
    return render(request, "members/apply.html", {})


def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "members/apply_done.html", {})
