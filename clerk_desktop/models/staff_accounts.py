"""Staff accounts as the administration window shows and edits them: parsed rows, a form's values, a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.role import Role

Index: TypeAlias = QModelIndex | QPersistentModelIndex
MODES = ("in_person", "teleconference")
Qualifications: TypeAlias = dict[int, frozenset[str]]  # service id -> the modes the clerk may serve it in


@dataclass(frozen=True)
class ServiceChoice:
    """A service a clerk may be qualified for, and the modes it is offered in."""

    id: int
    name_el: str
    name_en: str
    modes: tuple[str, ...]
    group_el: str = ""
    group_en: str = ""

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> ServiceChoice:
        modes = tuple(m for m in MODES if m in row.get("modes", []))
        names = (str(row["name_el"]), str(row["name_en"]))
        groups = (str(row.get("group_el", "")), str(row.get("group_en", "")))
        return cls(int(row["id"]), *names, modes, *groups)

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_el

    @property
    def group(self) -> str:
        return self.group_en if language() == "en" else self.group_el


@dataclass(frozen=True)
class StaffAccount:
    """One row of ``GET /api/v1/staff?include_inactive=true``."""

    id: int
    username: str
    display_name: str
    email: str
    role: Role
    municipality: str | None
    active: bool
    teams_link: str
    qualifications: Qualifications = field(default_factory=dict)
    # Issue 18: the support the clerk offers citizens (sign language, interpreting languages).
    sign_language: bool = False
    languages: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> StaffAccount:
        return cls(
            id=int(row["id"]),
            username=str(row["username"]),
            display_name=str(row.get("display_name") or row.get("name") or ""),
            email=str(row.get("email") or ""),
            role=Role.of(row.get("role")),
            municipality=row.get("municipality"),
            active=bool(row.get("active", True)),
            teams_link=str(row.get("teams_link") or ""),
            qualifications={
                int(q["service_id"]): frozenset(str(m) for m in q["modes"])
                for q in row.get("qualifications", [])
            },
            sign_language=bool((row.get("supports") or {}).get("sign_language", False)),
            languages=tuple(str(x) for x in (row.get("supports") or {}).get("languages", ())),
        )

    def form_values(self) -> StaffFormValues:
        return StaffFormValues(
            username=self.username,
            display_name=self.display_name,
            email=self.email,
            role=self.role,
            municipality=self.municipality,
            teams_link=self.teams_link,
            qualifications=dict(self.qualifications),
            sign_language=self.sign_language,
            languages=", ".join(self.languages),
        )

    def qualification_summary(self, services: dict[int, ServiceChoice]) -> str:
        """Per service group, how many of its services: «Έσοδα (9, δια ζώσης μόνο)» fits a table cell."""
        counts: dict[str, list[int]] = {}  # group -> [services, of which by teleconference]
        for service_id, modes in sorted(self.qualifications.items()):
            if modes:
                service = services.get(service_id)
                count = counts.setdefault(service.group if service else "?", [0, 0])
                count[0] += 1
                count[1] += "teleconference" in modes
        parts = [
            f"{group} ({total}{'' if tele else ', ' + tr('admin.in_person_only')})"
            for group, (total, tele) in counts.items()
        ]
        return " · ".join(parts) or tr("admin.no_qualifications")

    def qualification_list(self, services: dict[int, ServiceChoice]) -> str:
        """Every service with its modes, one a line (the cell's tooltip)."""
        lines = []
        for service_id, modes in sorted(self.qualifications.items()):
            if modes:
                service = services.get(service_id)
                name = service.name if service else f"#{service_id}"
                marks = ", ".join(tr(f"admin.mode_short.{m}") for m in MODES if m in modes)
                lines.append(f"{name} — {marks}")
        return "\n".join(lines) or tr("admin.no_qualifications")


@dataclass
class StaffFormValues:
    """What the staff form edits; ``body`` says what to send."""

    username: str = ""
    display_name: str = ""
    email: str = ""
    role: Role = Role.CLERK
    municipality: str | None = None
    teams_link: str = ""
    qualifications: Qualifications = field(default_factory=dict)
    password_setup: str = "link"  # a new account only: "link" or "temporary"
    sign_language: bool = False  # issue 18
    languages: str = ""  # issue 18: as typed, comma-separated

    def body(self, original: StaffFormValues | None) -> dict[str, Any]:
        """A new account's fields, or only what changed from ``original`` (the PATCH is partial)."""
        full = self._fields()
        if original is None:
            if self.role == Role.ADMIN or not self.municipality:
                full.pop("municipality")  # the server places it: none for an admin, the supervisor's own
            if full["supports"] == NO_SUPPORT:
                full.pop("supports")  # issue 18: nothing offered is the server's default
            return {**full, "password_setup": self.password_setup}
        before = original._fields()
        return {name: value for name, value in full.items() if value != before[name]}

    def _fields(self) -> dict[str, Any]:
        return {
            "username": self.username.strip(),
            "display_name": self.display_name.strip(),
            "email": self.email.strip(),
            "role": str(self.role),
            "municipality": self.municipality,
            "teams_link": self.teams_link.strip(),
            "qualifications": _qualifications_json(self.qualifications),
            "supports": {
                "sign_language": self.sign_language,
                "languages": [x.strip() for x in self.languages.split(",") if x.strip()],
            },
        }


NO_SUPPORT: dict[str, Any] = {"sign_language": False, "languages": []}


def _qualifications_json(qualifications: Qualifications) -> list[dict[str, Any]]:
    return [
        {"service_id": service_id, "modes": [m for m in MODES if m in modes]}
        for service_id, modes in sorted(qualifications.items())
        if modes
    ]


class StaffColumn(IntEnum):
    NAME = 0
    USERNAME = 1
    ROLE = 2
    EMAIL = 3
    ACTIVE = 4
    QUALIFICATIONS = 5


class StaffRole(IntEnum):
    """Custom item roles of the staff table."""

    STAFF_ID = Qt.ItemDataRole.UserRole + 1
    ACTIVE = Qt.ItemDataRole.UserRole + 2


class StaffTableModel(QAbstractTableModel):
    """A thin table over the parsed accounts; ``set_accounts`` replaces them all."""

    def __init__(self) -> None:
        super().__init__()
        self.accounts: list[StaffAccount] = []
        self.services: dict[int, ServiceChoice] = {}

    def set_accounts(self, accounts: list[StaffAccount]) -> None:
        self.beginResetModel()
        self.accounts = list(accounts)
        self.endResetModel()

    def set_services(self, services: list[ServiceChoice]) -> None:
        """The catalogue the qualification summaries name (every municipality the caller administers)."""
        self.services = {s.id: s for s in services}
        if self.accounts:
            top = self.index(0, StaffColumn.QUALIFICATIONS)
            bottom = self.index(len(self.accounts) - 1, StaffColumn.QUALIFICATIONS)
            self.dataChanged.emit(top, bottom)

    def account(self, row: int) -> StaffAccount | None:
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def row_of(self, staff_id: int) -> int:
        return next((n for n, a in enumerate(self.accounts) if a.id == staff_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.accounts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(StaffColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(StaffColumn):
            return tr(f"admin.column.{StaffColumn(section).name.lower()}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        account = self.account(index.row()) if index.isValid() else None
        if account is None:
            return None
        column = StaffColumn(index.column())
        if role == StaffRole.STAFF_ID:
            return account.id
        if role == StaffRole.ACTIVE:
            return account.active
        if role == Qt.ItemDataRole.ToolTipRole and column == StaffColumn.QUALIFICATIONS:
            return account.qualification_list(self.services)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(account, column)
        if role == Qt.ItemDataRole.ForegroundRole and not account.active:
            return Qt.GlobalColor.gray
        return None

    def _text(self, account: StaffAccount, column: StaffColumn) -> str:
        if column == StaffColumn.NAME:
            return account.display_name
        if column == StaffColumn.USERNAME:
            return account.username
        if column == StaffColumn.ROLE:
            return tr(f"admin.role.{account.role}")
        if column == StaffColumn.EMAIL:
            return account.email
        if column == StaffColumn.ACTIVE:
            return tr("admin.active") if account.active else tr("admin.inactive")
        return account.qualification_summary(self.services)
