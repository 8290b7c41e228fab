"""The criteria library API, read-only, outside the organization prefix (/api/v1/frameworks/).

Platform data every organization shares (no tenant rows): any authenticated caller may read
the framework versions and the whole tree of one, with weights (null: not yet provided), the
levels 1-5 with their expected artefacts, and the mappings to criteria of other frameworks.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from seam_scm.tenancy.api import UserLanguageMixin

from .. import library_selectors
from ..models import Criterion, FrameworkVersion

TAGS = ["criteria library"]


class FrameworkSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)
    description_th = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)


class FrameworkVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = FrameworkSerializer()
    label = serializers.CharField(help_text="The version's name, for example the manual's edition.")
    status = serializers.CharField(
        help_text="draft or published; only published versions can be chosen for cycles."
    )
    is_published = serializers.BooleanField()
    source = serializers.CharField(
        allow_blank=True, help_text="Where the criteria, weights and level texts come from."
    )
    criteria_count = serializers.IntegerField(help_text="Criteria assessed (not modules, topics).")
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)


class ArtefactSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=5)
    text_th = serializers.CharField(allow_blank=True, help_text="Empty: not yet provided.")
    text_en = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    artefacts = ArtefactSerializer(
        many=True, source="artefact_labels", help_text="The artefacts expected as evidence."
    )


class CriterionRefSerializer(serializers.Serializer):
    """A criterion of any version, by its version and code."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    title_th = serializers.CharField(allow_blank=True)
    title_en = serializers.CharField(allow_blank=True)
    framework = serializers.CharField(source="version.framework.code")
    version_id = serializers.IntegerField()
    version_label = serializers.CharField(source="version.label")


class MappingSerializer(serializers.Serializer):
    source = CriterionRefSerializer()
    target = CriterionRefSerializer(help_text="Asks for the same evidence as the source.")
    note = serializers.CharField(allow_blank=True)


class NodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField(help_text="module, topic or criterion.")
    title_th = serializers.CharField(allow_blank=True, help_text="Empty: not yet provided.")
    title_en = serializers.CharField(allow_blank=True)
    description_th = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)
    weight = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="A percentage; null: not yet provided (never 0).",
    )
    note = serializers.CharField(
        allow_blank=True, help_text="What the source does and does not say."
    )
    levels = LevelSerializer(
        many=True, source="level_list", help_text="Levels 1-5 of a criterion; empty otherwise."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = NodeSerializer(many=True, source="child_list")
        return fields


class FrameworkVersionTreeSerializer(FrameworkVersionSerializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="nodes, criteria, levels, and what is not yet provided: weights_missing, "
        "titles_missing, level_texts_missing.",
    )
    nodes = NodeSerializer(many=True, help_text="The modules at the top, each with its children.")
    mappings = MappingSerializer(
        many=True, help_text="Mappings of this version's criteria to other frameworks, both ways."
    )


class LibraryView(UserLanguageMixin):
    permission_classes = [permissions.IsAuthenticated]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Framework versions of the criteria library",
        description="Every version of every framework, drafts included (see `status`).",
    )
)
class FrameworkVersionListView(LibraryView, generics.ListAPIView):
    serializer_class = FrameworkVersionSerializer

    def get_queryset(self):
        return library_selectors.versions_with_counts().order_by(
            "framework__code", "-created_at", "-id"
        )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="One framework version as a tree",
        description=(
            "The nodes nested (modules, topics, criteria), each with its weight, levels 1-5, "
            "expected artefacts and children, and the mappings to criteria of other frameworks."
        ),
    )
)
class FrameworkVersionDetailView(LibraryView, generics.RetrieveAPIView):
    serializer_class = FrameworkVersionTreeSerializer
    queryset = FrameworkVersion.objects.none()  # the page reads through library_selectors

    def retrieve(self, request, *args, **kwargs):
        page = library_selectors.version_page(kwargs["pk"])
        version = page.version
        children: dict[int | None, list[Criterion]] = {}
        for node in page.nodes:
            children.setdefault(node.parent_id, []).append(node)
        for node in page.nodes:
            node.child_list = children.get(node.pk, [])
        version.criteria_count = page.counts["criteria"]
        version.counts = page.counts
        version.nodes = children.get(None, [])
        version.mappings = _mappings(page)
        return Response(self.get_serializer(version).data)


def _mappings(page: library_selectors.VersionPage) -> list[dict]:
    rows = []
    for node in page.nodes:
        for mapped in node.mapped:
            pair = (node, mapped.criterion) if mapped.outgoing else (mapped.criterion, node)
            rows.append({"source": pair[0], "target": pair[1], "note": mapped.note})
    return rows


urlpatterns = [
    path("frameworks/", FrameworkVersionListView.as_view(), name="framework-version-list"),
    path(
        "frameworks/<int:pk>/",
        FrameworkVersionDetailView.as_view(),
        name="framework-version-detail",
    ),
]
