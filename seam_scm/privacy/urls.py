from .views import (
    access_log,
    breaches,
    consents,
    notices,
    overview,
    processing,
    requests,
    retention,
)

app_name = "privacy"

urlpatterns = [
    *overview.urlpatterns,
    *processing.urlpatterns,
    *notices.urlpatterns,
    *consents.urlpatterns,
    *requests.urlpatterns,
    *breaches.urlpatterns,
    *access_log.urlpatterns,
    *retention.urlpatterns,
]
