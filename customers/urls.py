from .views import charter, imports, journeys, meetings, overview, records, strategy, surveys

app_name = "customers"

urlpatterns = [
    *overview.urlpatterns,
    *records.urlpatterns,
    *surveys.urlpatterns,
    *journeys.urlpatterns,
    *strategy.urlpatterns,
    *meetings.urlpatterns,
    *charter.urlpatterns,
    *imports.urlpatterns,
]
