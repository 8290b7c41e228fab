"""The public privacy notice page (see seam_scm/privacy/views/notices.py)."""

from .views import notices

app_name = "public_privacy"

urlpatterns = notices.public_urlpatterns
