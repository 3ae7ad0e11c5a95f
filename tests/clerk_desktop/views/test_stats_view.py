"""The supervisors' statistics view: parsing, the table model, the chart and the requests it emits."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from clerk_desktop.i18n import language, set_language, tr
from clerk_desktop.models.stats_model import (
    StatsColumn,
    StatsData,
    StatsRole,
    StatsSortProxy,
    StatsTableModel,
)
from clerk_desktop.views.stats_view import OUTCOMES, StatsView

TODAY = date(2026, 12, 3)  # a Thursday


def clerk(staff_id: int, name: str, **counts: Any) -> dict[str, Any]:
    return {"staff_id": staff_id, "name": name, **counts}


def service(service_id: int, name_el: str, name_en: str, **counts: Any) -> dict[str, Any]:
    return {"service_id": service_id, "name_el": name_el, "name_en": name_en, **counts}


def counts(
    bookings: int, minutes: int, completed: int, no_show: int, rate: float | None, docs: int, cancelled: int
) -> dict[str, Any]:
    return {
        "bookings": bookings,
        "booked_minutes": minutes,
        "completed": completed,
        "no_show": no_show,
        "no_show_rate": rate,
        "documents_missing": docs,
        "cancelled": cancelled,
    }


COHAB = ("Σύμφωνο συμβίωσης", "Cohabitation agreement")
TRANSFER = ("Μεταδημότευση", "Transfer of registration")
# As the server sends it: two weeks, three clerks (Eleni on leave the second week), two services.
STATS_JSON: dict[str, Any] = {
    "from": "2026-11-23",
    "to": "2026-12-06",
    "period": "week",
    "municipality_id": 1,
    "periods": [
        {
            "period": "2026-W48",
            "from": "2026-11-23",
            "to": "2026-11-29",
            "totals": {
                **counts(24, 720, 16, 3, 0.1579, 3, 3),
                "available_minutes": 5400,
                "utilisation": 0.1333,
            },
            "by_service": [
                service(3, *COHAB, **counts(14, 420, 9, 2, 0.1818, 2, 2)),
                service(5, *TRANSFER, **counts(10, 300, 7, 1, 0.125, 1, 1)),
            ],
            "by_clerk": [
                clerk(
                    2,
                    "Γιώργος Νικολάου",
                    **counts(10, 300, 7, 1, 0.125, 2, 1),
                    available_minutes=1920,
                    utilisation=0.1562,
                ),
                clerk(
                    3,
                    "Ελένη Γεωργίου",
                    **counts(6, 180, 4, 2, 0.3333, 0, 0),
                    available_minutes=1920,
                    utilisation=0.0938,
                ),
                clerk(
                    1,
                    "Μαρία Παπαδοπούλου",
                    **counts(8, 240, 5, 0, 0.0, 1, 2),
                    available_minutes=1560,
                    utilisation=0.1538,
                ),
            ],
        },
        {
            "period": "2026-W49",
            "from": "2026-11-30",
            "to": "2026-12-06",
            "totals": {
                **counts(16, 480, 5, 1, 0.1667, 1, 3),
                "available_minutes": 3840,
                "utilisation": 0.125,
            },
            "by_service": [
                service(3, *COHAB, **counts(9, 270, 3, 1, 0.25, 1, 2)),
                service(5, *TRANSFER, **counts(7, 210, 2, 0, 0.0, 0, 1)),
            ],
            "by_clerk": [
                clerk(
                    2,
                    "Γιώργος Νικολάου",
                    **counts(9, 270, 3, 1, 0.25, 0, 2),
                    available_minutes=1920,
                    utilisation=0.1406,
                ),
                clerk(
                    3,
                    "Ελένη Γεωργίου",
                    **counts(0, 0, 0, 0, None, 0, 0),
                    available_minutes=0,
                    utilisation=None,
                ),
                clerk(
                    1,
                    "Μαρία Παπαδοπούλου",
                    **counts(7, 210, 2, 0, 0.0, 1, 1),
                    available_minutes=1920,
                    utilisation=0.1094,
                ),
            ],
        },
    ],
}
CLERKS = ["Γιώργος Νικολάου", "Ελένη Γεωργίου", "Μαρία Παπαδοπούλου"]
COUNT_COLUMNS = (
    StatsColumn.BOOKINGS,
    StatsColumn.COMPLETED,
    StatsColumn.CANCELLED,
    StatsColumn.DOCUMENTS_MISSING,
)


@pytest.fixture(autouse=True)
def greek() -> Iterator[None]:
    previous = language()
    set_language("el")
    yield
    set_language(previous)


@pytest.fixture
def stats() -> StatsData:
    return StatsData.from_json(copy.deepcopy(STATS_JSON))


@pytest.fixture
def view(qtbot: Any) -> StatsView:
    widget = StatsView(StatsTableModel(), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    return widget


def cell(
    model: StatsTableModel, row: int, column: StatsColumn, role: int = Qt.ItemDataRole.DisplayRole
) -> Any:
    return model.data(model.index(row, column), role)


def row_named(model: StatsTableModel, name: str) -> int:
    names = [cell(model, r, StatsColumn.NAME) for r in range(model.rowCount())]
    return names.index(name)


def test_the_server_answer_is_parsed(stats: StatsData) -> None:
    assert (stats.first, stats.last, stats.period, stats.municipality_id) == (
        date(2026, 11, 23),
        date(2026, 12, 6),
        "week",
        1,
    )
    assert [p.label for p in stats.periods] == ["2026-W48", "2026-W49"]
    second = stats.periods[1]
    assert second.first == date(2026, 11, 30)
    assert [r.name for r in second.by_clerk] == CLERKS
    eleni = second.by_clerk[1].figures
    assert eleni.no_show_rate is None and eleni.utilisation is None and eleni.available_minutes == 0
    assert second.by_service[0].name_en == "Cohabitation agreement"
    assert second.by_service[0].figures.available_minutes is None
    assert second.totals.available_minutes == 3840


def test_a_malformed_answer_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Unexpected statistics answer"):
        StatsData.from_json({"from": "2026-11-23", "to": "2026-12-06"})
    broken = copy.deepcopy(STATS_JSON)
    broken["periods"][0]["from"] = "23/11/2026"
    with pytest.raises(ValueError):
        StatsData.from_json(broken)


def test_all_periods_add_up_and_rates_are_worked_out_again(stats: StatsData) -> None:
    overall = stats.overall()
    george = overall.by_clerk[0].figures
    assert (george.bookings, george.completed, george.no_show, george.available_minutes) == (19, 10, 2, 3840)
    assert george.no_show_rate == pytest.approx(2 / 12, abs=1e-4)
    assert george.utilisation == pytest.approx(570 / 3840, abs=1e-4)
    assert overall.totals.bookings == 40 and overall.totals.utilisation == pytest.approx(
        1200 / 9240, abs=1e-4
    )
    assert [r.key for r in overall.by_service] == [3, 5]


@pytest.mark.parametrize("grouping", ["clerk", "service"])
@pytest.mark.parametrize("period", [None, 0, 1])
def test_the_model_passes_the_model_tester(
    qtmodeltester: Any, stats: StatsData, grouping: Any, period: int | None
) -> None:
    model = StatsTableModel()
    qtmodeltester.check(model)  # empty
    model.set_data(stats)
    model.set_grouping(grouping)
    model.set_period(period)
    qtmodeltester.check(model)
    assert model.rowCount() == (3 if grouping == "clerk" else 2) + 1
    assert model.columnCount() == len(StatsColumn)
    proxy = StatsSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(StatsColumn.BOOKINGS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize("grouping", ["clerk", "service"])
@pytest.mark.parametrize("period", [None, 0, 1])
def test_the_totals_row_is_the_sum_of_the_rows(stats: StatsData, grouping: Any, period: int | None) -> None:
    model = StatsTableModel()
    model.set_data(stats)
    model.set_grouping(grouping)
    model.set_period(period)
    last = model.rowCount() - 1
    assert cell(model, last, StatsColumn.NAME) == "Σύνολο"
    assert cell(model, last, StatsColumn.NAME, StatsRole.IS_TOTAL) is True
    assert cell(model, last, StatsColumn.NAME, StatsRole.KEY) is None
    for column in COUNT_COLUMNS:
        values = [cell(model, r, column, StatsRole.SORT) for r in range(last)]
        assert cell(model, last, column, StatsRole.SORT) == sum(values), column.name
    figures = [r.figures for r in model.rows()]
    totals = model.totals()
    assert totals is not None
    no_shows = sum(f.no_show for f in figures)
    served = no_shows + sum(f.completed for f in figures)
    assert totals.no_show_rate == pytest.approx(no_shows / served, abs=1e-4)


def test_cells_are_formatted_with_raw_numbers_for_sorting(stats: StatsData) -> None:
    model = StatsTableModel()
    model.set_data(stats)
    george = row_named(model, "Γιώργος Νικολάου")
    assert cell(model, george, StatsColumn.UTILISATION) == "14,8 %"  # 570 of 3840 minutes
    assert cell(model, george, StatsColumn.UTILISATION, StatsRole.SORT) == pytest.approx(0.1484)
    assert cell(model, george, StatsColumn.NO_SHOW_RATE) == "16,7 %"
    assert cell(model, george, StatsColumn.BOOKINGS) == "19"
    assert cell(model, george, StatsColumn.BOOKINGS, StatsRole.SORT) == 19
    right = cell(model, george, StatsColumn.BOOKINGS, Qt.ItemDataRole.TextAlignmentRole)
    left = cell(model, george, StatsColumn.NAME, Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight and left & Qt.AlignmentFlag.AlignLeft
    assert "570" in cell(model, george, StatsColumn.UTILISATION, Qt.ItemDataRole.ToolTipRole)

    model.set_period(1)  # Eleni was on leave: no rate at all, shown as a dash, sorted as None
    eleni = row_named(model, "Ελένη Γεωργίου")
    assert cell(model, eleni, StatsColumn.NO_SHOW_RATE) == "—"
    assert cell(model, eleni, StatsColumn.UTILISATION) == "—"
    assert cell(model, eleni, StatsColumn.UTILISATION, StatsRole.SORT) is None
    maria = row_named(model, "Μαρία Παπαδοπούλου")
    assert cell(model, maria, StatsColumn.NO_SHOW_RATE) == "0,0 %"

    model.set_grouping("service")
    assert cell(model, 0, StatsColumn.NAME) == "Σύμφωνο συμβίωσης"
    assert cell(model, 0, StatsColumn.UTILISATION) == "—"  # services have no working time of their own
    assert model.headerData(StatsColumn.NAME, Qt.Orientation.Horizontal) == "Υπηρεσία"

    set_language("en")
    assert cell(model, 0, StatsColumn.NAME) == "Cohabitation agreement"
    assert cell(model, 0, StatsColumn.NO_SHOW_RATE) == "25.0%"
    assert model.headerData(StatsColumn.NO_SHOW_RATE, Qt.Orientation.Horizontal) == "No-show rate (%)"


def test_sorting_keeps_the_totals_row_last(stats: StatsData) -> None:
    model = StatsTableModel()
    model.set_data(stats)
    model.set_period(1)
    proxy = StatsSortProxy()
    proxy.setSourceModel(model)

    def column(col: StatsColumn) -> list[Any]:
        return [proxy.index(r, col).data(StatsRole.SORT) for r in range(proxy.rowCount())]

    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(StatsColumn.BOOKINGS, order)
        assert proxy.index(proxy.rowCount() - 1, 0).data(StatsRole.IS_TOTAL) is True
    assert column(StatsColumn.BOOKINGS) == [9, 7, 0, 16]
    proxy.sort(StatsColumn.UTILISATION, Qt.SortOrder.AscendingOrder)
    assert column(StatsColumn.NAME)[:3] == ["Ελένη Γεωργίου", "Μαρία Παπαδοπούλου", "Γιώργος Νικολάου"]
    proxy.sort(StatsColumn.NAME, Qt.SortOrder.DescendingOrder)
    assert column(StatsColumn.NAME) == [*reversed(CLERKS), "Σύνολο"]


def test_refresh_carries_the_chosen_range_and_period(qtbot: Any, view: StatsView) -> None:
    first, last, kind = view.chosen_range()
    assert (first, last, kind) == (date(2026, 11, 9), TODAY, "week")  # four weeks, Monday to today
    with qtbot.waitSignal(view.refresh_requested) as blocker:
        qtbot.mouseClick(view.refresh, Qt.MouseButton.LeftButton)
    assert blocker.args == [date(2026, 11, 9), TODAY, "week"]

    view.period_kind.setCurrentIndex(view.period_kind.findData("month"))
    view.first_edit.setDate(QDate(2026, 9, 1))
    view.last_edit.setDate(QDate(2026, 11, 30))
    with qtbot.waitSignal(view.refresh_requested) as blocker:
        qtbot.mouseClick(view.refresh, Qt.MouseButton.LeftButton)
    assert blocker.args == [date(2026, 9, 1), date(2026, 11, 30), "month"]


def test_an_impossible_range_is_not_requested(qtbot: Any, view: StatsView) -> None:
    view.first_edit.setDate(QDate(2026, 12, 10))
    assert not view.refresh.isEnabled() and view.range_hint.text()
    with qtbot.assertNotEmitted(view.refresh_requested):
        view.refresh.click()
    view.first_edit.setDate(QDate(2025, 11, 1))
    assert not view.refresh.isEnabled() and "366" in view.range_hint.text()
    view.first_edit.setDate(QDate(2026, 11, 1))
    assert view.refresh.isEnabled() and not view.range_hint.text()


def test_set_stats_draws_one_bar_set_per_outcome(qtbot: Any, view: StatsView, stats: StatsData) -> None:
    assert view.series() is None  # nothing yet: the placeholder asks for a refresh
    view.set_stats(stats)
    series = view.series()
    assert series is not None
    sets = series.barSets()
    assert [s.label() for s in sets] == [tr(f"stats.outcome.{o}") for o, _c in OUTCOMES]
    axis = next(a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == CLERKS[::-1]  # bottom to top, so the chart reads top-down like the table
    by_label = {s.label(): [s.at(i) for i in range(s.count())][::-1] for s in sets}
    assert by_label["Ολοκληρώθηκαν"] == [10, 4, 7]
    assert by_label["Δεν προσήλθαν"] == [2, 2, 0]
    assert by_label["Χωρίς έκβαση ακόμη"] == [7, 0, 8]
    assert by_label["Ακυρώθηκαν"] == [3, 0, 3]
    assert view.chart.legend().isVisible()
    assert view.table.model().rowCount() == 4

    view.by_service.click()
    axis = next(a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == [COHAB[0], TRANSFER[0]]  # sorted by name like the table, bottom-up
    assert len(view.chart.axes()) == 2  # the same two axes, not one more pair per redraw
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Υπηρεσία"

    view.period_choice.setCurrentIndex(2)  # the second week only
    assert view.model.period == 1
    series = view.series()
    assert series is not None
    assert [series.barSets()[0].at(i) for i in range(2)] == [3, 2]

    view.table.sortByColumn(StatsColumn.BOOKINGS, Qt.SortOrder.DescendingOrder)  # the bars follow
    axis = next(a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == [TRANSFER[0], COHAB[0]]  # 7 bookings at the bottom, 9 on top


def test_new_stats_keep_the_chosen_period_and_clear_an_error(view: StatsView, stats: StatsData) -> None:
    view.set_stats(stats)
    view.period_choice.setCurrentIndex(1)
    view.show_error("Ο διακομιστής δεν απαντά.")
    assert not view.error.isHidden() and view.error.text() == "Ο διακομιστής δεν απαντά."
    view.set_stats(stats)
    assert view.error.isHidden()
    view.show_error("x")
    view.show_error("")
    assert view.error.isHidden()
    assert view.model.period == 0 and view.period_choice.currentText().startswith("2026-W48")


def test_export_emits_the_range_and_the_save_path_gets_a_suffix(
    qtbot: Any, view: StatsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(view.export_requested) as blocker:
        qtbot.mouseClick(view.export, Qt.MouseButton.LeftButton)
    assert blocker.args == [date(2026, 11, 9), TODAY, "week"]
    answers = iter([("/tmp/figures", "CSV"), ("", "")])
    asked: list[Any] = []

    def fake_dialog(*args: Any) -> tuple[str, str]:
        asked.append(args)
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert StatsView.ask_save_path(view) == "/tmp/figures.csv"
    assert StatsView.ask_save_path(view) is None
    assert asked[0][2] == "statistika-2026-11-09-2026-12-03.csv"


def test_the_view_renders(qtbot: Any, view: StatsView, stats: StatsData, tmp_path: Path) -> None:
    view.set_stats(stats)
    view.show()
    qtbot.waitExposed(view)
    image = view.grab()
    assert not image.isNull() and image.width() >= 1000
    assert image.save(str(tmp_path / "stats-view.png"))


def test_long_and_repeated_names_stay_separate_bars(view: StatsView) -> None:
    data = copy.deepcopy(STATS_JSON)
    for period in data["periods"]:
        for entry in period["by_clerk"]:
            entry["name"] = "Αικατερίνη-Παναγιώτα Παπαχριστοδούλου-Καραγιαννοπούλου"  # three namesakes
    view.set_stats(StatsData.from_json(data))
    axis = next(a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis))
    labels = axis.categories()
    assert len(labels) == len(set(labels)) == 3
    assert all(label.startswith("Αικατερίνη") and "…" in label for label in labels)


def test_the_view_shows_each_services_waitlist_longest_first(qtbot: Any, view: StatsView) -> None:
    answer = copy.deepcopy(STATS_JSON)
    answer["waitlist"] = [
        {"service_id": 1, "name_el": "Σύμφωνο", "name_en": "Agreement", "waiting": 2, "offered": 0},
        {"service_id": 2, "name_el": "Μεταδημότευση", "name_en": "Transfer", "waiting": 5, "offered": 1},
    ]
    view.set_stats(StatsData.from_json(answer))
    assert view.waitlist.text() == "Σε λίστα αναμονής τώρα: Μεταδημότευση 5 · Σύμφωνο 2"
    view.set_stats(StatsData.from_json(copy.deepcopy(STATS_JSON)))  # an older server: no waitlist
    assert view.waitlist.text() == "Κανείς σε λίστα αναμονής."
