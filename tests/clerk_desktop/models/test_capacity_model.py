"""The capacity suggestions as a Qt list model (issue 18)."""

from __future__ import annotations

from typing import Any

from clerk_desktop.models.capacity_model import CapacityData, CapacityModel, SuggestionRole


def test_the_suggestion_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = CapacityModel()
    model.set_capacity(
        CapacityData.from_json(
            {
                "figures": [],
                "suggestions": [
                    {
                        "service_id": 1,
                        "mode": "in_person",
                        "staff_id": 2,
                        "weekday": 1,
                        "start": "14:00",
                        "end": "16:00",
                        "effective_from": "2026-12-02",
                        "plan_stamp": "ab",
                        "text_el": "Προσθέστε",
                        "text_en": "Add",
                    }
                ],
            }
        )
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.data(model.index(0)) == "Προσθέστε"
    assert model.data(model.index(0), SuggestionRole.APPLY_BODY) == {
        "staff_id": 2,
        "weekday": 1,
        "start": "14:00",
        "end": "16:00",
        "effective_from": "2026-12-02",
        "plan_stamp": "ab",
    }
