"""Demand-led capacity in the supervisor's statistics view (issue 18): loads the figures and applies
a suggestion after the supervisor confirms it, every call off the GUI thread, then loads again."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.capacity_model import CapacityData, CapacityModel
from clerk_desktop.prompts import Prompts, Reporter, describe
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.capacity_charts import CapacityPanel


class CapacityActions:
    """Owns the capacity model and panel of one supervisor window."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.prompts = prompts
        self.report = report
        self.model = CapacityModel()
        self.panel = CapacityPanel(self.model)
        self.panel.refresh_requested.connect(lambda: self.load())
        self.panel.apply_requested.connect(self.apply)

    def attach(self, stats_view: QWidget) -> CapacityPanel:
        """Put the panel at the foot of the statistics view (which scrolls), and load it."""
        layout = stats_view.layout()
        if isinstance(layout, QBoxLayout):
            layout.addWidget(self.panel)
        self.load()
        return self.panel

    def load(self, *, keep_message: bool = False) -> None:
        """Fetch the figures; ``keep_message``: the refusal just shown stays above the fresh figures."""
        api = self.session.api
        if api is None:
            return

        def loaded(body: dict[str, Any]) -> None:
            if not keep_message:
                self.panel.show_error("")
            self.model.set_capacity(CapacityData.from_json(body))

        self.session.tasks.run(
            api.capacity, loaded, lambda exc: self.panel.show_error(describe(exc)), name="capacity"
        )

    def apply(self, row: int) -> None:
        """Ask first; on yes send the suggestion as offered, then show the figures as they now are."""
        suggestion = self.model.suggestion(row)
        api = self.session.api
        if suggestion is None or api is None:
            return
        chosen = self.prompts.choose(
            tr("capacity.confirm.title"),
            tr("capacity.confirm.text", text=suggestion.text),
            [("apply", tr("capacity.apply"))],
        )
        if chosen != "apply":
            return
        body = dict(suggestion.apply_body)

        def applied(_answer: dict[str, Any]) -> None:
            self.panel.show_error("")
            self.panel.show_status(tr("capacity.applied"))
            self.report.tell(tr("capacity.applied"))
            self.load()

        def refused(exc: Exception) -> None:
            self.panel.show_status("")
            self.panel.show_error(describe(exc))
            self.load(keep_message=True)  # a plan changed meanwhile: the suggestions as they are now

        self.session.tasks.run(
            lambda: api.apply_capacity_suggestion(body), applied, refused, name="capacity-apply"
        )
