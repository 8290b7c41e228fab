from .views import calendar

app_name = "complaints"

urlpatterns = [
    *calendar.urlpatterns,
]
