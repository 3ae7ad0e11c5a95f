"""The «test your connection» page's words (issue 18), Greek and English; merged into ``web.texts.TEXTS``."""

from __future__ import annotations

PREFLIGHT_TEXTS: dict[str, dict[str, str]] = {
    "manage.preflight": {
        "el": "Ελέγξτε από πριν τη σύνδεση, την κάμερα και το μικρόφωνο για την τηλεδιάσκεψη",
        "en": "Test your connection, camera and microphone for the video call beforehand",
    },
    "preflight.title": {
        "el": "Έλεγχος σύνδεσης για την τηλεδιάσκεψη",
        "en": "Test your connection for the video call",
    },
    "preflight.intro": {
        "el": "Με αυτή τη σελίδα ελέγχετε, από τη συσκευή που θα χρησιμοποιήσετε, ότι ο browser, η κάμερα "
        "και το μικρόφωνο λειτουργούν για το ραντεβού σας. Ο υπάλληλος του Δήμου θα δει αν ο έλεγχος "
        "πέτυχε· δεν καταγράφεται ούτε αποστέλλεται εικόνα ή ήχος.",
        "en": "Use this page, on the device you will use, to check that your browser, camera and microphone "
        "work for your appointment. The clerk will see whether the check succeeded; no picture or sound "
        "is recorded or sent.",
    },
    "preflight.check_title": {"el": "Έλεγχος", "en": "The check"},
    "preflight.needs_js": {
        "el": "Ο αυτόματος έλεγχος χρειάζεται JavaScript, που είναι απενεργοποιημένη σε αυτόν τον browser. "
        "Οι οδηγίες παρακάτω ισχύουν κανονικά· η βιντεοκλήση χρειάζεται JavaScript ούτως ή άλλως, οπότε "
        "ενεργοποιήστε την πριν από το ραντεβού.",
        "en": "The automatic check needs JavaScript, which is turned off in this browser. The instructions "
        "below still apply; the video meeting needs JavaScript anyway, so turn it on before your "
        "appointment.",
    },
    "preflight.start": {"el": "Έναρξη ελέγχου", "en": "Start the check"},
    "preflight.start_hint": {
        "el": "Ο browser θα σας ζητήσει άδεια για την κάμερα και το μικρόφωνο: επιλέξτε «Να επιτρέπεται».",
        "en": "Your browser will ask for permission to use the camera and microphone: choose “Allow”.",
    },
    "preflight.stop": {"el": "Τέλος ελέγχου (κλείσιμο κάμερας)", "en": "Finish (turn the camera off)"},
    "preflight.running": {"el": "Έλεγχος σε εξέλιξη…", "en": "Checking…"},
    "preflight.item.browser": {"el": "Browser", "en": "Browser"},
    "preflight.item.camera": {"el": "Κάμερα", "en": "Camera"},
    "preflight.item.microphone": {"el": "Μικρόφωνο", "en": "Microphone"},
    "preflight.state.pending": {"el": "δεν ελέγχθηκε ακόμη", "en": "not checked yet"},
    "preflight.state.ok": {"el": "λειτουργεί", "en": "works"},
    "preflight.state.unsupported": {
        "el": "δεν υποστηρίζει βιντεοκλήσεις· χρησιμοποιήστε Chrome ή Edge σε νέα έκδοση",
        "en": "does not support video calls; use an up-to-date Chrome or Edge",
    },
    "preflight.state.denied": {
        "el": "δεν δόθηκε άδεια (δείτε παρακάτω πώς να την επιτρέψετε)",
        "en": "permission not given (see below how to allow it)",
    },
    "preflight.state.missing": {"el": "δεν βρέθηκε συσκευή", "en": "no device found"},
    "preflight.state.error": {
        "el": "δεν ξεκίνησε· ίσως τη χρησιμοποιεί άλλο πρόγραμμα",
        "en": "did not start; another program may be using it",
    },
    "preflight.state.not_tested": {"el": "δεν ελέγχθηκε", "en": "not checked"},
    "preflight.preview": {"el": "Η εικόνα της κάμεράς σας", "en": "Your camera's picture"},
    "preflight.level": {"el": "Ένταση μικροφώνου (μιλήστε)", "en": "Microphone level (say something)"},
    "preflight.speakers": {
        "el": "Ηχεία: πατήστε «Δοκιμαστικός ήχος» και βεβαιωθείτε ότι τον ακούτε. Αν όχι, ανεβάστε την "
        "ένταση ή συνδέστε ακουστικά.",
        "en": "Speakers: press “Test sound” and make sure you hear it. If not, turn the volume up or plug in "
        "headphones.",
    },
    "preflight.sound": {"el": "Δοκιμαστικός ήχος", "en": "Test sound"},
    "preflight.saved": {
        "el": "Το αποτέλεσμα στάλθηκε στον Δήμο: ο υπάλληλος θα δει ότι ελέγξατε τη σύνδεση.",
        "en": "The result was sent to the municipality: the clerk will see that you checked your connection.",
    },
    "preflight.all_ok": {
        "el": "Όλα λειτουργούν. Είστε έτοιμοι για την τηλεδιάσκεψη.",
        "en": "Everything works. You are ready for the video call.",
    },
    "preflight.some_failed": {
        "el": "Κάτι δεν λειτούργησε. Δείτε τις οδηγίες παρακάτω και δοκιμάστε ξανά.",
        "en": "Something did not work. See the instructions below and try again.",
    },
    "preflight.not_saved": {
        "el": "Το αποτέλεσμα δεν στάλθηκε στον Δήμο. Ανανεώστε τη σελίδα και δοκιμάστε ξανά.",
        "en": "The result could not be sent to the municipality. Reload the page and try again.",
    },
    "preflight.last": {
        "el": "Τελευταίος έλεγχος: {when}.",
        "en": "Last check: {when}.",
    },
    "preflight.join_title": {
        "el": "Πώς θα συνδεθείτε χωρίς να εγκαταστήσετε το Teams",
        "en": "How to join without installing Teams",
    },
    "preflight.join.1": {
        "el": "Χρησιμοποιήστε υπολογιστή ή κινητό με Google Chrome ή Microsoft Edge σε νέα έκδοση.",
        "en": "Use a computer or phone with an up-to-date Google Chrome or Microsoft Edge.",
    },
    "preflight.join.2": {
        "el": "Λίγο πριν από την ώρα του ραντεβού ανοίξτε τον σύνδεσμο «Συμμετοχή στη συνάντηση» του e-mail "
        "επιβεβαίωσης.",
        "en": "Shortly before your appointment, open the “Join the meeting” link of your confirmation "
        "e-mail.",
    },
    "preflight.join.3": {
        "el": "Αν σας προτείνει να κατεβάσετε ή να ανοίξετε την εφαρμογή Teams, επιλέξτε «Συνέχεια σε αυτό "
        "το πρόγραμμα περιήγησης» (Continue on this browser).",
        "en": "If it offers to download or open the Teams app, choose “Continue on this browser”.",
    },
    "preflight.join.4": {
        "el": "Όταν ο browser ζητήσει άδεια για κάμερα και μικρόφωνο, επιλέξτε «Να επιτρέπεται».",
        "en": "When the browser asks for the camera and microphone, choose “Allow”.",
    },
    "preflight.join.5": {
        "el": "Γράψτε το ονοματεπώνυμό σας (συνδέεστε ως επισκέπτης, χωρίς λογαριασμό Microsoft), ανοίξτε "
        "κάμερα και μικρόφωνο και πατήστε «Συμμετοχή τώρα» (Join now).",
        "en": "Type your full name (you join as a guest, without a Microsoft account), turn the camera and "
        "microphone on and press “Join now”.",
    },
    "preflight.join_title_browser": {
        "el": "Πώς θα συνδεθείτε από τον browser, χωρίς να εγκαταστήσετε τίποτα",
        "en": "How to join from your browser, with nothing to install",
    },
    "preflight.browser.5": {
        "el": "Γράψτε το ονοματεπώνυμό σας, ανοίξτε κάμερα και μικρόφωνο και πατήστε «Συμμετοχή» (Join).",
        "en": "Type your full name, turn the camera and microphone on and press “Join”.",
    },
    "preflight.browser.6": {
        "el": "Αν ο υπάλληλος δεν έχει μπει ακόμη, περιμένετε λίγο· μην κλείσετε τη σελίδα.",
        "en": "If the clerk has not joined yet, wait a moment; do not close the page.",
    },
    "preflight.join.6": {
        "el": "Θα περιμένετε λίγο στον χώρο αναμονής (lobby), μέχρι ο υπάλληλος να σας δεχθεί. Μην κλείσετε "
        "τη σελίδα.",
        "en": "You wait a moment in the lobby until the clerk lets you in. Do not close the page.",
    },
    "preflight.blocked_title": {
        "el": "Αν η κάμερα ή το μικρόφωνο είναι μπλοκαρισμένα",
        "en": "If the camera or microphone is blocked",
    },
    "preflight.blocked.chrome": {
        "el": "Chrome και Edge (υπολογιστής): πατήστε το εικονίδιο αριστερά από τη διεύθυνση της σελίδας, "
        "ενεργοποιήστε «Κάμερα» και «Μικρόφωνο» και ανανεώστε τη σελίδα.",
        "en": "Chrome and Edge (computer): click the icon left of the page's address, turn “Camera” and "
        "“Microphone” on and reload the page.",
    },
    "preflight.blocked.firefox": {
        "el": "Firefox: πατήστε το εικονίδιο της κάμερας με τη γραμμή στη γραμμή διευθύνσεων, αφαιρέστε το "
        "«Αποκλεισμένο» και ανανεώστε τη σελίδα.",
        "en": "Firefox: click the crossed-out camera icon in the address bar, clear “Blocked” and reload.",
    },
    "preflight.blocked.safari": {
        "el": "Safari (Mac): μενού Safari › Ρυθμίσεις › Ιστότοποι › Κάμερα και Μικρόφωνο, επιλέξτε "
        "«Να επιτρέπεται» για αυτή τη σελίδα. iPhone/iPad: Ρυθμίσεις › Safari › Κάμερα και Μικρόφωνο.",
        "en": "Safari (Mac): Safari menu › Settings › Websites › Camera and Microphone, choose “Allow” for "
        "this site. iPhone/iPad: Settings › Safari › Camera and Microphone.",
    },
    "preflight.blocked.android": {
        "el": "Android: Ρυθμίσεις › Εφαρμογές › Chrome › Άδειες, επιτρέψτε Κάμερα και Μικρόφωνο.",
        "en": "Android: Settings › Apps › Chrome › Permissions, allow Camera and Microphone.",
    },
    "preflight.blocked.system": {
        "el": "Windows και Mac έχουν και δική τους ρύθμιση απορρήτου για κάμερα και μικρόφωνο: επιτρέψτε "
        "την πρόσβαση στον browser. Κλείστε άλλα προγράμματα που ίσως χρησιμοποιούν την κάμερα (Skype, "
        "Zoom, Teams).",
        "en": "Windows and Mac have their own privacy setting for camera and microphone: allow your browser. "
        "Close other programs that may be using the camera (Skype, Zoom, Teams).",
    },
    "preflight.help": {
        "el": "Αν κάτι εξακολουθεί να μη λειτουργεί, επικοινωνήστε με τον Δήμο πριν από το ραντεβού.",
        "en": "If something still does not work, contact the municipality before your appointment.",
    },
}
