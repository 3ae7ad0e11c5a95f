"""Issue 15, defect 8: services whose names share a long beginning stay apart in the per-service chart."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis

from clerk_desktop.models.stats_model import StatsData, StatsTableModel
from clerk_desktop.views.stats_view import StatsView
from tests.clerk_desktop.views.test_stats_view import STATS_JSON, TODAY


def test_services_sharing_a_long_beginning_get_distinct_chart_labels(qtbot: Any) -> None:
    view = StatsView(StatsTableModel(), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    data = copy.deepcopy(STATS_JSON)
    long_names = [
        "Αίτηση για ηλεκτροδότηση ακινήτου μετά από αλλαγή χρήσης",
        "Αίτηση για ηλεκτροδότηση αυθαιρέτου κτίσματος υπό τακτοποίηση",
        "Αίτηση για ηλεκτροδότηση εργοταξίου",
    ]
    for period in data["periods"]:
        period["by_service"] = [
            {**period["by_service"][0], "service_id": 40 + n, "name_el": name, "name_en": name}
            for n, name in enumerate(long_names)
        ]
    view.by_service.setChecked(True)
    view.set_stats(StatsData.from_json(data))
    axis = next(a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis))
    labels = [label.replace("\u200b", "") for label in axis.categories()]

    assert len(set(labels)) == 3
    for word in ("ακινήτου", "αυθαιρέτου", "εργοταξίου"):
        assert any(word in label for label in labels)
