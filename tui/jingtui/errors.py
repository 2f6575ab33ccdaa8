"""Errors meant for people: one clear sentence, never a traceback."""


class UserError(Exception):
    """A problem the user can fix (a bad path, a bad file, a locked database).

    ``str(error)`` is one plain sentence; the CLI prints it on stderr and exits with ``exit_code``.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
