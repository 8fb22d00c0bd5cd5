"""My account → access tokens (filled by the tokens part; see /work/api-plan.md)."""

app_name = "api_tokens"
urlpatterns: list = []
