from .views import access_log, breaches, notices, overview, processing, requests

app_name = "privacy"

urlpatterns = [
    *overview.urlpatterns,
    *processing.urlpatterns,
    *notices.urlpatterns,
    *requests.urlpatterns,
    *breaches.urlpatterns,
    *access_log.urlpatterns,
]
