"""The web application (`recognise serve`): the same engine in a browser, with accounts, areas and an API."""
