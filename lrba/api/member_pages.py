"""The API's section on "My account": the person's access tokens (lrba.api.views)."""
