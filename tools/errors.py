"""Error type shared by the developer tooling."""


class DevEnvError(Exception):
    """A problem the developer can fix; ``message`` says what and how.

    ``tools.devenv.main`` prints it as ``error: <message>`` and exits with
    status 2 (or ``exit_code`` when given).
    """

    def __init__(self, message, exit_code=2):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self):
        return self.message
