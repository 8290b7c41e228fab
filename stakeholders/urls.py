from .views import analysis, imports, plans, profiles

app_name = "stakeholders"

urlpatterns = [
    *profiles.urlpatterns,
    *analysis.urlpatterns,
    *plans.urlpatterns,
    *imports.urlpatterns,
]
