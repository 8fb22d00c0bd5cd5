"""The communications pages under /naujienlaiskiai/: the public archive and unsubscribe
(views_public), and the secretariat's pages under siuntimas/ (views_staff)."""

from lrba.communications import views_public, views_staff

app_name = "communications"

urlpatterns: list = [*views_public.urlpatterns, *views_staff.urlpatterns]
