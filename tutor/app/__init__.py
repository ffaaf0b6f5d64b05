"""The Textual app: screens, widgets and the App; it shows the session and computes nothing.

``tutor.app.factory.make_app`` builds it ready to run, for the CLI and the tests alike. This
file imports nothing, so importing any module of the app never runs another one first.
"""
