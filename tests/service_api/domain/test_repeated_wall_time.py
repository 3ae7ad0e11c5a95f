"""Wall-clock times of the night summer time ends, which happen twice, carry their offset."""

from __future__ import annotations

from datetime import UTC, datetime

from service_api.domain.timeutil import ATHENS, is_repeated_wall_time, wall_clock


def test_only_the_hour_lived_twice_is_written_with_its_offset() -> None:
    night = [datetime(2027, 10, 30, 23, 59, tzinfo=UTC)] + [
        datetime(2027, 10, 31, h, m, tzinfo=UTC) for h, m in ((0, 0), (0, 59), (1, 0), (1, 59), (2, 0))
    ]
    assert [wall_clock(m, ATHENS) for m in night] == [
        "02:59",
        "03:00 (UTC+03:00)",
        "03:59 (UTC+03:00)",
        "03:00 (UTC+02:00)",
        "03:59 (UTC+02:00)",
        "04:00",
    ]
    spring = datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 04:00 EEST, just after the skipped hour
    assert not is_repeated_wall_time(spring, ATHENS) and wall_clock(spring, ATHENS) == "04:00"
