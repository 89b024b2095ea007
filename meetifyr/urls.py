from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from meetings.api.urls import routes_for
from meetings.repositories import STORES

urlpatterns = [
    *[path(f"v1/{store}/", include(routes_for(store))) for store in STORES],
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi"), name="docs"),
    path("admin/", admin.site.urls),
]
