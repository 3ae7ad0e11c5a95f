"""A full catalogue's capacity charts: the 8 most pressed services and modes first, all on request."""

from __future__ import annotations

from typing import Any

from clerk_desktop.models.capacity_model import CapacityData, CapacityModel
from clerk_desktop.views.capacity_charts import CHARTED_AT_FIRST, CapacityPanel


def catalogue(services: int) -> CapacityData:
    """``services`` services in both modes, service n pressed n (the last the most)."""
    figures = [
        {
            "service_id": n,
            "name_el": f"Υπηρεσία {n:02d}",
            "name_en": f"Service {n:02d}",
            "mode": mode,
            "supply_hours": 10.0,
            "demand_hours": float(n),
            "lead_days": n,
            "pressure": float(n) + (0.5 if mode == "teleconference" else 0),
        }
        for n in range(1, services + 1)
        for mode in ("in_person", "teleconference")
    ]
    return CapacityData.from_json({"figures": figures, "suggestions": []})


def test_the_charts_show_the_most_pressed_first_and_all_on_request(qtbot: Any) -> None:
    model = CapacityModel()
    panel = CapacityPanel(model)
    qtbot.addWidget(panel)
    model.set_capacity(catalogue(28))  # the Larissa catalogue's size: 56 rows

    shown = panel.chart_figures()
    assert len(shown) == CHARTED_AT_FIRST == len(panel.demand_chart.bar_values()[0])
    assert [f.label for f in shown[:2]] == ["Υπηρεσία 28 (τηλεδιάσκεψη)", "Υπηρεσία 28 (δια ζώσης)"]
    assert not panel.show_all.isHidden() and panel.show_all.text() == "Εμφάνιση όλων (56)"
    assert (
        "τους 8 συνδυασμούς υπηρεσίας και τρόπου με τη μεγαλύτερη πίεση, από τους 56" in panel.cut_note.text()
    )
    short = panel.demand_chart.minimumHeight()

    panel.show_all.setChecked(True)
    assert len(panel.chart_figures()) == 56 == len(panel.lead_chart.bar_values()[0])
    assert panel.cut_note.isHidden()
    assert panel.demand_chart.minimumHeight() > 5 * short


def test_a_small_catalogue_is_charted_whole_without_the_choice(qtbot: Any) -> None:
    model = CapacityModel()
    panel = CapacityPanel(model)
    qtbot.addWidget(panel)
    model.set_capacity(catalogue(3))
    assert len(panel.chart_figures()) == 6
    assert panel.show_all.isHidden() and panel.cut_note.isHidden()
    # One to three days to wait is short: the axis still reaches ten days, so the bars look short.
    assert panel.lead_chart.bar_values() == [[3.0, 3.0, 2.0, 2.0, 1.0, 1.0]]
    assert panel.lead_chart.values_axis.max() == 10


def test_a_long_name_is_shortened_but_the_mode_still_shows(qtbot: Any) -> None:
    model = CapacityModel()
    panel = CapacityPanel(model)
    qtbot.addWidget(panel)
    long_name = (
        "Αίτηση αλλαγής συντελεστή χρήσης ακινήτου (ΕΠΑΓΓΕΛΜΑΤΙΚΟΣ/ΟΙΚΙΑΚΟΣ) για λογαριασμούς ρεύματος"
    )
    figures = [
        {"service_id": 1, "name_el": long_name, "mode": mode, "supply_hours": 5.0, "pressure": p}
        for mode, p in (("in_person", 2.0), ("teleconference", 1.0))
    ]
    model.set_capacity(CapacityData.from_json({"figures": figures}))
    labels = list(reversed(panel.demand_chart.names_axis.categories()))  # Qt lists them bottom-up
    assert labels[0].endswith("… (δια ζώσης)") and labels[1].endswith("… (τηλεδιάσκεψη)")
    assert labels[0].startswith("Αίτηση αλλαγής") and len(labels[0]) < len(long_name)


def test_two_services_of_one_name_keep_a_row_each(qtbot: Any) -> None:
    model = CapacityModel()
    panel = CapacityPanel(model)
    qtbot.addWidget(panel)
    figures = [
        {"service_id": n, "name_el": name, "mode": "in_person", "supply_hours": 5.0, "pressure": 1.0}
        for n, name in ((1, "Βεβαίωση μόνιμης κατοικίας"), (2, "Βεβαίωση μόνιμης κατοικίας"), (3, "Άλλη"))
    ]
    model.set_capacity(CapacityData.from_json({"figures": figures}))
    assert len(panel.demand_chart.names_axis.categories()) == 3 == len(panel.demand_chart.bar_values()[0])


def test_an_older_server_that_ranks_nothing_gets_every_row_charted(qtbot: Any) -> None:
    model = CapacityModel()
    panel = CapacityPanel(model)
    qtbot.addWidget(panel)
    data = catalogue(28)
    unranked = [{**f, "pressure": None} for f in _as_json(data)]
    model.set_capacity(CapacityData.from_json({"figures": unranked}))
    assert len(panel.chart_figures()) == 56
    assert panel.show_all.isHidden() and panel.cut_note.isHidden()


def _as_json(data: CapacityData) -> list[dict[str, object]]:
    return [
        {"service_id": f.service_id, "name_el": f.name_el, "mode": f.mode, "supply_hours": f.supply_hours}
        for f in data.figures
    ]
