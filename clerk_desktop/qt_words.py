"""Qt's own words (standard buttons, message boxes, context menus, file and print dialogs) in Greek.

PySide6 ships no Greek ``qtbase`` translation, so a Greek desktop would show «OK», «Cancel» and
«Select All» beside Greek text. ``QtWords`` answers Qt's ``translate`` calls from this catalogue;
``use_language`` installs it and sets the default ``QLocale`` so that month and day names, the date
editors and calendar popups follow the interface language too. The (context, source) pairs are Qt's
own, as Qt 6 asks them (a test checks the standard buttons and message boxes through real widgets).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

_BUTTONS = {
    "OK": "Εντάξει",
    "&OK": "&Εντάξει",
    "Cancel": "Άκυρο",
    "&Cancel": "&Άκυρο",
    "Yes": "Ναι",
    "&Yes": "&Ναι",
    "No": "Όχι",
    "&No": "Ό&χι",
    "Close": "Κλείσιμο",
    "&Close": "&Κλείσιμο",
    "Save": "Αποθήκευση",
    "&Save": "&Αποθήκευση",
    "Apply": "Εφαρμογή",
    "Reset": "Επαναφορά",
    "Discard": "Απόρριψη",
    "Close without Saving": "Κλείσιμο χωρίς αποθήκευση",
    "Don't Save": "Χωρίς αποθήκευση",
    "Help": "Βοήθεια",
    "Open": "Άνοιγμα",
    "Retry": "Επανάληψη",
    "Ignore": "Παράβλεψη",
    "Abort": "Διακοπή",
    "Restore Defaults": "Επαναφορά προεπιλογών",
    "Save All": "Αποθήκευση όλων",
    "Yes to &All": "Ναι σε ό&λα",
    "N&o to All": "Όχι σε όλ&α",
    "Show Details...": "Εμφάνιση λεπτομερειών…",
    "Hide Details...": "Απόκρυψη λεπτομερειών…",
}

_EDIT_MENU = {
    "&Undo": "&Αναίρεση",
    "&Redo": "Ακύρωση α&ναίρεσης",
    "Cu&t": "Απο&κοπή",
    "&Copy": "Αντι&γραφή",
    "Copy &Link Location": "Αντιγραφή διεύθυνσης &συνδέσμου",
    "&Paste": "&Επικόλληση",
    "Delete": "Διαγραφή",
    "Select All": "Επιλογή όλων",
}

_FILE_DIALOG = {
    "&Look in:": "&Αναζήτηση σε:",
    "Look in:": "Αναζήτηση σε:",
    "Back": "Πίσω",
    "Go back": "Μετάβαση πίσω",
    "Forward": "Εμπρός",
    "Go forward": "Μετάβαση εμπρός",
    "Parent Directory": "Γονικός φάκελος",
    "Go to the parent directory": "Μετάβαση στον γονικό φάκελο",
    "Create New Folder": "Δημιουργία νέου φακέλου",
    "Create a New Folder": "Δημιουργία νέου φακέλου",
    "List View": "Προβολή λίστας",
    "Change to list view mode": "Προβολή ως λίστα",
    "Detail View": "Προβολή λεπτομερειών",
    "Change to detail view mode": "Προβολή με λεπτομέρειες",
    "Sidebar": "Πλαϊνή στήλη",
    "List of places and bookmarks": "Τοποθεσίες και σελιδοδείκτες",
    "Files": "Αρχεία",
    "Files of &type:": "Τύπος &αρχείων:",
    "Files of type:": "Τύπος αρχείων:",
    "Open": "Άνοιγμα",
    "&Open": "Ά&νοιγμα",
    "&Save": "&Αποθήκευση",
    "&Choose": "&Επιλογή",
    "Save As": "Αποθήκευση ως",
    "File &name:": "Όνομα &αρχείου:",
    "Folder &name:": "Όνομα &φακέλου:",
    "All Files (*)": "Όλα τα αρχεία (*)",
    "Show ": "Εμφάνιση ",
    "&Rename": "&Μετονομασία",
    "&Delete": "&Διαγραφή",
    "Show &hidden files": "Εμφάνιση &κρυφών αρχείων",
    "&New Folder": "&Νέος φάκελος",
    "New Folder": "Νέος φάκελος",
    "Directory:": "Φάκελος:",
    "Recent Places": "Πρόσφατες τοποθεσίες",
    "My Computer": "Ο υπολογιστής μου",
    "Find Directory": "Εύρεση φακέλου",
    "%1 already exists.\nDo you want to replace it?": "Το %1 υπάρχει ήδη.\nΝα αντικατασταθεί;",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nΤο αρχείο δεν βρέθηκε.\nΕλέγξτε ότι δόθηκε το σωστό όνομα αρχείου."
    ),
}

_FILE_MODEL = {
    "Name": "Όνομα",
    "Size": "Μέγεθος",
    "Type": "Τύπος",
    "Date Modified": "Τελευταία αλλαγή",
    "Computer": "Υπολογιστής",
}

_PRINT_PREVIEW = {
    "Next page": "Επόμενη σελίδα",
    "Previous page": "Προηγούμενη σελίδα",
    "First page": "Πρώτη σελίδα",
    "Last page": "Τελευταία σελίδα",
    "Fit width": "Προσαρμογή στο πλάτος",
    "Fit page": "Προσαρμογή στη σελίδα",
    "Zoom in": "Μεγέθυνση",
    "Zoom out": "Σμίκρυνση",
    "Portrait": "Κατακόρυφα",
    "Landscape": "Οριζόντια",
    "Show single page": "Μία σελίδα",
    "Show facing pages": "Αντικριστές σελίδες",
    "Show overview of all pages": "Όλες οι σελίδες",
    "Print": "Εκτύπωση",
    "Page setup": "Διαμόρφωση σελίδας",
    "Print Preview": "Προεπισκόπηση εκτύπωσης",
}

_PRINT_DIALOG = {
    "Print": "Εκτύπωση",
    "&Print": "&Εκτύπωση",
    "All Pages": "Όλες οι σελίδες",
    "Odd Pages": "Μονές σελίδες",
    "Even Pages": "Ζυγές σελίδες",
    "&Options >>": "&Επιλογές >>",
    "&Options <<": "&Επιλογές <<",
    "Print to File (PDF)": "Εκτύπωση σε αρχείο (PDF)",
    "Local file": "Τοπικό αρχείο",
    "Write PDF file": "Εγγραφή αρχείου PDF",
    "Printer": "Εκτυπωτής",
    "&Name:": "Ό&νομα:",
    "P&roperties": "Ι&διότητες",
    "Location:": "Θέση:",
    "Preview": "Προεπισκόπηση",
    "Type:": "Τύπος:",
    "Output &file:": "Αρχείο &εξόδου:",
    "Print range": "Εύρος εκτύπωσης",
    "Print all": "Όλες",
    "Pages from": "Σελίδες από",
    "to": "έως",
    "Pages": "Σελίδες",
    "Current Page": "Τρέχουσα σελίδα",
    "Selection": "Επιλογή",
    "Page &Set:": "Σύνολο &σελίδων:",
    "Output Settings": "Ρυθμίσεις εξόδου",
    "Copies:": "Αντίτυπα:",
    "Collate": "Συρραφή",
    "Reverse": "Αντίστροφα",
    "Copies": "Αντίτυπα",
    "Color Mode": "Χρώμα",
    "Color": "Έγχρωμη",
    "Grayscale": "Αποχρώσεις του γκρι",
    "Double Sided Printing": "Εκτύπωση διπλής όψης",
    "Off": "Όχι",
    "Long side binding": "Βιβλιοδεσία στη μεγάλη πλευρά",
    "Short side binding": "Βιβλιοδεσία στη μικρή πλευρά",
    "Options": "Επιλογές",
}

# Qt's context (the class whose tr() asks) → its words. Buttons are asked by the platform theme;
# GNOME's theme and older Qt ask under their own names.
QT_WORDS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QGnomeTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": _BUTTONS,
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QInputDialog": {"Enter a value:": "Δώστε μια τιμή:"},
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_MODEL,
    "QAbstractFileIconProvider": {"Drive": "Δίσκος", "Folder": "Φάκελος", "File": "Αρχείο"},
    "QPrintPreviewDialog": _PRINT_PREVIEW,
    "QPrintDialog": _PRINT_DIALOG,
    "QPrintWidget": _PRINT_DIALOG,
    "QPrintSettingsOutput": _PRINT_DIALOG,
}

_LOCALES = {
    "el": QLocale(QLocale.Language.Greek, QLocale.Country.Greece),
    # English with day-first dates, as the office reads them.
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


class QtWords(QTranslator):
    """A translator for Qt's own texts, answering from ``QT_WORDS`` (nothing in English)."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.chosen = language

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if self.chosen != "el":
            return None  # Qt's own English
        return QT_WORDS.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return self.chosen != "el"


_installed: QtWords | None = None


def use_language(language: str) -> QtWords:
    """Qt's words and locale for ``language`` ("el" or "en"), replacing any earlier choice.

    Needs the ``QCoreApplication``; the translator is kept here so it lives as long as the app.
    """
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("qt_words.use_language needs a QApplication first")
    QLocale.setDefault(_LOCALES.get(language, _LOCALES["el"]))
    if _installed is not None:
        app.removeTranslator(_installed)
    _installed = QtWords(language, app)
    app.installTranslator(_installed)
    return _installed


def forget() -> None:
    """Take our translator out again (tests that switch languages put things back this way)."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None and app is not None:
        app.removeTranslator(_installed)
    _installed = None
