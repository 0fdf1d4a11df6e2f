"""API routes: people and roles on designs, share links, teams, the activity log."""

from django.urls import URLPattern, path

from api.views import sharing as views

urlpatterns: list[URLPattern] = [
    path("designs/<int:design_id>/people/", views.DesignPeopleView.as_view(), name="design-people"),
    path("designs/<int:design_id>/people/<int:user_id>/", views.DesignPersonView.as_view(), name="design-person"),
    path("designs/<int:design_id>/transfer/", views.DesignTransferView.as_view(), name="design-transfer"),
    path("designs/<int:design_id>/team/", views.DesignTeamView.as_view(), name="design-team"),
    path("designs/<int:design_id>/links/", views.DesignLinksView.as_view(), name="design-links"),
    path("designs/<int:design_id>/links/<int:link_id>/", views.DesignLinkView.as_view(), name="design-link"),
    path("designs/<int:design_id>/activity/", views.DesignActivityView.as_view(), name="design-activity"),
    path("share/<str:secret>/", views.ShareJoinView.as_view(), name="share-join"),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/<int:team_id>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:team_id>/members/", views.TeamMembersView.as_view(), name="team-members"),
    path("teams/<int:team_id>/members/<int:user_id>/", views.TeamMemberView.as_view(), name="team-member"),
]
