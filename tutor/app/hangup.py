"""When the terminal goes away, the app saves and exits (issue 18 item 11).

Closing the terminal (a tmux server killed, an ssh link dropped, a terminal window closed)
sends the app SIGHUP, and its input then reads EOF or fails with EIO. Textual's input thread
takes an empty read for a piped stdin and reads again at once, so a hung-up app spun at
80-98% CPU for ever, whatever its parent (make, a shell, tmux, ssh). Here the input thread
stops at EOF or an input error and asks the app to exit, and SIGHUP (and SIGTERM) do the
same: the app's exit saves what waits in the write queue, the rest into the recovery file.
Output to a terminal that is gone is dropped (``_Forgiving``), so the exit never waits on it.
"""

from __future__ import annotations

import os
import selectors
import signal
from codecs import getincrementaldecoder
from typing import TYPE_CHECKING, Any, TextIO

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App

#: The signals that mean "the terminal is gone" or "stop now": the app exits cleanly.
SIGNALS = (signal.SIGHUP, signal.SIGTERM)


class _Forgiving:
    """The terminal's stream, whose writes fail quietly once the terminal is gone.

    Textual's output thread dies on the first EIO, and then each write waits for ever on
    its full queue: a hung-up app never got to exit.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False
        """A write failed: the terminal is gone, and nothing more is written."""

    def write(self, text: str) -> int:
        """Write ``text``, unless the terminal is gone."""
        if not self.gone:
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self.gone = True
        return len(text)

    def flush(self) -> None:
        """Flush, unless the terminal is gone."""
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.gone = True

    def __getattr__(self, name: str) -> Any:
        """Everything else (fileno, isatty, encoding) is the stream's."""
        return getattr(self._stream, name)


class HangupDriver(LinuxDriver):
    """Textual's Linux driver, whose input thread ends the app when its terminal is gone."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        if self._file is not None:
            forgiving: Any = _Forgiving(self._file)  # a stand-in for the stream
            self._file = forgiving

    def run_input_thread(self) -> None:
        """Read keys until told to stop, or until the terminal is gone (EOF, EIO)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                for _key, mask in selector.select(0.1):
                    if not mask & selectors.EVENT_READ:
                        continue
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:  # EIO: the terminal hung up
                        data = b""
                    if not data:  # EOF: nothing will ever be typed again
                        self.terminal_gone()
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()

    def terminal_gone(self) -> None:
        """Ask the app to exit (from the input thread)."""
        self._loop.call_soon_threadsafe(self._app.exit)


def exit_on_signals(app: App[Any]) -> None:
    """SIGHUP and SIGTERM make ``app`` exit the way Ctrl+Q does (saving what waits)."""
    import asyncio

    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        try:
            loop.add_signal_handler(sig, app.exit)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
            pass
