from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lrba.members.models import Library


def library_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/library_list.html", {"libraries": Library.objects.none()})


def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_object_or_404(Library, slug=slug)
    return render(request, "members/library_detail.html", {"library": library})


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/member_list.html", {})
