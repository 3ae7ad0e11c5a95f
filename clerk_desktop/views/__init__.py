"""Widgets and dialogs: they read models and emit signals; they never call HTTP or the keyring."""
