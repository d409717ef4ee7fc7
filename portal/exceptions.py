class PortaalFout(Exception):
    """A refused action, with a translated message that is safe to show to the user."""

    def __init__(self, bericht):
        super().__init__(str(bericht))
        self.bericht = bericht
