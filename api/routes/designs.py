"""API routes: designs, revisions, import/export, diff, the pattern gallery and the document schema."""

from django.urls import URLPattern, path

from api.views import designs as views

urlpatterns: list[URLPattern] = [
    path("schema/design-v1.json", views.DesignSchemaView.as_view(), name="design-schema"),
    path("designs/", views.DesignListCreateView.as_view(), name="design-list"),
    path("designs/import/", views.DesignImportView.as_view(), name="design-import"),
    path("designs/<int:design_id>/", views.DesignDetailView.as_view(), name="design-detail"),
    path("designs/<int:design_id>/revisions/", views.RevisionListView.as_view(), name="design-revisions"),
    path(
        "designs/<int:design_id>/revisions/<int:number>/",
        views.RevisionDetailView.as_view(),
        name="design-revision",
    ),
    path(
        "designs/<int:design_id>/revisions/<int:number>/restore/",
        views.RevisionRestoreView.as_view(),
        name="design-revision-restore",
    ),
    path("designs/<int:design_id>/duplicate/", views.DesignDuplicateView.as_view(), name="design-duplicate"),
    path("designs/<int:design_id>/document/", views.DesignDocumentView.as_view(), name="design-document"),
    path("designs/<int:design_id>/diff/", views.DesignDiffView.as_view(), name="design-diff"),
    path("patterns/", views.PatternListView.as_view(), name="pattern-list"),
    path("patterns/<slug:slug>/", views.PatternDetailView.as_view(), name="pattern-detail"),
    path("patterns/<slug:slug>/instantiate/", views.PatternInstantiateView.as_view(), name="pattern-instantiate"),
]
