"""Filled in by the module work in progress."""

urlpatterns: list = []
