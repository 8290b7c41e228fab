from .views import calendar, cases, imports, kpis, overview, policy

app_name = "complaints"

urlpatterns = [
    *overview.urlpatterns,
    *policy.urlpatterns,
    *cases.urlpatterns,
    *kpis.urlpatterns,
    *imports.urlpatterns,
    *calendar.urlpatterns,
]
