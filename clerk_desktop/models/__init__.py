"""Plain data classes and thin Qt item models fed by the client; they never import views."""
