"""The widgets of the lesson screen; each draws itself from the session."""
