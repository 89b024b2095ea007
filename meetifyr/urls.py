from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from meetings.api.urls import routes_for
from meetings.repositories import STORES

urlpatterns = [
    *[path(f"v1/{store}/", include(routes_for(store))) for store in STORES],
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # Swagger UI under our CSP: its init script is a separate file (the split view) and the
    # page's styles a static file (our template); its stylesheet draws icons as data: images.
    path(
        "docs",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="openapi", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meetings.web.urls")),
]

# Database outages answer 503 (JSON under /v1/) wherever they surface, not a 500 page.
handler500 = "meetings.api.errors.server_error"
