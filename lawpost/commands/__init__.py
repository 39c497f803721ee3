"""One module per `lawpost` subcommand."""
