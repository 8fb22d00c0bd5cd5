"""The page tree's catch-all address, included after every app's URLs."""

app_name = "pages"

urlpatterns: list = []
