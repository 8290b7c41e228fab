from .views import criteria, cycles, snapshots

app_name = "assessments"

urlpatterns = [
    *cycles.urlpatterns,
    *criteria.urlpatterns,
    *snapshots.urlpatterns,
]
