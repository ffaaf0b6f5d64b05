"""The app's screens: the lesson, the lesson list, the end of a lesson, help, stats, confirm."""
